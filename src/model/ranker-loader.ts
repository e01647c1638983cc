import { AlcoveError, errorMessage } from '../core/errors';
import { parseSeedRanker, SeedRanker, type Ranker } from '../core/ranker';
import { fetchModelFile, fetchModelJson, resolveModelUrl, type FetchProgress } from './model-files';
import type { FileLoader } from './fetch-bytes';
import { OnnxRanker, parseOnnxRankerManifest } from './onnx-ranker';
import type { Ort } from './ort';
import { sha256Hex } from './sha256';

/**
 * Loads the ranker shipped as static files under `baseUrl`: ranker.json, then either the trained
 * ONNX graph it names (format alcove-onnx-ranker, run on the encoder's onnxruntime) or the seed
 * ranker's weights.bin (format alcove-seed-ranker).
 */
export async function loadRanker(
  baseUrl: string,
  cacheName: string | null,
  runtime: () => Promise<Ort>,
  onProgress?: (p: FetchProgress) => void,
  load?: FileLoader,
): Promise<Ranker> {
  const opts = { cacheName, onProgress, load };
  const json = await fetchModelJson(resolveModelUrl(baseUrl, 'ranker.json'), opts);
  const invalid = (e: unknown) => new AlcoveError('ranker_invalid', `ranker at ${baseUrl} is invalid: ${errorMessage(e)}`);
  if ((json as { format?: unknown } | null)?.format === 'alcove-onnx-ranker') {
    let manifest;
    try {
      manifest = parseOnnxRankerManifest(json);
    } catch (e) {
      throw invalid(e);
    }
    const bytes = await fetchModelFile(resolveModelUrl(baseUrl, manifest.onnx), opts);
    const hash = await sha256Hex(new Uint8Array(bytes));
    if (hash !== manifest.onnxSha256) throw invalid(new Error(`${manifest.onnx} has sha256 ${hash.slice(0, 12)}…, ranker.json says ${manifest.onnxSha256.slice(0, 12)}…`));
    const ort = await runtime();
    try {
      return await OnnxRanker.create(ort, bytes, manifest);
    } catch (e) {
      throw invalid(e);
    }
  }
  const bin = await fetchModelFile(resolveModelUrl(baseUrl, 'weights.bin'), opts);
  try {
    return new SeedRanker(parseSeedRanker(json, bin));
  } catch (e) {
    throw invalid(e);
  }
}

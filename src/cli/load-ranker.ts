/** The trained ranker from a local folder (ranker.json + its graph), as the engine would load it, for Node tools. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { AlcoveError, errorMessage } from '../core/errors';
import { DEFAULT_BLEND, type Ranker } from '../core/ranker';
import { OnnxRanker, parseOnnxRankerManifest } from '../model/onnx-ranker';
import type { Ort } from '../model/ort';

/** A training export without `blend` (ship.sh adds it) gets the shipped default. */
export async function loadRankerDir(dir: string, ort: Ort): Promise<Ranker> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'ranker.json'), 'utf8')) as Record<string, unknown>;
    const manifest = parseOnnxRankerManifest({ blend: DEFAULT_BLEND, ...json });
    const bytes = await readFile(join(dir, manifest.onnx));
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== manifest.onnxSha256) throw new Error(`${manifest.onnx} has sha256 ${hash.slice(0, 12)}…, ranker.json says ${manifest.onnxSha256.slice(0, 12)}…`);
    return await OnnxRanker.create(ort, new Uint8Array(bytes).buffer, manifest);
  } catch (e) {
    throw new AlcoveError('ranker_invalid', `ranker at ${dir} is invalid: ${errorMessage(e)}`);
  }
}

import { AlcoveError, errorMessage } from '../core/errors';
import { parseSeedRanker, SeedRanker, type Ranker } from '../core/ranker';
import { fetchModelFile, fetchModelJson, resolveModelUrl, type FetchProgress } from './model-files';

/** Loads the ranker shipped as static files (ranker.json + weights.bin) under `baseUrl`. */
export async function loadRanker(baseUrl: string, cacheName: string | null, onProgress?: (p: FetchProgress) => void): Promise<Ranker> {
  const opts = { cacheName, ...(onProgress ? { onProgress } : {}) };
  const [manifest, bin] = await Promise.all([
    fetchModelJson(resolveModelUrl(baseUrl, 'ranker.json'), opts),
    fetchModelFile(resolveModelUrl(baseUrl, 'weights.bin'), opts),
  ]);
  try {
    return new SeedRanker(parseSeedRanker(manifest, bin));
  } catch (e) {
    throw new AlcoveError('ranker_invalid', `ranker at ${baseUrl} is invalid: ${errorMessage(e)}`);
  }
}

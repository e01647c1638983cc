import { AlcoveError, errorMessage } from '../core/errors';
import { parseSearchFusion, type SearchFusion } from '../core/search-fusion';
import type { FileLoader } from './fetch-bytes';
import { evictModelFile, fetchModelJson, resolveModelUrl } from './model-files';

/** The fitted search fusion, or why search uses the ranker's hand-set blend instead. */
export type LoadedFusion = { fusion: SearchFusion; note: string } | { fusion: null; note: string };

/**
 * Loads `search-fusion.json` from the model folder (written by `alcove fit-search`). The file is
 * optional: missing or invalid, search keeps the ranker's qᵀp/τ + λ·keyword blend and says why.
 */
export async function loadSearchFusion(modelBaseUrl: string, cacheName: string | null, load?: FileLoader): Promise<LoadedFusion> {
  const url = resolveModelUrl(modelBaseUrl, 'search-fusion.json');
  let json: unknown;
  try {
    json = await fetchModelJson(url, { cacheName, load });
  } catch (e) {
    if (e instanceof AlcoveError && e.code === 'model_unavailable') return { fusion: null, note: 'ranker blend: the model has no search-fusion.json' };
    return { fusion: null, note: `ranker blend: ${errorMessage(e)}` };
  }
  try {
    const fusion = parseSearchFusion(json);
    return { fusion, note: `fitted fusion ${fusion.id} (search-fusion.json beside the model)` };
  } catch (e) {
    await evictModelFile(url, cacheName);
    return { fusion: null, note: `ranker blend: ${url} is invalid (${errorMessage(e)})` };
  }
}

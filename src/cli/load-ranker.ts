/** The trained ranker from a local folder, through the engine's own loader, for Node tools. */
import { pathToFileURL } from 'node:url';
import { DEFAULT_BLEND, type Ranker } from '../core/ranker';
import type { FileLoader } from '../model/fetch-bytes';
import type { Ort } from '../model/ort';
import { loadRanker } from '../model/ranker-loader';
import { loadFile } from './file-loader';

/** A training export's ranker.json has no `blend` (ship.sh adds it): it reads as the shipped default. */
const withDefaultBlend: FileLoader = async (url) => {
  const res = await loadFile(url);
  if (!res.ok || !url.endsWith('/ranker.json')) return res;
  return Response.json({ blend: DEFAULT_BLEND, ...((await res.json()) as Record<string, unknown>) });
};

export function loadRankerDir(dir: string, ort: Ort): Promise<Ranker> {
  return loadRanker(`${pathToFileURL(dir).href}/`, null, async () => ort, undefined, withDefaultBlend);
}

/** Reads a merchant catalog from a URL: a JSON array, `{ items: [...] }`, or JSON Lines. */
import { AlcoveError } from '../core/errors';
import { MANIFEST_FORMAT, type Manifest } from '../core/catalog/format';
import { decodeManifest } from '../core/catalog/manifest';
import { fetchBytes, type FileLoader } from '../model/fetch-bytes';

/** Rows of a plain catalog file, or the manifest of a sharded one (`alcove build-catalog`). */
export async function fetchCatalogRows(url: string, load?: FileLoader): Promise<{ rows: unknown[] } | { manifest: Manifest }> {
  const text = new TextDecoder().decode(await fetchBytes(url, 'invalid_catalog', load));
  if (text.includes(`"${MANIFEST_FORMAT}"`)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined; // not JSON as a whole: left to the row parser's typed error
    }
    if ((json as { format?: unknown } | undefined)?.format === MANIFEST_FORMAT) return { manifest: decodeManifest(json) };
  }
  return { rows: parseCatalogText(text, url) };
}

export function parseCatalogText(text: string, source: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (Array.isArray(json)) return json;
  const items = (json as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items)) return items;
  // A lone object that looks like a row is a one-row JSON Lines file.
  const isObject = typeof json === 'object' && json !== null && ('id' in json || 'title' in json);
  if (!isObject && (json !== undefined || !text.trimStart().startsWith('{'))) {
    throw new AlcoveError('invalid_catalog', `${source} is neither a JSON array, an object with "items", nor JSON Lines`);
  }
  // JSON Lines: a bad line becomes a rejected row (reported by validation), not a failed ingest.
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return null;
      }
    });
}

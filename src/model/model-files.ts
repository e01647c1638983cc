/**
 * Fetches model files from a base URL laid out like a Hugging Face model repo, keeping
 * them in Cache Storage so a second visit loads offline. Only static assets go through
 * here: no request carries anything about the shopper.
 */
import { AlcoveError, errorMessage } from '../core/errors';
import { fetchResponse, type FileLoader } from './fetch-bytes';

export interface FetchProgress {
  file: string;
  loaded: number;
  /** From Content-Length; 0 when the server does not say. */
  total: number;
  fromCache: boolean;
}

export interface FileFetcherOptions {
  /** Cache Storage bucket; null disables caching. */
  cacheName: string | null;
  onProgress?: (p: FetchProgress) => void;
  /** Reads a file that is not cached; fetch by default. */
  load?: FileLoader;
}

/** Resolves `file` against a base URL that may or may not end with a slash. */
export function resolveModelUrl(baseUrl: string, file: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(file, new URL(base, globalThis.location?.href)).href;
}

async function openCache(name: string | null): Promise<Cache | null> {
  if (!name || typeof caches === 'undefined') return null;
  try {
    return await caches.open(name);
  } catch {
    return null; // opaque origins and some private modes refuse Cache Storage: fetch every time
  }
}

async function readWithProgress(res: Response, file: string, fromCache: boolean, onProgress?: (p: FetchProgress) => void): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body || !onProgress) return res.arrayBuffer();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ file, loaded, total, fromCache });
  }
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out.buffer;
}

export async function fetchModelFile(url: string, opts: FileFetcherOptions): Promise<ArrayBuffer> {
  const file = url.split('/').slice(-2).join('/');
  const cache = await openCache(opts.cacheName);
  const cached = await cache?.match(url);
  if (cached) return readWithProgress(cached, file, true, opts.onProgress);
  const res = await fetchResponse(url, 'model_unavailable', opts.load);
  const bytes = await readWithProgress(res, file, false, opts.onProgress);
  // Store only after a full, successful read so a broken download is never cached.
  await cache?.put(url, new Response(bytes, { headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream' } })).catch(() => undefined);
  return bytes;
}

/** Drops a cached file, e.g. one that turned out corrupt, so the next load refetches it. */
export async function evictModelFile(url: string, cacheName: string | null): Promise<void> {
  const cache = await openCache(cacheName);
  await cache?.delete(url);
}

export async function fetchModelJson(url: string, opts: FileFetcherOptions): Promise<unknown> {
  const bytes = await fetchModelFile(url, opts);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    await evictModelFile(url, opts.cacheName);
    throw new AlcoveError('model_corrupt', `${url} is not valid JSON: ${errorMessage(e)}`, { url });
  }
}

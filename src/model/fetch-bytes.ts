/**
 * How model and catalog files are read. The engine takes a FileLoader (fetch by default) rather
 * than patching a global: the CLI passes one that reads local files.
 */
import { AlcoveError, errorMessage, type AlcoveErrorCode } from '../core/errors';

/** Reads the file at `url`; a Response so that downloads can report progress. */
export type FileLoader = (url: string) => Promise<Response>;

/** The browser's loader: same-origin credentials, so a merchant's cookie-gated assets load. */
export const fetchFile: FileLoader = (url) => fetch(url, { credentials: 'same-origin' });

/**
 * The response for `url`, or an AlcoveError with `code` when the load fails, the status is not
 * ok, or the server sent an HTML page in place of the file.
 */
export async function fetchResponse(url: string, code: AlcoveErrorCode, load: FileLoader = fetchFile): Promise<Response> {
  let res: Response;
  try {
    res = await load(url);
  } catch (e) {
    throw new AlcoveError(code, `could not fetch ${url}: ${errorMessage(e)}`, { url });
  }
  if (!res.ok) throw new AlcoveError(code, `could not fetch ${url}: HTTP ${res.status}`, { url, status: res.status });
  if (res.headers.get('content-type')?.startsWith('text/html')) {
    // Single-page-app hosts answer a missing file with their index page and status 200.
    throw new AlcoveError(code, `could not fetch ${url}: the server sent an HTML page, so the file is probably missing`, { url });
  }
  return res;
}

/** The bytes at `url` (see fetchResponse for the errors). */
export async function fetchBytes(url: string, code: AlcoveErrorCode, load: FileLoader = fetchFile): Promise<Uint8Array> {
  const res = await fetchResponse(url, code, load);
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new AlcoveError(code, `could not fetch ${url}: ${errorMessage(e)}`, { url });
  }
}

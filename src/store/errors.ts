/** The one error type the store throws, so the engine can branch on `code` (e.g. fall back to memory). */

export type StoreErrorCode =
  /** IndexedDB is missing or refuses to open (private mode, storage disabled, internal error). */
  | 'unavailable'
  /** The database on disk is newer than this code (another tab runs a newer build). */
  | 'version'
  /** A schema migration failed; the database was left at its previous version. */
  | 'upgrade'
  /** Other connections did not close in time to let an upgrade or delete proceed. */
  | 'blocked'
  /** The browser's storage quota was exceeded; the failed write was rolled back. */
  | 'quota'
  /** This connection was closed (close(), another context upgrading, or the browser terminating it). */
  | 'closed'
  /** The caller passed data IndexedDB cannot store (bad key, non-cloneable value, malformed chunk). */
  | 'invalid'
  /** Any other IndexedDB failure. */
  | 'failed';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** DOMException-like `name`, without assuming the value is an Error (IDB errors are DOMExceptions). */
export function errorName(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'name' in err) {
    const { name } = err as { name: unknown };
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/** Maps an IndexedDB failure to a StoreError; StoreErrors pass through unchanged. */
export function toStoreError(err: unknown, action: string): StoreError {
  if (err instanceof StoreError) return err;
  const name = errorName(err);
  const code: StoreErrorCode =
    name === 'QuotaExceededError'
      ? 'quota'
      : name === 'VersionError'
        ? 'version'
        : name === 'DataError' || name === 'DataCloneError'
          ? 'invalid'
          : 'failed';
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreError(code, `${action} failed: ${name ?? 'Error'}: ${detail}`, { cause: err });
}

/**
 * Picks the error that explains a failed write. When a transaction aborts (browsers report quota
 * this way, at commit), its requests reject with a bare AbortError while the transaction's own
 * error holds the reason.
 */
export function rootCause(thrown: unknown, txError: unknown): unknown {
  if (txError === undefined || errorName(thrown) === 'QuotaExceededError') return thrown;
  if (errorName(txError) === 'QuotaExceededError') return txError;
  return errorName(thrown) === 'AbortError' ? txError : thrown;
}

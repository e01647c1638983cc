/** Typed errors the public API throws. `code` is stable; `message` is for people. */
export type AlcoveErrorCode =
  | 'invalid_input'
  | 'invalid_catalog'
  | 'unknown_event_type'
  | 'unknown_item'
  | 'not_ready'
  | 'model_unavailable'
  | 'model_corrupt'
  | 'tokenizer_invalid'
  | 'ranker_invalid'
  | 'storage_unavailable'
  | 'storage_quota'
  | 'backend_failed';

export class AlcoveError extends Error {
  override readonly name = 'AlcoveError';
  constructor(
    readonly code: AlcoveErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export function isAlcoveError(e: unknown): e is AlcoveError {
  return e instanceof Error && e.name === 'AlcoveError' && typeof (e as AlcoveError).code === 'string';
}

/** Message of any thrown value, for wrapping causes. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

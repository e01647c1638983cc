/**
 * Comlink sends thrown errors as {message, name, stack} only. This handler keeps an
 * AlcoveError's `code` and `details` across the worker boundary, so callers can branch on
 * `err.code`. Both sides (worker and client) install it.
 */
import * as Comlink from 'comlink';
import { AlcoveError, isAlcoveError, type AlcoveErrorCode } from '../core/errors';

interface WireError {
  message: string;
  name: string;
  stack?: string;
  code?: AlcoveErrorCode;
  details?: Record<string, unknown>;
}

const original = Comlink.transferHandlers.get('throw')!;

Comlink.transferHandlers.set('throw', {
  canHandle: original.canHandle,
  serialize(thrown: unknown) {
    const value = (thrown as { value: unknown }).value;
    if (!isAlcoveError(value)) return original.serialize(thrown);
    const wire: WireError = { message: value.message, name: value.name, code: value.code };
    if (value.stack) wire.stack = value.stack;
    if (value.details) wire.details = structuredClone(value.details);
    return [{ isError: true, value: wire }, []];
  },
  deserialize(serialized: unknown) {
    const s = serialized as { isError?: boolean; value: WireError };
    if (s.isError && s.value.code) throw new AlcoveError(s.value.code, s.value.message, s.value.details);
    return original.deserialize(serialized);
  },
});

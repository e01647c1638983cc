/**
 * The one item-id rule, applied wherever an id comes in: catalog rows (inline, fetched, shards,
 * the CLI's files and event logs), track, item and recommend. Ids are kept exactly as given: an
 * id that a clean-up would change (spaces at its ends, control characters, longer than the
 * limit, broken UTF-16) is refused with the reason instead of being altered, so two rows can
 * never meet on a trimmed or cut id and every lookup finds exactly what was ingested.
 * A whole number is an id too and means its decimal text: 7 and "7" are the same item.
 */
import { AlcoveError } from './errors';

export const MAX_ID_LENGTH = 256;

// Every C0/C1 control character, tab and newline included: none belongs in an id.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type ItemIdResult = { id: string } | { error: string };

/** The id `raw` names, or why it cannot be one. */
export function parseItemId(raw: unknown): ItemIdResult {
  if (raw === undefined || raw === null || raw === '') return { error: 'missing id' };
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) ? { id: String(raw) } : { error: `id ${String(raw)} is not a whole number; give a non-integer id as a string` };
  }
  if (typeof raw !== 'string') return { error: `id must be a string or a whole number, not ${Array.isArray(raw) ? 'an array' : typeof raw}` };
  if (raw.length > MAX_ID_LENGTH) return { error: `id is ${raw.length} characters; the limit is ${MAX_ID_LENGTH}` };
  const control = CONTROL.exec(raw);
  if (control) return { error: `id contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; ids are kept exactly, so remove it` };
  if (raw.trim() !== raw) return { error: raw.trim() === '' ? 'id is blank' : 'id has spaces at its start or end; ids are kept exactly, so trim them' };
  if (LONE_SURROGATE.test(raw)) return { error: 'id is not valid Unicode text (an unpaired surrogate)' };
  return { id: raw };
}

/** parseItemId for the public API: the id, or an `invalid_input` AlcoveError saying why. */
export function itemIdOrThrow(raw: unknown, what: string): string {
  const res = parseItemId(raw);
  if ('error' in res) throw new AlcoveError('invalid_input', `${what}: ${res.error}`);
  return res.id;
}

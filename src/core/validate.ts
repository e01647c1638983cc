import { AlcoveError } from './errors';
import { itemIdOrThrow, MAX_ID_LENGTH, parseItemId } from './item-id';
import { EVENT_TYPES, type BehaviourEvent, type CatalogItem, type EventType } from './types';

/** Field limits: keep hostile or runaway catalog text from bloating storage and the tokenizer.
 * Ids are never cut: a longer one is refused (core/item-id.ts). */
export const LIMITS = { id: MAX_ID_LENGTH, title: 500, text: 5000, url: 2048, query: 1000 } as const;

/** Largest accepted price (in the currency's unit) and popularity: beyond them a value is a
 * data error, and it would swamp the ranker's side features and overflow a product card. */
export const AMOUNT_MAX = { price: 1e9, popularity: 1e12 } as const;

/** Event timestamps (ms since the epoch) outside [EARLIEST_TS, device clock + MAX_AHEAD_MS] are
 * refused: a clock or caller error, and one such event would skew every recency feature. */
export const EARLIEST_TS = Date.UTC(2000, 0, 1);
export const MAX_AHEAD_MS = 24 * 3600 * 1000;

export interface RowRejection {
  /** 0-based index of the row in the input. */
  row: number;
  field: string;
  message: string;
}

// C0/C1 control characters except tab/newline; they break rendering and tokenisation.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanText(s: string, max: number): string {
  return s.replace(CONTROL, '').trim().slice(0, max);
}

function optionalText(raw: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = cleanText(String(v), max);
  return s.length > 0 ? s : undefined;
}

/** Only http(s) and relative URLs survive: a `javascript:` link in a catalog must never render. */
function safeUrl(raw: Record<string, unknown>, field: string): string | undefined {
  // Browsers drop tabs and newlines inside URLs ("java\tscript:" runs), so drop them first.
  const s = optionalText(raw, field, LIMITS.url)?.replace(/[\t\n\r]/g, '');
  if (!s) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? s : undefined;
}

/**
 * Stands in for a row the page could not copy to the engine worker (it holds a function, a
 * Symbol, a DOM node…): the client swaps it in, so that row is still reported with its index
 * and field while the rest are ingested (src/client/copyable-rows.ts).
 */
export interface UncopyableRow {
  alcoveUncopyable: { field: string; holds: string };
}

export function uncopyableRow(field: string, holds: string): UncopyableRow {
  return { alcoveUncopyable: { field, holds } };
}

/** Validates and sanitises one catalog row. */
export function validateCatalogRow(raw: unknown, row: number): { item: CatalogItem } | { rejection: RowRejection } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { rejection: { row, field: '(row)', message: 'row is not an object' } };
  }
  const r = raw as Record<string, unknown>;
  const stand = (r as Partial<UncopyableRow>).alcoveUncopyable;
  if (typeof stand === 'object' && stand !== null) {
    return { rejection: { row, field: String(stand.field), message: `${String(stand.field)} holds ${String(stand.holds)}; catalog rows must be plain data (text, numbers, plain objects)` } };
  }
  const id = parseItemId(r['id']);
  if ('error' in id) return { rejection: { row, field: 'id', message: id.error } };
  const title = optionalText(r, 'title', LIMITS.title);
  if (!title) return { rejection: { row, field: 'title', message: 'missing or empty title' } };
  const item: CatalogItem = { id: id.id, title };
  const description = optionalText(r, 'description', LIMITS.text);
  const category = optionalText(r, 'category', LIMITS.title);
  const brand = optionalText(r, 'brand', LIMITS.title);
  const currency = optionalText(r, 'currency', 8);
  const imageUrl = safeUrl(r, 'imageUrl');
  const url = safeUrl(r, 'url');
  if (description) item.description = description;
  if (category) item.category = category;
  if (brand) item.brand = brand;
  if (currency) item.currency = currency;
  if (imageUrl) item.imageUrl = imageUrl;
  if (url) item.url = url;
  for (const field of ['price', 'popularity'] as const) {
    const amount = parseAmount(r[field], field);
    if (typeof amount === 'string') return { rejection: { row, field, message: amount } };
    if (amount !== undefined) item[field] = amount;
  }
  return { item };
}

// Plain decimal only: no sign, exponent, hex or other spellings Number() would also take.
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * A price or popularity: a finite number in [0, AMOUNT_MAX], or a plain decimal string (spaces
 * around it allowed: CSV cells). Absent (undefined, null, '') is no value; anything else (a
 * boolean, an array, ' ', '0x1F', '1e3') is an error message, never a coerced number.
 */
function parseAmount(v: unknown, field: keyof typeof AMOUNT_MAX): number | undefined | string {
  if (v === undefined || v === null || v === '') return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && DECIMAL.test(v.trim())) n = Number(v.trim());
  else return `${field} must be a number or a plain decimal string such as "12.50", not ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : Array.isArray(v) ? 'an array' : typeof v}`;
  const max = AMOUNT_MAX[field];
  if (!Number.isFinite(n) || n < 0 || n > max) return `${field} must be a non-negative number at most ${String(max)}, not ${String(n)}`;
  return n;
}

/** Validates a whole catalog: valid items (first occurrence of each id wins) and rejections. */
export function validateCatalog(rows: readonly unknown[]): { items: CatalogItem[]; rejected: RowRejection[] } {
  const items: CatalogItem[] = [];
  const rejected: RowRejection[] = [];
  const firstRow = new Map<string, { row: number; raw: unknown }>();
  rows.forEach((raw, i) => {
    const res = validateCatalogRow(raw, i);
    if ('rejection' in res) rejected.push(res.rejection);
    else {
      const rawId = (raw as Record<string, unknown>)['id'];
      const first = firstRow.get(res.item.id);
      if (first) rejected.push({ row: i, field: 'id', message: duplicateIdMessage(res.item.id, `row ${first.row}`, first.raw, rawId) });
      else {
        firstRow.set(res.item.id, { row: i, raw: rawId });
        items.push(res.item);
      }
    }
  });
  return { items, rejected };
}

/** Says which earlier row (`where`) holds the id, and when one gave it as a number and the other as text, that those are one id. */
export function duplicateIdMessage(id: string, where: string, firstRaw: unknown, raw: unknown): string {
  const mixed = typeof firstRaw !== typeof raw ? ` (the number ${id} and the text "${id}" are the same id)` : '';
  return `duplicate id ${JSON.stringify(id)}: ${where} has it already and is kept${mixed}`;
}

export function isEventType(t: unknown): t is EventType {
  return typeof t === 'string' && (EVENT_TYPES as readonly string[]).includes(t);
}

/** Validates an event from the public API; fills `ts` when absent. Throws AlcoveError. */
export function validateEvent(raw: unknown, now: number): BehaviourEvent {
  if (typeof raw !== 'object' || raw === null) throw new AlcoveError('invalid_input', 'event must be an object');
  const r = raw as Record<string, unknown>;
  if (!isEventType(r['type'])) {
    throw new AlcoveError('unknown_event_type', `unknown event type ${JSON.stringify(r['type'])}; expected one of ${EVENT_TYPES.join(', ')}`);
  }
  // Without a ts the device clock is the reference, whatever it says; a given ts must be sane.
  const ts = r['ts'] === undefined ? now : r['ts'];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new AlcoveError('invalid_input', 'event ts must be a finite number (ms since the epoch)');
  if (r['ts'] !== undefined && (ts < EARLIEST_TS || ts > now + MAX_AHEAD_MS)) {
    throw new AlcoveError('invalid_input', `event ts ${ts} is outside ${new Date(EARLIEST_TS).toISOString()} to a day ahead of this device's clock (ms since the epoch)`);
  }
  if (r['type'] === 'search') {
    return { type: 'search', query: validateQuery(r['query']), ts };
  }
  return { type: r['type'], itemId: itemIdOrThrow(r['itemId'], `a ${r['type']} event's itemId`), ts };
}

/** An options argument: absent means defaults, anything but a plain object is refused. */
export function validateOptions<T extends object>(opts: T | undefined, method: string): Partial<T> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new AlcoveError('invalid_input', `${method} options must be an object`);
  return opts;
}

/** Queries are strings; over-long ones are cut (the encoder sees 128 tokens anyway). */
export function validateQuery(q: unknown): string {
  if (typeof q !== 'string') throw new AlcoveError('invalid_input', 'query must be a string');
  return cleanText(q, LIMITS.query);
}

import { AlcoveError } from './errors';
import { EVENT_TYPES, type BehaviourEvent, type CatalogItem, type EventType } from './types';

/** Field limits: keep hostile or runaway catalog text from bloating storage and the tokenizer. */
export const LIMITS = { id: 256, title: 500, text: 5000, url: 2048, query: 1000 } as const;

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

/** Validates and sanitises one catalog row. */
export function validateCatalogRow(raw: unknown, row: number): { item: CatalogItem } | { rejection: RowRejection } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { rejection: { row, field: '(row)', message: 'row is not an object' } };
  }
  const r = raw as Record<string, unknown>;
  const rawId = r['id'];
  if ((typeof rawId !== 'string' && typeof rawId !== 'number') || cleanText(String(rawId), LIMITS.id) === '') {
    return { rejection: { row, field: 'id', message: 'missing id' } };
  }
  const title = optionalText(r, 'title', LIMITS.title);
  if (!title) return { rejection: { row, field: 'title', message: 'missing or empty title' } };
  const item: CatalogItem = { id: cleanText(String(rawId), LIMITS.id), title };
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
    const v = r[field];
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n) || n < 0) return { rejection: { row, field, message: `${field} must be a non-negative number` } };
    item[field] = n;
  }
  return { item };
}

/** Validates a whole catalog: valid items (first occurrence of each id wins) and rejections. */
export function validateCatalog(rows: readonly unknown[]): { items: CatalogItem[]; rejected: RowRejection[] } {
  const items: CatalogItem[] = [];
  const rejected: RowRejection[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const res = validateCatalogRow(raw, i);
    if ('rejection' in res) rejected.push(res.rejection);
    else if (seen.has(res.item.id)) rejected.push({ row: i, field: 'id', message: `duplicate id "${res.item.id}"` });
    else {
      seen.add(res.item.id);
      items.push(res.item);
    }
  });
  return { items, rejected };
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
  const ts = r['ts'] === undefined ? now : r['ts'];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new AlcoveError('invalid_input', 'event ts must be a finite number');
  if (r['type'] === 'search') {
    return { type: 'search', query: validateQuery(r['query']), ts };
  }
  const rawId = r['itemId'];
  const itemId = typeof rawId === 'string' || typeof rawId === 'number' ? cleanText(String(rawId), LIMITS.id) : '';
  if (itemId === '') throw new AlcoveError('invalid_input', `a ${r['type']} event needs an itemId`);
  return { type: r['type'], itemId, ts };
}

/** Queries are strings; over-long ones are cut (the encoder sees 128 tokens anyway). */
export function validateQuery(q: unknown): string {
  if (typeof q !== 'string') throw new AlcoveError('invalid_input', 'query must be a string');
  return cleanText(q, LIMITS.query);
}

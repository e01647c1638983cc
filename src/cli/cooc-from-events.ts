/**
 * `alcove build-catalog --events FILE`: the co-occurrence table (core/cooc.ts) from a merchant's
 * aggregate interaction log — rows of user, item, timestamp[, type] (CSV with a header, or JSONL
 * objects with those keys). Each user's events are ordered by time; items not in the catalog are
 * skipped. Only the aggregate table is written: no user id or timestamp leaves this tool. The
 * per-user sequences are returned for the "for you" fit (fit-from-events.ts), which also runs here.
 */
import { buildCooc, COOC_TOP_K, type CoocTable } from '../core/cooc';
import { parseItemId } from '../core/item-id';
import { COOC_WINDOW } from '../core/ranker-features';
import type { BehaviourEvent } from '../core/types';
import { formatOf, readRows } from './read-rows';

/** One user's events, time order: item as a catalog row. Never written anywhere. */
export type UserEvents = { item: number; ts: number; type: BehaviourEvent['type'] }[];

export interface CoocFromEvents {
  table: CoocTable;
  events: number;
  users: number;
  /** Rows skipped: unknown item, or no user / item / readable timestamp / known type. */
  skipped: number;
  sequences: UserEvents[];
}

/** The log's `type` column (optional: without it every row is a purchase). */
const TYPES: Record<string, BehaviourEvent['type']> = { view: 'view', click: 'click', add_to_cart: 'add_to_cart', cart: 'add_to_cart', purchase: 'purchase', buy: 'purchase' };

/** Milliseconds: ISO-8601 text, or epoch seconds / milliseconds (below 1e11 read as seconds). */
function timeOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isNaN(n)) return Math.abs(n) < 1e11 ? n * 1000 : n;
  return typeof v === 'string' && v.trim() !== '' ? Date.parse(v) : NaN;
}

export async function coocFromEvents(path: string, ids: readonly string[]): Promise<CoocFromEvents> {
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const perUser = new Map<string, { t: number; item: number; n: number; type: BehaviourEvent['type'] }[]>();
  let events = 0;
  let skipped = 0;
  for await (const src of readRows(path, formatOf(path))) {
    const r = src.value as Record<string, unknown> | undefined;
    const user = r?.['user'];
    const id = parseItemId(r?.['item']);
    const item = 'id' in id ? rowOf.get(id.id) : undefined;
    const t = timeOf(r?.['timestamp']);
    const rawType = r?.['type'];
    const type = rawType === undefined || rawType === '' ? 'purchase' : TYPES[String(rawType).trim().toLowerCase()];
    if (src.error !== undefined || (typeof user !== 'string' && typeof user !== 'number') || item === undefined || Number.isNaN(t) || type === undefined) {
      skipped++;
      continue;
    }
    const list = perUser.get(String(user)) ?? [];
    if (list.length === 0) perUser.set(String(user), list);
    list.push({ t, item, n: events++, type });
  }
  const sequences = [...perUser.values()].map((l) => l.sort((a, b) => a.t - b.t || a.n - b.n).map((e) => ({ item: e.item, ts: e.t, type: e.type })));
  return { table: buildCooc(ids, sequences.map((s) => s.map((e) => e.item)), COOC_WINDOW, COOC_TOP_K), events, users: perUser.size, skipped, sequences };
}

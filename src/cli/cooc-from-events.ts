/**
 * `alcove build-catalog --events FILE`: the co-occurrence table (core/cooc.ts) from a merchant's
 * aggregate interaction log — rows of user, item, timestamp[, type] (CSV with a header, or JSONL
 * objects with those keys). Each user's events are ordered by time; items not in the catalog are
 * skipped. Only the aggregate table is written: no user id or timestamp leaves this tool.
 */
import { buildCooc, COOC_TOP_K, type CoocTable } from '../core/cooc';
import { parseItemId } from '../core/item-id';
import { COOC_WINDOW } from '../core/ranker-features';
import { formatOf, readRows } from './read-rows';

export interface CoocFromEvents {
  table: CoocTable;
  events: number;
  users: number;
  /** Rows skipped: unknown item, or no user / item / readable timestamp. */
  skipped: number;
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Date.parse(v);
  return NaN;
}

export async function coocFromEvents(path: string, ids: readonly string[]): Promise<CoocFromEvents> {
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const perUser = new Map<string, { t: number; item: number; n: number }[]>();
  let events = 0;
  let skipped = 0;
  for await (const src of readRows(path, formatOf(path))) {
    const r = src.value as Record<string, unknown> | undefined;
    const user = r?.['user'];
    const id = parseItemId(r?.['item']);
    const item = 'id' in id ? rowOf.get(id.id) : undefined;
    const t = timeOf(r?.['timestamp']);
    if (src.error !== undefined || (typeof user !== 'string' && typeof user !== 'number') || item === undefined || Number.isNaN(t)) {
      skipped++;
      continue;
    }
    const list = perUser.get(String(user)) ?? [];
    if (list.length === 0) perUser.set(String(user), list);
    list.push({ t, item, n: events++ });
  }
  const sequences = [...perUser.values()].map((l) => l.sort((a, b) => a.t - b.t || a.n - b.n).map((e) => e.item));
  return { table: buildCooc(ids, sequences, COOC_WINDOW, COOC_TOP_K), events, users: perUser.size, skipped };
}

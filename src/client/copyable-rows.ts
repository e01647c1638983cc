/**
 * Arguments cross to the engine worker by structured clone, which refuses functions, Symbols,
 * DOM nodes and the like with one DataCloneError for the whole call. For catalog rows the
 * client then swaps each row that cannot be copied for a stand-in naming its field, so the
 * engine reports it as a rejected row like any other and ingests the rest. Rows are only
 * checked one by one after such a refusal: a clean catalog costs nothing extra.
 */
import { uncopyableRow } from '../core/validate';

export function isDataCloneError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DataCloneError';
}

function copyable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

function holds(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a Symbol';
  return 'something that cannot be copied to the engine worker (a function, Symbol or DOM node inside it?)';
}

/** `rows` with every row that structured clone refuses replaced by an UncopyableRow. */
export function copyableRows(rows: readonly unknown[]): unknown[] {
  return rows.map((row) => {
    if (copyable(row)) return row;
    if (typeof row !== 'object' || row === null) return uncopyableRow('(row)', holds(row));
    const record = row as Record<string, unknown>;
    const field = Object.keys(record).find((k) => !copyable(record[k]));
    return field === undefined ? uncopyableRow('(row)', holds(row)) : uncopyableRow(field, holds(record[field]));
  });
}

/** An items shard: a JSON array of ShardItem, one item per line. */
import { hashText } from '../hash';
import { itemText } from '../item-text';
import type { CatalogItem } from '../types';
import { validateCatalogRow } from '../validate';
import { corruptCatalog, type ShardItem } from './format';

export function shardItem(item: CatalogItem): ShardItem {
  return { ...item, textHash: hashText(itemText(item)) };
}

export function encodeItemsShard(items: readonly ShardItem[]): Uint8Array {
  // One item per line: diffs of shard files stay readable, and the file is still one JSON array.
  return new TextEncoder().encode(`[\n${items.map((it) => JSON.stringify(it)).join(',\n')}\n]\n`);
}

/**
 * Parses and re-validates an items shard (a file from the network is not trusted: URLs and
 * text are sanitised again by validateCatalogRow). `expectedCount` comes from the manifest.
 */
export function decodeItemsShard(bytes: Uint8Array, expectedCount?: number, file = 'items shard'): ShardItem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw corruptCatalog(`${file} is not valid JSON (truncated or corrupt): ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (!Array.isArray(raw)) throw corruptCatalog(`${file} is not a JSON array of items`, { file });
  if (expectedCount !== undefined && raw.length !== expectedCount) {
    throw corruptCatalog(`${file} has ${raw.length} items; the manifest says ${expectedCount}`, { file });
  }
  return raw.map((r, i) => {
    const res = validateCatalogRow(r, i);
    if ('rejection' in res) throw corruptCatalog(`${file} item ${i}: ${res.rejection.field}: ${res.rejection.message}`, { file, row: i });
    const textHash = (r as { textHash?: unknown }).textHash;
    if (typeof textHash !== 'string' || !/^[0-9a-f]{1,16}$/.test(textHash)) throw corruptCatalog(`${file} item ${i}: missing or bad textHash`, { file, row: i });
    return { ...res.item, textHash };
  });
}

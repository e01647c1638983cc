/**
 * Shard boundaries are content-defined: a shard ends after an item whose id hashes to a
 * boundary (expected shard size = `shardSize`, between shardSize/4 and 4*shardSize), not at a
 * fixed row count. Inserting, removing or editing one row therefore changes only the shard that
 * holds it, instead of shifting every later shard.
 */
import { AlcoveError } from '../errors';
import { hashText } from '../hash';

/** The min / max shard sizes for a target size. */
export function shardBounds(shardSize: number): { min: number; max: number; period: number } {
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new AlcoveError('invalid_input', `shard size must be a positive integer, got ${shardSize}`);
  const min = Math.max(1, Math.floor(shardSize / 4));
  return { min, max: shardSize * 4, period: Math.max(1, shardSize - min) };
}

/**
 * True when a shard of `count` items (this item included) should end after the item `id`.
 * Content-defined: depends on the id, so an edit elsewhere never moves this boundary.
 */
export function isShardBoundary(id: string, count: number, shardSize: number): boolean {
  const { min, max, period } = shardBounds(shardSize);
  if (count >= max) return true;
  if (count < min) return false;
  const h = parseInt(hashText(id, 0x5eed).slice(-8), 16);
  return h % period === 0;
}

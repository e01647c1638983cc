/** The catalog as the browser will see it, read back from the shards just written (int8/f16 embeddings decoded). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blockToFloat32, decodeEmbeddingBlock } from '../core/catalog/embedding-block';
import type { ShardEntry } from '../core/catalog/format';
import { decodeItemsShard } from '../core/catalog/items-shard';
import { CatalogIndex } from '../engine/catalog-index';

export async function readBuiltCatalog(out: string, shards: readonly ShardEntry[], encoding: 'int8' | 'f16', dim: number): Promise<CatalogIndex> {
  const total = shards.reduce((s, e) => s + e.count, 0);
  const matrix = new Float32Array(total * dim);
  const items = [];
  const hashes: string[] = [];
  let at = 0;
  for (const s of shards) {
    const shardItems = decodeItemsShard(await readFile(join(out, s.items.file)), s.count, s.items.file);
    const block = decodeEmbeddingBlock(await readFile(join(out, s.embeddings!.file)), { encoding, dim, count: s.count }, s.embeddings!.file);
    blockToFloat32(block, matrix.subarray(at * dim, (at + s.count) * dim));
    for (const { textHash, ...item } of shardItems) items.push(item), hashes.push(textHash);
    at += s.count;
  }
  return new CatalogIndex(items, hashes, matrix, dim, 'build', out);
}

/**
 * A synthetic catalog of any size for scale tests and benchmarks: pseudo-word titles (a
 * 2,000-word vocabulary, each word in ~N/700 titles, as in a real catalog) and seeded random unit
 * vectors standing in for embeddings. Deterministic, so the browser and Node build the same rows.
 */
import type { ShardEntry } from '../../src/core/catalog/format';
import { shardItem } from '../../src/core/catalog/items-shard';
import { createManifest, encodeManifest } from '../../src/core/catalog/manifest';
import { buildShard } from '../../src/core/catalog/shard';
import { catalogVersionHasher } from '../../src/core/catalog/version';

const SYL = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'zel', 'dor', 'pin', 'sha'];

/** The i-th word of the 2,000-word vocabulary. */
export const word = (i: number): string => {
  const w = ((i % 2000) + 2000) % 2000;
  return SYL[w % 10]! + SYL[Math.floor(w / 10) % 10]! + SYL[Math.floor(w / 100) % 10]! + (w >= 1000 ? 'x' : '');
};

export const itemId = (i: number): string => `s${String(i).padStart(6, '0')}`;

/** Two-word queries over the vocabulary. */
export const syntheticQueries = (n: number): string[] => Array.from({ length: n }, (_, i) => `${word(i * 13)} ${word(i * 29 + 5)}`);

/** Rows [start, start + count) of the n×dim unit vectors (row r depends only on the seed and r). */
export function syntheticVectors(start: number, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let r = 0; r < count; r++) {
    let seed = Math.imul(start + r + 1, 2654435761) >>> 0;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += (out[r * dim + j] = rand()) ** 2;
    for (let j = 0; j < dim; j++) out[r * dim + j]! /= Math.sqrt(norm);
  }
  return out;
}

/**
 * The catalog as precomputed int8 shards and their manifest, file name → bytes, for a page route
 * to serve. `modelId`/`dim` must match the engine's encoder for the vectors to be used.
 */
export async function syntheticShards(
  n: number,
  sha256: (bytes: Uint8Array) => string | Promise<string>,
  opts: { modelId?: string; dim?: number; shardSize?: number } = {},
): Promise<Map<string, Uint8Array>> {
  const { modelId = 'alcove-mini-v3', dim = 192, shardSize = 2_000 } = opts;
  const files = new Map<string, Uint8Array>();
  const shards: ShardEntry[] = [];
  const version = catalogVersionHasher();
  for (let start = 0; start < n; start += shardSize) {
    const count = Math.min(shardSize, n - start);
    const items = Array.from({ length: count }, (_, k) => {
      const i = start + k;
      return shardItem({ id: itemId(i), title: `${word(i)} ${word(i * 31 + 7)} ${word(i * 131 + 3)}`, price: 1 + (i % 97), popularity: i % 1000 });
    });
    const { entry, files: out } = await buildShard(items, syntheticVectors(start, count, dim), dim, 'int8', sha256);
    for (const f of out) files.set(f.name, f.bytes);
    for (const it of items) version.add(it.id, it.textHash);
    shards.push(entry);
  }
  const manifest = createManifest({ catalogVersion: version.digest(), modelId, dim, encoding: 'int8', shards });
  files.set('manifest.json', new TextEncoder().encode(encodeManifest(manifest)));
  return files;
}

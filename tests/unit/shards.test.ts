import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/core/errors.js';
import { hashText } from '../../src/core/hash.js';
import { blockToFloat32, decodeEmbeddingBlock, encodeEmbeddingBlock } from '../../src/core/catalog/embedding-block.js';
import { fromF16, toF16 } from '../../src/core/catalog/f16.js';
import type { ShardEntry } from '../../src/core/catalog/format.js';
import { decodeItemsShard, encodeItemsShard, shardItem } from '../../src/core/catalog/items-shard.js';
import { createManifest, decodeManifest, encodeManifest } from '../../src/core/catalog/manifest.js';
import { diffManifests } from '../../src/core/catalog/manifest-diff.js';
import { buildShard, verifyShardFile } from '../../src/core/catalog/shard.js';
import { isShardBoundary } from '../../src/core/catalog/shard-bounds.js';
import { catalogVersionHasher } from '../../src/core/catalog/version.js';
import { gaussianUnitRows } from './fixtures/core-rng.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const unitVectors = (n: number, dim: number, seed = 1): Float32Array => gaussianUnitRows(n, dim, seed);

function errorOf(fn: () => unknown): AlcoveError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AlcoveError);
    return e as AlcoveError;
  }
  throw new Error('expected an error');
}

const items = Array.from({ length: 5 }, (_, i) => shardItem({ id: `sku-${i}`, title: `Item ${i}`, price: i + 0.5, url: 'https://shop.example/x' }));

describe('embedding blocks', () => {
  it('int8 round trip keeps cosine ≥ 0.999 to float32 on random unit vectors', () => {
    const n = 500, dim = 128;
    const m = unitVectors(n, dim);
    const bytes = encodeEmbeddingBlock(m, n, dim, 'int8');
    expect(bytes.byteLength).toBe(12 + n * (4 + dim));
    const block = decodeEmbeddingBlock(bytes, { encoding: 'int8', dim, count: n });
    const back = blockToFloat32(block);
    let worst = 1;
    for (let i = 0; i < n; i++) {
      let d = 0, a = 0, b = 0;
      for (let j = 0; j < dim; j++) {
        d += m[i * dim + j]! * back[i * dim + j]!;
        a += m[i * dim + j]! ** 2;
        b += back[i * dim + j]! ** 2;
      }
      worst = Math.min(worst, d / Math.sqrt(a * b));
    }
    expect(worst).toBeGreaterThanOrEqual(0.999);
  });

  it('f16 round trip is within half-precision error', () => {
    const n = 50, dim = 64;
    const m = unitVectors(n, dim, 7);
    const back = blockToFloat32(decodeEmbeddingBlock(encodeEmbeddingBlock(m, n, dim, 'f16'), { encoding: 'f16' }));
    for (let i = 0; i < n * dim; i++) expect(Math.abs(back[i]! - m[i]!)).toBeLessThanOrEqual(Math.abs(m[i]!) * 2 ** -11 + 2 ** -24);
  });

  it('f16 conversion handles rounding, subnormals, overflow and NaN', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -24, 2 ** -14, 3 * 2 ** -20]) expect(fromF16(toF16(v))).toBe(v);
    expect(toF16(1 / 3)).toBe(0x3555);
    expect(toF16(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(toF16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(fromF16(toF16(1e6))).toBe(Infinity);
    expect(Number.isNaN(fromF16(toF16(NaN)))).toBe(true);
  });

  it('a truncated, corrupt or mismatched block gives a clear invalid_catalog error', () => {
    const bytes = encodeEmbeddingBlock(unitVectors(4, 16), 4, 16, 'int8');
    expect(errorOf(() => decodeEmbeddingBlock(bytes.slice(0, bytes.length - 3), undefined, 'emb-x.i8')).message).toMatch(/emb-x\.i8 is truncated: .* expected/);
    expect(errorOf(() => decodeEmbeddingBlock(bytes.slice(0, 5))).message).toMatch(/truncated.*header/);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(errorOf(() => decodeEmbeddingBlock(bad)).message).toMatch(/bad magic/);
    expect(errorOf(() => decodeEmbeddingBlock(bytes, { dim: 32 })).message).toMatch(/dim 16; the manifest says 32/);
    expect(errorOf(() => decodeEmbeddingBlock(bytes, { encoding: 'f16' })).code).toBe('invalid_catalog');
  });
});

describe('items shards', () => {
  it('round trips validated items with their text hashes', () => {
    const back = decodeItemsShard(encodeItemsShard(items), items.length);
    expect(back).toEqual(items);
  });

  it('re-sanitises on read and rejects truncated or mismatched files', () => {
    const hostile = encodeItemsShard([{ ...items[0]!, url: 'javascript:alert(1)' }]);
    expect(decodeItemsShard(hostile)[0]!.url).toBeUndefined();
    const bytes = encodeItemsShard(items);
    expect(errorOf(() => decodeItemsShard(bytes.slice(0, 40), undefined, 'items-a.json')).message).toMatch(/items-a\.json is not valid JSON \(truncated or corrupt\)/);
    expect(errorOf(() => decodeItemsShard(bytes, 9)).message).toMatch(/has 5 items; the manifest says 9/);
    const noHash = new TextEncoder().encode(JSON.stringify([{ id: 'a', title: 'A' }]));
    expect(errorOf(() => decodeItemsShard(noHash)).message).toMatch(/textHash/);
  });
});

describe('catalog version', () => {
  it('equals the engine ingest formula, computed incrementally', () => {
    const h = catalogVersionHasher();
    for (const it of items) h.add(it.id, it.textHash);
    expect(h.digest()).toBe(hashText(items.map((it) => `${it.id}\u0000${it.textHash}`).join('\u0001')));
  });
});

describe('content-defined shard boundaries', () => {
  it('averages near the target size and respects min/max', () => {
    const sizes: number[] = [];
    let count = 0;
    for (let i = 0; i < 20000; i++) {
      count++;
      if (isShardBoundary(`id-${i}`, count, 256)) {
        sizes.push(count);
        count = 0;
      }
    }
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(180);
    expect(mean).toBeLessThan(340);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(64);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
  });
});

async function manifestOf(groups: (typeof items)[], dim = 8): Promise<ReturnType<typeof createManifest>> {
  const shards: ShardEntry[] = [];
  let seed = 1;
  for (const g of groups) {
    const vecs = unitVectors(g.length, dim, seed++);
    shards.push((await buildShard(g, vecs, dim, 'int8', sha256)).entry);
  }
  return createManifest({ catalogVersion: 'v1', modelId: 'm', dim, encoding: 'int8', shards });
}

describe('manifest', () => {
  it('round trips and verifies files against their hashes', async () => {
    const vecs = unitVectors(items.length, 8);
    const { entry, files } = await buildShard(items, vecs, 8, 'int8', sha256);
    expect(entry.items.file).toMatch(/^items-[0-9a-f]{16}\.json$/);
    expect(entry.embeddings!.file).toMatch(/^emb-[0-9a-f]{16}\.i8$/);
    const m = createManifest({ catalogVersion: 'v1', modelId: 'm', dim: 8, encoding: 'int8', shards: [entry] });
    expect(decodeManifest(encodeManifest(m))).toEqual(m);
    await verifyShardFile(files[0]!.bytes, entry.items, sha256);
    const tampered = files[1]!.bytes.slice();
    tampered[20]! ^= 1;
    await expect(verifyShardFile(tampered, entry.embeddings!, sha256)).rejects.toThrow(/does not match its sha-256/);
    await expect(verifyShardFile(files[1]!.bytes.slice(1), entry.embeddings!, sha256)).rejects.toThrow(/truncated/);
  });

  it('rejects malformed manifests clearly', async () => {
    const m = await manifestOf([items]);
    expect(errorOf(() => decodeManifest('{"format":"other"}')).message).toMatch(/not an alcove-catalog manifest/);
    expect(errorOf(() => decodeManifest('{')).message).toMatch(/not valid JSON/);
    expect(errorOf(() => decodeManifest({ ...m, itemCount: 99 })).message).toMatch(/itemCount 99/);
    expect(errorOf(() => decodeManifest({ ...m, version: 2 })).message).toMatch(/version 2 is not supported/);
    const badBytes = { ...m, shards: [{ ...m.shards[0]!, embeddings: { ...m.shards[0]!.embeddings!, bytes: 3 } }] };
    expect(errorOf(() => decodeManifest(badBytes)).message).toMatch(/needs/);
  });

  it('diff names exactly the changed shards and files', async () => {
    const a = items.slice(0, 2), b = items.slice(2, 4), c = items.slice(4);
    const old = await manifestOf([a, b, c]);
    const edited = [{ ...b[0]!, title: 'Changed' }, b[1]!];
    const next = await manifestOf([a, edited, c]);
    // Same vectors for a and c (seeds 1 and 3 in both), so those shards are byte-identical.
    const d = diffManifests(old, next);
    expect(d.compatible).toBe(true);
    expect(d.changed.map((x) => x.index)).toEqual([1]);
    expect(d.unchanged.map((x) => [x.index, x.oldIndex])).toEqual([[0, 0], [2, 2]]);
    expect(d.removed.map((x) => x.oldIndex)).toEqual([1]);
    // The edited shard's vectors are the same here (same seed), so only its items file is new:
    // dedupe is per file, not per shard.
    expect(d.filesToFetch).toEqual([next.shards[1]!.items.file]);
    expect(d.filesToDelete).toEqual([old.shards[1]!.items.file]);

    const fresh = diffManifests(null, next);
    expect(fresh.changed).toHaveLength(3);
    const otherModel = diffManifests({ ...old, modelId: 'other' }, next);
    expect(otherModel.compatible).toBe(false);
    expect(otherModel.changed).toHaveLength(3);
  });
});

/**
 * Ingest from a catalog builder manifest (`alcove build-catalog`): precomputed embedding shards
 * are used when they were made by the model the engine runs; only shards whose content changed
 * since the stored manifest are downloaded. Otherwise the items are embedded here.
 */
import type { IngestReport, ProgressCallback } from '../core/api';
import { blockToFloat32, decodeEmbeddingBlock } from '../core/catalog/embedding-block';
import type { Manifest, ShardFile, ShardItem } from '../core/catalog/format';
import { decodeItemsShard } from '../core/catalog/items-shard';
import { diffManifests } from '../core/catalog/manifest-diff';
import { verifyShardFile } from '../core/catalog/shard';
import type { Encoder } from '../model/encoder';
import { fetchBytes, type FileLoader } from '../model/fetch-bytes';
import { sha256Hex } from '../model/sha256';
import type { AlcoveStore } from '../store';
import type { CatalogIndex } from './catalog-index';
import { ingestCatalog, saveCatalog, unchanged, type IngestResult } from './ingest';

/** Fetches a file the manifest lists and checks its size and sha-256 (a truncated or tampered file is refused). */
export async function fetchShardFile(baseUrl: string, entry: ShardFile, load?: FileLoader): Promise<Uint8Array> {
  const bytes = await fetchBytes(new URL(entry.file, baseUrl).href, 'invalid_catalog', load);
  await verifyShardFile(bytes, entry, sha256Hex);
  return bytes;
}

export async function ingestManifest(
  manifest: Manifest,
  manifestUrl: string,
  encoder: Encoder,
  store: AlcoveStore,
  current: CatalogIndex | null,
  onProgress?: ProgressCallback,
  load?: FileLoader,
): Promise<IngestResult> {
  const t0 = performance.now();
  const { modelId, dim } = encoder.info;
  const usable = manifest.encoding !== 'none' && manifest.modelId === modelId && manifest.dim === dim;
  const total = manifest.shards.length;
  const progress = (done: number, message: string) => onProgress?.({ stage: 'catalog', done, total, message });

  if (!usable) {
    // Text-only manifest, or shards from another model: fetch the items and embed them here.
    const rows: ShardItem[] = [];
    for (const [i, s] of manifest.shards.entries()) {
      rows.push(...decodeItemsShard(await fetchShardFile(manifestUrl, s.items, load), s.count, s.items.file));
      progress(i + 1, `Fetched ${i + 1} / ${total} catalog shards`);
    }
    return ingestCatalog(rows, manifestUrl, encoder, store, current, onProgress);
  }

  if (current && current.version === manifest.catalogVersion && current.dim === dim) return unchanged(current, [], t0);

  // Shards unchanged since the stored manifest come from the catalog already in memory.
  const meta = await store.getCatalogMeta();
  const previous = current && meta?.version === current.version && meta.manifest ? (meta.manifest as Manifest) : null;
  const diff = diffManifests(previous, manifest);
  const oldOffsets: number[] = [];
  previous?.shards.reduce((off, s) => (oldOffsets.push(off), off + s.count), 0);

  const items: ShardItem[] = [];
  const matrix = new Float32Array(manifest.itemCount * dim);
  const reusedFrom = new Map(diff.unchanged.map((u) => [u.index, u.oldIndex]));
  let fetched = 0;
  for (const [i, shard] of manifest.shards.entries()) {
    const oldIndex = reusedFrom.get(i);
    if (oldIndex !== undefined && current) {
      const from = oldOffsets[oldIndex]!;
      for (let r = 0; r < shard.count; r++) {
        matrix.set(current.matrix.subarray((from + r) * dim, (from + r + 1) * dim), items.length * dim);
        items.push({ ...current.items[from + r]!, textHash: current.textHashes[from + r]! });
      }
    } else {
      const [itemBytes, embBytes] = await Promise.all([fetchShardFile(manifestUrl, shard.items, load), fetchShardFile(manifestUrl, shard.embeddings!, load)]);
      const rows = decodeItemsShard(itemBytes, shard.count, shard.items.file);
      const block = decodeEmbeddingBlock(embBytes, { encoding: manifest.encoding as 'int8' | 'f16', dim, count: shard.count }, shard.embeddings!.file);
      matrix.set(blockToFloat32(block), items.length * dim);
      items.push(...rows);
      fetched++;
    }
    progress(i + 1, `Loaded ${i + 1} / ${total} catalog shards (${fetched} downloaded)`);
  }
  const ms = performance.now() - t0;
  const saved = await saveCatalog(items, matrix, dim, modelId, manifest.catalogVersion, manifestUrl, store, onProgress, manifest);
  const report: IngestReport = {
    catalogVersion: manifest.catalogVersion,
    items: items.length,
    embedded: 0,
    reused: items.length,
    rejected: [],
    ms: performance.now() - t0,
    itemsPerSecond: items.length / (ms / 1000),
  };
  return { index: saved.index, report, timings: { embedMs: 0, storeMs: saved.storeMs, shardsFetched: fetched }, notice: saved.notice };
}

/**
 * Catalog ingest: validate rows, reuse stored embeddings of unchanged items, embed the rest,
 * and persist. Only items whose text changed are sent through the encoder again.
 */
import type { IngestReport, ProgressCallback } from '../core/api';
import { AlcoveError } from '../core/errors';
import { catalogVersion } from '../core/catalog/version';
import { hashText } from '../core/hash';
import { itemText } from '../core/item-text';
import type { CatalogItem } from '../core/types';
import { validateCatalog } from '../core/validate';
import type { Encoder } from '../model/encoder';
import { StoreError, type AlcoveStore, type EmbeddingChunk, type ItemRecord } from '../store';
import { CatalogIndex } from './catalog-index';

/** Items per stored embedding chunk: big enough for few records, small enough to stream. */
export const CHUNK_ITEMS = 1024;

export interface IngestResult {
  index: CatalogIndex;
  report: IngestReport;
  /** Set when embeddings could not be stored (quota): they live in memory for this session. */
  notice?: string;
  timings: { embedMs: number; storeMs: number; shardsFetched?: number };
}

export async function ingestCatalog(
  rows: readonly unknown[],
  source: string,
  encoder: Encoder,
  store: AlcoveStore,
  current: CatalogIndex | null,
  onProgress?: ProgressCallback,
): Promise<IngestResult> {
  const t0 = performance.now();
  const { items, rejected } = validateCatalog(rows);
  if (items.length === 0) {
    throw new AlcoveError('invalid_catalog', `the catalog has no valid rows (${rejected.length} rejected)`, { rejected: rejected.slice(0, 20) });
  }
  const { modelId, dim } = encoder.info;
  const hashes = items.map((it) => hashText(itemText(it)));
  const version = catalogVersion(items.map((it, i) => ({ id: it.id, textHash: hashes[i]! })));
  if (current && current.version === version && current.dim === dim) return unchanged(current, rejected, t0);

  // Reuse any stored vector whose text hash matches, whatever catalog version it came from.
  const known = new Map<string, Float32Array>();
  for (const chunk of await store.getEmbeddingChunks(modelId)) {
    const vecs = new Float32Array(chunk.vectors);
    chunk.textHashes.forEach((h, r) => known.set(h, vecs.subarray(r * chunk.dim, (r + 1) * chunk.dim)));
  }
  const matrix = new Float32Array(items.length * dim);
  const missing: number[] = [];
  hashes.forEach((h, i) => {
    const v = known.get(h);
    if (v && v.length === dim) matrix.set(v, i * dim);
    else missing.push(i);
  });

  const tEmbed = performance.now();
  if (missing.length > 0) {
    onProgress?.({ stage: 'embed', done: 0, total: missing.length, message: `Embedding ${missing.length} items on ${encoder.info.backend}` });
    const { vectors: vecs } = await encoder.embed(
      missing.map((i) => itemText(items[i]!)),
      { onBatch: (done) => onProgress?.({ stage: 'embed', done, total: missing.length, message: `Embedded ${done} / ${missing.length} items` }) },
    );
    missing.forEach((i, r) => matrix.set(vecs.subarray(r * dim, (r + 1) * dim), i * dim));
  }
  const embedMs = performance.now() - tEmbed;

  const saved = await saveCatalog(items.map((it, i) => ({ ...it, textHash: hashes[i]! })), matrix, dim, modelId, version, source, store, onProgress);
  const ms = performance.now() - t0;
  const report: IngestReport = {
    catalogVersion: version,
    items: items.length,
    embedded: missing.length,
    reused: items.length - missing.length,
    rejected,
    ms,
    itemsPerSecond: missing.length > 0 ? missing.length / (embedMs / 1000) : items.length / (ms / 1000),
  };
  return { index: saved.index, report, timings: { embedMs, storeMs: saved.storeMs }, notice: saved.notice };
}

/** Same catalog as the one loaded (a page reload): nothing to embed, fetch or write. */
export function unchanged(current: CatalogIndex, rejected: IngestReport['rejected'], t0: number): IngestResult {
  const ms = performance.now() - t0;
  const report: IngestReport = { catalogVersion: current.version, items: current.n, embedded: 0, reused: current.n, rejected, ms, itemsPerSecond: current.n / (ms / 1000) };
  return { index: current, report, timings: { embedMs: 0, storeMs: 0 } };
}

/** Persists a catalog (items + embeddings) and builds its in-memory index. */
export async function saveCatalog(
  items: readonly ItemRecord[],
  matrix: Float32Array,
  dim: number,
  modelId: string,
  version: string,
  source: string,
  store: AlcoveStore,
  onProgress?: ProgressCallback,
  manifest?: unknown,
): Promise<{ index: CatalogIndex; storeMs: number; notice?: string }> {
  onProgress?.({ stage: 'store', done: 0, total: items.length, message: 'Saving catalog' });
  const t0 = performance.now();
  await store.replaceCatalog(items, { version, modelId, itemCount: items.length, source, updatedAt: Date.now(), ...(manifest ? { manifest } : {}) });
  const hashes = items.map((it) => it.textHash);
  let notice: string | undefined;
  try {
    await store.putEmbeddingChunks(toChunks(items, hashes, matrix, dim, modelId, version), { modelId, catalogVersion: version });
  } catch (e) {
    if (!(e instanceof StoreError && e.code === 'quota')) throw e;
    // Embeddings can be rebuilt; the shopper's history cannot. Drop the cache, keep going in memory.
    await store.dropEmbeddings().catch(() => undefined);
    notice = 'Storage quota exceeded: item embeddings are kept in memory only and will be recomputed next visit.';
  }
  onProgress?.({ stage: 'store', done: items.length, total: items.length, message: 'Catalog ready' });
  const plain = items.map(({ textHash: _h, ...item }) => item);
  const index = new CatalogIndex(plain, hashes, matrix, dim, version, source);
  return { index, storeMs: performance.now() - t0, notice };
}

function toChunks(items: readonly CatalogItem[], hashes: readonly string[], matrix: Float32Array, dim: number, modelId: string, version: string): EmbeddingChunk[] {
  const chunks: EmbeddingChunk[] = [];
  for (let start = 0, c = 0; start < items.length; start += CHUNK_ITEMS, c++) {
    const end = Math.min(items.length, start + CHUNK_ITEMS);
    chunks.push({
      modelId,
      catalogVersion: version,
      chunk: c,
      dim,
      ids: items.slice(start, end).map((it) => it.id),
      textHashes: hashes.slice(start, end),
      vectors: matrix.slice(start * dim, end * dim).buffer,
    });
  }
  return chunks;
}

/** Rebuilds the in-memory index from storage (a reload or a new tab): no re-embedding. */
export async function restoreCatalog(store: AlcoveStore, modelId: string, dim: number): Promise<CatalogIndex | null> {
  const meta = await store.getCatalogMeta();
  if (!meta || meta.modelId !== modelId) return null;
  const [records, chunks] = await Promise.all([store.getItems(), store.getEmbeddingChunks(modelId, meta.version)]);
  const byId = new Map(records.map((r) => [r.id, r]));
  const items: CatalogItem[] = [];
  const hashes: string[] = [];
  const matrix = new Float32Array(meta.itemCount * dim);
  for (const chunk of chunks) {
    if (chunk.dim !== dim) return null;
    const vecs = new Float32Array(chunk.vectors);
    chunk.ids.forEach((id, r) => {
      const rec = byId.get(id);
      if (!rec) return;
      const { textHash, ...item } = rec;
      matrix.set(vecs.subarray(r * dim, (r + 1) * dim), items.length * dim);
      items.push(item);
      hashes.push(textHash);
    });
  }
  if (items.length !== meta.itemCount) return null; // embeddings were dropped or partial: re-ingest
  return new CatalogIndex(items, hashes, matrix, dim, meta.version, meta.source);
}

/** Record shapes the store persists and returns. Types only. */
import type { CatalogItem, StoredEvent } from '../core/types';

/** A catalog item plus the hash of the text it was embedded from (computed by the caller). */
export type ItemRecord = CatalogItem & { textHash: string };

/**
 * A block of item embeddings for one model and catalog version. Stored as one packed Float32 buffer
 * per chunk rather than a record per item: far fewer records, and the bytes load straight into a
 * Float32Array without per-item copies.
 */
export interface EmbeddingChunk {
  modelId: string;
  catalogVersion: string;
  /** 0-based position of this chunk within its model + catalog version. */
  chunk: number;
  dim: number;
  ids: string[];
  /** textHashes[i] is the textHash of ids[i] when it was embedded, so stale rows can be detected. */
  textHashes: string[];
  /** Float32 values, row-major: ids.length * dim floats (byteLength = ids.length * dim * 4). */
  vectors: ArrayBuffer;
}

/** Describes the catalog currently stored (kept in `meta` under the key `catalog`). */
export interface CatalogMeta {
  version: string;
  modelId: string;
  itemCount: number;
  source: string;
  /** The shard manifest the catalog came from, so the next ingest fetches only changed shards. */
  manifest?: unknown;
  /** Milliseconds since the epoch. */
  updatedAt: number;
}

export interface GetEventsOptions {
  /** Return only the most recent N events (still ordered oldest → newest). */
  limit?: number;
  /** Only events with ts >= sinceTs. */
  sinceTs?: number;
}

/** Everything the store holds about the shopper, for "download my data". */
export interface PersonalDataExport {
  events: StoredEvent[];
  settings: Record<string, unknown>;
}

export interface StoreUsage {
  items: number;
  events: number;
  /** Sum of the embedding vectors' byte lengths. */
  embeddingBytes: number;
}

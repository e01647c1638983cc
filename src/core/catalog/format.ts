/**
 * The precomputed catalog format ("alcove-catalog"): a manifest plus content-addressed shard
 * files, written by the merchant-side CLI (`alcove build-catalog`) and read by the engine.
 * The files of this folder are pure: no I/O and no crypto. Hashing is passed in (the CLI uses
 * node:crypto sha-256, a browser can use crypto.subtle), so they run anywhere.
 *
 * Layout of an output folder:
 *
 *   manifest.json                    the Manifest below (the only file with a fixed name)
 *   items-<hash16>.json              per shard: JSON array of ShardItem (items-shard.ts)
 *   emb-<hash16>.i8 | emb-<hash16>.f16   per shard: one embedding block (embedding-block.ts)
 *   cooc-<hash16>.bin                optional: the co-occurrence table (core/cooc.ts)
 *
 * `<hash16>` is the first 16 hex digits of the file's sha-256, so an unchanged shard keeps its
 * file name across builds and a browser (or CDN) fetches only files whose names it has not seen.
 */
import { AlcoveError } from '../errors';
import type { CatalogItem } from '../types';
import type { RecommendFit } from '../recommend-mix';
import type { SearchFusionFile } from '../search-fusion';

export const MANIFEST_FORMAT = 'alcove-catalog';
export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export type ShardEncoding = 'int8' | 'f16' | 'none';

/** A catalog item as stored in a shard: validated, plus the hash of its embedded text. */
export type ShardItem = CatalogItem & { textHash: string };

export interface ShardFile {
  /** File name inside the catalog folder, content-hashed: `items-<hash16>.json`. */
  file: string;
  /** Full sha-256 of the file's bytes, lowercase hex. */
  sha256: string;
  bytes: number;
}

export interface ShardEntry {
  items: ShardFile;
  /** Absent when the manifest's encoding is 'none' (text-only catalog). */
  embeddings?: ShardFile;
  count: number;
  firstId: string;
  lastId: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** Same value the engine's ingest computes for the same valid items in the same order (version.ts). */
  catalogVersion: string;
  /** The encoder's model id (config.json `alcove.model_id`); null for a text-only catalog. */
  modelId: string | null;
  /**
   * sha-256 of the model graph + tokenizer.json the builder ran (informational for the engine,
   * which matches on modelId; the builder uses it to reuse embeddings across builds).
   */
  modelSha256?: string;
  /** Embedding dimension; 0 for a text-only catalog. */
  dim: number;
  encoding: ShardEncoding;
  itemCount: number;
  /** Sum of all shard file sizes. */
  bytes: number;
  shards: ShardEntry[];
  /** Aggregate item co-occurrence table (core/cooc.ts), built from the merchant's logs; optional. */
  cooc?: ShardFile;
  /** How "for you" mixes its signals here, fitted on the merchant's held-out shoppers (with `cooc`). */
  recommend?: RecommendFit;
  /** The shop's most interacted-with item ids, most first (aggregate counts): a new shopper's picks. */
  popular?: string[];
  /** The search fusion fitted on the merchant's own search log (`alcove fit-search`); optional. */
  searchFusion?: SearchFusionFile;
}

/** Hash function the caller supplies: sha-256 of the bytes as lowercase hex. */
export type Sha256Hex = (bytes: Uint8Array) => string | Promise<string>;

export function shardFileName(kind: 'items' | 'emb' | 'cooc', sha256: string, encoding?: ShardEncoding): string {
  const ext = kind === 'items' ? 'json' : kind === 'cooc' ? 'bin' : encoding === 'f16' ? 'f16' : 'i8';
  return `${kind}-${sha256.slice(0, 16)}.${ext}`;
}

const FILE_RE = /^(items|emb|cooc)-[0-9a-f]{16}\.(json|i8|f16|bin)$/;

/** True for a name shardFileName can produce (the builder deletes only such files). */
export function isShardFileName(name: string): boolean {
  return FILE_RE.test(name);
}

export function corruptCatalog(message: string, details?: Record<string, unknown>): AlcoveError {
  return new AlcoveError('invalid_catalog', message, details);
}

/**
 * The precomputed catalog format ("alcove-catalog"): a manifest plus content-addressed shard
 * files, written by the merchant-side CLI (`alcove build-catalog`) and read by the engine.
 * Pure: no I/O and no crypto. Hashing is passed in (the CLI uses node:crypto sha-256, a
 * browser can use crypto.subtle), so this module runs anywhere.
 *
 * Layout of an output folder:
 *
 *   manifest.json                    the Manifest below (the only file with a fixed name)
 *   items-<hash16>.json              per shard: JSON array of ShardItem (CatalogItem + textHash)
 *   emb-<hash16>.i8 | emb-<hash16>.f16   per shard: one embedding block (binary, below)
 *
 * `<hash16>` is the first 16 hex digits of the file's sha-256, so an unchanged shard keeps its
 * file name across builds and a browser (or CDN) fetches only files whose names it has not seen.
 *
 * Shard boundaries are content-defined: a shard ends after an item whose id hashes to a
 * boundary (expected shard size = `shardSize`, between shardSize/4 and 4*shardSize), not at a
 * fixed row count. Inserting, removing or editing one row therefore changes only the shard that
 * holds it, instead of shifting every later shard.
 *
 * Embedding block (little-endian):
 *
 *   offset 0   4 bytes  magic "ALCE"
 *   offset 4   u8       format version (1)
 *   offset 5   u8       encoding: 1 = int8, 2 = f16
 *   offset 6   u16      dim
 *   offset 8   u32      count (rows)
 *   offset 12  int8:    count × f32 scales, then count × dim int8 (row-major)
 *              f16:     count × dim IEEE binary16
 *
 * int8 is symmetric per vector: q = round(v / s) with s = max|v| / 127, v ≈ q · s.
 * For unit vectors of dim 128 the cosine to the float32 original is ≥ 0.9999 (tested ≥ 0.999).
 * Bytes per item for dim 128: int8 132 B, f16 256 B (float32 would be 512 B).
 */
import { parseSearchFusion, type SearchFusionFile } from './search-fusion';
import { AlcoveError } from './errors';
import { hashText, itemText } from './item-text';
import type { CatalogItem } from './types';
import { validateCatalogRow } from './validate';

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
  /**
   * Same value the engine's ingest computes for the same valid items in the same order:
   * hashText of `${id}\0${textHash}` joined by \u0001 (see catalogVersionHasher).
   */
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
  /** The search fusion fitted on the merchant's own search log (`alcove fit-search`); optional. */
  searchFusion?: SearchFusionFile;
}

/** Hash function the caller supplies: sha-256 of the bytes as lowercase hex. */
export type Sha256Hex = (bytes: Uint8Array) => string | Promise<string>;

function corrupt(message: string, details?: Record<string, unknown>): AlcoveError {
  return new AlcoveError('invalid_catalog', message, details);
}

// ---------------------------------------------------------------------------------------------
// Catalog version, computed incrementally (streaming builds never hold the joined string).

/**
 * Incremental form of `hashText(items.map(id + '\0' + textHash).join('\u0001'))`, the catalog
 * version the engine's ingest computes. Feed items in order; `digest()` equals that value.
 */
export function catalogVersionHasher(): { add(id: string, textHash: string): void; digest(): string } {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let first = true;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  };
  return {
    add(id, textHash) {
      if (!first) feed('\u0001');
      first = false;
      feed(id);
      feed('\u0000');
      feed(textHash);
    },
    digest() {
      let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
      a = a >>> 0;
      return (4294967296 * (2097151 & b) + a).toString(16).padStart(14, '0');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shard boundaries.

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

// ---------------------------------------------------------------------------------------------
// Items shards.

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
    throw corrupt(`${file} is not valid JSON (truncated or corrupt): ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (!Array.isArray(raw)) throw corrupt(`${file} is not a JSON array of items`, { file });
  if (expectedCount !== undefined && raw.length !== expectedCount) {
    throw corrupt(`${file} has ${raw.length} items; the manifest says ${expectedCount}`, { file });
  }
  return raw.map((r, i) => {
    const res = validateCatalogRow(r, i);
    if ('rejection' in res) throw corrupt(`${file} item ${i}: ${res.rejection.field}: ${res.rejection.message}`, { file, row: i });
    const textHash = (r as { textHash?: unknown }).textHash;
    if (typeof textHash !== 'string' || !/^[0-9a-f]{1,16}$/.test(textHash)) throw corrupt(`${file} item ${i}: missing or bad textHash`, { file, row: i });
    return { ...res.item, textHash };
  });
}

// ---------------------------------------------------------------------------------------------
// Embedding blocks.

const MAGIC = [0x41, 0x4c, 0x43, 0x45]; // "ALCE"
const HEADER_BYTES = 12;
const ENCODING_CODE: Record<'int8' | 'f16', number> = { int8: 1, f16: 2 };

export interface EmbeddingBlock {
  encoding: 'int8' | 'f16';
  dim: number;
  count: number;
  /** int8 only: one scale per row. */
  scales?: Float32Array;
  /** int8 only: count × dim. */
  int8?: Int8Array;
  /** f16 only: count × dim raw binary16 bits. */
  f16?: Uint16Array;
}

/** Byte size of an embedding block. */
export function embeddingBlockBytes(encoding: 'int8' | 'f16', count: number, dim: number): number {
  return HEADER_BYTES + (encoding === 'int8' ? count * 4 + count * dim : count * dim * 2);
}

/** Symmetric per-vector int8 quantisation of rows of `matrix` (count × dim). */
export function quantizeInt8(matrix: Float32Array, count: number, dim: number): { scales: Float32Array; int8: Int8Array } {
  const scales = new Float32Array(count);
  const int8 = new Int8Array(count * dim);
  for (let r = 0; r < count; r++) {
    const off = r * dim;
    let m = 0;
    for (let j = 0; j < dim; j++) m = Math.max(m, Math.abs(matrix[off + j]!));
    const s = m > 0 ? m / 127 : 0;
    scales[r] = s;
    if (s === 0) continue;
    const inv = 1 / Math.fround(s);
    for (let j = 0; j < dim; j++) int8[off + j] = Math.max(-127, Math.min(127, Math.round(matrix[off + j]! * inv)));
  }
  return { scales, int8 };
}

export function dequantizeInt8(scales: Float32Array, int8: Int8Array, count: number, dim: number, out = new Float32Array(count * dim)): Float32Array {
  for (let r = 0; r < count; r++) {
    const s = scales[r]!;
    for (let j = 0, off = r * dim; j < dim; j++) out[off + j] = int8[off + j]! * s;
  }
  return out;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** float32 → IEEE binary16 bits, round to nearest even (subnormals, ±inf, NaN kept). */
export function toF16(v: number): number {
  F32[0] = v;
  const x = U32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (m & 1))) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

let f16Table: Float32Array | undefined;
/** IEEE binary16 bits → number. */
export function fromF16(h: number): number {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) {
      const s = i & 0x8000 ? -1 : 1;
      const e = (i >>> 10) & 0x1f;
      const m = i & 0x3ff;
      f16Table[i] = e === 0 ? s * m * 2 ** -24 : e === 0x1f ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
    }
  }
  return f16Table[h & 0xffff]!;
}

/** Encodes count × dim float32 rows as an embedding block. */
export function encodeEmbeddingBlock(matrix: Float32Array, count: number, dim: number, encoding: 'int8' | 'f16'): Uint8Array {
  if (matrix.length < count * dim) throw new AlcoveError('invalid_input', `matrix has ${matrix.length} values, expected ${count} × ${dim}`);
  if (dim < 1 || dim > 0xffff) throw new AlcoveError('invalid_input', `dim must be 1..65535, got ${dim}`);
  const out = new Uint8Array(embeddingBlockBytes(encoding, count, dim));
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint8(4, 1);
  view.setUint8(5, ENCODING_CODE[encoding]);
  view.setUint16(6, dim, true);
  view.setUint32(8, count, true);
  if (encoding === 'int8') {
    const { scales, int8 } = quantizeInt8(matrix, count, dim);
    for (let r = 0; r < count; r++) view.setFloat32(HEADER_BYTES + r * 4, scales[r]!, true);
    out.set(new Uint8Array(int8.buffer, int8.byteOffset, int8.byteLength), HEADER_BYTES + count * 4);
  } else {
    for (let i = 0; i < count * dim; i++) view.setUint16(HEADER_BYTES + i * 2, toF16(matrix[i]!), true);
  }
  return out;
}

/**
 * Parses an embedding block; throws a clear `invalid_catalog` error on a wrong magic, an
 * unknown encoding, a size that does not match the header (truncated) or a header that does
 * not match what the manifest expects. Returns copies aligned for typed-array use.
 */
export function decodeEmbeddingBlock(bytes: Uint8Array, expect?: { encoding?: 'int8' | 'f16'; dim?: number; count?: number }, file = 'embedding shard'): EmbeddingBlock {
  if (bytes.byteLength < HEADER_BYTES) throw corrupt(`${file} is truncated: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`, { file });
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw corrupt(`${file} is not an Alcove embedding block (bad magic)`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== 1) throw corrupt(`${file} has block format version ${version}; this reader knows 1`, { file });
  const code = view.getUint8(5);
  const encoding = code === 1 ? 'int8' : code === 2 ? 'f16' : null;
  if (!encoding) throw corrupt(`${file} has unknown encoding code ${code}`, { file });
  const dim = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  if (expect?.encoding && expect.encoding !== encoding) throw corrupt(`${file} is ${encoding}; the manifest says ${expect.encoding}`, { file });
  if (expect?.dim !== undefined && expect.dim !== dim) throw corrupt(`${file} has dim ${dim}; the manifest says ${expect.dim}`, { file });
  if (expect?.count !== undefined && expect.count !== count) throw corrupt(`${file} has ${count} rows; the manifest says ${expect.count}`, { file });
  const want = embeddingBlockBytes(encoding, count, dim);
  if (bytes.byteLength !== want) {
    throw corrupt(`${file} is ${bytes.byteLength < want ? 'truncated' : 'too long'}: ${bytes.byteLength} bytes, expected ${want} for ${count} × ${dim} ${encoding}`, { file });
  }
  // A copy, aligned at 0 whatever the input's offset (a Node Buffer's slice() would be a view).
  const body = new Uint8Array(bytes.subarray(HEADER_BYTES));
  if (encoding === 'int8') {
    const scales = new Float32Array(count);
    for (let r = 0; r < count; r++) scales[r] = view.getFloat32(HEADER_BYTES + r * 4, true);
    for (let r = 0; r < count; r++) {
      if (!Number.isFinite(scales[r]!) || scales[r]! < 0) throw corrupt(`${file} row ${r} has an invalid scale`, { file, row: r });
    }
    return { encoding, dim, count, scales, int8: new Int8Array(body.buffer, count * 4, count * dim) };
  }
  const f16 = new Uint16Array(count * dim);
  for (let i = 0; i < count * dim; i++) f16[i] = view.getUint16(HEADER_BYTES + i * 2, true);
  return { encoding, dim, count, f16 };
}

/** The block as a float32 count × dim matrix (dequantised / widened). */
export function blockToFloat32(block: EmbeddingBlock, out = new Float32Array(block.count * block.dim)): Float32Array {
  if (block.encoding === 'int8') return dequantizeInt8(block.scales!, block.int8!, block.count, block.dim, out);
  for (let i = 0; i < block.count * block.dim; i++) out[i] = fromF16(block.f16![i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Files, hashes and the manifest.

export function shardFileName(kind: 'items' | 'emb' | 'cooc', sha256: string, encoding?: ShardEncoding): string {
  const ext = kind === 'items' ? 'json' : kind === 'cooc' ? 'bin' : encoding === 'f16' ? 'f16' : 'i8';
  return `${kind}-${sha256.slice(0, 16)}.${ext}`;
}

/** Checks bytes against a manifest entry's size and sha-256 (hash function supplied). */
export async function verifyShardFile(bytes: Uint8Array, entry: ShardFile, sha256: Sha256Hex): Promise<void> {
  if (bytes.byteLength !== entry.bytes) {
    throw corrupt(`${entry.file} is ${bytes.byteLength} bytes; the manifest says ${entry.bytes} (${bytes.byteLength < entry.bytes ? 'truncated' : 'wrong file'})`, { file: entry.file });
  }
  const h = await sha256(bytes);
  if (h !== entry.sha256) throw corrupt(`${entry.file} does not match its sha-256 in the manifest (corrupt or stale copy)`, { file: entry.file });
}

/** Builds one shard: both files' bytes and the manifest entry (file names from the hashes). */
export async function buildShard(
  items: readonly ShardItem[],
  vectors: Float32Array | null,
  dim: number,
  encoding: ShardEncoding,
  sha256: Sha256Hex,
): Promise<{ entry: ShardEntry; files: { name: string; bytes: Uint8Array }[] }> {
  if (items.length === 0) throw new AlcoveError('invalid_input', 'a shard needs at least one item');
  const itemBytes = encodeItemsShard(items);
  const itemHash = await sha256(itemBytes);
  const itemsFile: ShardFile = { file: shardFileName('items', itemHash), sha256: itemHash, bytes: itemBytes.byteLength };
  const files = [{ name: itemsFile.file, bytes: itemBytes }];
  const entry: ShardEntry = { items: itemsFile, count: items.length, firstId: items[0]!.id, lastId: items[items.length - 1]!.id };
  if (encoding !== 'none') {
    if (!vectors) throw new AlcoveError('invalid_input', `encoding ${encoding} needs vectors`);
    const emb = encodeEmbeddingBlock(vectors, items.length, dim, encoding);
    const h = await sha256(emb);
    entry.embeddings = { file: shardFileName('emb', h, encoding), sha256: h, bytes: emb.byteLength };
    files.push({ name: entry.embeddings.file, bytes: emb });
  }
  return { entry, files };
}

export function createManifest(fields: {
  catalogVersion: string;
  modelId: string | null;
  modelSha256?: string;
  dim: number;
  encoding: ShardEncoding;
  shards: ShardEntry[];
  cooc?: ShardFile;
  searchFusion?: SearchFusionFile;
}): Manifest {
  const { catalogVersion, modelId, modelSha256, dim, encoding, shards, cooc, searchFusion } = fields;
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    catalogVersion,
    modelId: encoding === 'none' ? null : modelId,
    ...(modelSha256 && encoding !== 'none' ? { modelSha256 } : {}),
    dim: encoding === 'none' ? 0 : dim,
    encoding,
    itemCount: shards.reduce((s, e) => s + e.count, 0),
    bytes: shards.reduce((s, e) => s + e.items.bytes + (e.embeddings?.bytes ?? 0), 0) + (cooc?.bytes ?? 0),
    shards,
    ...(cooc ? { cooc } : {}),
    ...(searchFusion ? { searchFusion } : {}),
  };
}

export function encodeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

const HEX64 = /^[0-9a-f]{64}$/;
const FILE_RE = /^(items|emb|cooc)-[0-9a-f]{16}\.(json|i8|f16|bin)$/;

function checkFile(f: unknown, where: string): ShardFile {
  const o = f as Partial<ShardFile> | null;
  if (typeof o !== 'object' || o === null || typeof o.file !== 'string' || !FILE_RE.test(o.file) || typeof o.sha256 !== 'string' || !HEX64.test(o.sha256) || !Number.isInteger(o.bytes) || o.bytes! < 0) {
    throw corrupt(`manifest ${where} is not a valid file entry (file, sha256, bytes)`);
  }
  if (!o.file.includes(o.sha256.slice(0, 16))) throw corrupt(`manifest ${where}: file name ${o.file} does not carry its hash`);
  return { file: o.file, sha256: o.sha256, bytes: o.bytes! };
}

/** Parses and checks a manifest (JSON text or parsed value). Throws `invalid_catalog`. */
export function decodeManifest(input: string | unknown): Manifest {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw corrupt(`manifest is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const m = raw as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) throw corrupt(`not an ${MANIFEST_FORMAT} manifest (format field missing or different)`);
  if (m.version !== MANIFEST_VERSION) throw corrupt(`manifest version ${String(m.version)} is not supported (this reader knows ${MANIFEST_VERSION})`);
  if (m.encoding !== 'int8' && m.encoding !== 'f16' && m.encoding !== 'none') throw corrupt(`manifest encoding ${String(m.encoding)} is unknown`);
  if (typeof m.catalogVersion !== 'string' || m.catalogVersion === '') throw corrupt('manifest has no catalogVersion');
  if (!Number.isInteger(m.dim) || m.dim! < 0 || (m.encoding !== 'none' && m.dim === 0)) throw corrupt(`manifest dim ${String(m.dim)} is invalid`);
  if (m.encoding !== 'none' && (typeof m.modelId !== 'string' || m.modelId === '')) throw corrupt('manifest with embeddings has no modelId');
  if (!Array.isArray(m.shards)) throw corrupt('manifest has no shards list');
  const shards = m.shards.map((s, i): ShardEntry => {
    const e = s as Partial<ShardEntry> | null;
    if (typeof e !== 'object' || e === null) throw corrupt(`manifest shard ${i} is not an object`);
    if (!Number.isInteger(e.count) || e.count! < 1) throw corrupt(`manifest shard ${i} has an invalid count`);
    if (typeof e.firstId !== 'string' || typeof e.lastId !== 'string') throw corrupt(`manifest shard ${i} has no firstId/lastId`);
    const out: ShardEntry = { items: checkFile(e.items, `shard ${i} items`), count: e.count!, firstId: e.firstId, lastId: e.lastId };
    if (m.encoding !== 'none') {
      out.embeddings = checkFile(e.embeddings, `shard ${i} embeddings`);
      const want = embeddingBlockBytes(m.encoding as 'int8' | 'f16', out.count, m.dim!);
      if (out.embeddings.bytes !== want) throw corrupt(`manifest shard ${i} embeddings are ${out.embeddings.bytes} bytes; ${out.count} × ${m.dim} ${m.encoding} needs ${want}`);
    }
    return out;
  });
  const itemCount = shards.reduce((s, e) => s + e.count, 0);
  if (m.itemCount !== itemCount) throw corrupt(`manifest itemCount ${String(m.itemCount)} does not equal the shards' total ${itemCount}`);
  if (m.modelSha256 !== undefined && (typeof m.modelSha256 !== 'string' || !HEX64.test(m.modelSha256))) throw corrupt('manifest modelSha256 is not a sha-256 hex string');
  const cooc = m.cooc === undefined ? undefined : checkFile(m.cooc, 'cooc');
  if (m.searchFusion !== undefined) {
    try {
      parseSearchFusion(m.searchFusion);
    } catch (e) {
      throw corrupt(`manifest searchFusion is invalid: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return createManifest({
    catalogVersion: m.catalogVersion,
    modelId: m.modelId ?? null,
    dim: m.dim!,
    encoding: m.encoding,
    shards,
    ...(m.modelSha256 ? { modelSha256: m.modelSha256 } : {}),
    ...(cooc ? { cooc } : {}),
    ...(m.searchFusion ? { searchFusion: m.searchFusion } : {}),
  });
}

/** Identity of a shard's content: its files' hashes. */
export function shardKey(s: ShardEntry): string {
  return `${s.items.sha256}:${s.embeddings?.sha256 ?? ''}`;
}

export interface ManifestDiff {
  /**
   * False when embeddings from `old` cannot be reused at all (different model id, dim or
   * encoding): every shard of `next` is then in `changed`.
   */
  compatible: boolean;
  /** Shards of `next` whose content is not in `old` (fetch these), with their index in next. */
  changed: { index: number; shard: ShardEntry }[];
  /** Shards of `next` identical to one in `old` (keep these), index in next → index in old. */
  unchanged: { index: number; oldIndex: number; shard: ShardEntry }[];
  /** Shards of `old` that `next` no longer has (drop these). */
  removed: { oldIndex: number; shard: ShardEntry }[];
  /** File names `next` needs that `old` did not have: exactly what to download. */
  filesToFetch: string[];
  /** File names of `old` that `next` no longer references: safe to delete. */
  filesToDelete: string[];
}

/** Which shards changed between two manifests (old may be null: everything is new). */
export function diffManifests(old: Manifest | null, next: Manifest): ManifestDiff {
  const compatible = old !== null && old.modelId === next.modelId && old.dim === next.dim && old.encoding === next.encoding;
  const oldByKey = new Map<string, number>();
  if (compatible) old.shards.forEach((s, i) => oldByKey.set(shardKey(s), i));
  const changed: ManifestDiff['changed'] = [];
  const unchanged: ManifestDiff['unchanged'] = [];
  const used = new Set<number>();
  next.shards.forEach((shard, index) => {
    const oldIndex = oldByKey.get(shardKey(shard));
    if (oldIndex !== undefined && !used.has(oldIndex)) {
      used.add(oldIndex);
      unchanged.push({ index, oldIndex, shard });
    } else changed.push({ index, shard });
  });
  const removed = (old?.shards ?? []).map((shard, oldIndex) => ({ oldIndex, shard })).filter((r) => !used.has(r.oldIndex));
  const filesOf = (m: Manifest | null) => new Set((m?.shards ?? []).flatMap((s) => [s.items.file, ...(s.embeddings ? [s.embeddings.file] : [])]));
  const oldFiles = filesOf(old);
  const newFiles = filesOf(next);
  return {
    compatible,
    changed,
    unchanged,
    removed,
    filesToFetch: [...newFiles].filter((f) => !compatible || !oldFiles.has(f)),
    filesToDelete: [...oldFiles].filter((f) => !newFiles.has(f)),
  };
}

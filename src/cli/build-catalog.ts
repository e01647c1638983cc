/**
 * `alcove build-catalog`: validates a merchant catalog, embeds it with the same encoder the
 * browser runs (src/model's Encoder, onnxruntime-web WASM, in Node) and writes the
 * content-addressed shard format of src/core/catalog/. Streams: memory holds one shard of
 * items plus the set of ids seen (for duplicate detection), whatever the catalog size.
 *
 * Re-running on an edited catalog rewrites only shards whose content changed; a shard whose
 * items file is byte-identical to one in the previous build (same model bytes, dim and
 * encoding) keeps its embeddings file without running the encoder again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { itemText } from '../core/item-text';
import { isShardFileName, MANIFEST_FILE, shardFileName, type Manifest, type ShardEncoding, type ShardEntry, type ShardFile, type ShardItem } from '../core/catalog/format';
import { shardItem } from '../core/catalog/items-shard';
import { createManifest, decodeManifest, encodeManifest } from '../core/catalog/manifest';
import { buildShard } from '../core/catalog/shard';
import { isShardBoundary } from '../core/catalog/shard-bounds';
import { catalogVersionHasher } from '../core/catalog/version';
import { encodeCooc } from '../core/cooc';
import { duplicateIdMessage, LIMITS, validateCatalogRow } from '../core/validate';
import type { RecommendFit } from '../core/recommend-mix';
import type { Encoder } from '../model/encoder';
import { loadFile } from './file-loader';
import { coocFromEvents } from './cooc-from-events';
import { fitFromEvents } from './fit-from-events';
import { loadRankerDir } from './load-ranker';
import { readBuiltCatalog } from './read-built-catalog';
import { formatOf, readRows, type CatalogFormat } from './read-rows';

export interface BuildOptions {
  input: string;
  out: string;
  /** Model folder (Hugging Face layout, as the browser loads it); unset = text-only catalog. */
  model?: string;
  shardSize?: number;
  encoding?: 'int8' | 'f16';
  format?: CatalogFormat;
  batchSize?: number;
  /** Delete shard files the new manifest no longer references (default true). */
  deleteStale?: boolean;
  /** Called for every rejected row, as it happens. */
  onReject?: (r: Rejection) => void;
  onProgress?: (p: { rows: number; valid: number; embedded: number; shards: number }) => void;
  /** An already loaded encoder (tests reuse one); else loaded from `model`. */
  encoder?: Encoder;
  /** Aggregate interaction log (user, item, timestamp[, type]) for the co-occurrence table. */
  events?: string;
  /** Trained ranker folder for the "for you" fit; default: ranker/alcove-dcn-v2 two levels above the model. */
  ranker?: string;
}

export interface Rejection {
  line: number;
  field: string;
  message: string;
  id?: string;
}

export interface BuildSummary {
  /** The co-occurrence table written from --events, or null. */
  cooc: { file: string; events: number; users: number; skipped: number; pairs: number; bytes: number; fit: RecommendFit | null; ranker: string | null } | null;
  input: string;
  out: string;
  rows: number;
  valid: number;
  rejected: number;
  /** First 1000 rejections (all are passed to onReject). */
  rejections: Rejection[];
  modelId: string | null;
  encoding: ShardEncoding;
  dim: number;
  shards: number;
  /** Shards whose files were written in this run. */
  shardsWritten: number;
  /** Shards identical to the previous build's (files kept as they were). */
  shardsKept: number;
  /** Items run through the encoder in this run. */
  embedded: number;
  filesWritten: string[];
  filesDeleted: string[];
  bytes: { items: number; embeddings: number; total: number; perItem: number; embeddingsPerItem: number };
  catalogVersion: string;
  ms: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Loads the browser's encoder from a local model folder, on onnxruntime-web's WASM backend. */
export async function loadEncoder(modelDir: string): Promise<Encoder> {
  const { Encoder } = await import('../model/encoder');
  return Encoder.load({ modelBaseUrl: `${pathToFileURL(resolve(modelDir)).href}/`, backend: 'wasm', cacheName: null, load: loadFile });
}

/** sha-256 over the bytes that decide the vectors: the graph the encoder ran and the tokenizer. */
async function modelFingerprint(encoder: Encoder, modelDir: string): Promise<string> {
  const h = createHash('sha256');
  h.update(await readFile(fileURLToPath(encoder.info.modelUrl)));
  h.update(await readFile(join(modelDir, 'tokenizer.json')));
  return h.digest('hex');
}

// Ids are not here: the one id rule (core/item-id.ts) refuses over-long ones everywhere.
const TEXT_LIMITS: [string, number][] = [
  ['title', LIMITS.title],
  ['description', LIMITS.text],
  ['category', LIMITS.title],
  ['brand', LIMITS.title],
  ['url', LIMITS.url],
  ['imageUrl', LIMITS.url],
];

/**
 * The merchant tool is stricter than the browser: where the engine silently cuts text at the
 * limit, the builder rejects the row so the merchant sees it.
 */
function checkLimits(raw: Record<string, unknown>): { field: string; message: string } | null {
  for (const [field, max] of TEXT_LIMITS) {
    const v = raw[field];
    if (typeof v === 'string' && v.trim().length > max) return { field, message: `${field} is ${v.trim().length} characters; the limit is ${max}` };
  }
  return null;
}

async function readPreviousManifest(out: string): Promise<Manifest | null> {
  try {
    return decodeManifest(await readFile(join(out, MANIFEST_FILE), 'utf8'));
  } catch {
    return null; // none, or unreadable: build from scratch
  }
}

async function writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

export async function buildCatalog(opts: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  const shardSize = opts.shardSize ?? 4096;
  const format = formatOf(opts.input, opts.format);
  const out = resolve(opts.out);
  await mkdir(out, { recursive: true });
  const encoder = opts.encoder ?? (opts.model ? await loadEncoder(opts.model) : undefined);
  const encoding: ShardEncoding = encoder ? (opts.encoding ?? 'int8') : 'none';
  const dim = encoder?.info.dim ?? 0;
  const modelId = encoder?.info.modelId ?? null;
  const modelSha256 = encoder && opts.model ? await modelFingerprint(encoder, opts.model) : undefined;

  const previous = await readPreviousManifest(out);
  // Embeddings of an identical items file can be reused only from an identical model.
  const reusable = new Map<string, ShardEntry>();
  if (previous && previous.encoding === encoding && previous.dim === dim && previous.modelId === modelId && previous.modelSha256 === modelSha256) {
    for (const s of previous.shards) if (s.embeddings && existsSync(join(out, s.embeddings.file))) reusable.set(s.items.sha256, s);
  }

  const firstLine = new Map<string, { line: number; raw: unknown }>();
  const version = catalogVersionHasher();
  const shards: ShardEntry[] = [];
  const rejections: Rejection[] = [];
  const filesWritten: string[] = [];
  let rejected = 0, rows = 0, valid = 0, embedded = 0, shardsWritten = 0, shardsKept = 0;
  let pending: ShardItem[] = [];
  const reject = (r: Rejection) => {
    rejected++;
    if (rejections.length < 1000) rejections.push(r);
    opts.onReject?.(r);
  };
  const progress = () => opts.onProgress?.({ rows, valid, embedded, shards: shards.length });

  const flush = async () => {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    const { entry: textEntry, files: textFiles } = await buildShard(items, null, dim, 'none', sha256);
    let entry: ShardEntry;
    let files: { name: string; bytes: Uint8Array }[];
    const reuse = encoding !== 'none' ? reusable.get(textEntry.items.sha256) : undefined;
    if (encoding === 'none') ({ entry, files } = { entry: textEntry, files: textFiles });
    else if (reuse) ({ entry, files } = { entry: { ...textEntry, embeddings: reuse.embeddings! }, files: textFiles });
    else {
      const { vectors } = await encoder!.embed(items.map(itemText), { batchSize: opts.batchSize ?? 32, onBatch: (done) => opts.onProgress?.({ rows, valid, embedded: embedded + done, shards: shards.length }) });
      embedded += items.length;
      ({ entry, files } = await buildShard(items, vectors, dim, encoding, sha256));
    }
    let wrote = false;
    for (const f of files) {
      const path = join(out, f.name);
      // Content-addressed: a file with this name already holds these bytes (size checked anyway).
      if (existsSync(path) && (await stat(path)).size === f.bytes.byteLength) continue;
      await writeAtomic(path, f.bytes);
      filesWritten.push(f.name);
      wrote = true;
    }
    if (wrote) shardsWritten++;
    else shardsKept++;
    shards.push(entry);
    progress();
  };

  for await (const src of readRows(opts.input, format)) {
    rows++;
    if (src.error !== undefined) {
      reject({ line: src.line, field: '(row)', message: src.error });
      continue;
    }
    const raw = src.value;
    const rawId = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['id'] : undefined;
    const idText = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : undefined;
    const limit = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? checkLimits(raw as Record<string, unknown>) : null;
    if (limit) {
      reject({ line: src.line, ...limit, ...(idText ? { id: idText } : {}) });
      continue;
    }
    const res = validateCatalogRow(raw, src.line - 1);
    if ('rejection' in res) {
      reject({ line: src.line, field: res.rejection.field, message: res.rejection.message, ...(idText ? { id: idText } : {}) });
      continue;
    }
    const { item } = res;
    const first = firstLine.get(item.id);
    if (first) {
      reject({ line: src.line, field: 'id', message: duplicateIdMessage(item.id, `line ${first.line}`, first.raw, rawId), id: item.id });
      continue;
    }
    firstLine.set(item.id, { line: src.line, raw: rawId });
    valid++;
    const si = shardItem(item);
    version.add(si.id, si.textHash);
    pending.push(si);
    if (isShardBoundary(si.id, pending.length, shardSize)) await flush();
    if (rows % 1000 === 0) progress();
  }
  await flush();
  progress();

  // The co-occurrence table over the valid items, in catalog order.
  let cooc: BuildSummary['cooc'] = null;
  let coocFile: ShardFile | undefined;
  let recommend: RecommendFit | undefined;
  let popular: string[] | undefined;
  if (opts.events && valid > 0) {
    const built = await coocFromEvents(opts.events, [...firstLine.keys()]);
    const bytes = encodeCooc(built.table);
    const hash = await sha256(bytes);
    coocFile = { file: shardFileName('cooc', hash), sha256: hash, bytes: bytes.byteLength };
    const path = join(out, coocFile.file);
    if (!existsSync(path)) {
      await writeAtomic(path, bytes);
      filesWritten.push(coocFile.file);
    }
    // The "for you" fit on the merchant's own held-out shoppers (needs the embeddings: a model).
    let fit: RecommendFit | null = null;
    let rankerId: string | null = null;
    if (encoder) {
      const catalog = await readBuiltCatalog(out, shards, encoding as 'int8' | 'f16', dim);
      const rankerDir = opts.ranker ?? (opts.model ? join(opts.model, '../../ranker/alcove-dcn-v2') : undefined);
      const ranker = rankerDir && existsSync(join(rankerDir, 'ranker.json')) ? await loadRankerDir(rankerDir, encoder.runtime) : null;
      rankerId = ranker?.id ?? null;
      const ids = [...firstLine.keys()];
      const sequences = built.sequences.map((s) => s.map((e) => ({ ...e, item: catalog.indexOf(ids[e.item]!)! })));
      const fitted = await fitFromEvents(catalog, ranker, sequences);
      fit = fitted.fit;
      popular = fitted.popular;
      recommend = fit ?? undefined;
    }
    cooc = { file: coocFile.file, events: built.events, users: built.users, skipped: built.skipped, pairs: built.table.neighbours.length, bytes: bytes.byteLength, fit, ranker: rankerId };
  }

  const manifest = createManifest({ catalogVersion: version.digest(), modelId, dim, encoding, shards, modelSha256, cooc: coocFile, recommend, popular, searchFusion: previous?.searchFusion });
  const filesDeleted: string[] = [];
  if (valid > 0) {
    await writeAtomic(join(out, MANIFEST_FILE), encodeManifest(manifest));
    if (opts.deleteStale !== false) {
      const keep = new Set([...shards.flatMap((s) => [s.items.file, ...(s.embeddings ? [s.embeddings.file] : [])]), ...(coocFile ? [coocFile.file] : [])]);
      for (const f of await readdir(out)) {
        if (isShardFileName(f) && !keep.has(f)) {
          await unlink(join(out, f));
          filesDeleted.push(f);
        }
      }
    }
  }
  const itemBytes = shards.reduce((s, e) => s + e.items.bytes, 0);
  const embBytes = shards.reduce((s, e) => s + (e.embeddings?.bytes ?? 0), 0);
  const per = (b: number) => (valid > 0 ? Math.round((b / valid) * 10) / 10 : 0);
  return {
    input: opts.input,
    out,
    rows,
    valid,
    rejected,
    rejections,
    modelId,
    encoding,
    dim,
    shards: shards.length,
    shardsWritten,
    shardsKept,
    embedded,
    filesWritten,
    filesDeleted,
    bytes: { items: itemBytes, embeddings: embBytes, total: itemBytes + embBytes, perItem: per(itemBytes + embBytes), embeddingsPerItem: per(embBytes) },
    catalogVersion: manifest.catalogVersion,
    cooc,
    ms: Math.round(performance.now() - t0),
  };
}

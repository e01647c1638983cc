/** The catalog manifest: creating, encoding and validating it (a manifest from the network is not trusted). */
import { embeddingBlockBytes } from './embedding-block';
import { parseRecommendFit, type RecommendFit } from '../recommend-mix';
import { parseSearchFusion, type SearchFusionFile } from '../search-fusion';
import { corruptCatalog, isShardFileName, MANIFEST_FORMAT, MANIFEST_VERSION, type Manifest, type ShardEncoding, type ShardEntry, type ShardFile } from './format';

export function createManifest(fields: {
  catalogVersion: string;
  modelId: string | null;
  modelSha256?: string | undefined;
  dim: number;
  encoding: ShardEncoding;
  shards: ShardEntry[];
  cooc?: ShardFile | undefined;
  recommend?: RecommendFit | undefined;
  popular?: string[] | undefined;
  searchFusion?: SearchFusionFile | undefined;
}): Manifest {
  const { catalogVersion, modelId, modelSha256, dim, encoding, shards, cooc, recommend, popular, searchFusion } = fields;
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
    // The fit and the best sellers come from the same logs as the table, so they ship only with it.
    ...(cooc && recommend ? { recommend } : {}),
    ...(cooc && popular ? { popular } : {}),
    ...(searchFusion ? { searchFusion } : {}),
  };
}

export function encodeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

const HEX64 = /^[0-9a-f]{64}$/;

function checkFile(f: unknown, where: string): ShardFile {
  const o = f as Partial<ShardFile> | null;
  if (typeof o !== 'object' || o === null || typeof o.file !== 'string' || !isShardFileName(o.file) || typeof o.sha256 !== 'string' || !HEX64.test(o.sha256) || !Number.isInteger(o.bytes) || o.bytes! < 0) {
    throw corruptCatalog(`manifest ${where} is not a valid file entry (file, sha256, bytes)`);
  }
  if (!o.file.includes(o.sha256.slice(0, 16))) throw corruptCatalog(`manifest ${where}: file name ${o.file} does not carry its hash`);
  return { file: o.file, sha256: o.sha256, bytes: o.bytes! };
}

/** Parses and checks a manifest (JSON text or parsed value). Throws `invalid_catalog`. */
export function decodeManifest(input: string | unknown): Manifest {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw corruptCatalog(`manifest is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const m = raw as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) throw corruptCatalog(`not an ${MANIFEST_FORMAT} manifest (format field missing or different)`);
  if (m.version !== MANIFEST_VERSION) throw corruptCatalog(`manifest version ${String(m.version)} is not supported (this reader knows ${MANIFEST_VERSION})`);
  if (m.encoding !== 'int8' && m.encoding !== 'f16' && m.encoding !== 'none') throw corruptCatalog(`manifest encoding ${String(m.encoding)} is unknown`);
  if (typeof m.catalogVersion !== 'string' || m.catalogVersion === '') throw corruptCatalog('manifest has no catalogVersion');
  if (!Number.isInteger(m.dim) || m.dim! < 0 || (m.encoding !== 'none' && m.dim === 0)) throw corruptCatalog(`manifest dim ${String(m.dim)} is invalid`);
  if (m.encoding !== 'none' && (typeof m.modelId !== 'string' || m.modelId === '')) throw corruptCatalog('manifest with embeddings has no modelId');
  if (!Array.isArray(m.shards)) throw corruptCatalog('manifest has no shards list');
  const shards = m.shards.map((s, i): ShardEntry => {
    const e = s as Partial<ShardEntry> | null;
    if (typeof e !== 'object' || e === null) throw corruptCatalog(`manifest shard ${i} is not an object`);
    if (!Number.isInteger(e.count) || e.count! < 1) throw corruptCatalog(`manifest shard ${i} has an invalid count`);
    if (typeof e.firstId !== 'string' || typeof e.lastId !== 'string') throw corruptCatalog(`manifest shard ${i} has no firstId/lastId`);
    const out: ShardEntry = { items: checkFile(e.items, `shard ${i} items`), count: e.count!, firstId: e.firstId, lastId: e.lastId };
    if (m.encoding !== 'none') {
      out.embeddings = checkFile(e.embeddings, `shard ${i} embeddings`);
      const want = embeddingBlockBytes(m.encoding as 'int8' | 'f16', out.count, m.dim!);
      if (out.embeddings.bytes !== want) throw corruptCatalog(`manifest shard ${i} embeddings are ${out.embeddings.bytes} bytes; ${out.count} × ${m.dim} ${m.encoding} needs ${want}`);
    }
    return out;
  });
  const itemCount = shards.reduce((s, e) => s + e.count, 0);
  if (m.itemCount !== itemCount) throw corruptCatalog(`manifest itemCount ${String(m.itemCount)} does not equal the shards' total ${itemCount}`);
  if (m.modelSha256 !== undefined && (typeof m.modelSha256 !== 'string' || !HEX64.test(m.modelSha256))) throw corruptCatalog('manifest modelSha256 is not a sha-256 hex string');
  const cooc = m.cooc === undefined ? undefined : checkFile(m.cooc, 'cooc');
  let recommend: RecommendFit | undefined;
  try {
    recommend = m.recommend === undefined ? undefined : parseRecommendFit(m.recommend);
  } catch (e) {
    throw corruptCatalog(`manifest ${e instanceof Error ? e.message : String(e)}`);
  }
  if (m.popular !== undefined && !(Array.isArray(m.popular) && m.popular.length <= 1000 && m.popular.every((x) => typeof x === 'string'))) {
    throw corruptCatalog('manifest popular must be a list of at most 1000 item ids');
  }
  if (m.searchFusion !== undefined) {
    try {
      parseSearchFusion(m.searchFusion);
    } catch (e) {
      throw corruptCatalog(`manifest searchFusion is invalid: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return createManifest({ catalogVersion: m.catalogVersion, modelId: m.modelId ?? null, dim: m.dim!, encoding: m.encoding, shards, modelSha256: m.modelSha256, cooc, recommend, popular: m.popular, searchFusion: m.searchFusion });
}

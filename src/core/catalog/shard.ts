/** One shard's files: building them (the CLI) and checking downloaded bytes (the engine). */
import { AlcoveError } from '../errors';
import { encodeEmbeddingBlock } from './embedding-block';
import { corruptCatalog, shardFileName, type ShardEncoding, type ShardEntry, type ShardFile, type ShardItem, type Sha256Hex } from './format';
import { encodeItemsShard } from './items-shard';

/** Checks bytes against a manifest entry's size and sha-256 (hash function supplied). */
export async function verifyShardFile(bytes: Uint8Array, entry: ShardFile, sha256: Sha256Hex): Promise<void> {
  if (bytes.byteLength !== entry.bytes) {
    throw corruptCatalog(`${entry.file} is ${bytes.byteLength} bytes; the manifest says ${entry.bytes} (${bytes.byteLength < entry.bytes ? 'truncated' : 'wrong file'})`, { file: entry.file });
  }
  const h = await sha256(bytes);
  if (h !== entry.sha256) throw corruptCatalog(`${entry.file} does not match its sha-256 in the manifest (corrupt or stale copy)`, { file: entry.file });
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

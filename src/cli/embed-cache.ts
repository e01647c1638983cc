/**
 * Catalog embeddings from the engine's own Encoder (loadEncoder: onnxruntime-web's WASM backend),
 * cached in a folder keyed by the model file's hash and the hash of the embedded texts, so
 * reruns of `eval:search` and `alcove fit-search --cache` skip the slow part.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { itemText } from '../core/item-text';
import type { CatalogItem } from '../core/types';
import type { Encoder } from '../model/encoder';

export async function embedCatalog(encoder: Encoder, items: readonly CatalogItem[], cacheDir: string, log: (s: string) => void): Promise<Float32Array> {
  const texts = items.map(itemText);
  const model = createHash('sha256').update(readFileSync(fileURLToPath(encoder.info.modelUrl))).digest('hex').slice(0, 16);
  const catalog = createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 16);
  const path = `${cacheDir}/emb-${encoder.info.modelId}-${model}-${catalog}.f32`;
  const dim = encoder.info.dim;
  if (existsSync(path)) {
    const buf = readFileSync(path);
    const out = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (out.length === items.length * dim) return out;
  }
  log(`embedding ${items.length} items with ${encoder.info.modelId} (cached in ${path}) ...`);
  const t0 = Date.now();
  let last = 0;
  const { vectors: out } = await encoder.embed(texts, {
    batchSize: 32,
    onBatch: (done) => {
      if (done - last >= 5000 || done === texts.length) (last = done), log(`  ${done} / ${texts.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  return out;
}

/**
 * Item text embeddings from the SHIPPED encoder (public/models/alcove-mini-v3/ by default) through
 * onnxruntime-web in Node, cached on disk under .cache/ranker-eval/emb/ keyed by the model
 * file's sha256 and the texts' hash: a new encoder is picked up (re-embedded) automatically.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { buildBatch } from '../../../src/core/model-input';
import { meanPool } from '../../../src/core/pooling';
import { itemText } from '../../../src/core/item-text';
import { createTokenizer } from '../../../src/model/tokenizer';
import type { EvalItem } from './data';

export interface EncoderFiles {
  dir: string;
  file: string;
  sha256: string;
  dim: number;
  modelId: string;
  maxLength: number;
}

/** The graph file the WASM backend would load: config.json's alcove.variants.wasm, else onnx/model_quantized.onnx. */
export function encoderFiles(dir: string): EncoderFiles {
  const cfgPath = `${dir}/config.json`;
  if (!existsSync(cfgPath)) throw new Error(`missing ${cfgPath}: the shipped encoder (public/models/alcove-mini-v3/) is not there`);
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, any>;
  const file = cfg.alcove?.variants?.wasm ?? 'onnx/model_quantized.onnx';
  const bytes = readFileSync(`${dir}/${file}`);
  return {
    dir,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    dim: Number(cfg.alcove?.embedding_dim ?? cfg.hidden_size),
    modelId: String(cfg.alcove?.model_id ?? dir),
    maxLength: Math.min(Number(cfg.alcove?.max_length ?? cfg.max_position_embeddings ?? 128) || 128, 128),
  };
}

export function evalItemText(it: EvalItem): string {
  return itemText({ id: it.id, title: it.title, ...(it.category ? { category: it.category } : {}), ...(it.brand ? { brand: it.brand } : {}), ...(it.text ? { description: it.text } : {}) });
}

export async function embedItems(enc: EncoderFiles, items: EvalItem[], cacheDir: string, log: (s: string) => void): Promise<Float32Array> {
  const texts = items.map(evalItemText);
  const textHash = createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 16);
  const path = `${cacheDir}/emb-${enc.sha256.slice(0, 16)}-${textHash}.f32`;
  if (existsSync(path)) {
    const buf = readFileSync(path);
    const out = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (out.length === items.length * enc.dim) return out;
  }
  log(`embedding ${items.length} items with ${enc.file} (sha256 ${enc.sha256.slice(0, 12)}) ...`);
  const tok = createTokenizer(JSON.parse(readFileSync(`${enc.dir}/tokenizer.json`, 'utf8')), existsSync(`${enc.dir}/tokenizer_config.json`) ? JSON.parse(readFileSync(`${enc.dir}/tokenizer_config.json`, 'utf8')) : {});
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(readFileSync(`${enc.dir}/${enc.file}`), { executionProviders: ['wasm'] });
  const ids = texts.map((t) => ({ ids: tok.encode(t) }));
  const order = [...ids.keys()].sort((a, b) => ids[a]!.ids.length - ids[b]!.ids.length);
  const out = new Float32Array(items.length * enc.dim);
  const t0 = Date.now();
  for (let s = 0; s < order.length; s += 32) {
    const rows = order.slice(s, s + 32);
    const b = buildBatch(rows.map((r) => ids[r]!), enc.maxLength, tok.padId);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seq]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seq]),
    };
    if (session.inputNames.includes('token_type_ids')) feeds['token_type_ids'] = new ort.Tensor('int64', b.tokenTypeIds, [b.batch, b.seq]);
    const res = await session.run(feeds);
    let vecs: Float32Array;
    if (res['sentence_embedding']) vecs = res['sentence_embedding'].data as Float32Array;
    else vecs = meanPool(res['last_hidden_state']!.data as Float32Array, b.attentionMask, b.batch, b.seq, enc.dim, true);
    rows.forEach((r, i) => out.set(vecs.subarray(i * enc.dim, (i + 1) * enc.dim), r * enc.dim));
  }
  await session.release();
  log(`embedded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path, Buffer.from(out.buffer));
  return out;
}

/**
 * `npm run bench:encoder`: the shipped encoder (alcove-mini-v3, the WASM variant model_int8.onnx)
 * side by side, same model file, same texts, in Node on this machine's CPU:
 *   - Alcove: the engine's Encoder (tokenizer + onnxruntime-web WASM, 1 thread), as browsers run it
 *   - onnxruntime-node: native onnxruntime, the native-CPU reference (token ids from the same
 *     tokenizer; session.run only, and tokenize + run)
 *   - transformers.js (@huggingface/transformers AutoTokenizer + AutoModel, dtype int8): in Node
 *     it runs on onnxruntime-node too, so this row measures its tokenizer and glue, not WASM
 * Single-query latency (p50/p95 over 200 queries) and batch throughput (items/s at 1, 8, 32, 128).
 * Prints a table; the LAST line is one JSON object, also written to results/bench-encoder.json.
 * Options: --model public/models/alcove-mini-v3 --threads 1 (native intra-op threads).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { AutoModel, AutoTokenizer, env } from '@huggingface/transformers';
import * as ortNode from 'onnxruntime-node';
import { loadEncoder } from '../../src/cli/build-catalog';
import { itemText } from '../../src/core/item-text';
import { pct, round } from '../lib/stats';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const MODEL = resolve(arg('model', 'public/models/alcove-mini-v3'));
const THREADS = Number(arg('threads', '1'));
const FILE = 'onnx/model_int8.onnx';


// Texts: the demo catalog's item texts (generated, committed) and short queries made from them.
const catalog = JSON.parse(await readFile('public/catalog/demo-catalog.json', 'utf8')) as { items: Parameters<typeof itemText>[0][] };
const docs = catalog.items.slice(0, 512).map((it) => itemText(it));
const queries = catalog.items.slice(0, 200).map((it) => it.title.split(' ').slice(-2).join(' ').toLowerCase());

interface System {
  name: string;
  /** Embeds the texts as one batch; returns ms spent in the model run alone (if known). */
  run(texts: string[]): Promise<number | null>;
}

async function measure(s: System) {
  for (const q of queries.slice(0, 10)) await s.run([q]); // warm-up
  const lat: number[] = [];
  const runOnly: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const r = await s.run([q]);
    lat.push(performance.now() - t);
    if (r !== null) runOnly.push(r);
  }
  const throughput = async (b: number) => {
    const n = b === 1 ? 128 : 512;
    const t = performance.now();
    for (let i = 0; i < n; i += b) await s.run(docs.slice(i, i + b));
    return round(n / ((performance.now() - t) / 1000), 0);
  };
  const [b1, b8, b32, b128] = [await throughput(1), await throughput(8), await throughput(32), await throughput(128)];
  return { name: s.name, p50: round(pct(lat, 0.5)), p95: round(pct(lat, 0.95)), runP50: runOnly.length ? round(pct(runOnly, 0.5)) : null, b1, b8, b32, b128 };
}

// Alcove: the engine's own Encoder (the catalog builder uses the same one in Node).
const alcove = await loadEncoder(MODEL);
const alcoveSystem: System = {
  name: 'Alcove (onnxruntime-web WASM, 1 thread)',
  async run(texts) {
    return (await alcove.embed(texts, { batchSize: texts.length })).timings.inferenceMs;
  },
};

// transformers.js, same folder and file.
env.localModelPath = `${dirname(MODEL)}/`;
env.allowRemoteModels = false;
const tjsTok = await AutoTokenizer.from_pretrained(basename(MODEL));
const tjsModel = await AutoModel.from_pretrained(basename(MODEL), { dtype: 'int8', device: 'cpu' });
const tjsSystem: System = {
  name: 'transformers.js 4 (Node: onnxruntime-node)',
  async run(texts) {
    const inputs = tjsTok(texts, { padding: true, truncation: true, max_length: 128 });
    await tjsModel(inputs);
    return null;
  },
};

// Native onnxruntime on the same file; token ids from transformers.js' tokenizer (identical ids:
// tests/unit/encoder.test.ts and training/encoder/check_tokenizer.mjs).
const native = await ortNode.InferenceSession.create(`${MODEL}/${FILE}`, { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
const nativeSystem: System = {
  name: `onnxruntime-node (native CPU, ${THREADS} thread${THREADS > 1 ? 's' : ''})`,
  async run(texts) {
    const enc = tjsTok(texts, { padding: true, truncation: true, max_length: 128 });
    const ids = enc['input_ids'] as { data: BigInt64Array; dims: number[] };
    const mask = enc['attention_mask'] as { data: BigInt64Array; dims: number[] };
    const t = performance.now();
    await native.run({ input_ids: new ortNode.Tensor('int64', ids.data, ids.dims), attention_mask: new ortNode.Tensor('int64', mask.data, mask.dims) });
    return performance.now() - t;
  },
};

// Same vectors? (cosine of one text across the three)
const probe = 'stainless steel vacuum flask 500 ml';
const { vectors: a } = await alcove.embed([probe]);
const tOut = (await tjsModel(tjsTok([probe]))) as Record<string, { data: Float32Array }>;
const b = tOut['sentence_embedding']!.data;
const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);

const rows = [];
for (const s of [alcoveSystem, nativeSystem, tjsSystem]) rows.push(await measure(s));
const [al, nat, tjs] = rows as [Awaited<ReturnType<typeof measure>>, ...Awaited<ReturnType<typeof measure>>[]];
const ratios = {
  alcoveVsNativeRunP50: al.runP50 && nat!.runP50 ? round(al.runP50 / nat!.runP50) : null,
  alcoveVsNativeEndToEndP50: round(al.p50 / nat!.p50),
  transformersJsVsAlcoveEndToEndP50: round(tjs!.p50 / al.p50),
  alcoveVsNativeThroughputB32: round(nat!.b32 / al.b32),
};
console.log(`Encoder benchmark: ${basename(MODEL)}/${FILE}, Node ${process.version}, ${cpus()[0]?.model} x${cpus().length}; cosine Alcove vs transformers.js on one text: ${cos(a, b).toFixed(6)}`);
console.log('| system | query p50 / p95 ms (tokenize + run) | run only p50 ms | items/s b1 | b8 | b32 | b128 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.p50} / ${r.p95} | ${r.runP50 ?? '—'} | ${r.b1} | ${r.b8} | ${r.b32} | ${r.b128} |`);
console.log(`ratios: Alcove / native run p50 ${ratios.alcoveVsNativeRunP50}x, end to end ${ratios.alcoveVsNativeEndToEndP50}x; native / Alcove throughput at b32 ${ratios.alcoveVsNativeThroughputB32}x; transformers.js / Alcove query p50 ${ratios.transformersJsVsAlcoveEndToEndP50}x`);
const out = { bench: 'encoder', model: basename(MODEL), file: FILE, node: process.version, cpus: cpus().length, rows, ratios, at: new Date().toISOString() };
await mkdir('results', { recursive: true });
await writeFile('results/bench-encoder.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));
await alcove.dispose();
process.exit(0);

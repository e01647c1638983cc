/**
 * The page behind `npm run bench:browser-encoder`: the shipped encoder's WASM variant through
 * Alcove (the engine worker, as a shop runs it) and through transformers.js (AutoTokenizer +
 * AutoModel on onnxruntime-web WASM, main thread, its usual use), same model files and texts,
 * one thread each. Results go to window.benchResult.
 */
import { AutoModel, AutoTokenizer, env } from '@huggingface/transformers';
import { createAlcove } from '../../../src/client';

const MODEL = 'alcove-mini-v3';
const QUERIES = Array.from({ length: 200 }, (_, i) => `${['steel', 'glass', 'kids', 'garden', 'coffee', 'leather', 'wool', 'lab'][i % 8]} ${['mug', 'boots', 'lamp', 'flask', 'gloves', 'kettle', 'chair', 'beaker'][(i * 7) % 8]} ${i}`);
const DOCS = Array.from({ length: 256 }, (_, i) => `Product ${i}: ${QUERIES[i % 200]} made of durable material, for home and work, item number ${i * 31}`);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;

async function measure(name: string, embed: (texts: string[]) => Promise<unknown>) {
  for (const q of QUERIES.slice(0, 10)) await embed([q]);
  const lat: number[] = [];
  for (const q of QUERIES) {
    const t = performance.now();
    await embed([q]);
    lat.push(performance.now() - t);
  }
  const throughput: Record<string, number> = {};
  for (const b of [8, 32, 128]) {
    const t = performance.now();
    for (let i = 0; i < DOCS.length; i += b) await embed(DOCS.slice(i, i + b));
    throughput[`b${b}`] = Math.round(DOCS.length / ((performance.now() - t) / 1000));
  }
  return { name, p50: round(pct(lat, 0.5)), p95: round(pct(lat, 0.95)), ...throughput };
}

async function run() {
  const alcove = createAlcove();
  await alcove.init({ modelBaseUrl: new URL(`/models/${MODEL}/`, location.href).href, backend: 'wasm', cacheName: null });
  const alcoveRow = await measure('Alcove (engine worker, onnxruntime-web WASM)', (texts) => alcove.embed(texts));

  env.allowRemoteModels = false;
  env.allowLocalModels = true; // off by default in browsers
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  const onnx = env.backends.onnx as { wasm: { wasmPaths?: string; numThreads?: number } };
  onnx.wasm.wasmPaths = '/node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist/';
  onnx.wasm.numThreads = 1;
  const tok = await AutoTokenizer.from_pretrained(MODEL);
  const model = await AutoModel.from_pretrained(MODEL, { dtype: 'int8', device: 'wasm' });
  const tjsRow = await measure('transformers.js 4 (main thread, onnxruntime-web WASM)', async (texts) => {
    const out = (await model(tok(texts, { padding: true, truncation: true, max_length: 128 }))) as Record<string, { data: Float32Array }>;
    return out['sentence_embedding']!.data;
  });
  // Same vectors?
  const [a] = await alcove.embed(['stainless steel vacuum flask']);
  const b = ((await model(tok(['stainless steel vacuum flask']))) as Record<string, { data: Float32Array }>)['sentence_embedding']!.data;
  const cosine = a!.reduce((s, v, i) => s + v * b[i]!, 0) / Math.hypot(...b);
  return { rows: [alcoveRow, tjsRow], cosine: round(cosine * 1e6) / 1e6 };
}

run().then(
  (r) => ((window as unknown as { benchResult: unknown }).benchResult = r, (document.getElementById('state')!.textContent = 'done')),
  (e: unknown) => ((window as unknown as { benchResult: unknown }).benchResult = { error: String(e) }),
);

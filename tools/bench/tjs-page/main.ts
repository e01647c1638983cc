/**
 * The page behind `npm run bench:browser-encoder`: the shipped encoder through Alcove (the engine
 * worker, as a shop runs it) and through transformers.js (AutoTokenizer + AutoModel on
 * onnxruntime-web WASM, main thread, its usual use), same model files and texts. `?rows=` picks
 * the rows, `?threads=` the WASM threads (more than 1 needs a cross-origin-isolated page):
 *   alcove-wasm-int8       Alcove, WASM, the dynamic-int8 variant (what WASM ships with)
 *   alcove-wasm-quantized  Alcove, WASM, the weight-only int8 variant (what WebGPU ships with)
 *   alcove-webgpu          Alcove, backend webgpu (its variant; single queries routed by measurement)
 *   tjs                    transformers.js, int8 variant, WASM
 * Results go to window.benchResult.
 */
import { createAlcove, type EngineConfig } from '../../../src/client';
import { loadTransformersEncoder } from './transformers';
import { pct, round } from '../../lib/stats';

const MODEL = 'alcove-mini-v3';
const params = new URLSearchParams(location.search);
const ROWS = (params.get('rows') ?? 'alcove-wasm-int8,tjs').split(',');
const THREADS = Number(params.get('threads') ?? 1);
const QUERIES = Array.from({ length: 200 }, (_, i) => `${['steel', 'glass', 'kids', 'garden', 'coffee', 'leather', 'wool', 'lab'][i % 8]} ${['mug', 'boots', 'lamp', 'flask', 'gloves', 'kettle', 'chair', 'beaker'][(i * 7) % 8]} ${i}`);
const DOCS = Array.from({ length: 256 }, (_, i) => `Product ${i}: ${QUERIES[i % 200]} made of durable material, for home and work, item number ${i * 31}`);
const PROBE = 'stainless steel vacuum flask';


/** `light`: fewer texts, for a software adapter (SwiftShader: ~5 items/s, correctness only). */
async function measure(name: string, embed: (texts: string[]) => Promise<unknown>, light = false) {
  const queries = light ? QUERIES.slice(0, 20) : QUERIES;
  const docs = light ? DOCS.slice(0, 32) : DOCS;
  for (const q of queries.slice(0, 10)) await embed([q]);
  const lat: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await embed([q]);
    lat.push(performance.now() - t);
  }
  const throughput = async (b: number) => {
    const texts = b === 1 ? docs.slice(0, light ? 8 : 64) : docs;
    const t = performance.now();
    for (let i = 0; i < texts.length; i += b) await embed(texts.slice(i, i + b));
    return Math.round(texts.length / ((performance.now() - t) / 1000));
  };
  const [b1, b8, b32] = [await throughput(1), await throughput(8), await throughput(32)];
  const b128 = light ? null : await throughput(128);
  return { name, threads: THREADS, p50: round(pct(lat, 0.5)), p95: round(pct(lat, 0.95)), b1, b8, b32, b128 };
}

async function alcoveRow(name: string, config: Partial<EngineConfig>) {
  const alcove = createAlcove();
  await alcove.init({ modelBaseUrl: new URL(`/models/${MODEL}/`, location.href).href, cacheName: null, wasmThreads: THREADS, ...config });
  const status = await alcove.status();
  const row = await measure(name, (texts) => alcove.embed(texts), status.backend.adapter?.architecture === 'swiftshader');
  const [probe] = await alcove.embed([PROBE]);
  alcove.terminate();
  const b = status.backend;
  return { ...row, backend: b.name, adapter: b.adapter ? `${b.adapter.vendor}/${b.adapter.architecture}` : 'cpu', modelFile: status.model?.url.split('/').slice(-2).join('/'), queriesOn: b.queries?.backend ?? b.name, probe: Array.from(probe!) };
}

async function tjsRow() {
  const embed = await loadTransformersEncoder(MODEL, THREADS);
  const row = await measure('transformers.js 4 (main thread, onnxruntime-web WASM, int8)', embed);
  return { ...row, backend: 'wasm', adapter: 'cpu', modelFile: 'onnx/model_int8.onnx', queriesOn: 'wasm', probe: Array.from(await embed([PROBE])) };
}

async function run() {
  const rows = [];
  for (const r of ROWS) {
    if (r === 'alcove-wasm-int8') rows.push(await alcoveRow('Alcove (engine worker), WASM, int8', { backend: 'wasm' }));
    else if (r === 'alcove-wasm-quantized') rows.push(await alcoveRow('Alcove (engine worker), WASM, weight-only int8', { backend: 'wasm', modelFile: 'onnx/model_quantized.onnx' }));
    else if (r === 'alcove-webgpu') rows.push(await alcoveRow('Alcove (engine worker), WebGPU, weight-only int8', { backend: 'webgpu' }));
    else if (r === 'tjs') rows.push(await tjsRow());
    else throw new Error(`unknown row ${r}`);
  }
  // Same vectors? The cosine of each row's probe embedding with the first row's.
  const ref = rows[0]!.probe;
  const norm = (v: number[]) => Math.hypot(...v);
  return rows.map(({ probe, ...r }) => ({ ...r, cosineToFirstRow: round(probe.reduce((s, v, i) => s + v * ref[i]!, 0) / norm(probe) / norm(ref), 8) }));
}

run().then(
  (r) => ((window as unknown as { benchResult: unknown }).benchResult = { rows: r }, (document.getElementById('state')!.textContent = 'done')),
  (e: unknown) => ((window as unknown as { benchResult: unknown }).benchResult = { error: String(e) }),
);

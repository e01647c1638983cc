/**
 * The page behind `npm run bench:end-to-end`: query → top 10 over a synthetic catalog of `?n=`
 * items, as a shop would get it, two ways, same model file and queries:
 * - Alcove: the engine worker (WASM, one thread) on the catalog's precomputed shards, which the
 *   bench serves at /synthetic-<n>/; hybrid retrieval + the trained ranker, anonymous and with a
 *   30-view history; plus "a click, then the for-you row refreshed".
 * - What a developer would build from transformers.js: AutoTokenizer + AutoModel on
 *   onnxruntime-web WASM (main thread, one thread) and a plain JS dot-product loop over the
 *   float32 vectors keeping the best 10.
 * Main-thread long tasks (over 50 ms) are counted during each loop. Results go to window.benchResult.
 */
import { createAlcove } from '../../../src/client';
import { itemId, syntheticQueries, syntheticVectors } from '../../lib/synthetic-catalog';
import { loadTransformersEncoder } from './transformers';
import { pct, round } from '../../lib/stats';

const MODEL = 'alcove-mini-v3';
const DIM = 192;
const N = Number(new URLSearchParams(location.search).get('n') ?? 10_000);
const QUERIES = syntheticQueries(110); // 10 to warm up, 100 timed


/** Times `f` over the timed queries, counting main-thread long tasks meanwhile. */
async function timed(f: (q: string, i: number) => Promise<unknown>) {
  for (const q of QUERIES.slice(0, 10)) await f(q, -1);
  const long: number[] = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)));
  obs.observe({ type: 'longtask', buffered: false });
  const lat: number[] = [];
  for (const [i, q] of QUERIES.slice(10).entries()) {
    const t = performance.now();
    await f(q, i);
    lat.push(performance.now() - t);
  }
  await new Promise((r) => setTimeout(r, 100)); // let the observer deliver the last entries
  obs.disconnect();
  return { p50: round(pct(lat, 0.5)), p95: round(pct(lat, 0.95)), longTasks: long.length };
}

async function alcoveSide() {
  const alcove = createAlcove();
  await alcove.init({ modelBaseUrl: new URL(`/models/${MODEL}/`, location.href).href, backend: 'wasm', cacheName: null });
  let t = performance.now();
  await alcove.ingestCatalog(new URL(`/synthetic-${N}/manifest.json`, location.href).href);
  const ingestMs = Math.round(performance.now() - t);
  const stages: Record<string, number[]> = {};
  const anonymous = await timed(async (q) => {
    const r = await alcove.search(q, { limit: 10, record: false });
    for (const [k, v] of Object.entries(r.timings)) (stages[k] ??= []).push(v);
  });
  for (let i = 0; i < 30; i++) await alcove.track({ type: 'view', itemId: itemId((i * 7919) % N) });
  const personal = await timed((q) => alcove.search(q, { limit: 10, record: false }));
  const afterClick = await timed(async (_, i) => {
    await alcove.track({ type: 'view', itemId: itemId((Math.abs(i) * 104729) % N) });
    await alcove.recommend({ mode: 'for-you', limit: 10 });
  });
  const status = await alcove.status();
  alcove.terminate();
  return {
    ingestMs,
    anonymous,
    personal,
    afterClick,
    stageP50: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(pct(v, 0.5))])),
    retrieval: status.retrieval,
  };
}

async function transformersSide() {
  const embed = await loadTransformersEncoder(MODEL, 1);
  const vectors = syntheticVectors(0, N, DIM);
  const best = new Float64Array(10);
  const bestIdx = new Int32Array(10);
  return timed(async (q) => {
    const v = await embed([q]);
    best.fill(-Infinity);
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0, o = i * DIM; j < DIM; j++) s += v[j]! * vectors[o + j]!;
      if (s <= best[9]!) continue;
      let k = 9;
      for (; k > 0 && best[k - 1]! < s; k--) { best[k] = best[k - 1]!; bestIdx[k] = bestIdx[k - 1]!; }
      best[k] = s;
      bestIdx[k] = i;
    }
    return bestIdx;
  });
}

async function run() {
  const alcove = await alcoveSide();
  const transformers = await transformersSide();
  return { n: N, alcove, transformers };
}

run().then(
  (r) => ((window as unknown as { benchResult: unknown }).benchResult = r, (document.getElementById('state')!.textContent = 'done')),
  (e: unknown) => ((window as unknown as { benchResult: unknown }).benchResult = { error: String(e) }),
);

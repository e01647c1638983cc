// Engine benchmark in headless Chromium: model load, catalog ingest rate, time to the first
// for-you row on a cold start (fresh profile) and a warm one (reload: cached model, stored
// catalog and history) with the main-thread long tasks until then, and query latency p50/p95
// over 100 queries, anonymous and with a 30-view history (the trained ranker running), plus
// for-you refreshes, on WASM and on WebGPU, side by side in one run. Time to a usable widget:
// navigation start to the ready page and to the first search answered, cold and warm.
// WebGPU here is SwiftShader (a CPU emulation): its figures are correctness-only.
// Usage: npm run bench:engine [-- --queries 100] [-- --startup-only] (start-up figures only, on the shards)
// Prints a table; the last line is one JSON object. Also writes results/engine-bench.json.
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { AlcoveClient } from '../../src/client';
import type { CatalogItem } from '../../src/core/types';
import { startPreview } from '../lib/preview-server.mjs';
import { pct, round } from '../lib/stats';

/** What the demo page (src/demo/main.ts) and the init script below put on window. */
type BenchWindow = { alcove: AlcoveClient; longTasks: number[] };

const { values } = parseArgs({
  options: { queries: { type: 'string', default: '100' }, port: { type: 'string', default: '4180' }, 'startup-only': { type: 'boolean', default: false } },
});
const STARTUP_ONLY = values['startup-only'];
const QUERIES = Number(values.queries);

const catalog = JSON.parse(readFileSync('public/catalog/demo-catalog.json', 'utf8')) as { items: CatalogItem[] };
// Deterministic queries: each product type's leaf category, plus a word from a title.
const queries: string[] = [];
for (const it of catalog.items) {
  const leaf = (it.category ?? '').split(' > ').pop()!.toLowerCase();
  const q = queries.length % 2 ? leaf : `${it.title.split(' ').slice(-2).join(' ').toLowerCase()}`;
  if (!queries.includes(q)) queries.push(q);
  if (queries.length === QUERIES) break;
}

/**
 * Time from the navigation's start to the first for-you row (performance.now() is relative to
 * the page's time origin), and the main-thread tasks over 50 ms until then.
 */
async function firstRecommendation(page: Page): Promise<{ ms: number; longTasks: number }> {
  return page.evaluate(async () => {
    const w = window as unknown as BenchWindow;
    await w.alcove.recommend({ mode: 'for-you', limit: 10 });
    return { ms: Math.round(performance.now()), longTasks: w.longTasks.length };
  });
}

/** Navigation start to the first search answered (a usable widget), by the page's clock. */
async function firstSearch(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await (window as unknown as BenchWindow).alcove.search('coffee mug', { record: false });
    return Math.round(performance.now());
  });
}

/** Loads (or reloads) the page and waits for the demo's ready mark; milliseconds taken. */
async function untilReady(page: Page, load: () => Promise<unknown>): Promise<number> {
  const t0 = Date.now();
  await load();
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 600_000 });
  return Date.now() - t0;
}

/** `catalog`: the precomputed shards (default) or the plain JSON file, embedded in the browser. */
async function run(browser: Browser, base: string, backend: 'wasm' | 'auto', catalogPath: string) {
  const context = await browser.newContext(); // fresh profile: cold Cache Storage and IndexedDB
  // Main-thread long tasks from the first script on, for the start-up figures.
  await context.addInitScript(() => {
    const w = window as unknown as BenchWindow;
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  const page = await context.newPage();
  const readyMs = await untilReady(page, () => page.goto(`${base}/?backend=${backend}${catalogPath ? `&catalog=${catalogPath}` : ''}`));
  const coldSearchMs = await firstSearch(page);
  const cold = await firstRecommendation(page);
  const result = await page.evaluate(async ({ qs, startupOnly }) => {
    const alcove = (window as unknown as BenchWindow).alcove;
    const status = await alcove.status();
    await alcove.search('warm up', { record: false });
    const rtt: number[] = [];
    const engine: number[] = [];
    const stages: Record<string, number[]> = {};
    if (startupOnly) qs = qs.slice(0, 1);
    for (const q of qs) {
      const t = performance.now();
      const r = await alcove.search(q, { record: false });
      rtt.push(performance.now() - t);
      engine.push(r.timings['totalMs']!);
      for (const [k, v] of Object.entries(r.timings)) (stages[k] ??= []).push(v);
    }
    // A shopper with history: 30 views, so the trained ranker reads a sequence on every request.
    const seen = (await alcove.search('kitchen', { limit: 30, record: false })).items;
    for (const r of seen) await alcove.track({ type: 'view', itemId: r.item.id });
    const personal: number[] = [];
    const personalRank: number[] = [];
    for (const q of qs) {
      const t = performance.now();
      const r = await alcove.search(q, { record: false });
      personal.push(performance.now() - t);
      personalRank.push(r.timings['rankMs']!);
    }
    const recommend: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await alcove.recommend({ mode: 'for-you', limit: 10 });
      recommend.push(performance.now() - t);
    }
    return { status, rtt, engine, stages, personal, personalRank, recommend };
  }, { qs: queries, startupOnly: STARTUP_ONLY });
  // A returning shopper (30 views stored): everything comes from Cache Storage and IndexedDB.
  const warmReadyMs = await untilReady(page, () => page.reload());
  const warmSearchMs = await firstSearch(page);
  const warm = await firstRecommendation(page);
  const warmStatus = await page.evaluate(() => (window as unknown as BenchWindow).alcove.status());
  await context.close();
  const s = result.status;
  return {
    backend: s.backend.name,
    catalog: catalogPath ? 'JSON, embedded in browser' : 'precomputed shards',
    adapter: s.backend.adapter ? `${s.backend.adapter.vendor}/${s.backend.adapter.architecture}` : 'cpu',
    catalogItems: s.catalog!.items,
    modelLoadMs: round(s.timings.modelLoadMs!),
    coldStartToReadyMs: readyMs,
    coldFirstSearchMs: coldSearchMs,
    coldFirstRecommendationMs: cold.ms,
    coldStartLongTasks: cold.longTasks,
    warmStartToReadyMs: warmReadyMs,
    warmFirstSearchMs: warmSearchMs,
    warmFirstRecommendationMs: warm.ms,
    // Where single queries ran on the warm page as it became usable (auto: routing in the background).
    warmQueries: warmStatus.backend.queries?.backend ?? warmStatus.backend.name,
    warmStartLongTasks: warm.longTasks,
    ingestItemsPerSecond: round(s.timings.ingest!['itemsPerSecond']!),
    queryP50Ms: round(pct(result.rtt, 0.5)),
    queryP95Ms: round(pct(result.rtt, 0.95)),
    engineP50Ms: round(pct(result.engine, 0.5)),
    // Per-stage medians inside the worker: where the time goes.
    ...Object.fromEntries(Object.entries(result.stages).filter(([k]) => k !== 'totalMs').map(([k, v]) => [`${k.replace(/Ms$/, '')}P50Ms`, round(pct(v, 0.5))])),
    queries: result.rtt.length,
    // With 30 viewed items: the trained ranker (ONNX, WASM) runs on every request.
    personalQueryP50Ms: round(pct(result.personal, 0.5)),
    personalQueryP95Ms: round(pct(result.personal, 0.95)),
    personalRankP50Ms: round(pct(result.personalRank, 0.5)),
    forYouP50Ms: round(pct(result.recommend, 0.5)),
    forYouP95Ms: round(pct(result.recommend, 0.95)),
  };
}

const { base, stop } = await startPreview(Number(values.port));
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // The last row embeds the catalog on a WebGPU device: SwiftShader's WebGPU embeds ~5 items/s, so
  // this row shows bulk routing (batches go to WASM where it measured faster) at work.
  const rows = STARTUP_ONLY
    ? [await run(browser, base, 'wasm', ''), await run(browser, base, 'auto', '')]
    : [
        await run(browser, base, 'wasm', 'catalog/demo-catalog.json'),
        await run(browser, base, 'wasm', ''),
        await run(browser, base, 'auto', ''),
        await run(browser, base, 'auto', 'catalog/demo-catalog.json'),
      ];
  await browser.close();
  console.log('Alcove engine benchmark (headless Chromium; query latency = page round trip over the worker RPC)');
  console.table(rows.map((r) => ({ ...r, note: r.adapter.includes('swiftshader') ? 'SwiftShader: correctness only' : '' })));
  const out = { bench: 'engine', date: new Date().toISOString(), commit: execSync('git rev-parse --short HEAD').toString().trim(), cpus: (await import('node:os')).cpus().length, startupOnly: STARTUP_ONLY, rows };
  mkdirSync('results', { recursive: true });
  writeFileSync('results/engine-bench.json', JSON.stringify(out, null, 2));
  console.log(JSON.stringify(out));
} finally {
  stop();
}

#!/usr/bin/env node
// `npm run bench:browser-encoder`: Alcove's encoder vs transformers.js in headless Chromium, both on
// onnxruntime-web WASM (1 thread), same model file (alcove-mini-v3 model_int8.onnx) and texts.
// Query latency p50/p95 (200 single texts) and throughput at batch 8/32/128. Runs the Vite dev
// server (the page imports transformers.js from node_modules). Prints a table; the LAST line is
// one JSON object, also written to results/bench-browser-encoder.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startPreview } from '../lib/preview-server.mjs';

const { base, stop } = await startPreview(5199, 'dev');
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto(`${base}/tools/bench/tjs-page/index.html`);
  await page.waitForFunction(() => 'benchResult' in window, null, { timeout: 600_000 });
  const r = await page.evaluate(() => window.benchResult);
  await browser.close();
  if (r.error) throw new Error(r.error);
  const [al, tjs] = r.rows;
  console.log(`Encoder in headless Chromium (onnxruntime-web WASM, 1 thread), alcove-mini-v3 model_int8.onnx; cosine of one text across both: ${r.cosine}`);
  console.log('| system | query p50 / p95 ms | items/s b8 | b32 | b128 |\n|---|---|---|---|---|');
  for (const x of r.rows) console.log(`| ${x.name} | ${x.p50} / ${x.p95} | ${x.b8} | ${x.b32} | ${x.b128} |`);
  const ratios = { transformersJsVsAlcoveQueryP50: Math.round((tjs.p50 / al.p50) * 100) / 100, alcoveVsTransformersJsThroughputB32: Math.round((al.b32 / tjs.b32) * 100) / 100 };
  console.log(`ratios: transformers.js / Alcove query p50 ${ratios.transformersJsVsAlcoveQueryP50}x; Alcove / transformers.js throughput at b32 ${ratios.alcoveVsTransformersJsThroughputB32}x`);
  const out = { bench: 'browser-encoder', ...r, ratios, at: new Date().toISOString() };
  mkdirSync('results', { recursive: true });
  writeFileSync('results/bench-browser-encoder.json', JSON.stringify(out, null, 1));
  console.log(JSON.stringify(out));
} finally {
  stop();
}

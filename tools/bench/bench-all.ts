// `npm run bench`: every benchmark in one run (encoder in Node and in Chromium, dense and keyword
// retrieval at scale, the engine in Chromium, query → top 10 at 10k/100k against transformers.js),
// each printing its own table; then the headline ratios. The
// LAST line is one JSON object with every sub-benchmark's figures, also written to
// results/bench.json. bench:engine builds the site first; about 3 minutes on 2 cores.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const STEPS = [
  ['encoder', ['npx', 'tsx', 'tools/bench/bench-encoder.ts']],
  ['browserEncoder', ['npx', 'tsx', 'tools/bench/bench-browser-encoder.ts']],
  ['scale', ['npx', 'tsx', 'tools/bench/bench-scale.ts']],
  ['lexical', ['npx', 'tsx', 'tools/bench/bench-lexical.ts']],
  ['engine', ['npm', 'run', '--silent', 'bench:engine']],
  ['endToEnd', ['npx', 'tsx', 'tools/bench/bench-end-to-end.ts']],
] as const;

/** Each sub-benchmark's last line, parsed; only the figures the headline reads are typed. */
type Row = Record<string, number | string | null>;
interface Results {
  encoder: { ratios: { alcoveVsNativeRunP50: number } };
  browserEncoder: { ratios: { transformersJsVsAlcoveQueryP50: number } };
  scale: { rows: Row[] };
  lexical: { ratios: Record<string, number> };
  engine: { rows: Row[] };
  endToEnd: { results: { n: number; alcove: { anonymous: { p50: number } } }[]; ratios: Record<string, number> };
}

function run([cmd, ...args]: readonly [string, ...string[]]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      out += d;
    });
    child.on('close', (code: number | null) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${cmd} ${args.join(' ')}: the last line is not JSON`));
      }
    });
  });
}

const t0 = Date.now();
const collected: Record<string, unknown> = {};
for (const [name, cmd] of STEPS) {
  console.log(`\n=== ${name} ===`);
  collected[name] = await run(cmd);
}
const results = collected as unknown as Results;
const enc = results.encoder.ratios;
const wasm100k = results.scale.rows.find((r) => r.n === 100000 && r.method === 'WASM SIMD int8');
const js100k = results.scale.rows.find((r) => r.n === 100000 && r.method === 'plain JS loop (f32)');
const orama100k = results.scale.rows.find((r) => r.n === 100000 && r.method === 'Orama vector search');
const shards = results.engine.rows.find((r) => r.backend === 'wasm' && r.catalog === 'precomputed shards');
const headline = {
  encoderAlcoveVsNativeRun: enc.alcoveVsNativeRunP50,
  transformersJsVsAlcoveQueryInBrowser: results.browserEncoder.ratios.transformersJsVsAlcoveQueryP50,
  retrieval100kVsPlainJs: js100k && wasm100k ? Math.round((Number(js100k.p50) / Number(wasm100k.p50)) * 10) / 10 : null,
  retrieval100kVsOrama: orama100k && wasm100k ? Math.round((Number(orama100k.p50) / Number(wasm100k.p50)) * 10) / 10 : null,
  queryP50Ms: shards?.queryP50Ms ?? null,
  personalQueryP50Ms: shards?.personalQueryP50Ms ?? null,
  coldStartMs: shards?.coldStartToReadyMs ?? null,
  warmFirstRecommendationMs: shards?.warmFirstRecommendationMs ?? null,
  keyword100kVsMiniSearch: results.lexical.ratios.miniSearchVsAlcoveP50At100000 ?? null,
  search100kP50Ms: results.endToEnd.results.find((r) => r.n === 100000)?.alcove.anonymous.p50 ?? null,
  endToEnd10kVsTransformersJs: results.endToEnd.ratios.transformersJsVsAlcoveP50At10000 ?? null,
  endToEnd100kVsTransformersJs: results.endToEnd.ratios.transformersJsVsAlcoveP50At100000 ?? null,
};
console.log('\n=== headline (this machine) ===');
console.log('| figure | value |\n|---|---|');
console.log(`| encoder run, Alcove (WASM) / native onnxruntime | ${headline.encoderAlcoveVsNativeRun}x slower |`);
console.log(`| query encode in Chromium, transformers.js / Alcove (both onnxruntime-web WASM) | ${headline.transformersJsVsAlcoveQueryInBrowser}x |`);
console.log(`| top-100 over 100k, WASM SIMD int8 vs plain JS loop | ${headline.retrieval100kVsPlainJs}x faster |`);
console.log(`| top-100 over 100k, WASM SIMD int8 vs Orama | ${headline.retrieval100kVsOrama}x faster |`);
console.log(`| search p50 in Chromium (1,892 items, WASM), anonymous / with history | ${headline.queryP50Ms} / ${headline.personalQueryP50Ms} ms |`);
console.log(`| cold start to ready (precomputed shards, WASM) | ${headline.coldStartMs} ms |`);
console.log(`| warm start to the first for-you row (reload, WASM) | ${headline.warmFirstRecommendationMs} ms |`);
console.log(`| keyword top-100 over 100k items vs MiniSearch | ${headline.keyword100kVsMiniSearch}x faster |`);
console.log(`| search (query → top 10) over 100k items in Chromium, p50 | ${headline.search100kP50Ms} ms |`);
console.log(`| query → top 10 vs transformers.js + JS loop, 10k / 100k items | ${headline.endToEnd10kVsTransformersJs}x / ${headline.endToEnd100kVsTransformersJs}x faster |`);
const out = { bench: 'all', minutes: Math.round((Date.now() - t0) / 6000) / 10, headline, ...results };
mkdirSync('results', { recursive: true });
writeFileSync('results/bench.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));

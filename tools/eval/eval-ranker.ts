// Evaluates recommenders side by side on next-item prediction, with the SHIPPED encoder and ranker
// ONNX files run through onnxruntime-web in Node (what is measured is what ships).
//
//   npm run eval:ranker -- [--dataset scientific|online-retail|all] [--data ../shared/data]
//        [--catalog items.jsonl --events events.csv]     (the generic format; see docs/ranker.md)
//        [--model public/models/alcove-mini-v3] [--ranker public/ranker/alcove-dcn-v2]
//        [--extra name=path.onnx[:ids]]... [--engine dataset/label=ranker-dir]... [--only-extra]
//        [--prepare-only] [--limit N]
//
// Rows: popularity, item-kNN CF, text-only cosine, the seed formulation (seed-v0 through
// src/core's SeedRanker), the engine's own "for you" path (src/engine/recommend.ts with the shipped
// ranker, the shipped co-occurrence table and the mix fitted on valid: the row marked shipped), the
// trained ranker graph(s) over every item (diagnostic); published numbers as reference rows on
// Scientific. R@K / N@K on test under two protocols: `test` drops the shopper's history items from
// the ranking (what the engine does), `testHistoryKept` ranks every item (RecBole's full sort, the
// published numbers' protocol). Hyper-parameters picked on valid by NDCG@10, per protocol.
// The last line of output is one JSON object with all figures.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGeneric, loadRetail, loadScientific, MissingData, type Case, type Dataset } from './ranker/data';
import { embedItems, encoderFiles } from './ranker/embed';
import { candFeatures } from '../../src/core/ranker-features';
import { itemKnn, onnxRanker, popularity, seedRanker, textCosine, trainCounts, type Scorer } from './ranker/models';
import { datasetCatalog, engineRanks, fitOnValid, LIST, loadRanker } from './ranker/engine-path';
import type { Ranker } from '../../src/core/ranker';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const arg = (name: string, dflt?: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const args = (name: string) => argv.flatMap((a, i) => (a === `--${name}` ? [argv[i + 1]!] : []));
const DATA = resolve(REPO, arg('data', '../shared/data')!);
const MODEL = resolve(REPO, arg('model', 'public/models/alcove-mini-v3')!);
const RANKER = resolve(REPO, arg('ranker', 'public/ranker/alcove-dcn-v2')!);
const SEED = resolve(REPO, 'public/ranker/seed-v0');
const CACHE = resolve(REPO, '.cache/ranker-eval');
const LIMIT = Number(arg('limit', '0'));
/** Only the --engine / --extra rows (e.g. a transfer matrix of training exports), no baselines or shipped rows. */
const ONLY_EXTRA = argv.includes('--only-extra');
const log = (s: string) => process.stderr.write(s + '\n');

const PUBLISHED: Record<string, [number, number, number, number]> = {
  'SASRec (published)': [0.108, 0.0553, 0.2042, 0.076],
  'UniSRec text+ID (published)': [0.1235, 0.0634, 0.2473, 0.0904],
  'VQ-Rec (published)': [0.1211, 0.0643, 0.2369, 0.0897],
};
const KS = [10, 50] as const;
type Metrics = { 'R@10': number; 'N@10': number; 'R@50': number; 'N@50': number };

/**
 * Rank of the target (0 = first); ties broken by item index. With `dropHistory` the shopper's
 * history items are removed from the ranking, as the engine removes them: a target that is one of
 * them (a repeat purchase) cannot be recommended, so it is a miss.
 */
function rankOf(s: Float32Array, o: number, n: number, c: Case, dropHistory: boolean): number {
  const t = c.target;
  if (dropHistory && c.hist.includes(t)) return Infinity;
  const st = s[o + t]!;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const v = s[o + i]!;
    if (v > st || (v === st && i < t)) r++;
  }
  if (dropHistory) for (const h of new Set(c.hist)) if (s[o + h]! > st || (s[o + h]! === st && h < t)) r--;
  return r;
}

class Acc {
  sum = { 'R@10': 0, 'N@10': 0, 'R@50': 0, 'N@50': 0 };
  count = 0;
  add(rank: number) {
    this.count++;
    for (const k of KS) {
      if (rank < k) {
        this.sum[`R@${k}`] += 1;
        this.sum[`N@${k}`] += 1 / Math.log2(rank + 2);
      }
    }
  }
  get(): Metrics {
    const m = { ...this.sum };
    for (const k of Object.keys(m) as (keyof Metrics)[]) m[k] = +(m[k] / Math.max(1, this.count)).toFixed(4);
    return m;
  }
}

async function run(scorer: Scorer, cases: Case[], n: number, variant: string | undefined): Promise<{ keep: Metrics; drop: Metrics }> {
  const B = 64;
  const s = new Float32Array(B * n);
  const keep = new Acc();
  const drop = new Acc();
  for (let b0 = 0; b0 < cases.length; b0 += B) {
    const batch = cases.slice(b0, b0 + B);
    const view = batch.length === B ? s : new Float32Array(batch.length * n);
    await scorer.score(batch, view, variant);
    batch.forEach((c, b) => {
      keep.add(rankOf(view, b * n, n, c, false));
      drop.add(rankOf(view, b * n, n, c, true));
    });
  }
  return { keep: keep.get(), drop: drop.get() };
}

interface Row {
  model: string;
  /** History items dropped from the ranking (the engine's behaviour). */
  test: Metrics;
  /** Every item ranked, history included (RecBole's full sort). */
  testHistoryKept: Metrics;
  /** Valid metrics of the chosen variant (scorers), or the fitted mix's valid NDCG@10 (engine rows). */
  valid?: Metrics;
  validNdcg10?: number;
  chosen: string;
  seconds: number;
  shipped?: boolean;
}

async function evaluate(scorer: Scorer, ds: Dataset): Promise<Row> {
  const t0 = Date.now();
  const n = ds.items.length;
  const best = { drop: null as { v: string | undefined; m: Metrics } | null, keep: null as { v: string | undefined; m: Metrics } | null };
  for (const v of scorer.variants ?? [undefined]) {
    const r = await run(scorer, ds.valid, n, v);
    if (!best.drop || r.drop['N@10'] > best.drop.m['N@10']) best.drop = { v, m: r.drop };
    if (!best.keep || r.keep['N@10'] > best.keep.m['N@10']) best.keep = { v, m: r.keep };
  }
  const tDrop = await run(scorer, ds.test, n, best.drop!.v);
  const tKeep = best.keep!.v === best.drop!.v ? tDrop : await run(scorer, ds.test, n, best.keep!.v);
  const chosen = best.drop!.v === best.keep!.v ? (best.drop!.v ?? '') : `${best.drop!.v} (history kept: ${best.keep!.v})`;
  const row = { model: scorer.name, test: tDrop.drop, testHistoryKept: tKeep.keep, valid: best.drop!.m, chosen, seconds: +((Date.now() - t0) / 1000).toFixed(1) };
  log(`  ${row.model}: test ${JSON.stringify(row.test)} history kept ${JSON.stringify(row.testHistoryKept)} (${chosen}; ${row.seconds} s)`);
  return row;
}

function metricsOf(ranks: readonly number[]): Metrics {
  const acc = new Acc();
  for (const r of ranks) acc.add(r);
  return acc.get();
}

/**
 * The engine's "for you" path (src/engine/recommend.ts): `ranker` null = no ranker files,
 * `fit` = fit the mix on valid as the catalog builder does (else the ranker alone / item-kNN).
 */
async function evaluateEngine(model: string, ds: Dataset, emb: Float32Array, dim: number, counts: Float32Array, ranker: Ranker | null, fit: boolean, shipped: boolean): Promise<Row> {
  const t0 = Date.now();
  const catalog = datasetCatalog(ds, emb, dim, counts, true);
  let chosen = fit ? '' : ranker ? 'the ranker alone (no fit)' : 'item-kNN + C(u) (no ranker files)';
  let validNdcg: number | undefined;
  let validRanks: number[] | undefined;
  if (fit) {
    const { fit: f, ranks } = await fitOnValid(catalog, ranker, ds);
    validNdcg = f.heldOut.ndcg10;
    validRanks = ranks;
    const m = f.mix;
    chosen = `fitted on valid: ${f.kind === 'item-knn' ? 'without the ranker (it did not help), ' : `ranker ${m.ranker} + `}kNN ${m.knn} (decay ${m.decay}) + pop ${m.popularity} + C(u) cos ${m.text}`;
  }
  const test = metricsOf(await engineRanks(catalog, ranker, ds, ds.test, false));
  // RecBole's protocol ranks every item. The engine's list leaves the history out, i.e. ranks it
  // last; the other choice puts the history items among the candidates. Picked on valid, like any
  // hyper-parameter: it matters where shoppers buy again (Online Retail), hardly on Scientific.
  const keptLast = metricsOf(validRanks ?? (await engineRanks(catalog, ranker, ds, ds.valid, false)));
  const keptAmong = metricsOf(await engineRanks(catalog, ranker, ds, ds.valid, true));
  const among = keptAmong['N@10'] > keptLast['N@10'];
  const testHistoryKept = among ? metricsOf(await engineRanks(catalog, ranker, ds, ds.test, true)) : test;
  chosen += `; history kept: ${among ? 'history items among the candidates' : 'history items last (the engine as shipped)'}`;
  const row: Row = { model, test, testHistoryKept, ...(validNdcg !== undefined ? { validNdcg10: validNdcg } : {}), chosen, seconds: +((Date.now() - t0) / 1000).toFixed(1), ...(shipped ? { shipped: true } : {}) };
  log(`  ${row.model}: test ${JSON.stringify(test)} history kept ${JSON.stringify(testHistoryKept)} (${chosen}; ${row.seconds} s)`);
  return row;
}

function table(title: string, rows: { model: string; test?: Metrics; testHistoryKept?: Metrics; chosen?: string; shipped?: boolean }[]): string {
  const head = `| model | R@10 | N@10 | R@50 | N@50 | kept: R@10 | N@10 | R@50 | N@50 | chosen on valid |\n|---|---|---|---|---|---|---|---|---|---|`;
  const f = (m: Metrics | undefined) => (m ? [m['R@10'], m['N@10'], m['R@50'], m['N@50']].map((x) => x.toFixed(4)).join(' | ') : '— | — | — | —');
  return `\n### ${title}\n\n${head}\n${rows.map((r) => `| ${r.shipped ? `**${r.model}**` : r.model} | ${f(r.test)} | ${f(r.testHistoryKept)} | ${r.chosen ?? ''} |`).join('\n')}\n`;
}

/** Writes what training/ranker/ reads: the split, the embeddings and the item features (gitignored). */
function prepare(ds: Dataset, emb: Float32Array, encSha: string, counts: Float32Array, candFeat: Float32Array): string {
  const dir = `${CACHE}/${ds.name}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/emb.f32`, Buffer.from(emb.buffer, emb.byteOffset, emb.byteLength));
  writeFileSync(`${dir}/cand_feat.f32`, Buffer.from(candFeat.buffer));
  writeFileSync(
    `${dir}/prepared.json`,
    JSON.stringify({ name: ds.name, n: ds.items.length, dim: emb.length / ds.items.length, encoderSha256: encSha, protocol: ds.protocol, counts: Array.from(counts), train: ds.train, valid: ds.valid, test: ds.test }),
  );
  return dir;
}

async function main() {
  const which = arg('dataset', arg('catalog') ? 'custom' : 'all')!;
  const enc = encoderFiles(MODEL);
  log(`encoder ${enc.modelId}: ${enc.file} sha256 ${enc.sha256}`);
  const loaders: [string, () => Dataset][] = [];
  if (which === 'custom') loaders.push(['custom', () => loadGeneric(resolve(arg('catalog')!), resolve(arg('events')!), arg('name', 'custom'))]);
  if (which === 'scientific' || which === 'all') loaders.push(['scientific', () => loadScientific(DATA)]);
  if (which === 'online-retail' || which === 'all') loaders.push(['online-retail', () => loadRetail(DATA)]);
  if (!loaders.length) throw new Error(`unknown --dataset ${which}`);
  const result: Record<string, unknown> = { encoder: { modelId: enc.modelId, file: enc.file, sha256: enc.sha256 }, datasets: {} };
  let out = '';
  for (const [name, load] of loaders) {
    let ds: Dataset;
    try {
      ds = load();
    } catch (e) {
      if (e instanceof MissingData) {
        log(`[${name}] ${e.message}`);
        (result['datasets'] as Record<string, unknown>)[name] = { missing: e.message };
        continue;
      }
      throw e;
    }
    if (LIMIT) (ds.valid = ds.valid.slice(0, LIMIT)), (ds.test = ds.test.slice(0, LIMIT));
    log(`[${ds.name}] ${ds.items.length} items, ${ds.train.length} training sequences, ${ds.valid.length} valid / ${ds.test.length} test cases`);
    const emb = await embedItems(enc, ds.items, `${CACHE}/emb`, log);
    const counts = trainCounts(ds);
    const candFeat = candFeatures(counts, ds.items.map((it) => it.price));
    // --limit is a smoke run: never overwrite the training inputs with a cut split.
    const prepDir = LIMIT ? '(not written with --limit)' : prepare(ds, emb, enc.sha256, counts, candFeat);
    if (argv.includes('--prepare-only')) {
      log(`prepared ${prepDir}`);
      continue;
    }
    const scorers: Scorer[] = ONLY_EXTRA ? [] : [popularity(counts), itemKnn(ds), textCosine(emb, enc.dim), seedRanker(ds, emb, enc.dim, SEED)];
    const notes: string[] = [];
    // Trained rankers: the shipped one (if it was trained on this dataset's catalog or is text-only) and extra exports.
    const onnxRows: [string, string, boolean, boolean][] = [];
    let shippedSha = '';
    if (!ONLY_EXTRA && existsSync(`${RANKER}/ranker.json`)) {
      const m = JSON.parse(readFileSync(`${RANKER}/ranker.json`, 'utf8'));
      if (m.encoder?.sha256 && m.encoder.sha256 !== enc.sha256) notes.push(`shipped ranker ${m.id} was trained on encoder ${String(m.encoder.sha256).slice(0, 12)}, the encoder now is ${enc.sha256.slice(0, 12)}: retrain it (training/ranker/README.md)`);
      const what = `shipped ONNX, ${m.trainedOn === ds.name ? `trained on ${ds.name}` : `trained on ${m.trainedOn}, zero-shot`}`;
      if (m.trainedOn === ds.name || !m.itemIds) {
        onnxRows.push([`${m.id} (${what}${m.coocInput ? ', + co-occurrence table' : ''})`, `${RANKER}/${m.onnx}`, Boolean(m.itemIds), false]);
        if (m.coocInput) onnxRows.push([`${m.id} (${what}, no co-occurrence table)`, `${RANKER}/${m.onnx}`, Boolean(m.itemIds), true]);
      }
      shippedSha = m.onnxSha256;
    }
    for (const e of args('extra')) {
      const [label, spec] = e.split('=');
      const [path, ids] = spec!.split(':');
      if (label!.startsWith(`${ds.name}/`)) onnxRows.push([label!.slice(ds.name.length + 1), resolve(REPO, path!), ids === 'ids', false]);
    }
    const defaultExtras = ONLY_EXTRA ? [] : [`${REPO}/training/ranker/build/${ds.name}`];
    for (const d of defaultExtras) {
      for (const v of ['cooc', 'cooc-ids', 'text', 'ids']) {
        const p = `${d}/export-${v}/ranker.onnx`;
        const label = `alcove-dcn ${v.startsWith('cooc') ? 'text + co-occurrence' : 'text'}${v.endsWith('ids') ? ' + item IDs' : ''} (ONNX export, trained on ${ds.name})`;
        if (!existsSync(p) || createHash('sha256').update(readFileSync(p)).digest('hex') === shippedSha) continue;
        // An export made on another encoder's embeddings cannot score these (other vectors, maybe another dim).
        const made = JSON.parse(readFileSync(`${d}/export-${v}/ranker.json`, 'utf8')) as { encoder?: { sha256?: string } };
        if (made.encoder?.sha256 !== enc.sha256) notes.push(`skipped ${p}: trained on encoder ${String(made.encoder?.sha256).slice(0, 12)}, not ${enc.sha256.slice(0, 12)}`);
        else onnxRows.push([label, p, v.endsWith('ids'), false]);
      }
    }
    for (const [label, path, ids, noCooc] of onnxRows) scorers.push(await onnxRanker(`${label}, graph over every item (diagnostic)`, path, ds, emb, enc.dim, candFeat, ids, noCooc));
    const rows: Row[] = [];
    // The engine's own path: what a shopper gets (the shipped row), and its fallbacks.
    if (!ONLY_EXTRA && existsSync(`${RANKER}/ranker.json`)) {
      const ranker = await loadRanker(RANKER);
      rows.push(await evaluateEngine(`${ranker.id}, engine path (shipped: + co-occurrence table, mix fitted on valid; top ${LIST})`, ds, emb, enc.dim, counts, ranker, true, true));
    }
    if (!ONLY_EXTRA) rows.push(await evaluateEngine('engine path without ranker files (item-kNN from the table + C(u))', ds, emb, enc.dim, counts, null, false, false));
    for (const e of args('engine')) {
      const [label, dir] = e.split('=');
      if (label!.startsWith(`${ds.name}/`)) rows.push(await evaluateEngine(`${label!.slice(ds.name.length + 1)}, engine path, mix fitted on valid`, ds, emb, enc.dim, counts, await loadRanker(resolve(REPO, dir!)), true, false));
    }
    for (const s of scorers) rows.push(await evaluate(s, ds));
    // Published figures are RecBole full-sort numbers: history items ranked, so the "kept" columns.
    const ref = ds.name === 'scientific' ? Object.entries(PUBLISHED).map(([model, [a, b, c, d]]) => ({ model, testHistoryKept: { 'R@10': a, 'N@10': b, 'R@50': c, 'N@50': d }, chosen: 'reference, not run (RecBole full sort: history kept)' })) : [];
    out += table(`${ds.name} — test, ${ds.test.length} users, ${ds.items.length} items (encoder ${enc.sha256.slice(0, 12)}); left: history items dropped (the engine), right: history kept (RecBole)`, [...rows, ...ref]);
    out += `\nprotocol: ${ds.protocol}\n`;
    for (const note of notes) out += `NOTE: ${note}\n`;
    (result['datasets'] as Record<string, unknown>)[ds.name] = { protocol: ds.protocol, items: ds.items.length, testUsers: ds.test.length, rows, published: ds.name === 'scientific' ? PUBLISHED : undefined, notes };
  }
  console.log(out);
  console.log(JSON.stringify(result));
  if (Object.values(result['datasets'] as Record<string, { missing?: string }>).every((d) => d.missing)) process.exitCode = 2;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

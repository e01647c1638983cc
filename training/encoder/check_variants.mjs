// Numeric check of every exported variant of the trained encoder, with the
// runtime the browser uses (onnxruntime-web; in Node the wasm build, 1 thread).
//
//   node training/encoder/check_variants.mjs [--dir training/encoder/build/export/alcove-mini-v3]
//
// Against tests/fixtures/encoder/reference.json (fp32 PyTorch embeddings of 24
// synthetic texts, written by export.py):
//   - cosine per text, each text alone (batch 1, no padding) and inside one padded
//     batch of all 24 (the mask must hide padding); threshold 0.999;
//   - ms per single-text encode (batch 1) and per batch of 24, WASM, 1 thread.
// Exits 1 if a variant misses the threshold.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const i = process.argv.indexOf('--dir');
const dir = i > 0 ? process.argv[i + 1] : here('./build/export/alcove-mini-v3');
const ref = JSON.parse(readFileSync(here('../../tests/fixtures/encoder/reference.json'), 'utf8'));
ort.env.wasm.numThreads = 1;
const D = ref.embedding_dim;
const cases = ref.cases;

const feeds = (rows) => {
  const w = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * w);
  const mask = new BigInt64Array(rows.length * w);
  rows.forEach((r, b) => r.forEach((v, j) => ((ids[b * w + j] = BigInt(v)), (mask[b * w + j] = 1n))));
  return { input_ids: new ort.Tensor('int64', ids, [rows.length, w]), attention_mask: new ort.Tensor('int64', mask, [rows.length, w]) };
};
const cos = (a, b) => {
  let d = 0, na = 0, nb = 0;
  for (let k = 0; k < a.length; k++) (d += a[k] * b[k]), (na += a[k] * a[k]), (nb += b[k] * b[k]);
  return d / Math.sqrt(na * nb);
};

let failed = false;
const summary = {};
for (const file of ['model.onnx', 'model_quantized.onnx', 'model_int8.onnx']) {
  const path = `${dir}/onnx/${file}`;
  if (!existsSync(path)) continue;
  const s = await ort.InferenceSession.create(readFileSync(path), { executionProviders: ['wasm'] });
  const alone = [];
  for (const c of cases) alone.push((await s.run(feeds([c.input_ids]))).sentence_embedding.data);
  const batch = (await s.run(feeds(cases.map((c) => c.input_ids)))).sentence_embedding.data;
  const cAlone = cases.map((c, k) => cos(alone[k], c.embedding));
  const cBatch = cases.map((c, k) => cos(batch.subarray(k * D, (k + 1) * D), c.embedding));
  const t1 = [];
  for (let r = 0; r < 5; r++) for (const c of cases) {
    const t0 = performance.now();
    await s.run(feeds([c.input_ids]));
    t1.push(performance.now() - t0);
  }
  t1.sort((a, b) => a - b);
  const tb0 = performance.now();
  for (let r = 0; r < 10; r++) await s.run(feeds(cases.map((c) => c.input_ids)));
  const msBatch = (performance.now() - tb0) / 10;
  const min = Math.min(...cAlone, ...cBatch);
  summary[file] = {
    bytes: statSync(path).size,
    min_cosine_alone: +Math.min(...cAlone).toFixed(6),
    mean_cosine_alone: +(cAlone.reduce((a, b) => a + b) / cAlone.length).toFixed(6),
    min_cosine_in_padded_batch: +Math.min(...cBatch).toFixed(6),
    batch1_p50_ms: +t1[Math.floor(t1.length / 2)].toFixed(3),
    batch24_ms: +msBatch.toFixed(2),
  };
  if (min < ref.min_cosine) failed = true;
  await s.release();
}
for (const [k, v] of Object.entries(summary)) console.log(`${k}: ${JSON.stringify(v)}`);
if (!Object.keys(summary).length) {
  console.error(`no onnx/*.onnx under ${dir}`);
  process.exit(1);
}
console.log(failed ? `FAIL: a variant is below cosine ${ref.min_cosine}` : 'OK');
process.exit(failed ? 1 : 0);

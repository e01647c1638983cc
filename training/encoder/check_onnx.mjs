// Numeric check of the exported encoder, run with the same runtime the
// browser uses (onnxruntime-web; in Node it is the wasm build, on the CPU).
//
//   /usr/bin/python3 training/encoder/export_mini_bert.py   # writes build/
//   node training/encoder/check_onnx.mjs
//
// Compares, on the small padded batch in build/reference.json:
//   - fp32 ONNX vs PyTorch last_hidden_state (export correctness),
//   - int8 ONNX vs PyTorch, and fp32 vs int8 cosine after masked mean
//     pooling + L2 normalisation (what search actually uses),
//   - each row run alone vs inside the padded batch (the attention mask
//     really hides padding).
// Exits 1 if a threshold is missed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const FP32_PATH = here('./build/model.onnx');
const INT8_PATH = here('../../public/models/alcove-mini/onnx/model_quantized.onnx');
const ref = JSON.parse(readFileSync(here('./build/reference.json'), 'utf8'));

const MAX_ABS_FP32 = 1e-4; // same math in fp32; only op ordering differs
const MIN_COS_INT8 = 0.999;
const MAX_PAD_DIFF = 1e-4;

ort.env.wasm.numThreads = 1; // shared machine; also what a non-isolated page gets

const [batch, seqLen, hidden] = ref.dims;

function feeds(rows, width) {
  const tensor = (key) => {
    const data = new BigInt64Array(rows.length * width);
    rows.forEach((r, i) => ref[key][r].slice(0, width).forEach((v, j) => (data[i * width + j] = BigInt(v))));
    return new ort.Tensor('int64', data, [rows.length, width]);
  };
  return {
    input_ids: tensor('input_ids'),
    attention_mask: tensor('attention_mask'),
    token_type_ids: tensor('token_type_ids'),
  };
}

// Masked mean over the sequence, then L2 normalisation: the runtime's pooling.
function meanPool(hiddenState, mask, rows, width) {
  const out = [];
  for (let b = 0; b < rows; b++) {
    const v = new Float64Array(hidden);
    let n = 0;
    for (let t = 0; t < width; t++) {
      if (!mask[b * width + t]) continue;
      n++;
      for (let h = 0; h < hidden; h++) v[h] += hiddenState[(b * width + t) * hidden + h];
    }
    const norm = Math.hypot(...v.map((x) => x / n));
    out.push(Array.from(v, (x) => x / n / norm));
  }
  return out;
}

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const maxAbsDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const realLength = (row) => ref.attention_mask[row].reduce((s, x) => s + x, 0);

async function evaluate(path) {
  const session = await ort.InferenceSession.create(readFileSync(path), { executionProviders: ['wasm'] });
  const rows = [...Array(batch).keys()];
  const { last_hidden_state: out } = await session.run(feeds(rows, seqLen));
  const pooled = meanPool(out.data, ref.attention_mask.flat(), batch, seqLen);

  // Each row alone, unpadded: must give the same pooled vector as in the batch.
  let padDiff = 0;
  for (const r of rows) {
    const width = realLength(r);
    const alone = await session.run(feeds([r], width));
    padDiff = Math.max(padDiff, maxAbsDiff(meanPool(alone.last_hidden_state.data, Array(width).fill(1), 1, width)[0], pooled[r]));
  }

  const runs = 50;
  const batchFeeds = feeds(rows, seqLen);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await session.run(batchFeeds);
  const msPerBatch = (performance.now() - t0) / runs;
  await session.release();
  return { hidden: out.data, pooled, padDiff, msPerBatch, bytes: readFileSync(path).length };
}

const torchPooled = [...Array(batch).keys()].map((b) => ref.pooled.slice(b * hidden, (b + 1) * hidden));
const fp32 = await evaluate(FP32_PATH);
const int8 = await evaluate(INT8_PATH);

const results = {
  batch: `${batch} x ${seqLen} tokens (lengths ${[...Array(batch).keys()].map(realLength).join(', ')})`,
  'fp32 onnx vs torch: max |diff| last_hidden_state': maxAbsDiff(fp32.hidden, ref.last_hidden_state),
  'int8 onnx vs torch: max |diff| last_hidden_state': maxAbsDiff(int8.hidden, ref.last_hidden_state),
  'fp32 onnx vs torch: min cosine (pooled)': Math.min(...fp32.pooled.map((v, b) => dot(v, torchPooled[b]))),
  'fp32 vs int8: cosine per row (pooled)': fp32.pooled.map((v, b) => dot(v, int8.pooled[b])),
  'fp32: row alone vs padded batch, max |diff| pooled': fp32.padDiff,
  'int8: row alone vs padded batch, max |diff| pooled': int8.padDiff,
  // Context for the int8 cosine: how alike different texts already are
  // under the untrained weights.
  'fp32: max cosine between different texts': Math.max(
    ...fp32.pooled.flatMap((v, i) => fp32.pooled.filter((_, j) => j > i).map((w) => dot(v, w))),
  ),
  'wasm (1 thread) ms per batch: fp32 / int8': [fp32.msPerBatch, int8.msPerBatch].map((x) => +x.toFixed(2)),
  'file bytes: fp32 / int8': [fp32.bytes, int8.bytes],
};
for (const [k, v] of Object.entries(results)) console.log(`${k}: ${JSON.stringify(v)}`);

const failures = [];
if (results['fp32 onnx vs torch: max |diff| last_hidden_state'] > MAX_ABS_FP32) failures.push('fp32 export differs from torch');
if (Math.min(...results['fp32 vs int8: cosine per row (pooled)']) < MIN_COS_INT8) failures.push('int8 cosine below 0.999');
if (Math.max(fp32.padDiff, int8.padDiff) > MAX_PAD_DIFF) failures.push('padding changes the embedding');
if (failures.length) {
  console.error(`FAIL: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('OK');

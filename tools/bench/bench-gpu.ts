/**
 * `npm run bench:gpu`: the WGSL top-k retrieval kernel (src/core/kernels/gpu.ts) on whatever
 * WebGPU adapter Dawn for Node (npm `webgpu`) finds, side by side with the engine's CPU kernel
 * (WASM SIMD) on the same vectors, and checked against it (int8: identical indices and scores;
 * f32: same rows, scores within float rounding).
 *
 * On a machine with a real GPU (the NVIDIA Vulkan ICD installed) this measures the GPU path; here
 * Dawn finds SwiftShader (CPU emulation): those figures are correctness only, and Dawn on this
 * sandbox can crash mid-run (see tests/unit/kernels.gpu-child.ts).
 *
 * Options: --sizes 100000,1000000 --queries 50 --k 100. Prints a table; the LAST line is one JSON
 * object, also written to results/bench-gpu.json. Synthetic unit vectors, d = 128 (generated).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { create } from 'webgpu';
import { createCpuIndex, type TopKResult } from '../../src/core/kernels/cpu';
import { createGpuIndex, type GpuIndexInput } from '../../src/core/kernels/gpu';
import { quantizeInt8 } from '../../src/core/kernels/int8';
import { unitRows } from '../../tests/unit/fixtures/core-rng';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const SIZES = arg('sizes', '100000,1000000').split(',').map(Number);
const QUERIES = Number(arg('queries', '50'));
const K = Number(arg('k', '100'));
const DIM = 128;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

function agree(form: 'f32' | 'int8', got: TopKResult, want: TopKResult): { ok: boolean; detail: string } {
  if (form === 'int8') {
    const ok = got.indices.length === want.indices.length
      && got.indices.every((v, i) => v === want.indices[i]) && got.scores.every((v, i) => Object.is(v, want.scores[i]));
    return { ok, detail: ok ? 'identical' : 'differs' };
  }
  const maxDiff = Math.max(0, ...Array.from(got.scores, (s, i) => Math.abs(s - (want.scores[i] ?? Infinity))));
  const sameSet = got.indices.length === want.indices.length && new Set([...got.indices, ...want.indices]).size === got.indices.length;
  return { ok: sameSet && maxDiff <= 1e-5, detail: `same rows ${sameSet}, max |Δscore| ${maxDiff.toExponential(1)}` };
}

const adapter = await (create([]) as unknown as GPU).requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.error('bench:gpu: no WebGPU adapter (Dawn found no Vulkan driver; set VK_ICD_FILENAMES or VK_DRIVER_FILES)');
  process.exit(1);
}
const info = adapter.info as GPUAdapterInfo;
const adapterName = `${info.vendor} ${info.architecture} ${info.description}`.trim();
const software = /swiftshader|llvmpipe|cpu/i.test(adapterName);
const device = await adapter.requestDevice({
  requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
});

interface Row { n: number; form: 'f32' | 'int8'; uploadMs: number; gpuP50: number; gpuP95: number; cpuP50: number; cpuP95: number; ratio: number; agree: string; ok: boolean }
const rows: Row[] = [];
for (const n of SIZES) {
  const m = unitRows(n, DIM, n + DIM);
  const queries = Array.from({ length: QUERIES }, (_, i) => unitRows(1, DIM, 1000 + i));
  for (const form of ['int8', 'f32'] as const) {
    const input: GpuIndexInput = form === 'f32' ? { f32: m } : quantizeInt8(m, n, DIM);
    const cpu = createCpuIndex(input, n, DIM);
    const t0 = performance.now();
    const gpu = createGpuIndex(device, input, n, DIM);
    await gpu.topK(queries[0]!, K); // the first query waits for the upload and pipeline creation
    const uploadMs = performance.now() - t0;
    const gpuMs: number[] = [];
    const cpuMs: number[] = [];
    let ok = true;
    let detail = '';
    for (const q of queries) {
      let t = performance.now();
      const got = await gpu.topK(q, K);
      gpuMs.push(performance.now() - t);
      t = performance.now();
      const want = cpu.topK(q, K);
      cpuMs.push(performance.now() - t);
      const a = agree(form, got, want);
      ok &&= a.ok;
      detail = a.ok ? detail || a.detail : a.detail;
    }
    gpu.destroy();
    const r: Row = {
      n, form, uploadMs, gpuP50: pct(gpuMs, 0.5), gpuP95: pct(gpuMs, 0.95), cpuP50: pct(cpuMs, 0.5), cpuP95: pct(cpuMs, 0.95),
      ratio: pct(cpuMs, 0.5) / pct(gpuMs, 0.5), agree: detail, ok,
    };
    rows.push(r);
    console.error(`  ${n} ${form}: done`);
  }
}

const f = (x: number): string => x.toFixed(2);
console.log(`WebGPU adapter: ${adapterName}${software ? ' (software: correctness only, not a GPU figure)' : ''}; CPU: ${cpus()[0]?.model} x${cpus().length}`);
console.log(`top-${K} over N x ${DIM} (synthetic unit vectors), ${QUERIES} queries, GPU time includes the readback`);
console.log('| N | form | upload+first ms | WGSL p50 / p95 ms | WASM SIMD p50 / p95 ms | WASM/WGSL p50 | agrees with CPU |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString('en')} | ${r.form} | ${f(r.uploadMs)} | ${f(r.gpuP50)} / ${f(r.gpuP95)} | ${f(r.cpuP50)} / ${f(r.cpuP95)} | ${r.ratio.toFixed(1)}x | ${r.ok ? 'yes' : 'NO'} (${r.agree}) |`);
}
const out = { adapter: adapterName, software, k: K, dim: DIM, queries: QUERIES, rows };
await mkdir('results', { recursive: true });
await writeFile('results/bench-gpu.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));
device.destroy();
process.exit(rows.every((r) => r.ok) ? 0 : 1);

/**
 * Child process of kernels.test.ts: runs the WGSL top-k kernel on Dawn (npm `webgpu`) for one
 * case (argv: n dim k form [excludeCount]) and compares it with the CPU kernel. Prints one JSON
 * line { ok, detail }. One case per process: Dawn + SwiftShader here crashes the process at
 * random after a few submits (measured with a trivial shader too), so the parent retries.
 */
import { create } from 'webgpu';
import { createCpuIndex } from '../../src/core/kernels/cpu';
import { createGpuIndex } from '../../src/core/kernels/gpu';
import { quantizeInt8 } from '../../src/core/kernels/int8';
import { unitRows } from './fixtures/core-rng';

const [n, dim, k, exCount] = process.argv.slice(2, 6).map(Number) as [number, number, number, number];
const form = process.argv[6] === 'f32' ? 'f32' : 'int8';
const adapter = await (create([]) as unknown as GPU).requestAdapter();
if (!adapter) {
  console.log(JSON.stringify({ ok: false, detail: 'no WebGPU adapter' }));
  process.exit(0);
}
const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize } });
const m = unitRows(n, dim, n + dim);
const q = unitRows(1, dim, 1000 + k);
const input = form === 'f32' ? { f32: m } : quantizeInt8(m, n, dim);
const cpu = createCpuIndex(input, n, dim);
const gpu = createGpuIndex(device, input, n, dim);
const exclude = exCount > 0 ? new Set(Array.from(cpu.topK(q, exCount).indices)) : undefined;
const want = cpu.topK(q, k, exclude);
const got = await gpu.topK(q, k, exclude);
let ok: boolean;
let detail: string;
if (form === 'int8') {
  ok = got.indices.length === want.indices.length && got.indices.every((v, i) => v === want.indices[i]) && got.scores.every((v, i) => Object.is(v, want.scores[i]));
  detail = ok ? `identical top-${k}` : `GPU ${Array.from(got.indices.slice(0, 5))} vs CPU ${Array.from(want.indices.slice(0, 5))}`;
} else {
  const maxDiff = Math.max(0, ...Array.from(got.scores, (s, i) => Math.abs(s - (want.scores[i] ?? Infinity))));
  const sameSet = got.indices.length === want.indices.length && new Set([...got.indices, ...want.indices]).size === got.indices.length;
  ok = maxDiff <= 1e-5 && sameSet;
  detail = `max score diff ${maxDiff}, same rows ${sameSet}`;
}
const info = adapter.info as GPUAdapterInfo;
console.log(JSON.stringify({ ok, detail, adapter: `${info.vendor} ${info.architecture}` }));
process.exit(0);

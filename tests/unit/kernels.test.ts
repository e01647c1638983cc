import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuIndex, paddedStride, topKFromScores, wasmSimdModule } from '../../src/core/kernels/cpu.js';
import { quantizeInt8, quantizeQuery } from '../../src/core/kernels/int8.js';
import { matVec, topK } from '../../src/core/vector.js';
import { rng, unitRows } from './fixtures/core-rng.js';

describe('topKFromScores', () => {
  it('matches core/vector topK, including ties, NaN and exclusions', () => {
    const r = rng(3);
    for (const n of [0, 1, 7, 100, 5000]) {
      // Coarse values: many ties.
      const s = Float32Array.from({ length: n }, () => Math.round(r() * 20) / 20);
      if (n > 5) s[3] = NaN;
      for (const k of [0, 1, 5, 64, n + 3]) {
        const want = topK(s, k);
        const got = topKFromScores(s, k);
        expect(Array.from(got.indices)).toEqual(want);
        expect(Array.from(got.scores)).toEqual(want.map((i) => s[i]));
        const ex = new Set([want[0] ?? -1, 2]);
        expect(Array.from(topKFromScores(s, k, ex).indices)).toEqual(topK(s, k, (i) => ex.has(i)));
        expect(Array.from(topKFromScores(s, k, (i) => i % 2 === 0).indices)).toEqual(topK(s, k, (i) => i % 2 === 0));
      }
    }
  });
});

describe('CPU kernels', () => {
  it('WASM SIMD is available in Node and the committed module matches score.wat', () => {
    expect(wasmSimdModule()).not.toBeNull();
    expect(execFileSync(process.execPath, ['--import', 'tsx', 'tools/build/assemble-kernels.ts', '--check'], { encoding: 'utf8' })).toMatch(/up to date/);
  });

  for (const dim of [128, 37, 384]) {
    it(`f32: WASM and JS agree with a plain loop (dim ${dim})`, () => {
      const n = 3001;
      const m = unitRows(n, dim, dim);
      const q = unitRows(1, dim, 99);
      const ref = matVec(m, n, dim, q);
      const want = topK(ref, 50);
      for (const backend of ['wasm', 'js'] as const) {
        const idx = createCpuIndex({ f32: m }, n, dim, { backend });
        expect(idx.kernel).toBe(`${backend}-f32`);
        const s = idx.scores(q);
        for (let i = 0; i < n; i++) expect(Math.abs(s[i]! - ref[i]!)).toBeLessThan(1e-5);
        const got = idx.topK(q, 50);
        expect(Array.from(got.indices)).toEqual(want);
      }
    });

    it(`int8: WASM and JS give bit-identical scores, close to float32 (dim ${dim})`, () => {
      const n = 2999;
      const m = unitRows(n, dim, dim + 1);
      const q = unitRows(1, dim, 7);
      const { int8, scales } = quantizeInt8(m, n, dim);
      const wasm = createCpuIndex({ int8, scales }, n, dim, { backend: 'wasm' });
      const js = createCpuIndex({ int8, scales }, n, dim, { backend: 'js' });
      const a = wasm.scores(q).slice();
      const b = js.scores(q);
      expect(a).toEqual(b);
      const ref = matVec(m, n, dim, q);
      for (let i = 0; i < n; i++) expect(Math.abs(a[i]! - ref[i]!)).toBeLessThan(0.02);
      // The top 10 by float32 are all in the int8 top 20.
      const top = new Set(wasm.topK(q, 20).indices);
      for (const i of topK(ref, 10)) expect(top.has(i)).toBe(true);
      expect(wasm.topK(q, 10, new Set([wasm.topK(q, 1).indices[0]!])).indices[0]).toBe(wasm.topK(q, 2).indices[1]);
    });
  }

  it('query quantisation can never overflow the i32 dot product', () => {
    const stride = paddedStride(4096, 'int8');
    const q = new Float32Array(4096).fill(1);
    const { q: q16, scale } = quantizeQuery(q, 4096, stride);
    expect(stride * 127 * Math.max(...q16)).toBeLessThan(2 ** 31);
    expect(scale).toBeGreaterThan(0);
    expect(quantizeQuery(new Float32Array(8), 8, 32).scale).toBe(0);
  });

  it('rejects a short query or matrix', () => {
    expect(() => createCpuIndex({ f32: new Float32Array(10) }, 4, 4)).toThrow(RangeError);
    expect(() => createCpuIndex({ f32: new Float32Array(16) }, 4, 4).topK(new Float32Array(2), 1)).toThrow(/dim 4/);
  });
});

// WGSL on Dawn's Node bindings with Chromium's SwiftShader Vulkan driver (correctness only).
// Each case runs in a child process: Dawn + SwiftShader on this sandboxed machine aborts at
// random ("The futex facility returned an unexpected error code", also with a trivial shader),
// so a crashed child is retried, and a case whose every try crashed is reported, not failed.
// A child that does report a mismatch fails the test.
const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const haveIcd = existsSync(ICD);

function gpuCase(args: string[], tries = 2): { ok: boolean; detail: string } | null {
  for (let t = 0; t < tries; t++) {
    const res = spawnSync('node', ['--import', 'tsx', 'tests/unit/kernels.gpu-child.ts', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        VK_ICD_FILENAMES: ICD,
        XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp',
        // Debian's chromium ships libvulkan.so.1 in its own folder (used when libvulkan1 is absent).
        LD_LIBRARY_PATH: ['/usr/lib/chromium', process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':'),
      },
    });
    const last = res.stdout?.trim().split('\n').pop();
    if (res.status === 0 && last?.startsWith('{')) return JSON.parse(last) as { ok: boolean; detail: string };
  }
  return null;
}

describe.skipIf(!haveIcd)('WebGPU kernel (Dawn + SwiftShader)', () => {
  let dawnCrashes = false; // after one case crashed on every try, skip the rest at once
  for (const args of [
    ['5000', '40', '1024', '3', 'int8'],
    ['70000', '128', '100', '0', 'int8'],
    ['20000', '128', '100', '2', 'f32'],
  ]) {
    it(`top-k equals the CPU path (n ${args[0]}, dim ${args[1]}, k ${args[2]}, ${args[3]} excluded, ${args[4]})`, (ctx) => {
      const r = dawnCrashes ? null : gpuCase(args);
      if (!r) {
        if (!dawnCrashes) console.warn(`WebGPU case ${args.join(' ')}: Dawn/SwiftShader crashed on every try; GPU cases not verified here`);
        dawnCrashes = true;
        ctx.skip();
        return;
      }
      expect(r.detail).not.toMatch(/no WebGPU adapter/);
      expect(r, r.detail).toMatchObject({ ok: true });
    }, 200_000);
  }
});

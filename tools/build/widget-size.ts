// The size report `npm run build:widget` prints at the end (vite.widget.config.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The widget folder's files, raw and gzip -9, and the JS a shopper's browser loads per path. */
export function widgetSizeReport(outDir: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(outDir);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const row = (p: string) => {
    const buf = readFileSync(p);
    return { name: relative(outDir, p), raw: buf.length, gz: p.endsWith('.wasm') ? NaN : gzipSync(buf, { level: 9 }).length };
  };
  const rows = files.sort().map(row);
  const js = rows.filter((r) => /\.m?js$/.test(r.name));
  const pick = (re: RegExp) => js.filter((r) => re.test(r.name)).reduce((s, r) => s + r.gz, 0);
  // What a shopper's browser loads on the WASM path: page script + worker + onnxruntime's JS (not its .wasm).
  const wasmPath = pick(/^alcove-widget\.js$|^alcove-engine\.worker\.js$|ort\.wasm\.bundle|rolldown-runtime/);
  const gpuPath = pick(/^alcove-widget\.js$|^alcove-engine\.worker\.js$|ort\.webgpu\.bundle|rolldown-runtime/);
  const lines = [
    '',
    `Alcove widget (${outDir}/), gzip -9:`,
    ...rows.map((r) => `  ${r.name.padEnd(52)} ${kb(r.raw).padStart(12)}  ${Number.isNaN(r.gz) ? '(wasm, not counted)' : `${kb(r.gz).padStart(10)} gz`}`),
    `  page script (ES):                          ${kb(pick(/^alcove-widget\.js$/))} gz`,
    `  page script (IIFE):                        ${kb(pick(/^alcove-widget\.iife\.js$/))} gz`,
    `  all widget JS on the WASM path, no .wasm:  ${kb(wasmPath)} gz (target <= 150 KiB)`,
    `  all widget JS on the WebGPU path, no .wasm: ${kb(gpuPath)} gz`,
    `  WASM path from another origin (CDN), which also loads ort/*.mjs: ${kb(wasmPath + pick(/^ort\/ort-wasm-simd-threaded\.mjs$/))} gz`,
    '',
  ];
  return lines.join('\n');
}

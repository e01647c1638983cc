/**
 * Loads the onnxruntime-web build for a backend. The WebGPU build carries its own, larger
 * wasm; pages on the WASM path never download it.
 */
import type * as OrtModule from 'onnxruntime-web';
import type { BackendName } from './backend';

export type Ort = typeof OrtModule;

export interface WasmOptions {
  /** Threads for WASM; more than 1 only takes effect on a cross-origin-isolated page. */
  threads?: number;
  /** Where the ort-wasm-*.wasm files live when they are not beside the bundle (widget on a CDN). */
  wasmBaseUrl?: string;
  /** onnxruntime's own log level; `verbose` lists node placement per execution provider. */
  ortLogLevel?: 'verbose' | 'info' | 'warning' | 'error';
}

/** onnxruntime's numeric log severity for session options. */
export const LOG_SEVERITY = { verbose: 0, info: 1, warning: 2, error: 3 } as const;

export async function loadOrt(backend: BackendName, opts: WasmOptions): Promise<Ort> {
  const ort: Ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  // ort.env must be set before the first session of this build is created.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  // Half the cores: the page and the browser's own processes need the rest (on 2 cores,
  // 2 threads measured slower than 1).
  ort.env.wasm.numThreads = isolated ? (opts.threads ?? Math.max(1, Math.min(4, Math.floor(cores / 2)))) : 1;
  ort.env.wasm.proxy = false; // we are already off the main thread
  if (opts.ortLogLevel) ort.env.logLevel = opts.ortLogLevel;
  if (opts.wasmBaseUrl) ort.env.wasm.wasmPaths = opts.wasmBaseUrl.endsWith('/') ? opts.wasmBaseUrl : `${opts.wasmBaseUrl}/`;
  return ort;
}

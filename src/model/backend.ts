/**
 * Chooses the execution backend: WebGPU when the browser gives a usable adapter and device,
 * otherwise WASM SIMD. The reason is kept so status() can say why.
 */
export type BackendName = 'webgpu' | 'wasm';
export type BackendPreference = 'auto' | BackendName;

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  isFallbackAdapter: boolean;
  shaderF16: boolean;
}

export interface BackendChoice {
  name: BackendName;
  reason: string;
  adapter?: AdapterSummary;
  /** Our own device, handed to onnxruntime so we can watch `device.lost`. */
  device?: GPUDevice;
}

export async function chooseBackend(pref: BackendPreference): Promise<BackendChoice> {
  if (pref === 'wasm') return { name: 'wasm', reason: 'WASM requested by configuration' };
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { name: 'wasm', reason: 'WebGPU is not exposed by this browser (navigator.gpu missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { name: 'wasm', reason: `WebGPU adapter request failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { name: 'wasm', reason: 'WebGPU gave no adapter (blocklisted or disabled GPU)' };
  const shaderF16 = adapter.features.has('shader-f16');
  const info = adapter.info;
  const summary: AdapterSummary = {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    // `isFallbackAdapter` moved from the adapter to its info; read either.
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
    shaderF16,
  };
  let device: GPUDevice;
  try {
    // Ask for the adapter's own limits: onnxruntime needs large storage buffers for big batches.
    const limits: Record<string, number> = {};
    for (const k of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX'] as const) {
      limits[k] = adapter.limits[k];
    }
    device = await adapter.requestDevice({ requiredFeatures: shaderF16 ? ['shader-f16'] : [], requiredLimits: limits });
  } catch (e) {
    return { name: 'wasm', reason: `WebGPU device request failed: ${e instanceof Error ? e.message : String(e)}`, adapter: summary };
  }
  const where = summary.isFallbackAdapter ? ' (software fallback adapter: correct but slow)' : '';
  return {
    name: 'webgpu',
    reason: `${pref === 'webgpu' ? 'WebGPU requested' : 'WebGPU adapter available'}: ${summary.vendor || 'unknown vendor'} ${summary.architecture}${where}${shaderF16 ? ', shader-f16' : ''}`,
    adapter: summary,
    device,
  };
}

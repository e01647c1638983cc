import { defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP) enables multi-threaded WASM. It is opt-in so the
// default demo behaves like a merchant page we do not control (single-threaded WASM).
const isolated = process.env.ALCOVE_ISOLATED === '1';
const headers: Record<string, string> = isolated
  ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  : {};

export default defineConfig({
  // A missing model file must be a 404, not the demo page served in its place.
  appType: 'mpa',
  // onnxruntime-web ships prebuilt ESM + wasm; pre-bundling it breaks its wasm URL lookup.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { headers },
  preview: { headers },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
});

/**
 * Builds the merchant widget into dist/widget/ (run after the site build, which empties dist/):
 *
 *   alcove-widget.js        ES module:     <script type="module" src=".../alcove-widget.js">
 *   alcove-widget.iife.js   classic script: <script src=".../alcove-widget.iife.js" defer>
 *   alcove-engine.worker.js the engine worker; its chunks/ and ort/ (onnxruntime's .wasm and
 *                           glue) resolve relative to it, so the whole folder can move as one
 *
 * Three builds, one command (`vite build -c vite.widget.config.ts`):
 * - The worker is a normal (not library) build: library mode inlines every asset, which would
 *   turn onnxruntime's 14 MB .wasm into base64 inside a JS file.
 * - The ES and IIFE scripts are two library builds: an IIFE has no `import.meta`, so each
 *   format gets its own `define` (see src/widget/config.ts, scriptBase()).
 * The third-party demo page (third-party/) is copied to dist/third-party/ as plain static files,
 * and the build ends by printing the widget's sizes, raw and gzipped (tools/build/widget-size.ts).
 */
import { cpSync } from 'node:fs';
import { build, defineConfig, type InlineConfig, type Plugin, type UserConfig } from 'vite';
import { widgetSizeReport } from './tools/build/widget-size';

const OUT = 'dist/widget';

const shared: UserConfig = {
  publicDir: false,
  // onnxruntime-web ships prebuilt ESM + wasm; pre-bundling it breaks its wasm URL lookup.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  logLevel: 'warn',
};

function widgetLib(format: 'es' | 'iife'): InlineConfig {
  return {
    ...shared,
    configFile: false,
    // An IIFE has no import.meta: there the script finds itself through document.currentScript.
    define: { __ALCOVE_ESM__: JSON.stringify(format === 'es') },
    build: {
      outDir: OUT,
      emptyOutDir: false,
      target: 'es2022',
      copyPublicDir: false,
      // A script to deploy, not a library to re-bundle: minify the ES build fully too.
      rollupOptions: { output: { minify: true } },
      lib: {
        entry: 'src/widget/index.ts',
        formats: [format],
        name: 'Alcove',
        fileName: () => (format === 'es' ? 'alcove-widget.js' : 'alcove-widget.iife.js'),
      },
    },
  };
}

/** After the worker build: copy the demo page, build both page scripts, print the sizes. */
function thenPageScripts(): Plugin {
  return {
    name: 'alcove-widget:page-scripts',
    apply: 'build',
    async closeBundle() {
      // onnxruntime's embedded glue only runs when its script is same-origin with the worker's
      // location. A worker started from a CDN (a blob: shim, see src/widget/shared-engine.ts) is
      // not, so there onnxruntime imports the glue file (.mjs) beside its .wasm, from ort/.
      for (const glue of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.asyncify.mjs']) {
        cpSync(`node_modules/onnxruntime-web/dist/${glue}`, `${OUT}/ort/${glue}`);
      }
      cpSync('third-party', 'dist/third-party', { recursive: true });
      await build(widgetLib('es'));
      await build(widgetLib('iife'));
      process.stdout.write(widgetSizeReport(OUT));
    },
  };
}

export default defineConfig({
  ...shared,
  // Relative: the worker's chunks and onnxruntime's .wasm are found from the worker's own URL,
  // wherever the folder is hosted.
  base: './',
  plugins: [thenPageScripts()],
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    copyPublicDir: false,
    // A worker has no document: no <link rel=modulepreload> helper.
    modulePreload: false,
    rollupOptions: {
      input: { 'alcove-engine.worker': 'workers/engine.worker.ts' },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // onnxruntime's .wasm keep their own names, in ort/ beside the glue .mjs copied there
        // (see thenPageScripts): a worker started from a CDN loads both from that folder.
        assetFileNames: (asset) => (asset.names.some((n) => n.endsWith('.wasm')) ? 'ort/[name][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
});

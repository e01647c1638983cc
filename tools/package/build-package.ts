/**
 * Builds the installable package into dist/package/ (`npm run build:package`, after the widget
 * build; `npm run pack:package` also packs it). package.json's "exports", "bin" and "files"
 * point here:
 *
 *   lib/index.js, lib/engine.worker.js  the library (src/client) and its engine worker as ES
 *                                       modules for the app's bundler; dependencies stay imports
 *   cli/alcove.js                       the `alcove` command for Node (no tsx)
 *   vite.js                             the Vite plugin (src/package/vite-plugin.ts)
 *   static/widget/                      the prebuilt widget folder (dist/widget/)
 *   static/models/alcove-mini-v3/, static/ranker/alcove-dcn-v2/   the default model and ranker
 *   types/                              declarations (tsc -p tsconfig.package.json)
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'rolldown';

const OUT = 'dist/package';
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const deps = Object.keys(pkg.dependencies);
// Dependencies and Node's modules stay imports: the installed package resolves them itself.
const external = (id: string) =>
  id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));

/** In the sources the client starts the worker from its TypeScript file; in the package the
 * built worker sits beside the built client. The `new Worker(new URL('…', import.meta.url))`
 * form stays, so the app's bundler (Vite) finds and bundles the worker. */
function builtWorkerUrl(): Plugin {
  const from = `new URL('../../workers/engine.worker.ts', import.meta.url)`;
  return {
    name: 'alcove:built-worker-url',
    transform(code, id) {
      if (!id.endsWith('/src/client/index.ts')) return null;
      if (!code.includes(from)) throw new Error(`src/client/index.ts no longer starts the worker with ${from}`);
      return code.replace(from, `new URL('./engine.worker.js', import.meta.url)`);
    },
  };
}

if (!existsSync('dist/widget/alcove-engine.worker.js')) throw new Error('build the widget first: npm run build:widget');
rmSync(OUT, { recursive: true, force: true });

await build({
  input: { index: 'src/client/index.ts', 'engine.worker': 'workers/engine.worker.ts' },
  platform: 'browser',
  external,
  plugins: [builtWorkerUrl()],
  output: { dir: `${OUT}/lib`, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
});
await build({
  input: { alcove: 'src/cli/run.ts' },
  platform: 'node',
  external,
  output: { dir: `${OUT}/cli`, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', banner: '#!/usr/bin/env node' },
});
await build({
  input: { vite: 'src/package/vite-plugin.ts' },
  platform: 'node',
  external,
  output: { dir: OUT, format: 'esm', entryFileNames: '[name].js' },
});

cpSync('dist/widget', `${OUT}/static/widget`, { recursive: true });
cpSync('public/models/alcove-mini-v3', `${OUT}/static/models/alcove-mini-v3`, { recursive: true });
cpSync('public/ranker/alcove-dcn-v2', `${OUT}/static/ranker/alcove-dcn-v2`, { recursive: true });
process.stdout.write(`package built in ${OUT}/\n`);

/**
 * `alcove/vite`: the Vite plugin of the installed package.
 *
 *   import alcove from 'alcove/vite';
 *   export default { plugins: [alcove()] };
 *
 * - Serves (dev) and copies into the build (build) the package's static files under `base`
 *   (default `/alcove/`): `models/alcove-mini-v3/`, `ranker/alcove-dcn-v2/` and the prebuilt
 *   widget folder `widget/` (page scripts, engine worker, onnxruntime's .wasm).
 * - Sets what the library's worker needs: ES-module workers (it code-splits onnxruntime per
 *   backend) and no dependency pre-bundling of `alcove` and `onnxruntime-web`, which would move
 *   them away from the files their `new URL(…, import.meta.url)` point to.
 *
 * The library's own worker (`createAlcove()`) is bundled by Vite with the app, which emits
 * onnxruntime's .wasm beside it; only the model and ranker are needed from `base` then.
 */
import { cpSync, createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export interface AlcovePluginOptions {
  /** URL path the static files are served and copied under. Default `/alcove/`. */
  base?: string;
  /** Also serve and copy the prebuilt widget folder (`<base>widget/`, 40 MB with both
   * onnxruntime builds). Default true; an app that only uses the library can leave it out. */
  widget?: boolean;
  /** The folder of static files; default: the package's own (dist/package/static/). */
  staticDir?: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export default function alcove(options: AlcovePluginOptions = {}): Plugin {
  const base = `/${(options.base ?? '/alcove/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const root = resolve(options.staticDir ?? fileURLToPath(new URL('./static/', import.meta.url)));
  const included = (rel: string) => options.widget !== false || !/^widget([/\\]|$)/.test(rel);
  let outDir = 'dist';
  return {
    name: 'alcove',
    config: () => ({
      optimizeDeps: { exclude: ['alcove', 'onnxruntime-web'] },
      worker: { format: 'es' },
    }),
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        let path: string;
        try {
          path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        } catch {
          return next(); // malformed escapes: not one of ours
        }
        if (!path.startsWith(base)) return next();
        const rel = path.slice(base.length);
        const file = resolve(root, rel);
        // Never outside the static folder (`..` in the URL).
        if (!file.startsWith(root + sep) || !included(rel)) return next();
        let size: number;
        try {
          const st = statSync(file);
          if (!st.isFile()) return next();
          size = st.size;
        } catch {
          return next();
        }
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(size));
        createReadStream(file).pipe(res);
      });
    },
    writeBundle() {
      cpSync(root, join(outDir, base), { recursive: true, filter: (src) => included(src.slice(root.length + 1)) });
    },
  };
}

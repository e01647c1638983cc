import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import alcove from '../../src/package/vite-plugin.js';

// A real Vite dev server and build with the plugin, over a small stand-in for the package's static/.
let dir: string;
let staticDir: string;
let app: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-vite-plugin-'));
  staticDir = join(dir, 'pkg/static');
  app = join(dir, 'app');
  await mkdir(join(staticDir, 'models/m'), { recursive: true });
  await mkdir(join(staticDir, 'widget/ort'), { recursive: true });
  await mkdir(app, { recursive: true });
  await writeFile(join(staticDir, 'models/m/config.json'), '{"model":true}');
  await writeFile(join(staticDir, 'widget/ort/x.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(dir, 'pkg/secret.txt'), 'not for the web');
  await writeFile(join(app, 'index.html'), '<!doctype html><title>app</title>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('alcove/vite', () => {
  let server: ViteDevServer;
  let origin: string;
  beforeAll(async () => {
    server = await createServer({ configFile: false, root: app, appType: 'mpa', logLevel: 'silent', plugins: [alcove({ staticDir })], server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sets ES-module workers and no pre-bundling of alcove and onnxruntime-web', () => {
    expect(server.config.worker.format).toBe('es');
    expect(server.config.optimizeDeps.exclude).toEqual(expect.arrayContaining(['alcove', 'onnxruntime-web']));
  });

  it('serves the static files under /alcove/ with their types in dev', async () => {
    const json = await fetch(`${origin}/alcove/models/m/config.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ model: true });
    const wasm = await fetch(`${origin}/alcove/widget/ort/x.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it('serves nothing outside the static folder and nothing that is missing', async () => {
    for (const path of ['/alcove/..%2fsecret.txt', '/alcove/%2e%2e%2fsecret.txt', '/alcove/%zz', '/alcove/models/m/none.json', '/alcove/models']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('not for the web');
    }
  });

  it('copies the static files into the build under its base, the widget folder only when asked', async () => {
    const outDir = join(dir, 'out');
    await build({ configFile: false, root: app, logLevel: 'silent', plugins: [alcove({ staticDir, base: 'shop/alcove', widget: false })], build: { outDir } });
    expect(await readFile(join(outDir, 'shop/alcove/models/m/config.json'), 'utf8')).toBe('{"model":true}');
    expect(existsSync(join(outDir, 'shop/alcove/widget'))).toBe(false);
    expect(existsSync(join(outDir, 'secret.txt'))).toBe(false);
  });
});

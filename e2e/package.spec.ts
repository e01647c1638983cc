/**
 * The installable package, proved the way a builder and a merchant meet it: pack the tarball,
 * install it offline into a scratch project outside the repository, import the library in
 * Node, run the packaged `alcove build-catalog` there, build a small Vite app that imports the
 * library and the widget from the package, serve it and search and recommend in Chromium.
 *
 * The scratch project gets no vite of its own: the repository's vite binary builds it (the
 * package's plugin and the app's imports resolve from the scratch node_modules).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { scratchLockfile } from './scratch-lockfile';

const REPO = resolve(import.meta.dirname, '..');
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');
const TSC = join(REPO, 'node_modules/.bin/tsc');
const run = promisify(execFile);

const CATALOG = [
  { id: 'flask', title: 'Insulated steel coffee flask', description: 'Keeps coffee hot for 12 hours', category: 'Kitchen', price: 24 },
  { id: 'mug', title: 'Ceramic coffee mug', description: 'A 350 ml mug for tea or coffee', category: 'Kitchen', price: 9 },
  { id: 'tent', title: 'Two-person hiking tent', description: 'Lightweight tent for camping trips', category: 'Outdoor', price: 180 },
  { id: 'bag', title: 'Down sleeping bag', description: 'Warm sleeping bag for cold nights outdoors', category: 'Outdoor', price: 120 },
  { id: 'lamp', title: 'LED desk lamp', description: 'Dimmable reading light for the office', category: 'Office', price: 35 },
  { id: 'chair', title: 'Ergonomic office chair', description: 'Adjustable chair with lumbar support', category: 'Office', price: 240 },
];

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

let scratch = '';
let packed: Packed;
let server: ChildProcess | undefined;
let origin = '';

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** Starts the repository's vite (`preview` or dev) in the scratch project on a free port. */
async function serve(mode: string[]): Promise<{ server: ChildProcess; origin: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('node', [VITE, ...mode, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: scratch, stdio: 'ignore' });
  await expect.poll(async () => (await fetch(`${url}/`).catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBe(200);
  return { server: child, origin: url };
}

type LibraryResult = Record<string, unknown> & { search: string[]; similar: string[]; forYou: string[] };

/** Opens the library page (main.ts) and checks what it found. */
async function checkLibraryPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/?backend=wasm`);
  const out = page.locator('body[data-result]');
  await expect(out).toBeAttached({ timeout: 120_000 });
  const result = JSON.parse((await out.getAttribute('data-result'))!) as LibraryResult;
  expect(result).toMatchObject({ backend: 'wasm', model: 'alcove-mini-v3', ranker: 'alcove-dcn-v2', items: CATALOG.length, badEvent: 'unknown_event_type' });
  expect(result.search[0]).toBe('flask');
  expect(result.similar[0]).toBe('bag');
  expect(result.forYou).toHaveLength(3);
  expect(result.forYou).not.toContain('lamp');
}

async function sh(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(cmd, args, { cwd, maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}\n${err.message}`);
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(170_000);
  // `npm run pack:package`, packing into the scratch folder (.npmrc's ignore-scripts skips prepack).
  await sh('npm', ['run', 'build:package'], REPO);
  scratch = mkdtempSync(join(tmpdir(), 'alcove-shop-'));
  packed = (JSON.parse((await sh('npm', ['pack', '--json', '--pack-destination', scratch], REPO)).stdout) as Packed[])[0]!;
  const tarball = packed.filename;

  const repoPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', private: true, type: 'module' }, null, 2));
  writeFileSync(join(scratch, 'package-lock.json'), JSON.stringify(scratchLockfile('shop', repoLock, repoPkg.dependencies), null, 2));
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], scratch);
  cpSync(join(REPO, 'e2e/package-app'), scratch, { recursive: true });
  writeFileSync(join(scratch, 'catalog.jsonl'), CATALOG.map((r) => JSON.stringify(r)).join('\n') + '\n');
});

test.afterAll(async () => {
  server?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the tarball holds built JavaScript, declarations and the runtime files, no sources', async () => {
  console.log(`${packed.filename}: ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${packed.files.length} files`);
  // Built code, declarations, model/ranker/wasm files and the package's own docs; nothing else.
  const stray = packed.files.map((f) => f.path).filter((p) => !/^(README\.md|package\.json|dist\/package\/.+\.(js|mjs|d\.ts|json|onnx|wasm))$/.test(p));
  expect(stray).toEqual([]);
  // Model (11 MB) + onnxruntime's two .wasm (41 MB raw) are most of it; a dataset would show.
  expect(packed.size).toBeLessThan(24e6);
  const installed = join(scratch, 'node_modules/alcove');
  for (const f of ['dist/package/lib/index.js', 'dist/package/lib/engine.worker.js', 'dist/package/cli/alcove.js', 'dist/package/vite.js', 'dist/package/types/client/index.d.ts', 'dist/package/static/widget/alcove-widget.js', 'dist/package/static/widget/alcove-widget.iife.js', 'dist/package/static/widget/ort/ort-wasm-simd-threaded.wasm', 'dist/package/static/models/alcove-mini-v3/config.json', 'dist/package/static/ranker/alcove-dcn-v2/ranker.onnx']) {
    expect(existsSync(join(installed, f)), f).toBe(true);
  }
  for (const f of ['src', 'tests', 'training', 'tools', 'e2e', 'public']) expect(existsSync(join(installed, f)), f).toBe(false);
});

test("Node's import('alcove') resolves the library without a browser, and every export resolves", async () => {
  const script = `const m = await import('alcove');
const e = new m.AlcoveError('invalid_input', 'x');
const { existsSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
const exported = ['alcove/worker', 'alcove/widget', 'alcove/widget.iife.js', 'alcove/vite', 'alcove/static/ranker/alcove-dcn-v2/ranker.json'];
console.log(JSON.stringify({
  exports: Object.keys(m).sort(), code: e.code, isError: e instanceof Error,
  missing: exported.filter((s) => !existsSync(fileURLToPath(import.meta.resolve(s)))),
}));`;
  const { stdout } = await sh('node', ['--input-type=module', '-e', script], scratch);
  expect(JSON.parse(stdout)).toEqual({ exports: ['AlcoveError', 'READABLE_EXPORT_FORMAT', 'createAlcove', 'createEngineWorker', 'readableExport', 'wrapEngine'], code: 'invalid_input', isError: true, missing: [] });
});

test('the packaged CLI builds a catalog in the merchant folder (npx alcove, no tsx)', async () => {
  const model = 'node_modules/alcove/dist/package/static/models/alcove-mini-v3';
  const { stdout } = await sh('npx', ['--offline', 'alcove', 'build-catalog', 'catalog.jsonl', '--model', model, '--out', 'public/catalog', '--json'], scratch);
  const summary = JSON.parse(stdout) as { valid: number; rejected: number; modelId: string; dim: number; encoding: string };
  expect(summary).toMatchObject({ valid: CATALOG.length, rejected: 0, modelId: 'alcove-mini-v3', dim: 192, encoding: 'int8' });
  expect(existsSync(join(scratch, 'public/catalog/manifest.json'))).toBe(true);
  expect(existsSync(join(scratch, 'node_modules/tsx'))).toBe(false);
});

test("the app typechecks against the package's declarations and builds with its Vite plugin", async () => {
  await sh(TSC, ['-p', 'tsconfig.json'], scratch);
  await sh('node', [VITE, 'build'], scratch);
  for (const f of ['dist/index.html', 'dist/widget.html', 'dist/classic.html', 'dist/alcove/models/alcove-mini-v3/config.json', 'dist/alcove/ranker/alcove-dcn-v2/ranker.json', 'dist/alcove/widget/alcove-engine.worker.js', 'dist/catalog/manifest.json']) {
    expect(existsSync(join(scratch, f)), f).toBe(true);
  }
  ({ server, origin } = await serve(['preview']));
});

test('in Chromium the library from the package searches and recommends', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await checkLibraryPage(page, origin);
  // Vite bundled the package's worker into the app (not the prebuilt widget one).
  expect(workers).toEqual([expect.stringMatching(/^\/assets\/engine\.worker-[\w-]+\.js$/)]);
});

test('the same app runs on the Vite dev server (the plugin serves the files, no pre-bundling)', async ({ page }) => {
  const dev = await serve([]);
  try {
    await checkLibraryPage(page, dev.origin);
  } finally {
    dev.server.kill();
  }
});

test('in Chromium the widget bundled from the package searches and recommends', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto(`${origin}/widget.html`);
  await expect(page.locator('alcove-search')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Search products' }).fill('sleeping outdoors in the cold');
  await expect(page.getByRole('option').first()).toContainText('Down sleeping bag');
  const similar = page.locator('#similar .card');
  await expect(similar.first()).toBeVisible();
  expect(await similar.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']))).not.toContain('tent');
  // The widget's engine is the prebuilt worker the plugin serves.
  expect(workers).toEqual(['/alcove/widget/alcove-engine.worker.js']);
});

test("in Chromium the package's classic widget script works on a page without a bundler", async ({ page }) => {
  await page.goto(`${origin}/classic.html`);
  await expect(page.locator('alcove-search')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  // The classic script's search answers (a query that keyword and dense evidence agree on: the
  // fitted fusion puts "chair for my desk" keyword-first, and the lamp has more of its words).
  await page.getByRole('combobox', { name: 'Search products' }).fill('office chair');
  await expect(page.getByRole('option').first()).toContainText('Ergonomic office chair');
});

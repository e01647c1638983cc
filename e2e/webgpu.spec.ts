import { expect, settledStatus, status, test } from './fixtures';

test('a lost GPU device mid-session: the engine continues on WASM and keeps the history', async ({ openShop }) => {
  const page = await openShop();
  expect((await settledStatus(page, 'auto')).backend.name).toBe('webgpu');
  await page.locator('#foryou .card').first().click();
  await expect(page.locator('#foryou-strategy')).toContainText('personalised');

  await page.evaluate(() => (window as unknown as { alcove: { faultDrill(k: string): Promise<void> } }).alcove.faultDrill('gpu-device-lost'));
  await page.getByLabel('Search products').fill('frying pan');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#results-title')).toContainText('frying pan');
  await expect(page.locator('#results .card').first()).toBeVisible();

  const s = await status(page);
  expect(s.backend.name).toBe('wasm');
  expect(s.backend.reason).toMatch(/lost/i);
  expect(s.events).toBe(2); // the click and the search
  await expect(page.locator('#error')).toBeHidden();
});

type Alcove = { alcove: { search(q: string, o: object): Promise<{ items: { item: { id: string }; score: number }[] }>; faultDrill(k: string): Promise<void> } };

/** The ids of the top 10 for each query, in the page's engine. */
function topIds(page: import('@playwright/test').Page, queries: string[]): Promise<string[][]> {
  return page.evaluate(async (qs) => {
    const out: string[][] = [];
    for (const q of qs) out.push((await (window as unknown as Alcove).alcove.search(q, { limit: 10, record: false })).items.map((r) => r.item.id));
    return out;
  }, queries);
}

test('the WGSL retrieval kernel in Chromium returns what the WASM kernel returns, and a lost device falls back to it', async ({ openShop, browser }) => {
  const queries = ['frying pan', 'boot', 'something to keep coffee hot', 'garden tools', 'lamp', 'a warm winter coat', 'toy', 'kitchen knife'];
  const page = await openShop('&retrieval=gpu');
  const s = await settledStatus(page, 'auto');
  expect(s.backend.name).toBe('webgpu');
  expect(s.retrieval?.kernel).toBe('webgpu-f32');
  expect(s.retrieval?.reason).toMatch(/^GPU: forced by config \(webgpu-f32 [\d.]+ ms vs wasm-f32 [\d.]+ ms/);
  const onGpu = await topIds(page, queries);

  // The same queries on a second, fresh profile whose retrieval runs on the CPU kernel.
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const cpuPage = await context.newPage();
  await cpuPage.goto('/?backend=auto&retrieval=cpu');
  await expect(cpuPage.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect((await status(cpuPage)).retrieval?.reason).toBe('CPU: forced by config');
  expect(await topIds(cpuPage, queries)).toEqual(onGpu);
  await context.close();

  // The device goes away: retrieval (and encoding) continue on the CPU with the same results.
  await page.evaluate(() => (window as unknown as Alcove).alcove.faultDrill('gpu-device-lost'));
  expect(await topIds(page, queries)).toEqual(onGpu);
  const after = await status(page);
  expect(after.retrieval?.kernel).toBe('wasm-f32');
  expect(after.retrieval?.reason).toMatch(/GPU kernel failed/);
});

test('WebGPU unavailable (no adapter, or no navigator.gpu): auto continues on WASM and says why', async ({ page }) => {
  for (const [patch, reason] of [
    ['GPU.prototype.requestAdapter = async () => null;', /WebGPU gave no adapter/],
    ["Object.defineProperty(WorkerNavigator.prototype, 'gpu', { get: () => undefined });", /navigator\.gpu missing/],
  ] as const) {
    await page.unroute('**/assets/engine.worker-*.js');
    await page.route('**/assets/engine.worker-*.js', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: `${patch}\n${await res.text()}` });
    });
    await page.goto(`/?backend=auto&db=no-gpu-${Date.now()}`);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
    const s = await status(page);
    expect(s.backend.name).toBe('wasm');
    expect(s.backend.reason).toMatch(reason);
    await page.getByLabel('Search products').fill('frying pan');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('#results .card').first()).toBeVisible();
  }
});

test('encoder and retrieval both on WebGPU: the query embedding goes from the encoder to the WGSL kernel on the GPU, with the CPU path\'s results', async ({ page, browser }) => {
  const queries = ['frying pan', 'something to keep coffee hot', 'garden tools', 'a warm winter coat'];
  // Explicit webgpu: single queries run on WebGPU too (auto would route them to WASM here).
  await page.goto(`/?backend=webgpu&retrieval=gpu&db=handoff-${Date.now()}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  const onGpu = await topIds(page, queries);
  const s = await status(page);
  expect(s.backend.name).toBe('webgpu');
  expect(s.backend.queries).toBeUndefined(); // no routing: queries on WebGPU
  expect(s.retrieval).toMatchObject({ kernel: 'webgpu-f32', queryOnGpu: true });

  // The same encoder (WebGPU) with retrieval on the CPU: the embedding is downloaded first.
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const cpuPage = await context.newPage();
  await cpuPage.goto(`/?backend=webgpu&retrieval=cpu&db=handoff-cpu-${Date.now()}`);
  await expect(cpuPage.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect(await topIds(cpuPage, queries)).toEqual(onGpu);
  expect((await status(cpuPage)).retrieval).toMatchObject({ kernel: 'wasm-f32', queryOnGpu: false });
  await context.close();

  // The device the encoder shares with retrieval goes away: search continues on the CPU.
  await page.evaluate(() => (window as unknown as Alcove).alcove.faultDrill('gpu-device-lost'));
  const [after] = await topIds(page, queries.slice(0, 1));
  expect(after).toHaveLength(10);
  const lost = await status(page);
  expect(lost.backend.name).toBe('wasm');
  expect(lost.retrieval).toMatchObject({ kernel: 'wasm-f32', queryOnGpu: false });
});

test('a warm reload with auto is usable at once on WASM where it won single queries; WebGPU starts on the first bulk work', async ({ openShop, page }) => {
  await openShop();
  const first = await settledStatus(page, 'auto');
  test.skip(first.backend.queries?.backend !== 'wasm', 'WebGPU won single queries on this device: it starts first there');
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  // Navigation start to the first search answered, by the page's clock.
  const usableMs = await page.evaluate(async () => {
    await (window as unknown as Alcove).alcove.search('coffee mug', { record: false });
    return performance.now();
  });
  const warm = await status(page);
  expect(warm.backend.name).toBe('wasm');
  expect(warm.backend.reason).toMatch(/^WebGPU adapter available: .*; WebGPU starts on the first bulk work \(WASM won single queries here\)$/);
  expect(warm.backend.queries?.reason).toMatch(/remembered for this device$/);
  // Before, both variants were started and timed before ready: 7.7 s on this software adapter.
  expect(usableMs).toBeLessThan(4000);

  // Bulk work brings WebGPU up beside WASM and times batches on both.
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `warm-bulk-${i}`, title: `Test item ${i}`, description: 'A product embedded in the browser' }));
  await page.evaluate((rows) => (window as unknown as { alcove: { ingestCatalog(r: object[]): Promise<unknown> } }).alcove.ingestCatalog(rows), items);
  const bulk = await status(page);
  expect(bulk.backend.name).toBe('webgpu');
  expect(bulk.backend.queries?.backend).toBe('wasm');
  expect(bulk.backend.bulk?.reason).toMatch(/^batches on (WASM too|WebGPU) \(batch 8: WASM [\d.]+ ms vs WebGPU [\d.]+ ms/);
});

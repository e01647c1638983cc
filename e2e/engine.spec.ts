import { expect, expectedBackend, settledStatus, status, test } from './fixtures';

test('loads the engine on the expected backend with the shipped model and catalog', async ({ openShop, backendParam }) => {
  const page = await openShop();
  const initial = await status(page);
  expect(initial.ready).toBe(true);
  if (backendParam === 'auto' && initial.backend.name === 'wasm') {
    // A first visit is usable at once on WASM; WebGPU is created and timed in the background.
    expect(initial.backend.reason).toMatch(/^WebGPU adapter available: .*; measuring WebGPU in the background, WASM serves meanwhile$/);
    expect(initial.backend.queries).toEqual({ backend: 'wasm', reason: 'single queries on WASM while WebGPU is measured in the background' });
  }
  const s = await settledStatus(page, backendParam);
  expect(s.backend.name).toBe(expectedBackend(backendParam));
  expect(s.backend.reason.length).toBeGreaterThan(5);
  if (s.backend.name === 'webgpu') {
    expect(s.backend.adapter?.architecture).toBeTruthy();
    // Single queries go where they measured faster on this device (SwiftShader: WASM, by far).
    expect(s.backend.queries?.reason).toMatch(/^single queries on (WASM|WebGPU) \(batch 1: WASM [\d.]+ ms vs WebGPU [\d.]+ ms/);
    // Bulk batches: on WebGPU when it won single queries; else timed on the first bulk work (below).
    if (s.backend.queries?.backend === 'webgpu') expect(s.backend.bulk?.backend).toBe('webgpu');
    else expect(s.backend.bulk).toBeUndefined(); // the shards needed no embedding
  } else {
    expect(s.backend.queries).toBeUndefined();
    expect(s.backend.bulk).toBeUndefined();
  }
  expect(s.model?.id).toBe('alcove-mini-v3');
  expect(s.model?.trained).toBe(true);
  // The trained ranker (ONNX, run in the worker) is the default, with nothing left untrained.
  expect(s.ranker).toEqual({ id: 'alcove-dcn-v2', trained: true, untrainedParts: [] });
  // Retrieval placement: no GPU kernel without a GPU device; with one, measured, not assumed.
  expect(s.retrieval?.reason).toMatch(backendParam === 'wasm' ? /^CPU: the encoder runs on WASM/ : /^(CPU|GPU): faster here \(webgpu-f32 [\d.]+ ms vs wasm-f32/);
  expect(s.catalog?.items).toBe(1892); // from the precomputed shards: nothing embedded in the browser
  expect(s.timings.ingest?.['embedMs']).toBe(0);
  await expect(page.locator('#status dd[data-key="Backend"]')).toContainText(backendParam === 'wasm' ? 'wasm' : 'WebGPU adapter available');
  await expect(page.locator('#foryou .card')).toHaveCount(8);

  if (s.backend.queries?.backend === 'wasm') {
    // The first catalog to embed in the browser times batches on both backends, then uses the faster.
    const items = Array.from({ length: 12 }, (_, i) => ({ id: `bulk-${i}`, title: `Test item ${i}`, description: 'A product embedded in the browser' }));
    await page.evaluate((rows) => (window as unknown as { alcove: { ingestCatalog(r: object[]): Promise<unknown> } }).alcove.ingestCatalog(rows), items);
    expect((await status(page)).backend.bulk?.reason).toMatch(/^batches on (WASM too|WebGPU) \(batch 8: WASM [\d.]+ ms vs WebGPU [\d.]+ ms/);
  }
});

test('a search returns relevant items', async ({ openShop }) => {
  const page = await openShop();
  await page.getByLabel('Search products').fill('frying pan');
  await page.getByRole('button', { name: 'Search' }).click();
  const titles = page.locator('#results .card h3');
  await expect(titles.first()).toBeVisible();
  const top = (await titles.allTextContents()).slice(0, 3).join(' | ').toLowerCase();
  expect(top).toMatch(/frying pan|skillet|pan/);
});

test('search uses the fitted fusion; nonsense is flagged noMatch, real queries are not', async ({ openShop }) => {
  const page = await openShop();
  expect((await status(page)).search.fusion).toMatch(/^fitted fusion \S+ \(search-fusion\.json beside the model\)/);
  type Search = { alcove: { search(q: string, o: object): Promise<{ items: { item: { title: string; category?: string } }[]; noMatch?: boolean }> } };
  const search = (q: string) => page.evaluate((text) => (window as unknown as Search).alcove.search(text, { limit: 8, record: false }), q);
  const nonsense = await search('xqzv blorf');
  expect(nonsense.noMatch).toBe(true);
  for (const q of ['frying pan', 'something to keep coffee hot']) {
    const r = await search(q);
    expect(r.noMatch, q).toBeUndefined();
    expect(r.items.length).toBe(8);
  }
  // Keyword-led ("boot" is in every boot's title): the keyword order stands, every result a boot.
  const boot = await search('boot');
  expect(boot.items.every((r) => /boot|wader|jodhpur|galosh/i.test(`${r.item.title} ${r.item.category ?? ''}`))).toBe(true);
});

test('clicks change the recommendations, survive a reload, and forgetMe wipes them', async ({ openShop, page, backendParam }) => {
  await openShop();
  await expect(page.locator('#foryou-strategy')).toContainText('cold start');
  const before = await page.locator('#foryou .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']));

  await page.getByLabel('Search products').fill('boot');
  await page.getByRole('button', { name: 'Search' }).click();
  const first = page.locator('#results .card').first();
  const clickedTitle = await first.locator('h3').textContent();
  await first.click();
  await expect(page.locator('#foryou-strategy')).toContainText('personalised');
  await expect(page.locator('#similar-section')).toBeVisible();
  const after = await page.locator('#foryou .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']));
  expect(after).not.toEqual(before);
  // The explanation names the real history item.
  await expect(page.locator('#foryou .card .because').first()).toContainText(clickedTitle!);

  await settledStatus(page, backendParam); // auto: the measurement is stored before the reload
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  const history = await page.evaluate(() => (window as unknown as { alcove: { history(): Promise<{ type: string }[]> } }).alcove.history());
  // The reload reopened the product page (its URL): that counts as a view of it.
  expect(history.map((e) => e.type)).toEqual(['search', 'click', 'view']);
  await expect(page.locator('#foryou-strategy')).toContainText('personalised');
  const reloaded = await status(page);
  // The workload-routing measurement ran once for this device: the reload reuses it, and where
  // WASM won single queries it serves them from the start, WebGPU waiting for bulk work.
  if (backendParam === 'auto') {
    expect(reloaded.backend.queries?.reason).toMatch(/remembered for this device$/);
    expect(reloaded.backend.name).toBe(reloaded.backend.queries?.backend);
    if (reloaded.backend.name === 'wasm') expect(reloaded.backend.reason).toMatch(/WebGPU starts on the first bulk work/);
  } else expect(reloaded.backend.name).toBe('wasm');

  await page.getByRole('button', { name: 'Forget me' }).click();
  await page.getByRole('button', { name: 'Delete my data' }).click(); // it asks once, in the page
  await expect(page.locator('#foryou-strategy')).toContainText('cold start');
  // Reopen the database from the page itself: the events store is empty.
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('alcove');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const count = req.result.transaction('events').objectStore('events').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(stored).toBe(0);
});

test('product pages and the cart: a card opens its page (a URL of its own), the cart checks out locally', async ({ openShop, page, backendParam }) => {
  await openShop();
  await page.getByLabel('Search products').fill('kettle');
  await page.getByRole('button', { name: 'Search' }).click();
  const first = page.locator('#results .card').first();
  const title = (await first.locator('h3').textContent())!;
  const id = (await first.getAttribute('data-item-id'))!;
  await first.click();
  await expect(page).toHaveURL(new RegExp(`#/p/${encodeURIComponent(id)}$`));
  await expect(page.locator('#product-title')).toHaveText(title);
  await expect(page.locator('#results-section')).toBeHidden();
  await expect(page.locator('#similar .card').first()).toBeVisible();
  await page.getByRole('button', { name: 'Add to cart' }).first().click(); // the product page's own button
  await expect(page.locator('#cart-count')).toHaveText('1');

  // Back to the shop, then a deep link straight to the product page after a reload.
  await page.goBack();
  await expect(page.locator('#product')).toBeHidden();
  await page.goto(`/?backend=${backendParam}&via=link#/p/${encodeURIComponent(id)}`); // another query: a real page load
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  await expect(page.locator('#product-title')).toHaveText(title);

  // The cart is kept in this browser, so the reload kept it: a second add makes one line of two.
  await expect(page.locator('#cart-count')).toHaveText('1');
  await page.locator('#product-add').click();
  await page.getByRole('link', { name: /Cart: 2/ }).click();
  await expect(page).toHaveURL(/#\/cart$/);
  await expect(page.locator('#cart-lines li')).toHaveCount(1);
  await expect(page.locator('#cart-lines')).toContainText(title);
  await expect(page.locator('#cart-lines .qty')).toHaveText('× 2');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('#checkout-done')).toContainText('recorded only in this browser');
  await expect(page.locator('#cart-count')).toHaveText('0');
  const types = await page.evaluate(async () =>
    (await (window as unknown as { alcove: { history(): Promise<{ type: string; itemId?: string }[]> } }).alcove.history()).map((e) => `${e.type}:${e.itemId ?? ''}`),
  );
  expect(types).toEqual(['search:', `click:${id}`, `add_to_cart:${id}`, `view:${id}`, `add_to_cart:${id}`, `purchase:${id}`]);
});

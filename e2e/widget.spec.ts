/**
 * The merchant widget on a third-party-style page (third-party/index.html, served from dist/
 * with a strict CSP meta tag and no COOP/COEP headers), forced to WASM.
 * Runs in the wasm project only: SwiftShader's WebGPU embeds ~10 items/s.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page, type Worker } from '@playwright/test';
import type { AlcoveSelectDetail } from '../src/widget';

const PAGE = '/third-party/?backend=wasm';
const HTML = readFileSync('third-party/index.html', 'utf8');
/** The policy the page ships with, read from the page itself. */
const POLICY = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(HTML)![1]!;

interface DemoItem {
  id: string;
  title: string;
  description?: string;
}
const DEMO: DemoItem[] = (JSON.parse(readFileSync('public/catalog/demo-catalog.json', 'utf8')) as { items: DemoItem[] }).items;

/** ~200 demo items, every boot and flask among them: for tests that do not need all ~1.9k. */
function smallCatalog(extra: object[] = []): string {
  const wanted = DEMO.filter((it) => /boot|thermos|vacuum flask/i.test(it.title));
  const spread = DEMO.filter((it, i) => i % 12 === 0 && !wanted.includes(it));
  return JSON.stringify({ items: [...extra, ...wanted, ...spread] });
}

async function routeCatalog(page: Page, body: string): Promise<void> {
  await page.route('**/catalog/demo-catalog.json', (route) => route.fulfill({ body, contentType: 'application/json' }));
}

/** Collects alcove:select details from the page (a listener on document, as a merchant would). */
async function watchSelect(page: Page): Promise<() => Promise<AlcoveSelectDetail[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __selected: unknown[] };
    w.__selected = [];
    document.addEventListener('alcove:select', (e) => w.__selected.push((e as CustomEvent).detail));
  });
  return () => page.evaluate(() => (window as unknown as { __selected: AlcoveSelectDetail[] }).__selected);
}

async function openShop(page: Page, url = PAGE): Promise<void> {
  await page.goto(url);
  await expect(page.locator('alcove-search')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  // shop.js calls configure({ backend: 'wasm' }) after the widget's script: it must still count.
  expect(await page.evaluate(async () => (await (await window.Alcove.ready()).status()).backend.name)).toBe('wasm');
}

function history(page: Page): Promise<{ type: string; itemId?: string; query?: string }[]> {
  return page.evaluate(async () => (await window.Alcove.ready()).history());
}

function cardIds(page: Page, list: string): Promise<string[]> {
  return page.locator(`${list} .card`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']!));
}

test('keyboard only: Tab to the search box, type, ArrowDown + Enter selects; arrows move between cards', async ({ page }) => {
  // The page as shipped, with the whole demo catalog.
  const selected = await watchSelect(page);
  await openShop(page);
  const box = page.getByRole('combobox', { name: 'Search products' });

  await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await page.keyboard.type('boot');
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', 'option-0');
  const title = await options.first().locator('.title').textContent();
  expect(title?.toLowerCase()).toContain('boot');
  await page.keyboard.press('Enter');

  await expect.poll(async () => (await selected()).length).toBe(1);
  const [first] = await selected();
  expect(first!.item.title).toBe(title);
  expect(first!.source).toBe('search');
  expect(first!.query).toBe('boot');
  expect(first!.href).toContain(`/third-party/?product=${encodeURIComponent(first!.item.id)}`);
  // The shop opened it in place (it called preventDefault), and recorded nothing over the network.
  await expect(page.locator('#product-title')).toHaveText(title!);
  await expect.poll(async () => (await history(page)).map((e) => e.type)).toEqual(['search', 'click', 'view']);

  // On into the "similar" list: Tab reaches its first card, arrows move along, Enter opens.
  const similar = page.locator('#similar .card .open');
  await expect(similar.first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(similar.first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(similar.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(similar.last()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await selected()).length).toBe(2);
  expect((await selected())[1]!.source).toBe('similar');
});

test('for-you recommendations change after a click', async ({ page }) => {
  await routeCatalog(page, smallCatalog());
  await openShop(page);
  const forYou = page.locator('#for-you');
  await expect(forYou.locator('.card').first()).toBeVisible();
  const before = await cardIds(page, '#for-you');
  expect(before.length).toBe(6);

  const clicked = forYou.locator('.card .open').first();
  const clickedTitle = await clicked.textContent();
  await clicked.click();
  // Personalised now: the list moved, and says which of the shopper's items pulled it up.
  await expect.poll(() => cardIds(page, '#for-you')).not.toEqual(before);
  await expect(forYou.locator('.because').first()).toContainText(clickedTitle!);
  expect((await history(page)).map((e) => e.type)).toContain('click');
});

test('<alcove-privacy> downloads the stored events as JSON, and "Forget me" empties the history', async ({ page }) => {
  await routeCatalog(page, smallCatalog());
  await openShop(page);
  const privacy = page.locator('alcove-privacy');
  await expect(privacy.locator('.events')).toHaveText('Your searches and clicks stay in this browser. 0 events stored. Nothing sent.');

  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('thermos');
  await box.press('Enter'); // commits (stores) the query
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter'); // click + the product's similar list records a view
  await page.locator('#for-you .card .add').first().click();
  await expect(page.locator('#cart-count')).toHaveText('1');
  await expect(privacy.locator('.events')).toHaveText('Your searches and clicks stay in this browser. 4 events stored. Nothing sent.');
  // How it works is one click away, not in the way.
  await expect(privacy.locator('.catalog')).toBeHidden();
  await privacy.getByText('How this works').click();
  await expect(privacy.locator('.catalog')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), privacy.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toBe('alcove-my-data.json');
  const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    format: string;
    summary: string[];
    events: { type: string; at: string; query?: string; itemId?: string; title?: string }[];
  };
  expect(data.format).toBe('alcove-personal-data');
  expect(data.events.map((e) => e.type)).toEqual(['search', 'click', 'view', 'add_to_cart']);
  expect(data.events[0]!.query).toBe('thermos');
  // Readable: product names and ISO dates, and one sentence per event.
  const clicked = data.events[1]!;
  expect(clicked.title).toBe(JSON.parse(smallCatalog()).items.find((it: DemoItem) => it.id === clicked.itemId).title);
  expect(new Date(clicked.at).toISOString()).toBe(clicked.at);
  expect(data.summary).toHaveLength(4);
  expect(data.summary[1]).toContain(`opened “${clicked.title}”`);

  // "Forget me" asks first; "Keep it" keeps everything.
  await privacy.getByRole('button', { name: 'Forget me' }).click();
  const confirm = privacy.getByRole('group', { name: /^Delete the 4 events stored about your visits\?/ });
  await expect(confirm).toBeVisible();
  await expect(privacy.getByRole('button', { name: 'Delete my data' })).toBeFocused();
  await privacy.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toBeHidden();
  expect(await history(page)).toHaveLength(4);
  await privacy.getByRole('button', { name: 'Forget me' }).click();
  await privacy.getByRole('button', { name: 'Delete my data' }).click();
  await expect(privacy.locator('.events')).toHaveText('Your searches and clicks stay in this browser. 0 events stored. Nothing sent.');
  await expect(privacy.getByRole('status')).toHaveText('Deleted 4 events. Nothing about your visits is stored here now.');
  expect(await history(page)).toEqual([]);
});

test('all elements on the page share one engine worker and one init (classic-script build)', async ({ page }) => {
  const workers: Worker[] = [];
  const configFetches: string[] = [];
  page.on('worker', (w) => workers.push(w));
  page.on('request', (r) => r.url().endsWith('/models/alcove-mini-v3/config.json') && configFetches.push(r.url()));
  // The same page with the IIFE build in a plain, parser-blocking <script> in <head>.
  await page.route((url) => url.pathname === '/third-party/', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('<script type="module" src="/widget/alcove-widget.js"></script>', '<script src="/widget/alcove-widget.iife.js"></script>');
    expect(body).toContain('alcove-widget.iife.js');
    await route.fulfill({ response: res, body });
  });
  await routeCatalog(page, smallCatalog());
  await openShop(page);
  await expect(page.locator('alcove-recommendations#for-you')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('alcove-privacy')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#for-you .card').first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Search products' }).fill('boot');
  await expect(page.getByRole('option').first()).toBeVisible();

  expect(await page.locator('alcove-search, alcove-recommendations, alcove-privacy').count()).toBe(5);
  expect(workers.map((w) => new URL(w.url()).pathname)).toEqual(['/widget/alcove-engine.worker.js']);
  expect(configFetches).toHaveLength(1);
  expect(await page.evaluate(() => typeof window.Alcove.configure)).toBe('function');
});

test('a hostile catalog entry renders as inert, readable text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const hostile = {
    id: 'x1',
    title: '<img src=x onerror=window.__pwned=1>Evil',
    description: '\u200Fمرحبا RTL text <script>window.__pwned=2</script>',
    url: 'javascript:alert(1)',
  };
  const longWord = 'Supercalifragilisticexpialidocious'.repeat(12);
  // Popularity puts these first in the cold-start "for you" list, as cards.
  const odd = { id: 'a/../../b?c=1#d', title: 'Odd id lamp', imageUrl: '/img/lamp.png', popularity: 10 };
  const long = { id: 'long', title: longWord, description: longWord, popularity: 9 };
  await routeCatalog(page, smallCatalog([{ ...hostile, popularity: 8 }, odd, long]));
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.route('**/img/lamp.png', (route) => route.fulfill({ body: png, contentType: 'image/png' }));
  const selected = await watchSelect(page);
  await openShop(page);

  // An id with URL syntax in it stays inside its slot of the item link; the image is lazy with alt text.
  const oddCard = page.locator('#for-you .card').filter({ hasText: 'Odd id lamp' });
  expect(await oddCard.locator('a.open').getAttribute('href')).toMatch(/\/third-party\/\?product=a%2F\.\.%2F\.\.%2Fb%3Fc%3D1%23d$/);
  const img = oddCard.locator('img');
  await expect(img).toHaveAttribute('loading', 'lazy');
  await expect(img).toHaveAttribute('alt', 'Odd id lamp');
  // A 400-character word wraps inside its card instead of overflowing it or the page.
  const longCard = page.locator('#for-you .card[data-item-id="long"]');
  expect(await longCard.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // As a card: literal text, right-to-left text in its own direction, no javascript: link.
  const card = page.locator('#for-you .card[data-item-id="x1"]');
  await expect(card.locator('.title')).toHaveText(hostile.title);
  await expect(card.locator('.desc')).toHaveText(hostile.description);
  expect(await card.locator('.desc').evaluate((el) => [getComputedStyle(el).unicodeBidi, getComputedStyle(el).overflowWrap, (el as HTMLElement).dir])).toEqual([
    'plaintext',
    'anywhere',
    'auto',
  ]);
  // The link is the merchant's template with the id encoded, never the row's javascript: url.
  expect(await card.locator('a.open').getAttribute('href')).toMatch(/\/third-party\/\?product=x1$/);

  // As a search result (the query committed with Enter, so the after-query list follows it).
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('Evil');
  await box.press('Enter');
  const option = page.locator('[role="option"][data-item-id="x1"]');
  await expect(option.locator('.title')).toHaveText(hostile.title);
  await expect(option.locator('.desc')).toHaveText(hostile.description);
  await expect(page.locator('#after-query .card').first()).toBeVisible();
  // Nothing was parsed as HTML anywhere, in the page or in the shadow roots.
  await expect(page.locator('img[src="x"], script:has-text("__pwned")')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);

  // Chosen, the shop's own product panel (its code, textContent too) shows it inert as well.
  await option.click();
  await expect.poll(async () => (await selected()).length).toBe(1);
  await expect(page.locator('#product-title')).toHaveText(hostile.title);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('strict CSP (page meta and worker header), no COOP/COEP, and no request carries the query', async ({ page, baseURL }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  // Serve the worker with the same policy as a header, as a merchant setting CSP on every
  // response would: the worker (which compiles the WebAssembly and fetches the files) is then
  // held to it too.
  let engineWorker: Worker | undefined;
  page.on('worker', (w) => (engineWorker = w));
  await page.route('**/widget/alcove-engine.worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': POLICY } });
  });
  await routeCatalog(page, smallCatalog());
  await openShop(page);

  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  // Use it: type, commit, pick, add to cart. Not one request may carry the query.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('vacuum flask');
  await box.press('Enter');
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.locator('#similar .card .add').first().click();
  await expect(page.locator('#cart-count')).toHaveText('1');
  await expect.poll(async () => (await history(page)).length).toBe(4);
  expect(requests.filter((r) => /vacuum|flask/i.test(decodeURIComponent(r)))).toEqual([]);
  expect(requests).toEqual([]);

  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
  expect(violations).toEqual([]);

  // Both policies are really in force: a fetch to another origin (which its CORS headers would
  // allow) is refused by connect-src on the page and in the worker.
  const elsewhere = new URL('/widget/alcove-widget.js', baseURL);
  elsewhere.hostname = 'localhost';
  const tryFetch = (url: string) => fetch(url).then(() => 'fetched', () => 'blocked');
  expect(await page.evaluate(tryFetch, elsewhere.href)).toBe('blocked');
  expect(await engineWorker!.evaluate(tryFetch, elsewhere.href)).toBe('blocked');
  const reported = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  expect(reported).toHaveLength(1);
  expect(reported[0]).toMatch(/^connect-src /);
});

test("the policy's 'wasm-unsafe-eval' is needed: without it in the worker's policy the widget says it is unavailable", async ({ page }) => {
  await page.route('**/widget/alcove-engine.worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': POLICY.replace(" 'wasm-unsafe-eval'", '') } });
  });
  await routeCatalog(page, smallCatalog());
  await page.goto(PAGE);
  await expect(page.locator('alcove-search')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.locator('alcove-search .status')).toHaveText('Search and recommendations are unavailable right now.');
});

test('served from another origin (a CDN): a blob: shim starts the worker, under a CSP naming that origin', async ({ page, baseURL }) => {
  // The shop and the CDN are two https origins that Playwright answers from the preview server
  // (real loopback origins would trip Chromium's local-network checks on routed pages).
  const shop = 'https://shop.alcove.test';
  const cdn = 'https://cdn.alcove.test';
  const policy = POLICY.replace("script-src 'self'", `script-src 'self' ${cdn}`)
    .replace("worker-src 'self'", `worker-src blob: ${cdn}`)
    .replace("connect-src 'self'", `connect-src 'self' ${cdn}`);
  expect(policy).not.toBe(POLICY);
  await page.route(/^https:\/\/(shop|cdn)\.alcove\.test\//, async (route) => {
    const url = new URL(route.request().url());
    const res = await route.fetch({ url: new URL(url.pathname + url.search, baseURL).href });
    // What a CDN sends so that the shop's pages may load its module scripts and files.
    const headers = { ...res.headers(), 'access-control-allow-origin': shop };
    if (url.origin === shop && url.pathname === '/third-party/') {
      const body = (await res.text()).replace('src="/widget/alcove-widget.js"', `src="${cdn}/widget/alcove-widget.js"`).replace(POLICY, policy);
      return route.fulfill({ response: res, body, headers });
    }
    return route.fulfill({ response: res, headers });
  });
  await routeCatalog(page, smallCatalog());
  const workers: string[] = [];
  const requests: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => requests.push(r.url()));
  await openShop(page, `${shop}/third-party/?backend=wasm`);

  expect(workers).toHaveLength(1);
  expect(workers[0]).toMatch(/^blob:https:\/\/shop\.alcove\.test\//);
  // The widget's own files came from the CDN; the shop's model and catalog from the shop.
  expect(requests).toContain(`${cdn}/widget/alcove-engine.worker.js`);
  expect(requests).toContain(`${cdn}/widget/ort/ort-wasm-simd-threaded.wasm`);
  expect(requests).toContain(`${shop}/models/alcove-mini-v3/onnx/model_int8.onnx`); // the WASM variant
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('boot');
  await expect(page.getByRole('option').first()).toContainText(/boot/i);
});

// The engine's search sets ResultList.noMatch when no keyword matched and even the nearest item is
// below the fitted fusion's similarity floor (src/engine/search.ts).
test('<alcove-search> says when nothing matches well instead of listing items', async ({ page }) => {
  await routeCatalog(page, smallCatalog());
  await openShop(page);
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('xqzv blorf');
  await expect(page.locator('alcove-search').getByRole('status')).toHaveText('No good match for “xqzv blorf”. Check the spelling, or describe what it is for.');
  await expect(page.getByRole('option')).toHaveCount(0);
  await box.fill('thermos');
  await expect(page.getByRole('option').first()).toBeVisible();
});

/**
 * The catalog's co-occurrence table in the browser: built by `alcove build-catalog --events` from
 * an aggregate log, fetched once with the manifest, kept in IndexedDB (schema v2's aggregates
 * store) across a reload, and read by the trained ranker: "bought together" outranks "looks alike".
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog } from '../src/cli/build-catalog';
import { expect, status, test } from './fixtures';

type Alcove = { alcove: { track(e: object): Promise<void>; recommend(o: object): Promise<{ items: { item: { id: string } }[] }> } };

const ITEMS = [
  ['hose', 'Garden hose, 15 m, with spray nozzle', 'Garden'],
  ['reel', 'Garden hose reel on wheels', 'Garden'],
  ['nozzle', 'Brass hose nozzle, adjustable', 'Garden'],
  ['sprinkler', 'Oscillating lawn sprinkler', 'Garden'],
  ['can', 'Watering can, 10 litres', 'Garden'],
  ['shears', 'Hedge shears with wooden handles', 'Garden'],
  ['gloves', 'Gardening gloves, leather', 'Garden'],
  ['cups', 'Espresso cup set, porcelain, six cups', 'Kitchen'],
  ['kettle', 'Electric kettle, 1.7 litres', 'Kitchen'],
  ['pan', 'Cast iron frying pan', 'Kitchen'],
  ['lamp', 'LED desk lamp', 'Home'],
  ['boots', 'Waterproof hiking boots', 'Footwear'],
].map(([id, title, category]) => ({ id, title, category, price: 20 }));

async function build(withEvents: boolean): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'alcove-cooc-e2e-'));
  await writeFile(join(dir, 'catalog.jsonl'), ITEMS.map((r) => JSON.stringify(r)).join('\n'));
  // An aggregate log: 40 shoppers bought the espresso cups right after the hose.
  const rows = ['user,item,timestamp'];
  for (let u = 0; u < 40; u++) rows.push(`u${u},hose,${u * 100}`, `u${u},cups,${u * 100 + 1}`);
  await writeFile(join(dir, 'events.csv'), rows.join('\n'));
  const out = join(dir, 'out');
  await buildCatalog({ input: join(dir, 'catalog.jsonl'), out, ...(withEvents ? { events: join(dir, 'events.csv') } : {}) });
  const files = new Map<string, Buffer>();
  const { readdir } = await import('node:fs/promises');
  for (const f of await readdir(out)) files.set(f, await readFile(join(out, f)));
  return files;
}

async function forYouAfterViewingHose(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(async () => {
    const a = (window as unknown as Alcove).alcove;
    await a.track({ type: 'view', itemId: 'hose' });
    return (await a.recommend({ mode: 'for-you', limit: 5 })).items.map((r) => r.item.id);
  });
}

test('a shipped co-occurrence table reaches the ranker and survives a reload without a second download', async ({ page, browser, backendParam }) => {
  const [withTable, without] = await Promise.all([build(true), build(false)]);
  const coocFetches: string[] = [];
  await page.route((url) => url.pathname.startsWith('/cooc-test/'), (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = path.split('/').pop()!;
    if (file.startsWith('cooc-')) coocFetches.push(file);
    const body = (path.includes('/cooc-test/with/') ? withTable : without).get(file);
    return body ? route.fulfill({ body }) : route.fulfill({ status: 404 });
  });
  await page.goto(`/?backend=${backendParam}&catalog=/cooc-test/with/manifest.json`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect((await status(page)).catalog?.coocPairs).toBe(2); // hose → cups and cups → hose
  const withIds = await forYouAfterViewingHose(page);
  expect(withIds[0]).toBe('cups');

  // Reload: catalog and table come back from IndexedDB; the table is not downloaded again.
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect((await status(page)).catalog?.coocPairs).toBe(2);
  expect((await forYouAfterViewingHose(page))[0]).toBe('cups');
  expect(coocFetches).toHaveLength(1);

  // The same catalog without a table: the ranker goes by the text (more garden things).
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const other = await context.newPage();
  await other.route((url) => url.pathname.startsWith('/cooc-test/'), (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    const body = without.get(file);
    return body ? route.fulfill({ body }) : route.fulfill({ status: 404 });
  });
  await other.goto(`/?backend=${backendParam}&catalog=/cooc-test/without/manifest.json`);
  await expect(other.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect((await status(other)).catalog?.coocPairs).toBe(0);
  const withoutIds = await forYouAfterViewingHose(other);
  expect(withoutIds[0]).not.toBe('cups');
  await context.close();
});

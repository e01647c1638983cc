/**
 * Schema versions in a real browser (Chromium's IndexedDB, not fake-indexeddb): a database
 * written by the previous schema (v1, built here with raw IndexedDB exactly as v1 laid it out)
 * migrates with the shopper's history intact; and a newer schema opened in another tab makes
 * this tab let go (versionchange) and fail with a typed error instead of writing into a layout
 * it does not know — nothing stored is lost either way.
 */
import type { Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

type Alcove = { alcove: { history(): Promise<{ type: string; itemId?: string }[]>; track(e: object): Promise<void> } };

const BLANK = '/schema-drill-blank.html';

async function blankPage(page: Page): Promise<void> {
  await page.route(`**${BLANK}`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto(BLANK);
}

/** The v1 layout and a history of three events, written with raw IndexedDB (the v1 fixture). */
function writeV1(page: Page, name: string): Promise<void> {
  return page.evaluate(
    (dbName) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('items', { keyPath: 'id' });
          db.createObjectStore('embeddings', { keyPath: ['modelId', 'catalogVersion', 'chunk'] }).createIndex('by-model', 'modelId');
          const events = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
          events.createIndex('by-ts', 'ts');
          events.createIndex('by-item', 'itemId');
          db.createObjectStore('settings');
          db.createObjectStore('meta');
        };
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['events', 'settings'], 'readwrite');
          tx.objectStore('events').add({ type: 'search', query: 'boots', ts: 1 });
          tx.objectStore('events').add({ type: 'view', itemId: 'old-item-1', ts: 2 });
          tx.objectStore('events').add({ type: 'purchase', itemId: 'old-item-2', ts: 3 });
          tx.objectStore('settings').put(true, 'consent');
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    name,
  );
}

function layout(page: Page, name: string): Promise<{ version: number; stores: string[]; events: number }> {
  return page.evaluate(
    (dbName) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const c = db.transaction('events').objectStore('events').count();
          c.onsuccess = () => {
            resolve({ version: db.version, stores: Array.from(db.objectStoreNames).sort(), events: c.result });
            db.close();
          };
        };
      }),
    name,
  );
}

test('a v1 database (previous schema) migrates to v2 in Chromium with the history intact', async ({ page, openShop }) => {
  const db = `alcove-v1-drill-${Date.now()}`;
  await blankPage(page);
  await writeV1(page, db);
  expect((await layout(page, db)).version).toBe(1);

  await openShop(`&db=${db}`);
  const history = await page.evaluate(() => (window as unknown as Alcove).alcove.history());
  expect(history.map((e) => [e.type, e.itemId ?? ''])).toEqual([['search', ''], ['view', 'old-item-1'], ['purchase', 'old-item-2']]);
  expect((await status(page)).events).toBe(3);
  const after = await layout(page, db);
  expect(after.version).toBe(2);
  expect(after.stores).toEqual(['aggregates', 'embeddings', 'events', 'items', 'meta', 'settings']);
});

test('a newer schema in another tab: this tab lets go and says so; no event is lost or corrupted', async ({ page, context, openShop }) => {
  const db = `alcove-upgrade-drill-${Date.now()}`;
  await openShop(`&db=${db}`);
  const ids = await page.evaluate(async () => {
    const a = (window as unknown as { alcove: { search(q: string, o: object): Promise<{ items: { item: { id: string } }[] }> } }).alcove;
    return (await a.search('boot', { limit: 2, record: false })).items.map((r) => r.item.id);
  });
  for (const id of ids) await page.evaluate((itemId) => (window as unknown as Alcove).alcove.track({ type: 'view', itemId }), id);

  // Another tab runs a newer app version: it upgrades the database to v3 while this tab is open.
  const other = await context.newPage();
  await blankPage(other);
  const upgraded = await other.evaluate(
    (dbName) =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open(dbName, 3);
        req.onupgradeneeded = () => req.result.createObjectStore('future');
        req.onblocked = () => resolve('blocked'); // this tab did not let go
        req.onsuccess = () => (req.result.close(), resolve('upgraded'));
        req.onerror = () => resolve(`error ${req.error?.name}`);
      }),
    db,
  );
  expect(upgraded).toBe('upgraded');

  // This tab's next write reopens, finds a newer schema than it knows, and refuses with a typed error.
  const code = await page.evaluate(async (itemId) => {
    try {
      await (window as unknown as Alcove).alcove.track({ type: 'view', itemId });
      return 'ok';
    } catch (e) {
      return `${(e as { code?: string }).code}: ${(e as Error).message}`;
    }
  }, ids[0]);
  expect(code).toMatch(/^storage_unavailable: .*newer than version 2/);

  const after = await layout(other, db);
  expect(after.version).toBe(3);
  expect(after.stores).toContain('future');
  expect(after.stores).toContain('events');
  expect(after.events).toBe(ids.length); // both views kept, nothing half-written
});

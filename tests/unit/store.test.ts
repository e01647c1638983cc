import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BehaviourEvent } from '../../src/core/types.js';
import { openDatabase } from '../../src/store/open.js';
import { StoreError, rootCause, toStoreError, type StoreErrorCode } from '../../src/store/errors.js';
import type { CatalogMeta, EmbeddingChunk, ItemRecord } from '../../src/store/records.js';
import { DB_NAME, DB_VERSION, MIGRATIONS, type Migration } from '../../src/store/schema.js';
import { AlcoveStore } from '../../src/store/store.js';

// ---- helpers ---------------------------------------------------------------------------------

let dbCounter = 0;
/** Each test gets its own database; fake-indexeddb is one global in-memory "origin". */
const freshName = (): string => `alcove-test-${++dbCounter}`;

const opened: AlcoveStore[] = [];
async function openStore(opts: Parameters<typeof AlcoveStore.open>[0] = {}): Promise<AlcoveStore> {
  const store = await AlcoveStore.open(opts);
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  vi.restoreAllMocks();
});

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
    tx.onerror = () => reject(tx.error);
  });
}

/** Raw indexedDB.open, bypassing AlcoveStore and idb. */
function rawOpen(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const req = indexedDB.open(name, version);
  if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
  return request(req);
}

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

/** The structural layout of a database: stores, key paths, indexes. */
function describeLayout(db: IDBDatabase) {
  const names = Array.from(db.objectStoreNames).sort();
  const tx = db.transaction(names, 'readonly');
  return {
    version: db.version,
    stores: names.map((name) => {
      const store = tx.objectStore(name);
      return {
        name,
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
        indexes: Array.from(store.indexNames)
          .sort()
          .map((indexName) => {
            const index = store.index(indexName);
            return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
          }),
      };
    }),
  };
}

const V1_LAYOUT = {
  version: 1,
  stores: [
    {
      name: 'embeddings',
      keyPath: ['modelId', 'catalogVersion', 'chunk'],
      autoIncrement: false,
      indexes: [{ name: 'by-model', keyPath: 'modelId', unique: false, multiEntry: false }],
    },
    {
      name: 'events',
      keyPath: 'seq',
      autoIncrement: true,
      indexes: [
        { name: 'by-item', keyPath: 'itemId', unique: false, multiEntry: false },
        { name: 'by-ts', keyPath: 'ts', unique: false, multiEntry: false },
      ],
    },
    { name: 'items', keyPath: 'id', autoIncrement: false, indexes: [] },
    { name: 'meta', keyPath: null, autoIncrement: false, indexes: [] },
    { name: 'settings', keyPath: null, autoIncrement: false, indexes: [] },
  ],
};

/** v2 = v1 + the aggregates store (out-of-line keys). */
const V2_LAYOUT = {
  version: 2,
  stores: [...V1_LAYOUT.stores, { name: 'aggregates', keyPath: null, autoIncrement: false, indexes: [] }].sort((a, b) => a.name.localeCompare(b.name)),
};

const item = (id: string, title = `Item ${id}`): ItemRecord => ({ id, title, price: 10, textHash: `h-${id}` });
const meta = (version: string, itemCount: number): CatalogMeta => ({
  version,
  modelId: 'mini-v1',
  itemCount,
  source: 'test',
  updatedAt: 1_700_000_000_000,
});

function chunk(modelId: string, catalogVersion: string, n: number, ids: string[], dim = 4): EmbeddingChunk {
  const floats = new Float32Array(ids.length * dim);
  for (let i = 0; i < floats.length; i++) floats[i] = Math.fround((n + 1) * 0.1 + i * 0.37);
  return { modelId, catalogVersion, chunk: n, dim, ids, textHashes: ids.map((id) => `h-${id}`), vectors: floats.buffer };
}

const bytes = (buf: ArrayBuffer): number[] => Array.from(new Uint8Array(buf));

// ---- version fixtures ------------------------------------------------------------------------
// One builder per shipped schema version, written with raw IndexedDB exactly as that version's
// migration creates it. Never edit one after shipping; add buildV2Fixture etc. alongside.

const V1_DATA = {
  items: [item('a', 'Alpha'), item('b', 'Beta')],
  meta: meta('cat-1', 2),
  chunk: chunk('mini-v1', 'cat-1', 0, ['a', 'b']),
  events: [
    { type: 'view', itemId: 'a', ts: 100 },
    { type: 'search', query: 'boots', ts: 200 },
  ] satisfies BehaviourEvent[],
  settings: { theme: 'dark', consent: { personalise: true } },
};

async function buildV1Fixture(name: string): Promise<void> {
  const db = await rawOpen(name, 1, (raw) => {
    raw.createObjectStore('items', { keyPath: 'id' });
    const embeddings = raw.createObjectStore('embeddings', { keyPath: ['modelId', 'catalogVersion', 'chunk'] });
    embeddings.createIndex('by-model', 'modelId');
    const events = raw.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
    events.createIndex('by-ts', 'ts');
    events.createIndex('by-item', 'itemId');
    raw.createObjectStore('settings');
    raw.createObjectStore('meta');
  });
  const tx = db.transaction(['items', 'embeddings', 'events', 'settings', 'meta'], 'readwrite');
  for (const it of V1_DATA.items) tx.objectStore('items').put(it);
  tx.objectStore('meta').put(V1_DATA.meta, 'catalog');
  tx.objectStore('embeddings').put(V1_DATA.chunk);
  for (const e of V1_DATA.events) tx.objectStore('events').add(e);
  for (const [k, v] of Object.entries(V1_DATA.settings)) tx.objectStore('settings').put(v, k);
  await txDone(tx);
  db.close();
}

// ---- tests -----------------------------------------------------------------------------------

describe('AlcoveStore: opening', () => {
  it('uses schema version 2 and the default name "alcove"', async () => {
    expect(DB_VERSION).toBe(2);
    expect(DB_NAME).toBe('alcove');
    const store = await openStore();
    expect(store.name).toBe('alcove');
    store.close();
    await AlcoveStore.deleteDatabase();
  });

  it('creates every store and index on a fresh open', async () => {
    const name = freshName();
    const store = await openStore({ name });
    store.close();
    const raw = await rawOpen(name);
    expect(describeLayout(raw)).toEqual(V2_LAYOUT);
    raw.close();
  });

  it('the hand-built v1 fixture has exactly the layout the v1 migration creates', async () => {
    const name = freshName();
    await buildV1Fixture(name);
    const raw = await rawOpen(name);
    expect(describeLayout(raw)).toEqual(V1_LAYOUT);
    raw.close();
    const viaMigration = await openDatabase({ name: freshName(), version: 1, migrations: MIGRATIONS.slice(0, 2), blockedTimeoutMs: 1000 });
    expect(describeLayout(viaMigration as unknown as IDBDatabase)).toEqual(V1_LAYOUT);
    viaMigration.close();
  });

  it('throws StoreError "unavailable" when there is no IndexedDB', async () => {
    const saved = globalThis.indexedDB;
    Reflect.deleteProperty(globalThis, 'indexedDB');
    try {
      expect(typeof indexedDB).toBe('undefined');
      await expectStoreError(AlcoveStore.open({ name: freshName() }), 'unavailable');
      await expectStoreError(AlcoveStore.deleteDatabase(freshName()), 'unavailable');
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { value: saved, configurable: true, writable: true });
    }
  });

  it('throws StoreError "version" when the database on disk is newer', async () => {
    const name = freshName();
    (await rawOpen(name, DB_VERSION + 1)).close();
    const err = await expectStoreError(AlcoveStore.open({ name }), 'version');
    expect((err.cause as DOMException).name).toBe('VersionError');
  });

  it('rejects calls after close() with StoreError "closed"', async () => {
    const store = await openStore({ name: freshName() });
    store.close();
    store.close(); // idempotent
    expect(store.isOpen).toBe(false);
    await expectStoreError(store.getItems(), 'closed');
    await expectStoreError(store.appendEvent({ type: 'view', itemId: 'a', ts: 1 }), 'closed');
  });
});

describe('AlcoveStore: other connections', () => {
  it('closes itself and calls onVersionChange when another connection asks for a higher version', async () => {
    const name = freshName();
    const onVersionChange = vi.fn();
    const store = await openStore({ name, onVersionChange });
    await store.setSetting('k', 1);

    const newer = await rawOpen(name, DB_VERSION + 1); // would hang if we did not close
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();

    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(store.isOpen).toBe(false);
    await expectStoreError(store.getSetting('k'), 'closed');
    // The engine's reopen now meets the newer schema.
    await expectStoreError(AlcoveStore.open({ name }), 'version');
  });

  it('deleteDatabase closes open stores (via onVersionChange) and removes all data', async () => {
    const name = freshName();
    const onVersionChange = vi.fn();
    const store = await openStore({ name, onVersionChange });
    await store.replaceCatalog([item('a')], meta('c1', 1));
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });

    await AlcoveStore.deleteDatabase(name);
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(store.isOpen).toBe(false);

    const reopened = await openStore({ name });
    expect(await reopened.getItems()).toEqual([]);
    expect(await reopened.countEvents()).toBe(0);
  });

  it('calls onTerminated when the browser force-closes the connection', async () => {
    const name = freshName();
    const openSpy = vi.spyOn(indexedDB, 'open');
    const onTerminated = vi.fn();
    const store = await openStore({ name, onTerminated });
    const req = openSpy.mock.results[0]?.value as IDBOpenDBRequest;

    forceCloseDatabase(req.result as never);
    await vi.waitFor(() => expect(onTerminated).toHaveBeenCalledTimes(1));
    expect(store.isOpen).toBe(false);
    await expectStoreError(store.countEvents(), 'closed');
  });

  it('fails opening with "blocked" when an old connection never closes, and closes the late connection', async () => {
    const name = freshName();
    const stubborn = await rawOpen(name, 1); // no versionchange handler: never closes by itself
    const toV2: Migration = (db) => {
      db.createObjectStore('v2-only');
    };
    await expectStoreError(
      openDatabase({ name, version: 2, migrations: [undefined, MIGRATIONS[1], toV2], blockedTimeoutMs: 20 }),
      'blocked',
    );

    // Once the old connection goes, the queued upgrade completes and its connection is closed.
    const closeSpy = vi.spyOn(IDBDatabase.prototype, 'close');
    stubborn.close();
    await vi.waitFor(() => expect(closeSpy).toHaveBeenCalledTimes(2)); // stubborn + the late one
    const after = await rawOpen(name);
    expect(after.version).toBe(2);
    expect(Array.from(after.objectStoreNames)).toContain('v2-only');
    after.close();
  });

  it('fails deleteDatabase with "blocked" while a foreign connection stays open; deletes once it closes', async () => {
    const name = freshName();
    const stubborn = await rawOpen(name, 1);
    await expectStoreError(AlcoveStore.deleteDatabase(name, { blockedTimeoutMs: 20 }), 'blocked');
    stubborn.close();
    await vi.waitFor(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name);
      expect(names).not.toContain(name);
    });
  });
});

describe('AlcoveStore: persistence and catalog', () => {
  it('keeps everything across close and reopen', async () => {
    const name = freshName();
    const first = await openStore({ name });
    await first.replaceCatalog([item('a'), item('b')], meta('c1', 2));
    await first.putEmbeddingChunks([chunk('m', 'c1', 0, ['a', 'b'])], { modelId: 'm', catalogVersion: 'c1' });
    await first.appendEvent({ type: 'click', itemId: 'b', ts: 5 });
    await first.setSetting('lang', 'en');
    first.close();

    const second = await openStore({ name });
    expect(await second.getItems()).toEqual([item('a'), item('b')]);
    expect(await second.getItem('b')).toEqual(item('b'));
    expect(await second.getItem('zzz')).toBeUndefined();
    expect(await second.getCatalogMeta()).toEqual(meta('c1', 2));
    const chunks = await second.getEmbeddingChunks('m', 'c1');
    expect(chunks).toHaveLength(1);
    expect(bytes(chunks[0]!.vectors)).toEqual(bytes(chunk('m', 'c1', 0, ['a', 'b']).vectors));
    expect(await second.getEvents()).toEqual([{ type: 'click', itemId: 'b', ts: 5, seq: 1 }]);
    expect(await second.getSetting<string>('lang')).toBe('en');
  });

  it('replaceCatalog replaces items and meta', async () => {
    const store = await openStore({ name: freshName() });
    expect(await store.getCatalogMeta()).toBeUndefined();
    await store.replaceCatalog([item('a'), item('b')], meta('c1', 2));
    await store.replaceCatalog([item('c'), item('b', 'Beta v2')], meta('c2', 2));
    expect(await store.getItems()).toEqual([item('b', 'Beta v2'), item('c')]);
    expect(await store.getItem('a')).toBeUndefined();
    expect(await store.getCatalogMeta()).toEqual(meta('c2', 2));
  });

  it('a failed replaceCatalog leaves the old catalog untouched', async () => {
    const store = await openStore({ name: freshName() });
    await store.replaceCatalog([item('a')], meta('c1', 1));
    const bad = [item('x'), { title: 'no id', textHash: 'h' } as unknown as ItemRecord];
    await expectStoreError(store.replaceCatalog(bad, meta('c2', 2)), 'invalid');
    expect(await store.getItems()).toEqual([item('a')]);
    expect(await store.getCatalogMeta()).toEqual(meta('c1', 1));
  });
});

describe('AlcoveStore: embeddings', () => {
  it('round-trips vector bytes exactly, sorted by chunk', async () => {
    const store = await openStore({ name: freshName() });
    const special = new Float32Array([0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, -1.5]);
    const odd: EmbeddingChunk = { ...chunk('m', 'c1', 1, ['x', 'y'], 4), vectors: special.buffer };
    const chunks = [chunk('m', 'c1', 2, ['z']), odd, chunk('m', 'c1', 0, ['a', 'b', 'c'])];
    await store.putEmbeddingChunks(chunks, { modelId: 'm', catalogVersion: 'c1' });

    const back = await store.getEmbeddingChunks('m', 'c1');
    expect(back.map((c) => c.chunk)).toEqual([0, 1, 2]);
    for (const c of back) {
      const sent = chunks.find((s) => s.chunk === c.chunk)!;
      expect(c.vectors).toBeInstanceOf(ArrayBuffer);
      expect(bytes(c.vectors)).toEqual(bytes(sent.vectors));
      expect(c).toMatchObject({ modelId: 'm', catalogVersion: 'c1', dim: 4, ids: sent.ids, textHashes: sent.textHashes });
    }
    expect(Object.is(new Float32Array(back[1]!.vectors)[1], -0)).toBe(true);
    expect(await store.getEmbeddingChunks('m')).toHaveLength(3);
    expect(await store.getEmbeddingChunks('m', 'other')).toEqual([]);
    expect(await store.getEmbeddingChunks('nope')).toEqual([]);
  });

  it('deletes other catalog versions of the same model, keeps other models and same-version chunks', async () => {
    const store = await openStore({ name: freshName() });
    await store.putEmbeddingChunks([chunk('m', 'c1', 0, ['a']), chunk('m', 'c1', 1, ['b'])], {
      modelId: 'm',
      catalogVersion: 'c1',
    });
    await store.putEmbeddingChunks([chunk('other', 'c1', 0, ['a'])], { modelId: 'other', catalogVersion: 'c1' });
    // A model id that sorts just after 'm', to catch over-broad key ranges.
    await store.putEmbeddingChunks([chunk('m2', 'c0', 0, ['a'])], { modelId: 'm2', catalogVersion: 'c0' });

    await store.putEmbeddingChunks([chunk('m', 'c2', 0, ['a', 'b'])], { modelId: 'm', catalogVersion: 'c2' });
    expect(await store.getEmbeddingChunks('m', 'c1')).toEqual([]);
    expect((await store.getEmbeddingChunks('m')).map((c) => [c.catalogVersion, c.chunk])).toEqual([['c2', 0]]);
    expect(await store.getEmbeddingChunks('other')).toHaveLength(1);
    expect(await store.getEmbeddingChunks('m2')).toHaveLength(1);

    // Saving progress chunk by chunk within one version keeps the earlier chunks.
    await store.putEmbeddingChunks([chunk('m', 'c2', 1, ['c'])], { modelId: 'm', catalogVersion: 'c2' });
    expect((await store.getEmbeddingChunks('m', 'c2')).map((c) => c.chunk)).toEqual([0, 1]);
  });

  it('rejects malformed chunks with "invalid" before writing anything', async () => {
    const store = await openStore({ name: freshName() });
    const keep = { modelId: 'm', catalogVersion: 'c1' };
    const good = chunk('m', 'c1', 0, ['a', 'b']);
    const asView = { ...good, vectors: new Float32Array(good.vectors) as unknown as ArrayBuffer };
    await expectStoreError(store.putEmbeddingChunks([good, asView], keep), 'invalid');
    await expectStoreError(store.putEmbeddingChunks([{ ...good, ids: ['a'] , textHashes: ['h'] }], keep), 'invalid');
    await expectStoreError(store.putEmbeddingChunks([{ ...good, textHashes: ['h'] }], keep), 'invalid');
    await expectStoreError(store.putEmbeddingChunks([chunk('m', 'c9', 0, ['a'])], keep), 'invalid');
    await expectStoreError(store.putEmbeddingChunks([{ ...good, chunk: 1.5 }], keep), 'invalid');
    expect(await store.getEmbeddingChunks('m')).toEqual([]);
  });

  it('dropEmbeddings clears the cache only; usage reports counts and bytes', async () => {
    const store = await openStore({ name: freshName() });
    await store.replaceCatalog([item('a'), item('b')], meta('c1', 2));
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });
    await store.putEmbeddingChunks([chunk('m', 'c1', 0, ['a', 'b'], 8), chunk('m', 'c1', 1, ['c'], 8)], {
      modelId: 'm',
      catalogVersion: 'c1',
    });
    expect(await store.usage()).toEqual({ items: 2, events: 1, embeddingBytes: 3 * 8 * 4 });

    await store.dropEmbeddings();
    expect(await store.getEmbeddingChunks('m')).toEqual([]);
    expect(await store.usage()).toEqual({ items: 2, events: 1, embeddingBytes: 0 });
  });

  it('turns QuotaExceededError into StoreError "quota", rolls back, and leaves events alone', async () => {
    const store = await openStore({ name: freshName() });
    const keep = { modelId: 'm', catalogVersion: 'c1' };
    await store.putEmbeddingChunks([chunk('m', 'c1', 0, ['a'])], keep);
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });

    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'embeddings') throw new DOMException('disk full', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    // A new version: its delete of c1 must be rolled back along with the failed put.
    await expectStoreError(
      store.putEmbeddingChunks([chunk('m', 'c2', 0, ['a'])], { modelId: 'm', catalogVersion: 'c2' }),
      'quota',
    );
    vi.restoreAllMocks();

    expect((await store.getEmbeddingChunks('m')).map((c) => c.catalogVersion)).toEqual(['c1']);
    expect(await store.getEvents()).toEqual([{ type: 'view', itemId: 'a', ts: 1, seq: 1 }]);
    await store.appendEvent({ type: 'view', itemId: 'b', ts: 2 }); // still writable
    expect(await store.countEvents()).toBe(2);
  });

  it('maps a transaction-level QuotaExceededError (how browsers report it) to "quota"', () => {
    expect(toStoreError(new DOMException('full', 'QuotaExceededError'), 'x').code).toBe('quota');
    expect(toStoreError(new DOMException('bad', 'DataCloneError'), 'x').code).toBe('invalid');
    expect(toStoreError(new DOMException('?', 'UnknownError'), 'x').code).toBe('failed');
    // The request's AbortError must not hide the transaction's QuotaExceededError.
    const abort = new DOMException('aborted', 'AbortError');
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(toStoreError(rootCause(abort, quota), 'x').code).toBe('quota');
    expect(rootCause(quota, abort)).toBe(quota);
    const own = new StoreError('invalid', 'bad chunk');
    expect(rootCause(own, abort)).toBe(own);
    const original = new StoreError('closed', 'c');
    expect(toStoreError(original, 'x')).toBe(original);
  });
});

describe('AlcoveStore: events', () => {
  const events: BehaviourEvent[] = [
    { type: 'view', itemId: 'a', ts: 100 },
    { type: 'click', itemId: 'a', ts: 200 },
    { type: 'search', query: 'red shoes', ts: 300 },
    { type: 'add_to_cart', itemId: 'b', ts: 250 }, // clock went back: order is by seq, not ts
    { type: 'purchase', itemId: 'b', ts: 400 },
  ];

  async function storeWithEvents(): Promise<AlcoveStore> {
    const store = await openStore({ name: freshName() });
    for (const e of events) await store.appendEvent(e);
    return store;
  }

  it('appendEvent returns the stored event with an increasing seq, dropping unknown fields', async () => {
    const store = await openStore({ name: freshName() });
    const first = await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });
    const extra = { type: 'search', query: 'q', ts: 2, secret: 'x', itemId: undefined } as BehaviourEvent;
    const second = await store.appendEvent(extra);
    expect(first).toEqual({ type: 'view', itemId: 'a', ts: 1, seq: 1 });
    expect(second).toEqual({ type: 'search', query: 'q', ts: 2, seq: 2 });
    expect(await store.getEvents()).toEqual([first, second]);
    expect('itemId' in (await store.getEvents())[1]!).toBe(false);
  });

  it('returns events oldest → newest, the most recent N with limit', async () => {
    const store = await storeWithEvents();
    const all = await store.getEvents();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect((await store.getEvents({ limit: 2 })).map((e) => e.type)).toEqual(['add_to_cart', 'purchase']);
    expect(await store.getEvents({ limit: 99 })).toEqual(all);
    expect(await store.getEvents({ limit: 0 })).toEqual([]);
    expect(await store.countEvents()).toBe(5);
    await expectStoreError(store.getEvents({ limit: -1 }), 'invalid');
    await expectStoreError(store.getEvents({ limit: Number.NaN }), 'invalid');
  });

  it('filters by sinceTs (inclusive) and combines it with limit', async () => {
    const store = await storeWithEvents();
    expect((await store.getEvents({ sinceTs: 250 })).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await store.getEvents({ sinceTs: 250, limit: 2 })).map((e) => e.seq)).toEqual([4, 5]);
    expect(await store.getEvents({ sinceTs: 10_000 })).toEqual([]);
  });
});

describe('AlcoveStore: settings and privacy', () => {
  it('stores structured-clone settings; undefined deletes', async () => {
    const store = await openStore({ name: freshName() });
    const value = { weights: [0.5, 0.25], since: new Date(0), tags: new Set(['x']) };
    await store.setSetting('prefs', value);
    expect(await store.getSetting<typeof value>('prefs')).toEqual(value);
    expect(await store.getSetting('missing')).toBeUndefined();
    await store.setSetting('prefs', undefined);
    expect(await store.getSetting('prefs')).toBeUndefined();
    await expectStoreError(store.setSetting('fn', () => 1), 'invalid');
  });

  it('exportPersonalData returns all events and settings', async () => {
    const store = await openStore({ name: freshName() });
    await store.replaceCatalog([item('a')], meta('c1', 1));
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });
    await store.appendEvent({ type: 'search', query: 'hat', ts: 2 });
    await store.setSetting('theme', 'dark');
    await store.setSetting('__proto__', { sneaky: true });

    const data = await store.exportPersonalData();
    expect(data.events).toEqual([
      { type: 'view', itemId: 'a', ts: 1, seq: 1 },
      { type: 'search', query: 'hat', ts: 2, seq: 2 },
    ]);
    expect(Object.keys(data.settings).sort()).toEqual(['__proto__', 'theme']);
    expect(data.settings['theme']).toBe('dark');
    expect(Object.getPrototypeOf(data.settings)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data); // exportable as JSON
  });

  it('clearPersonalData wipes events and settings but keeps catalog and embeddings', async () => {
    const store = await openStore({ name: freshName() });
    await store.replaceCatalog([item('a')], meta('c1', 1));
    await store.putEmbeddingChunks([chunk('m', 'c1', 0, ['a'])], { modelId: 'm', catalogVersion: 'c1' });
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });
    await store.setSetting('theme', 'dark');

    await store.clearPersonalData();
    expect(await store.exportPersonalData()).toEqual({ events: [], settings: {} });
    expect(await store.countEvents()).toBe(0);
    expect(await store.getItems()).toEqual([item('a')]);
    expect(await store.getCatalogMeta()).toEqual(meta('c1', 1));
    expect(await store.getEmbeddingChunks('m')).toHaveLength(1);
  });
});

describe('migrations', () => {
  it('opens a hand-built v1 database with its data intact', async () => {
    const name = freshName();
    await buildV1Fixture(name);
    const store = await openStore({ name });

    expect(await store.getItems()).toEqual(V1_DATA.items);
    expect(await store.getCatalogMeta()).toEqual(V1_DATA.meta);
    const [c] = await store.getEmbeddingChunks('mini-v1', 'cat-1');
    expect(bytes(c!.vectors)).toEqual(bytes(V1_DATA.chunk.vectors));
    expect(await store.getEvents()).toEqual(V1_DATA.events.map((e, i) => ({ ...e, seq: i + 1 })));
    expect(await store.getSetting('consent')).toEqual(V1_DATA.settings.consent);
    // The key generator carries on after the existing events.
    expect((await store.appendEvent({ type: 'view', itemId: 'b', ts: 300 })).seq).toBe(3);
    // v2's store is there and empty: the upgrade touched nothing else.
    expect(await store.getAggregate('cooc')).toBeUndefined();
    store.close();

    const raw = await rawOpen(name);
    expect(describeLayout(raw)).toEqual(V2_LAYOUT);
    raw.close();
  });

  it('runs each migration between the on-disk and target version once, in order, data included', async () => {
    const name = freshName();
    await buildV1Fixture(name);
    const ran: number[] = [];
    const v1 = MIGRATIONS[1]!;
    const migrations: Migration[] = [
      () => undefined,
      (db, tx) => {
        ran.push(1);
        return v1(db, tx);
      },
      async (db, tx) => {
        // A v2 that transforms data: add a field to every item (awaits IndexedDB only).
        ran.push(2);
        db.createObjectStore('v2-store');
        let cursor = await tx.objectStore('items').openCursor();
        while (cursor) {
          await cursor.update({ ...cursor.value, v2: true });
          cursor = await cursor.continue();
        }
      },
      (db) => {
        ran.push(3);
        db.createObjectStore('v3-store');
      },
    ];
    const db = await openDatabase({ name, version: 3, migrations, blockedTimeoutMs: 1000 });
    expect(ran).toEqual([2, 3]);
    expect(Array.from(db.objectStoreNames)).toEqual(expect.arrayContaining(['items', 'v2-store', 'v3-store']));
    expect(await db.getAll('items')).toEqual(V1_DATA.items.map((it) => ({ ...it, v2: true })));
    db.close();

    ran.length = 0;
    const fresh = await openDatabase({ name: freshName(), version: 3, migrations, blockedTimeoutMs: 1000 });
    expect(ran).toEqual([1, 2, 3]);
    fresh.close();
  });

  it('a failing migration gives StoreError "upgrade" and leaves the old version and data', async () => {
    const name = freshName();
    await buildV1Fixture(name);
    const boom = new Error('boom');
    const failing: Migration = async (db, tx) => {
      db.createObjectStore('half-done');
      await tx.objectStore('items').clear();
      throw boom;
    };
    const err = await expectStoreError(
      openDatabase({ name, version: 2, migrations: [undefined, MIGRATIONS[1], failing], blockedTimeoutMs: 1000 }),
      'upgrade',
    );
    expect(err.cause).toBe(boom);
    await expectStoreError(
      openDatabase({ name, version: 3, migrations: [undefined, MIGRATIONS[1]], blockedTimeoutMs: 1000 }),
      'upgrade',
    );

    const store = await openStore({ name });
    expect(await store.getItems()).toEqual(V1_DATA.items);
    store.close();
    const raw = await rawOpen(name);
    expect(describeLayout(raw)).toEqual(V2_LAYOUT); // the real v2 migration then ran on the intact v1
    raw.close();
  });
});

describe('AlcoveStore: aggregates (v2)', () => {
  it('keeps an aggregate file per key; forget-me and the export leave it out (it is not personal)', async () => {
    const store = await openStore({ name: freshName() });
    const bytesIn = new Uint8Array([1, 2, 3, 4]).buffer;
    await store.putAggregate('cooc', { catalogVersion: 'cat-1', sha256: 'f'.repeat(64), bytes: bytesIn });
    await store.appendEvent({ type: 'view', itemId: 'a', ts: 1 });
    const got = await store.getAggregate('cooc');
    expect(got?.catalogVersion).toBe('cat-1');
    expect(bytes(got!.bytes)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(await store.exportPersonalData())).not.toContain('cat-1');
    await store.clearPersonalData();
    expect(await store.getEvents()).toEqual([]);
    expect((await store.getAggregate('cooc'))?.catalogVersion).toBe('cat-1');
    await store.deleteAggregate('cooc');
    expect(await store.getAggregate('cooc')).toBeUndefined();
    store.close();
  });
});

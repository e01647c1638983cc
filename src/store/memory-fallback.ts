/**
 * When the browser refuses IndexedDB (some private modes, disabled storage, sandboxed frames),
 * the engine keeps working on an in-memory IndexedDB (fake-indexeddb) for the visit, so search and
 * recommendations still run; nothing persists, and status() says so.
 */
import { globalIndexedDB } from './open';
import { AlcoveStore, type OpenStoreOptions } from './store';

/** Opens and deletes a throwaway database with the raw API, before idb caches any IDB classes. */
async function indexedDBWorks(factory: IDBFactory | undefined): Promise<boolean> {
  if (!factory) return false;
  const name = 'alcove-probe';
  return new Promise<boolean>((resolve) => {
    try {
      const req = factory.open(name);
      req.onsuccess = () => {
        req.result.close();
        factory.deleteDatabase(name);
        resolve(true);
      };
      req.onerror = () => resolve(false);
      req.onblocked = () => resolve(true);
    } catch {
      resolve(false);
    }
  });
}

/**
 * fake-indexeddb's factory, loaded only when needed. idb recognises the objects it wraps by the
 * global IDB* classes (instanceof; it has no option to pass them), so fake-indexeddb's classes
 * are installed for it; the factory itself is passed to the store, not set as a global.
 */
async function memoryIndexedDB(): Promise<IDBFactory> {
  const fake = await import('fake-indexeddb');
  for (const [name, value] of Object.entries(fake)) {
    if (name.startsWith('IDB')) {
      // Own properties shadow the global scope's accessors (assignment would throw on getters).
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
  }
  return fake.indexedDB;
}

export async function openStoreWithFallback(opts: OpenStoreOptions): Promise<{ store: AlcoveStore; inMemory: boolean }> {
  const factory = opts.indexedDB ?? globalIndexedDB();
  if (await indexedDBWorks(factory)) return { store: await AlcoveStore.open({ ...opts, indexedDB: factory! }), inMemory: false };
  return { store: await AlcoveStore.open({ ...opts, indexedDB: await memoryIndexedDB() }), inMemory: true };
}

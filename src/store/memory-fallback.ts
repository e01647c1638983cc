/**
 * When the browser refuses IndexedDB (some private modes, disabled storage, sandboxed frames),
 * the engine keeps working on an in-memory IndexedDB (fake-indexeddb) for the visit, so search and
 * recommendations still run; nothing persists, and status() says so.
 */
import { AlcoveStore, type OpenStoreOptions } from './store';

/** Opens and deletes a throwaway database with the raw API, before idb caches any IDB classes. */
async function indexedDBWorks(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) return false;
  const name = 'alcove-probe';
  return new Promise<boolean>((resolve) => {
    try {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        req.result.close();
        indexedDB.deleteDatabase(name);
        resolve(true);
      };
      req.onerror = () => resolve(false);
      req.onblocked = () => resolve(true);
    } catch {
      resolve(false);
    }
  });
}

/** Installs fake-indexeddb's classes as the globals idb uses. Loaded only when needed. */
async function installMemoryIndexedDB(): Promise<void> {
  const fake = await import('fake-indexeddb');
  for (const [name, value] of Object.entries(fake)) {
    if (name === 'indexedDB' || name.startsWith('IDB')) {
      // Own properties shadow the global scope's accessors (assignment would throw on getters).
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
  }
}

export async function openStoreWithFallback(opts: OpenStoreOptions): Promise<{ store: AlcoveStore; inMemory: boolean }> {
  if (await indexedDBWorks()) return { store: await AlcoveStore.open(opts), inMemory: false };
  await installMemoryIndexedDB();
  return { store: await AlcoveStore.open(opts), inMemory: true };
}

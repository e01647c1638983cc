// Without a usable IndexedDB the store opens in memory (fake-indexeddb) instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory as FDBFactory } from 'fake-indexeddb';
import { openStoreWithFallback } from '../../src/store';

const g = globalThis as Record<string, unknown>;
let saved: PropertyDescriptor | undefined;

describe('openStoreWithFallback', () => {
  beforeAll(() => {
    // Start from a runtime without IndexedDB (Node), even if another test file installed one.
    saved = Object.getOwnPropertyDescriptor(g, 'indexedDB');
    delete g['indexedDB'];
  });
  afterAll(() => {
    if (saved) Object.defineProperty(g, 'indexedDB', saved);
    else delete g['indexedDB'];
  });

  it('falls back to an in-memory database that works like the real one', async () => {
    expect(typeof g['indexedDB']).toBe('undefined');
    const { store, inMemory } = await openStoreWithFallback({ name: 'fallback-test' });
    expect(inMemory).toBe(true);
    await store.appendEvent({ type: 'click', itemId: 'a', ts: 1 });
    await store.appendEvent({ type: 'view', itemId: 'b', ts: 2 });
    expect((await store.getEvents()).map((e) => e.itemId)).toEqual(['a', 'b']);
    // The in-memory factory was passed to the store, not set as the global.
    expect(typeof g['indexedDB']).toBe('undefined');
    store.close();
  });

  it('uses the real IndexedDB when it works', async () => {
    // A working global IndexedDB (fake-indexeddb standing in for the browser's).
    const real = new FDBFactory();
    Object.defineProperty(g, 'indexedDB', { value: real, configurable: true, writable: true });
    const { store, inMemory } = await openStoreWithFallback({ name: 'fallback-test-2' });
    expect(inMemory).toBe(false);
    store.close();
    expect((await real.databases()).map((d) => d.name)).toContain('fallback-test-2');
  });
});

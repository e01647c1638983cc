// Without a usable IndexedDB the store opens in memory (fake-indexeddb) instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });

  it('falls back to an in-memory database that works like the real one', async () => {
    expect(typeof g['indexedDB']).toBe('undefined');
    const { store, inMemory } = await openStoreWithFallback({ name: 'fallback-test' });
    expect(inMemory).toBe(true);
    await store.appendEvent({ type: 'click', itemId: 'a', ts: 1 });
    await store.appendEvent({ type: 'view', itemId: 'b', ts: 2 });
    expect((await store.getEvents()).map((e) => e.itemId)).toEqual(['a', 'b']);
    store.close();
  });

  it('uses the real IndexedDB when it works', async () => {
    const { store, inMemory } = await openStoreWithFallback({ name: 'fallback-test-2' });
    // The previous test installed one; it answers the probe, so this open is a normal one.
    expect(inMemory).toBe(false);
    store.close();
  });
});

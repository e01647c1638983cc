/** AlcoveStore: the worker's typed, promise-based access to the on-device IndexedDB database. */
import { wrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { BehaviourEvent, StoredEvent } from '../core/types';
import { StoreError, errorName, rootCause, toStoreError } from './errors';
import { globalIndexedDB, openDatabase } from './open';
import type {
  CatalogMeta,
  EmbeddingChunk,
  GetEventsOptions,
  ItemRecord,
  PersonalDataExport,
  StoreUsage,
} from './records';
import { DB_NAME, DB_VERSION, MIGRATIONS, type AggregateRecord, type AlcoveDB } from './schema';

export interface OpenStoreOptions {
  /** Database name; default 'alcove'. */
  name?: string;
  /** The IndexedDB to use; default the global one. */
  indexedDB?: IDBFactory;
  /**
   * Another tab/worker needs a newer schema (or is deleting the database). This connection has
   * already been closed when this is called; reopen (which may then fail with 'version').
   */
  onVersionChange?: () => void;
  /** The browser closed the connection abnormally (e.g. site data cleared). Reopen or fall back. */
  onTerminated?: () => void;
  /** How long to wait for other connections to close before failing with 'blocked'. Default 10 s. */
  blockedTimeoutMs?: number;
}

type StoreName = StoreNames<AlcoveDB>;
type Tx<N extends StoreName, M extends IDBTransactionMode> = IDBPTransaction<AlcoveDB, N[], M>;

const DEFAULT_BLOCKED_TIMEOUT_MS = 10_000;
const FLOAT32_BYTES = Float32Array.BYTES_PER_ELEMENT;

function invalid(message: string): StoreError {
  return new StoreError('invalid', message);
}

function checkChunks(chunks: readonly EmbeddingChunk[], keep: { modelId: string; catalogVersion: string }): void {
  for (const c of chunks) {
    const where = `embedding chunk ${String(c.chunk)}`;
    if (c.modelId !== keep.modelId || c.catalogVersion !== keep.catalogVersion) {
      // It would be written and then count as "another version" or vanish; a caller bug either way.
      throw invalid(`${where} is for ${c.modelId}@${c.catalogVersion}, not ${keep.modelId}@${keep.catalogVersion}`);
    }
    if (!Number.isInteger(c.chunk) || c.chunk < 0) throw invalid(`${where}: chunk must be an integer >= 0`);
    if (!Number.isInteger(c.dim) || c.dim <= 0) throw invalid(`${where}: dim must be a positive integer`);
    if (c.textHashes.length !== c.ids.length) throw invalid(`${where}: ids and textHashes differ in length`);
    // A Float32Array passed by mistake would round-trip as a Float32Array, not an ArrayBuffer.
    if (!(c.vectors instanceof ArrayBuffer)) throw invalid(`${where}: vectors must be an ArrayBuffer`);
    if (c.vectors.byteLength !== c.ids.length * c.dim * FLOAT32_BYTES) {
      throw invalid(`${where}: vectors hold ${c.vectors.byteLength} bytes, expected ids.length * dim * 4`);
    }
  }
}

/**
 * Awaits IndexedDB requests issued one at a time by a generator. If issuing one throws
 * synchronously (e.g. DataError for an item without an id), the ones already issued are still
 * observed: they reject with AbortError once the transaction rolls back.
 */
async function allRequests(issue: () => Iterable<Promise<unknown>>): Promise<void> {
  const issued: Promise<unknown>[] = [];
  for (const request of issue()) {
    request.catch(() => undefined);
    issued.push(request);
  }
  await Promise.all(issued);
}

export class AlcoveStore {
  readonly name: string;
  private db: IDBPDatabase<AlcoveDB> | undefined;

  private constructor(name: string) {
    this.name = name;
  }

  /** Opens the database, creating or migrating it. Throws StoreError (see StoreErrorCode). */
  static async open(opts: OpenStoreOptions = {}): Promise<AlcoveStore> {
    const store = new AlcoveStore(opts.name ?? DB_NAME);
    store.db = await openDatabase({
      indexedDB: opts.indexedDB,
      name: store.name,
      version: DB_VERSION,
      migrations: MIGRATIONS,
      blockedTimeoutMs: opts.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS,
      onVersionChange: () => {
        store.db = undefined;
        opts.onVersionChange?.();
      },
      onTerminated: () => {
        store.db = undefined;
        opts.onTerminated?.();
      },
    });
    return store;
  }

  /**
   * Deletes the whole database. Open AlcoveStore connections close themselves (their
   * onVersionChange fires). If some other connection stays open past the timeout this rejects with
   * 'blocked'; the browser still deletes the database once that connection closes.
   */
  static deleteDatabase(name: string = DB_NAME, opts: { blockedTimeoutMs?: number; indexedDB?: IDBFactory } = {}): Promise<void> {
    const factory = opts.indexedDB ?? globalIndexedDB();
    if (!factory) {
      return Promise.reject(new StoreError('unavailable', 'IndexedDB is not available here'));
    }
    const timeoutMs = opts.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let deleting: Promise<void>;
      try {
        // idb's deleteDB, on the IndexedDB passed in.
        const request = factory.deleteDatabase(name);
        request.addEventListener('blocked', () => {
          timer ??= setTimeout(() => {
            reject(new StoreError('blocked', `deleting "${name}" is waiting for another open connection`));
          }, timeoutMs);
        });
        deleting = wrap(request).then(() => undefined);
      } catch (err) {
        // indexedDB.deleteDatabase can throw synchronously (e.g. SecurityError).
        reject(new StoreError('unavailable', `cannot delete "${name}"`, { cause: err }));
        return;
      }
      deleting.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(toStoreError(err, `deleting "${name}"`));
        },
      );
    });
  }

  /** False after close(), after another context forced a version change, or after termination. */
  get isOpen(): boolean {
    return this.db !== undefined;
  }

  /** Idempotent. Pending transactions still finish; later calls throw StoreError 'closed'. */
  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  // ---- Catalog -------------------------------------------------------------------------------

  /** Replaces all items and the catalog meta atomically: on failure the old catalog stays. */
  async replaceCatalog(items: readonly ItemRecord[], meta: CatalogMeta): Promise<void> {
    await this.write(['items', 'meta'], 'replaceCatalog', async (tx) => {
      const itemStore = tx.objectStore('items');
      // Requests run in the order issued, so the clear happens before the puts.
      await allRequests(function* () {
        yield itemStore.clear();
        for (const item of items) yield itemStore.put(item);
        yield tx.objectStore('meta').put(meta, 'catalog');
      });
    });
  }

  /** All items, ordered by id. */
  async getItems(): Promise<ItemRecord[]> {
    return this.read(['items'], 'getItems', (tx) => tx.objectStore('items').getAll());
  }

  async getItem(id: string): Promise<ItemRecord | undefined> {
    return this.read(['items'], 'getItem', (tx) => tx.objectStore('items').get(id));
  }

  async getCatalogMeta(): Promise<CatalogMeta | undefined> {
    return this.read(['meta'], 'getCatalogMeta', (tx) => tx.objectStore('meta').get('catalog'));
  }

  // ---- Embeddings ----------------------------------------------------------------------------

  /**
   * Chunks of one model, in key order: by catalogVersion, then chunk. Without catalogVersion this is
   * normally a single version, because putEmbeddingChunks deletes the others.
   */
  async getEmbeddingChunks(modelId: string, catalogVersion?: string): Promise<EmbeddingChunk[]> {
    return this.read(['embeddings'], 'getEmbeddingChunks', (tx) => {
      const store = tx.objectStore('embeddings');
      if (catalogVersion === undefined) return store.index('by-model').getAll(modelId);
      // Chunk numbers are numbers, so [-Inf, +Inf] spans exactly this model + version.
      return store.getAll(
        IDBKeyRange.bound([modelId, catalogVersion, -Infinity], [modelId, catalogVersion, Infinity]),
      );
    });
  }

  /**
   * Writes chunks (all for keep.modelId @ keep.catalogVersion) and, in the same transaction, deletes
   * that model's chunks for every other catalog version. Chunks of the same version that are not in
   * this call are kept, so a long embedding run can save its progress chunk by chunk.
   */
  async putEmbeddingChunks(
    chunks: readonly EmbeddingChunk[],
    keep: { modelId: string; catalogVersion: string },
  ): Promise<void> {
    checkChunks(chunks, keep);
    await this.write(['embeddings'], 'putEmbeddingChunks', async (tx) => {
      const store = tx.objectStore('embeddings');
      const keys = await store.index('by-model').getAllKeys(keep.modelId);
      await allRequests(function* () {
        for (const key of keys) if (key[1] !== keep.catalogVersion) yield store.delete(key);
        for (const chunk of chunks) yield store.put(chunk);
      });
    });
  }

  /** Drops every embedding: they are a rebuildable cache, the first thing to go when quota runs out. */
  async dropEmbeddings(): Promise<void> {
    await this.write(['embeddings'], 'dropEmbeddings', (tx) => tx.objectStore('embeddings').clear());
  }

  // ---- Events --------------------------------------------------------------------------------

  /** Appends one event and returns it with its sequence number. Unknown extra fields are not stored. */
  /** Stores an aggregate file for a catalog version (replacing the previous one under `key`). */
  async putAggregate(key: string, record: AggregateRecord): Promise<void> {
    await this.write(['aggregates'], 'putAggregate', async (tx) => {
      await tx.objectStore('aggregates').put(record, key);
    });
  }

  async getAggregate(key: string): Promise<AggregateRecord | undefined> {
    return this.read(['aggregates'], 'getAggregate', (tx) => tx.objectStore('aggregates').get(key));
  }

  async deleteAggregate(key: string): Promise<void> {
    await this.write(['aggregates'], 'deleteAggregate', (tx) => tx.objectStore('aggregates').delete(key));
  }

  async appendEvent(e: BehaviourEvent): Promise<StoredEvent> {
    const record: BehaviourEvent = { type: e.type, ts: e.ts };
    // Leave absent fields absent (not `undefined`), so by-item simply skips events without an item.
    if (e.itemId !== undefined) record.itemId = e.itemId;
    if (e.query !== undefined) record.query = e.query;
    let seq = 0;
    await this.write(['events'], 'appendEvent', async (tx) => {
      // No seq yet: the autoIncrement key generator assigns it. The schema types values with seq.
      seq = await tx.objectStore('events').add(record as StoredEvent);
    });
    return { ...record, seq };
  }

  /**
   * Events ordered oldest → newest by sequence (insertion order, immune to clock changes).
   * sinceTs keeps events with ts >= sinceTs; limit then keeps the most recent N of those.
   */
  async getEvents(opts: GetEventsOptions = {}): Promise<StoredEvent[]> {
    const { limit, sinceTs } = opts;
    if (limit !== undefined && !(limit >= 0)) throw invalid(`limit must be >= 0, got ${String(limit)}`);
    const max = limit === undefined || limit === Infinity ? undefined : Math.floor(limit);
    if (max === 0) return [];

    return this.read(['events'], 'getEvents', async (tx) => {
      const store = tx.objectStore('events');
      if (sinceTs !== undefined) {
        const rows = await store.index('by-ts').getAll(IDBKeyRange.lowerBound(sinceTs));
        rows.sort((a, b) => a.seq - b.seq);
        return max === undefined ? rows : rows.slice(-max);
      }
      if (max === undefined) return store.getAll();
      // Keys are an auto-increment sequence: the newest key bounds the last `max` in one getAll
      // (one request instead of `max` cursor steps). Gaps (deleted events) leave it short: then walk.
      const newest = await store.openKeyCursor(null, 'prev');
      if (!newest) return [];
      const top = newest.key as number;
      const recent = await store.getAll(IDBKeyRange.lowerBound(top - max + 1));
      if (recent.length >= max || top - max + 1 <= 1) return recent;
      // Walk backwards from the newest so only `max` records are read.
      const newestFirst: StoredEvent[] = [];
      let cursor = await store.openCursor(null, 'prev');
      while (cursor) {
        newestFirst.push(cursor.value);
        if (newestFirst.length >= max) break;
        cursor = await cursor.continue();
      }
      return newestFirst.reverse();
    });
  }

  async countEvents(): Promise<number> {
    return this.read(['events'], 'countEvents', (tx) => tx.objectStore('events').count());
  }

  // ---- Settings ------------------------------------------------------------------------------

  /** The stored value, asserted (not checked) to be a T. */
  async getSetting<T>(key: string): Promise<T | undefined> {
    const value = await this.read(['settings'], 'getSetting', (tx) => tx.objectStore('settings').get(key));
    return value as T | undefined;
  }

  /** Stores any structured-cloneable value; `undefined` deletes the setting. */
  async setSetting(key: string, value: unknown): Promise<void> {
    await this.write(['settings'], 'setSetting', async (tx) => {
      const store = tx.objectStore('settings');
      await (value === undefined ? store.delete(key) : store.put(value, key));
    });
  }

  // ---- Privacy -------------------------------------------------------------------------------

  /** A consistent snapshot (one transaction) of everything personal: events and settings. */
  async exportPersonalData(): Promise<PersonalDataExport> {
    return this.read(['events', 'settings'], 'exportPersonalData', async (tx) => {
      const settingsStore = tx.objectStore('settings');
      const [events, keys, values] = await Promise.all([
        tx.objectStore('events').getAll(),
        settingsStore.getAllKeys(),
        settingsStore.getAll(),
      ]);
      // fromEntries defines own properties, so a key like "__proto__" stays data.
      const settings: Record<string, unknown> = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
      return { events, settings };
    });
  }

  /** Wipes events and settings together. The catalog and embeddings are not personal and stay. */
  async clearPersonalData(): Promise<void> {
    await this.write(['events', 'settings'], 'clearPersonalData', async (tx) => {
      await allRequests(function* () {
        yield tx.objectStore('events').clear();
        yield tx.objectStore('settings').clear();
      });
    });
  }

  /** Record counts and the bytes held by embedding vectors. */
  async usage(): Promise<StoreUsage> {
    return this.read(['items', 'events', 'embeddings'], 'usage', async (tx) => {
      const [items, events] = await Promise.all([tx.objectStore('items').count(), tx.objectStore('events').count()]);
      let embeddingBytes = 0;
      let cursor = await tx.objectStore('embeddings').openCursor();
      while (cursor) {
        embeddingBytes += cursor.value.vectors.byteLength;
        cursor = await cursor.continue();
      }
      return { items, events, embeddingBytes };
    });
  }

  // ---- Transactions --------------------------------------------------------------------------

  private begin<N extends StoreName, M extends IDBTransactionMode>(stores: N[], mode: M, action: string): Tx<N, M> {
    if (!this.db) throw new StoreError('closed', `${action}: the store is closed`);
    let tx: Tx<N, M>;
    try {
      tx = this.db.transaction(stores, mode);
    } catch (err) {
      // InvalidStateError: the connection is closing (e.g. terminated but 'close' not yet fired).
      if (errorName(err) === 'InvalidStateError') {
        throw new StoreError('closed', `${action}: the connection is closing`, { cause: err });
      }
      throw toStoreError(err, action);
    }
    // The failure is reported through the request promises; observe `done` so it isn't also an
    // unhandled rejection.
    tx.done.catch(() => undefined);
    return tx;
  }

  private async read<N extends StoreName, R>(
    stores: N[],
    action: string,
    body: (tx: Tx<N, 'readonly'>) => Promise<R>,
  ): Promise<R> {
    const tx = this.begin(stores, 'readonly', action);
    try {
      return await body(tx);
    } catch (err) {
      throw toStoreError(err, action);
    }
  }

  /** Runs body in one readwrite transaction and resolves once it has committed. */
  private async write<N extends StoreName>(
    stores: N[],
    action: string,
    body: (tx: Tx<N, 'readwrite'>) => Promise<void>,
  ): Promise<void> {
    const tx = this.begin(stores, 'readwrite', action);
    try {
      await body(tx);
      await tx.done;
    } catch (err) {
      try {
        tx.abort(); // Roll back whatever body issued before failing.
      } catch {
        // Already aborted or finished.
      }
      const txError = await tx.done.then(
        () => undefined,
        (e: unknown) => e,
      );
      throw toStoreError(rootCause(err, txError), action);
    }
  }
}

/** The database layout: schema type, name, version and the migrations that build it. */
import type { RecommendFit } from '../core/recommend-mix';
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import { CONFIG_DEFAULTS } from '../core/config';
import type { StoredEvent } from '../core/types';
import type { CatalogMeta, EmbeddingChunk, ItemRecord } from './records';

/** The default database name (EngineConfig.dbName). */
export const DB_NAME = CONFIG_DEFAULTS.dbName;

/** Key of an embedding chunk: [modelId, catalogVersion, chunk]. */
export type EmbeddingKey = [modelId: string, catalogVersion: string, chunk: number];

/** Keys of the `meta` store and the value each holds. Add a key here to store more metadata. */
export interface MetaValues {
  catalog: CatalogMeta;
}

/** The current (latest-version) shape of the database, used to type every read and write. */
export interface AlcoveDB extends DBSchema {
  items: { key: string; value: ItemRecord };
  embeddings: {
    key: EmbeddingKey;
    value: EmbeddingChunk;
    indexes: { 'by-model': string };
  };
  events: {
    key: number;
    value: StoredEvent;
    indexes: { 'by-ts': number; 'by-item': string };
  };
  settings: { key: string; value: unknown };
  meta: { key: keyof MetaValues; value: MetaValues[keyof MetaValues] };
  /** v2: aggregate (not personal) data shipped with a catalog, e.g. its co-occurrence table. */
  aggregates: { key: string; value: AggregateRecord };
}

/** An aggregate file of the catalog version it came with (rebuildable: fetched again if dropped). */
export interface AggregateRecord {
  catalogVersion: string;
  /** sha-256 of `bytes`, as the catalog manifest lists it. */
  sha256: string;
  bytes: ArrayBuffer;
  /** What came with the co-occurrence table in the manifest: the "for you" fit and the popular picks. */
  recommend?: RecommendFit;
  popular?: string[];
}

/**
 * Upgrades the database by one version inside the versionchange transaction. Typed against an
 * untyped schema on purpose: a migration describes the database as it was at its version, so it
 * must keep compiling after AlcoveDB changes. It may return a promise when it transforms data, but
 * must only await IndexedDB requests on `tx` (anything else lets the transaction commit early).
 */
export type Migration = (
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
) => void | Promise<void>;

/** Version 1: the initial layout. */
const migrateToV1: Migration = (db) => {
  db.createObjectStore('items', { keyPath: 'id' });

  const embeddings = db.createObjectStore('embeddings', {
    keyPath: ['modelId', 'catalogVersion', 'chunk'],
  });
  embeddings.createIndex('by-model', 'modelId');

  const events = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
  events.createIndex('by-ts', 'ts');
  events.createIndex('by-item', 'itemId');

  // Out-of-line keys: settings and meta hold arbitrary values under string names.
  db.createObjectStore('settings');
  db.createObjectStore('meta');
};

/** Version 2: a store for aggregate catalog data (the co-occurrence table); nothing else moves. */
const migrateToV2: Migration = (db) => {
  db.createObjectStore('aggregates');
};

/**
 * MIGRATIONS[v] upgrades a database from version v-1 to v; opening runs every one between the
 * on-disk version and DB_VERSION, in order. To change the schema, append a function (never edit a
 * shipped one) and add a test fixture for the previous version. Index 0 is unused: version 0 means
 * "no database".
 */
export const MIGRATIONS: readonly (Migration | undefined)[] = [undefined, migrateToV1, migrateToV2];

export const DB_VERSION = MIGRATIONS.length - 1;

/** Public surface of the store layer. */
export { AlcoveStore, type OpenStoreOptions } from './store.js';
export { openStoreWithFallback } from './memory-fallback.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { DB_NAME, DB_VERSION } from './schema.js';
export type {
  CatalogMeta,
  EmbeddingChunk,
  GetEventsOptions,
  ItemRecord,
  PersonalDataExport,
  StoreUsage,
} from './records.js';

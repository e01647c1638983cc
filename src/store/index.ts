/** Public surface of the store layer. */
export { AlcoveStore, type OpenStoreOptions } from './store';
export { openStoreWithFallback } from './memory-fallback';
export { StoreError, type StoreErrorCode } from './errors';
export { DB_NAME, DB_VERSION } from './schema';
export type {
  CatalogMeta,
  EmbeddingChunk,
  GetEventsOptions,
  ItemRecord,
  PersonalDataExport,
  StoreUsage,
} from './records';

/**
 * The Alcove library's public entry point: a typed client for the engine worker.
 *
 *   const alcove = createAlcove();
 *   await alcove.init({ modelBaseUrl: '/models/alcove-mini-v3/' }, { onProgress: console.log });
 *   await alcove.ingestCatalog('/catalog/demo-catalog.json');
 *   const { items } = await alcove.search('something to keep coffee hot');
 */
import { wrapEngine, type AlcoveClient } from './wrap';

export type * from '../core/api';
export type { BehaviourEvent, CatalogItem, EventType, StoredEvent } from '../core/types';
export { AlcoveError, type AlcoveErrorCode } from '../core/errors';
export { wrapEngine, type AlcoveClient } from './wrap';
export { readableExport, READABLE_EXPORT_FORMAT, type ReadableExport, type ExportedEvent } from './readable-export';

export function createEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'alcove-engine' });
}

/** Starts the engine worker (or wraps one you made) and returns the typed client. */
export function createAlcove(worker: Worker = createEngineWorker()): AlcoveClient {
  return wrapEngine(worker);
}

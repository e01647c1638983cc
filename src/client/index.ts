/**
 * The Alcove library's public entry point: a typed client for the engine worker.
 *
 *   const alcove = createAlcove();
 *   await alcove.init({ modelBaseUrl: '/models/alcove-mini/' }, { onProgress: console.log });
 *   await alcove.ingestCatalog('/catalog/demo-catalog.json');
 *   const { items } = await alcove.search('something to keep coffee hot');
 */
import * as Comlink from 'comlink';
import type {
  EngineApi,
  EngineConfig,
  EngineStatus,
  FaultDrill,
  IngestReport,
  PersonalData,
  ProgressCallback,
  RecommendOptions,
  ResultList,
  SearchOptions,
  TrackInput,
} from '../core/api';
import type { StoredEvent } from '../core/types';
import '../rpc/error-transfer';

export type * from '../core/api';
export type { BehaviourEvent, CatalogItem, EventType, StoredEvent } from '../core/types';
export { AlcoveError, type AlcoveErrorCode } from '../core/errors';

export interface AlcoveClient {
  init(config: EngineConfig, opts?: { onProgress?: ProgressCallback }): Promise<EngineStatus>;
  ingestCatalog(source: readonly unknown[] | string, opts?: { onProgress?: ProgressCallback }): Promise<IngestReport>;
  track(event: TrackInput): Promise<void>;
  search(query: string, opts?: SearchOptions): Promise<ResultList>;
  /** Sentence embeddings (unit length) from the encoder in use. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  recommend(opts: RecommendOptions): Promise<ResultList>;
  history(): Promise<StoredEvent[]>;
  exportData(): Promise<PersonalData>;
  forgetMe(): Promise<void>;
  status(): Promise<EngineStatus>;
  /** Stages a fault such as a lost GPU device, to see the engine recover. */
  faultDrill(kind: FaultDrill): Promise<void>;
  /** Stops the worker. The client cannot be used afterwards. */
  terminate(): void;
}

export function createEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'alcove-engine' });
}

/** Starts the engine worker (or wraps one you made) and returns the typed client. */
export function createAlcove(worker: Worker = createEngineWorker()): AlcoveClient {
  const remote = Comlink.wrap<EngineApi>(worker);
  const progress = (cb?: ProgressCallback) => (cb ? Comlink.proxy(cb) : undefined);
  return {
    init: (config, opts) => remote.init(config, progress(opts?.onProgress)),
    ingestCatalog: (source, opts) => remote.ingestCatalog(source, progress(opts?.onProgress)),
    track: (event) => remote.track(event),
    search: (query, opts) => remote.search(query, opts),
    embed: (texts) => remote.embed(texts),
    recommend: (opts) => remote.recommend(opts),
    history: () => remote.history(),
    exportData: () => remote.exportData(),
    forgetMe: () => remote.forgetMe(),
    status: () => remote.status(),
    faultDrill: (kind) => remote.faultDrill(kind),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

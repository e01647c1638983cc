/**
 * The typed client over an engine worker you provide. Kept apart from index.ts so bundles that
 * make their own worker (the widget) do not pull in the default worker and its wasm.
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
import type { CatalogItem, StoredEvent } from '../core/types';
import '../rpc/error-transfer';

export interface AlcoveClient {
  init(config: EngineConfig, opts?: { onProgress?: ProgressCallback }): Promise<EngineStatus>;
  ingestCatalog(source: readonly unknown[] | string, opts?: { onProgress?: ProgressCallback }): Promise<IngestReport>;
  track(event: TrackInput): Promise<void>;
  search(query: string, opts?: SearchOptions): Promise<ResultList>;
  /** Sentence embeddings (unit length) from the encoder in use. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  recommend(opts: RecommendOptions): Promise<ResultList>;
  /** A catalog item by id (for product pages), or null when the catalog has none. */
  item(id: string): Promise<CatalogItem | null>;
  history(): Promise<StoredEvent[]>;
  exportData(): Promise<PersonalData>;
  forgetMe(): Promise<void>;
  status(): Promise<EngineStatus>;
  /** Stages a fault such as a lost GPU device, to see the engine recover. */
  faultDrill(kind: FaultDrill): Promise<void>;
  /** Stops the worker. The client cannot be used afterwards. */
  terminate(): void;
}

/** Wraps an engine worker in the typed client. */
export function wrapEngine(worker: Worker): AlcoveClient {
  const remote = Comlink.wrap<EngineApi>(worker);
  const progress = (cb?: ProgressCallback) => (cb ? Comlink.proxy(cb) : undefined);
  return {
    init: (config, opts) => remote.init(config, progress(opts?.onProgress)),
    ingestCatalog: (source, opts) => remote.ingestCatalog(source, progress(opts?.onProgress)),
    track: (event) => remote.track(event),
    search: (query, opts) => remote.search(query, opts),
    embed: (texts) => remote.embed(texts),
    recommend: (opts) => remote.recommend(opts),
    item: (id) => remote.item(id),
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

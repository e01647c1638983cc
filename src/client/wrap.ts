/**
 * The typed client over an engine worker you provide. Kept apart from index.ts so bundles that
 * make their own worker (the widget) do not pull in the default worker and its wasm.
 */
import * as Comlink from 'comlink';
import type { EngineApi, EngineConfig, EngineStatus, IngestReport, ProgressCallback } from '../core/api';
import '../rpc/error-transfer';

/**
 * The engine API as the page calls it: the same methods, except that progress callbacks are
 * passed in an options object (they cross the worker boundary as proxies), plus terminate().
 */
export interface AlcoveClient extends Omit<EngineApi, 'init' | 'ingestCatalog'> {
  init(config: EngineConfig, opts?: { onProgress?: ProgressCallback }): Promise<EngineStatus>;
  ingestCatalog(source: readonly unknown[] | string, opts?: { onProgress?: ProgressCallback }): Promise<IngestReport>;
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

/**
 * The typed client over an engine worker you provide. Kept apart from index.ts so bundles that
 * make their own worker (the widget) do not pull in the default worker and its wasm.
 */
import * as Comlink from 'comlink';
import type { EngineApi, EngineConfig, EngineStatus, IngestReport, ProgressCallback } from '../core/api';
import { AlcoveError } from '../core/errors';
import '../rpc/error-transfer';
import { copyableRows, isDataCloneError } from './copyable-rows';

/** Runs one call to the worker; arguments it cannot copy there are an `invalid_input` AlcoveError. */
async function call<T>(method: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    if (!isDataCloneError(e)) throw e;
    throw new AlcoveError('invalid_input', `${method}: an argument holds something that cannot be copied to the engine worker (a function, Symbol or DOM node): ${(e as Error).message}`);
  }
}

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
    init: (config, opts) => call('init', () => remote.init(config, progress(opts?.onProgress))),
    ingestCatalog: (source, opts) =>
      call('ingestCatalog', async () => {
        try {
          return await remote.ingestCatalog(source, progress(opts?.onProgress));
        } catch (e) {
          // A row holding a function or Symbol: report that row, ingest the others.
          if (!isDataCloneError(e) || !Array.isArray(source)) throw e;
          return await remote.ingestCatalog(copyableRows(source), progress(opts?.onProgress));
        }
      }),
    track: (event) => call('track', () => remote.track(event)),
    search: (query, opts) => call('search', () => remote.search(query, opts)),
    embed: (texts) => call('embed', () => remote.embed(texts)),
    recommend: (opts) => call('recommend', () => remote.recommend(opts)),
    item: (id) => call('item', () => remote.item(id)),
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

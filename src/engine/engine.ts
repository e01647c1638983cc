/**
 * The engine: composes the encoder, the store and the ranker into the public API.
 * It lives in a web worker; nothing here touches the DOM or sends user data anywhere.
 */
import type {
  EngineApi,
  FaultDrill,
  EngineConfig,
  EngineStatus,
  IngestReport,
  PersonalData,
  ProgressCallback,
  RecommendOptions,
  ResultList,
  ScoredItem,
  SearchOptions,
  StageTimings,
  TrackInput,
} from '../core/api';
import { CONFIG_DEFAULTS, resolveConfig, type ResolvedConfig } from '../core/config';
import { AlcoveError, errorMessage } from '../core/errors';
import type { Interest } from '../core/interest';
import { RELEVANCE_ONLY, type Ranker } from '../core/ranker';
import { parseSearchFusion, type SearchFusion } from '../core/search-fusion';
import type { Manifest } from '../core/catalog/format';
import type { CatalogItem, StoredEvent } from '../core/types';
import { itemIdOrThrow } from '../core/item-id';
import { validateEvent, validateOptions, validateQuery } from '../core/validate';
import { Encoder, type WorkloadRouting } from '../model/encoder';
import type { FileLoader } from '../model/fetch-bytes';
import type { FetchProgress } from '../model/model-files';
import { loadRanker } from '../model/ranker-loader';
import { loadSearchFusion, type LoadedFusion } from '../model/search-fusion-loader';
import { openStoreWithFallback, StoreError, type AlcoveStore } from '../store';
import type { CatalogIndex } from './catalog-index';
import { fetchCatalogRows } from './catalog-source';
import { ingestCatalog, restoreCatalog, type IngestResult } from './ingest';
import { restoreCooc, syncCooc } from './cooc-ingest';
import { RecentEvents } from './recent-events';
import { forYou, historyIndices, personal, similar, type Personal, type RecommendContext } from './recommend';
import type { RecommendFit } from '../core/recommend-mix';
import { DENSE_CANDIDATES, searchCatalog, type SearchContext } from './search';
import { ingestManifest } from './shard-ingest';

/** How many recent events feed C(u); older ones have decayed to near zero anyway. */
const HISTORY_WINDOW = 200;

function clampLimit(limit: unknown): number {
  if (limit === undefined) return 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw new AlcoveError('invalid_input', 'limit must be a positive integer');
  return Math.min(limit, 100);
}

function ms(t0: number): number {
  return Math.round((performance.now() - t0) * 100) / 100;
}

/** The engine's I/O, passed in; each defaults to the browser's. */
export interface EngineDeps {
  /** Reads model, ranker and catalog files; default fetch. */
  loadFile?: FileLoader;
  /** The IndexedDB for the store; default the global one (in memory where the browser refuses it). */
  indexedDB?: IDBFactory;
}

export class Engine implements EngineApi {
  private config: ResolvedConfig | null = null;
  private encoder: Encoder | null = null;
  private ranker: Ranker | null = null;
  /** Why no ranker runs (its files could not be fetched), for status(). */
  private rankerMissing: string | null = null;
  /** The model's fitted search fusion (search-fusion.json beside it), or null and why not. */
  private fusion: LoadedFusion = { fusion: null, note: 'not initialised' };
  private storeHandle: AlcoveStore | null = null;
  private catalog: CatalogIndex | null = null;
  private notice: string | undefined;
  /** IndexedDB was refused: the store lives in memory for this visit. */
  private inMemory = false;
  private readonly timings: EngineStatus['timings'] = {};
  /** Whether the last query's embedding went to GPU retrieval without a round trip through the CPU. */
  private gpuHandoff = false;
  private initialising: Promise<EngineStatus> | null = null;
  private recent: RecentEvents | null = null;

  constructor(private readonly deps: EngineDeps = {}) {}

  init(config: EngineConfig, onProgress?: ProgressCallback): Promise<EngineStatus> {
    // Several widgets share one worker: the first init does the work, the rest wait for it.
    this.initialising ??= this.doInit(config, onProgress).catch((e: unknown) => {
      this.initialising = null;
      throw e;
    });
    return this.initialising;
  }

  private async doInit(config: EngineConfig, onProgress?: ProgressCallback): Promise<EngineStatus> {
    if (typeof config !== 'object' || config === null || typeof config.modelBaseUrl !== 'string' || config.modelBaseUrl === '') {
      throw new AlcoveError('invalid_input', 'init needs a config with a modelBaseUrl');
    }
    const cfg = resolveConfig(config, globalThis.location?.href);
    this.config = cfg;
    this.recent ??= new RecentEvents(HISTORY_WINDOW, cfg.dbName);
    const t0 = performance.now();
    const fileProgress = (p: FetchProgress) =>
      onProgress?.({ stage: 'model', done: p.loaded, total: p.total, message: `${p.fromCache ? 'Loading cached' : 'Downloading'} ${p.file}` });

    this.storeHandle = await this.openStore();
    const loadingEncoder = Encoder.load(
      {
        modelBaseUrl: cfg.modelBaseUrl,
        modelFile: cfg.modelFile,
        backend: cfg.backend,
        cacheName: cfg.cacheName,
        load: this.deps.loadFile,
        threads: cfg.wasmThreads,
        wasmBaseUrl: cfg.wasmBaseUrl,
        ortLogLevel: cfg.ortLogLevel,
        // The workload-routing measurement, kept per device in the settings store.
        routingMemo: {
          get: async (key) => (await this.store()).getSetting<WorkloadRouting>(key),
          set: async (key, value) => (await this.store()).setSetting(key, value),
        },
      },
      fileProgress,
    );
    // The ranker is optional: without its files everything still works on relevance, C(u) and item-kNN.
    const [encoder, ranker, fusion] = await Promise.all([
      loadingEncoder,
      loadRanker(cfg.rankerUrl, cfg.cacheName, async () => (await loadingEncoder).runtime, fileProgress, this.deps.loadFile).catch((e: unknown) => {
        if (!(e instanceof AlcoveError && e.code === 'model_unavailable')) throw e;
        return e;
      }),
      loadSearchFusion(cfg.modelBaseUrl, cfg.cacheName, this.deps.loadFile),
    ]);
    this.rankerMissing = ranker instanceof AlcoveError ? ranker.message : null;
    this.fusion =
      fusion.fusion && fusion.fusion.modelId !== encoder.info.modelId
        ? { fusion: null, note: `ranker blend: search-fusion.json was fitted on ${fusion.fusion.modelId}, not ${encoder.info.modelId}` }
        : fusion;
    if (!(ranker instanceof AlcoveError) && ranker.dim !== encoder.info.dim) {
      throw new AlcoveError('ranker_invalid', `ranker ${ranker.id} does not match the encoder's ${encoder.info.dim}-d embeddings`);
    }
    this.encoder = encoder;
    this.ranker = ranker instanceof AlcoveError ? null : ranker;
    this.timings.modelLoadMs = ms(t0);
    const restored = await restoreCatalog(this.storeHandle, encoder.info.modelId, encoder.info.dim);
    if (restored) await restoreCooc(restored, this.storeHandle);
    await this.useCatalog(restored);
    encoder.startBackground(); // auto: WebGPU measured now, after the shopper's page is usable
    return this.status();
  }

  private async openStore(): Promise<AlcoveStore> {
    try {
      const { store, inMemory } = await openStoreWithFallback({
        name: this.config!.dbName,
        indexedDB: this.deps.indexedDB,
        // Another tab upgrades the schema: let go now and reopen on the next call.
        onVersionChange: () => {
          this.storeHandle = null;
        },
      });
      this.inMemory = inMemory;
      return store;
    } catch (e) {
      throw new AlcoveError('storage_unavailable', `IndexedDB could not be opened: ${errorMessage(e)}`);
    }
  }

  private async store(): Promise<AlcoveStore> {
    if (!this.config) throw new AlcoveError('not_ready', 'call init() first');
    this.storeHandle ??= await this.openStore();
    return this.storeHandle;
  }

  private ready(): { encoder: Encoder; ranker: Ranker } {
    if (!this.encoder) throw new AlcoveError('not_ready', 'call init() first');
    return { encoder: this.encoder, ranker: this.ranker ?? RELEVANCE_ONLY };
  }

  private needCatalog(): CatalogIndex {
    if (!this.catalog) throw new AlcoveError('not_ready', 'no catalog yet: call ingestCatalog() first');
    return this.catalog;
  }

  async ingestCatalog(source: readonly unknown[] | string, onProgress?: ProgressCallback): Promise<IngestReport> {
    const { encoder } = this.ready();
    let rows: readonly unknown[];
    let name: string;
    const store = await this.store();
    if (typeof source === 'string') {
      onProgress?.({ stage: 'catalog', done: 0, total: 0, message: `Fetching ${source}` });
      name = new URL(source, globalThis.location?.href).href;
      const fetched = await fetchCatalogRows(name, this.deps.loadFile);
      if ('manifest' in fetched) {
        const result = await this.withStorageErrors(() => ingestManifest(fetched.manifest, name, encoder, store, this.catalog, onProgress, this.deps.loadFile));
        await this.withStorageErrors(() => syncCooc(fetched.manifest, name, result.index, store, this.deps.loadFile));
        result.index.searchFusion = manifestFusion(fetched.manifest, encoder.info.modelId);
        return this.applyIngest(result);
      }
      rows = fetched.rows;
    } else if (Array.isArray(source)) {
      rows = source;
      name = 'inline';
    } else {
      throw new AlcoveError('invalid_input', 'ingestCatalog takes an array of items or a URL');
    }
    return this.applyIngest(await this.withStorageErrors(() => ingestCatalog(rows, name, encoder, store, this.catalog, onProgress)));
  }

  /** Makes `index` the live catalog and places its retrieval on the CPU or the GPU. */
  private async useCatalog(index: CatalogIndex | null): Promise<void> {
    if (index === this.catalog) return; // an unchanged re-ingest: already placed
    this.catalog?.dropGpu('replaced by a newer catalog');
    this.catalog = index;
    if (!index) return;
    const policy = this.config?.retrieval ?? CONFIG_DEFAULTS.retrieval;
    const device = this.encoder?.gpuDevice;
    if (policy === 'cpu') index.retrievalReason = 'CPU: forced by config';
    else if (!device) index.retrievalReason = 'CPU: the encoder runs on WASM (no GPU device)';
    else await index.routeRetrieval(device, policy, DENSE_CANDIDATES);
  }

  private async applyIngest(result: IngestResult): Promise<IngestReport> {
    await this.useCatalog(result.index);
    this.notice = result.notice;
    this.timings.ingest = { totalMs: result.report.ms, itemsPerSecond: result.report.itemsPerSecond, ...result.timings };
    return result.report;
  }

  async track(input: TrackInput): Promise<void> {
    const event = validateEvent(input, Date.now());
    if (event.itemId !== undefined && this.needCatalog().indexOf(event.itemId) === undefined) {
      throw new AlcoveError('unknown_item', `no item with id ${JSON.stringify(event.itemId)} in the catalog`);
    }
    const store = await this.store();
    const stored = await this.withStorageErrors(() => store.appendEvent(event));
    this.recent?.appended(stored);
  }

  async search(query: string, options?: SearchOptions): Promise<ResultList> {
    const t0 = performance.now();
    const text = validateQuery(query);
    const opts = validateOptions(options, 'search');
    const limit = clampLimit(opts.limit);
    const catalog = this.needCatalog();
    if (text === '') return { items: [], strategy: 'empty query', timings: { totalMs: 0 } };
    const list = await this.searchWith(catalog, text, limit, new Set(), t0);
    this.timings.lastQuery = list.timings;
    if (opts.record !== false) await this.track({ type: 'search', query: text });
    return list;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const { encoder } = this.ready();
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new AlcoveError('invalid_input', 'embed takes an array of strings');
    if (texts.length > 1024) throw new AlcoveError('invalid_input', 'embed takes at most 1024 texts per call');
    const { vectors: flat } = await encoder.embed(texts);
    const dim = encoder.info.dim;
    return texts.map((_, i) => flat.slice(i * dim, (i + 1) * dim));
  }

  async recommend(opts: RecommendOptions): Promise<ResultList> {
    const t0 = performance.now();
    if (typeof opts !== 'object' || opts === null) throw new AlcoveError('invalid_input', 'recommend needs options with a mode');
    const limit = clampLimit(opts.limit);
    const catalog = this.needCatalog();
    this.ready();
    let list: ResultList;
    switch (opts.mode) {
      case 'for-you':
        list = await forYou(await this.recommendContext(catalog), limit);
        break;
      case 'similar': {
        const anchor = catalog.indexOf(itemIdOrThrow(opts.itemId, 'recommend similar itemId'));
        if (anchor === undefined) throw new AlcoveError('unknown_item', `no item with id ${JSON.stringify(opts.itemId)} in the catalog`);
        list = await similar(await this.recommendContext(catalog), anchor, limit);
        break;
      }
      case 'after-query': {
        const text = validateQuery(opts.query);
        if (text === '') {
          list = await forYou(await this.recommendContext(catalog), limit);
          break;
        }
        const interest = await this.interest(catalog);
        list = await this.searchWith(catalog, text, limit, this.historyIndices(catalog, interest), t0);
        break;
      }
      default:
        throw new AlcoveError('invalid_input', `unknown recommend mode ${JSON.stringify((opts as { mode: unknown }).mode)}`);
    }
    this.timings.lastRecommend = list.timings;
    return list;
  }

  private async recommendContext(catalog: CatalogIndex): Promise<RecommendContext> {
    return { catalog, ranker: this.ranker, events: await this.events(), now: Date.now() };
  }

  /** The search pipeline (./search) over this engine's encoder, ranker, catalog and fusion. */
  private async searchWith(catalog: CatalogIndex, text: string, limit: number, exclude: ReadonlySet<number>, t0: number): Promise<ResultList> {
    const { encoder, ranker } = this.ready();
    const ctx: SearchContext = { encoder, ranker, catalog, fusion: catalog.searchFusion ?? this.fusion.fusion, personal: () => this.interest(catalog) };
    const { queryOnGpu, ...list } = await searchCatalog(ctx, { text, limit, exclude, t0 });
    this.gpuHandoff = queryOnGpu;
    return list;
  }

  private async interest(catalog: CatalogIndex): Promise<Personal> {
    return personal({ catalog, ranker: this.ranker, events: await this.events(), now: Date.now() });
  }

  private async events(): Promise<StoredEvent[]> {
    const store = await this.store();
    return this.recent ? await this.recent.get((limit) => store.getEvents({ limit })) : await store.getEvents({ limit: HISTORY_WINDOW });
  }

  private historyIndices(catalog: CatalogIndex, interest: Interest): Set<number> {
    return historyIndices(catalog, interest);
  }

  async item(id: string): Promise<CatalogItem | null> {
    const key = itemIdOrThrow(id, 'item id');
    const catalog = this.needCatalog();
    const i = catalog.indexOf(key);
    return i === undefined ? null : catalog.items[i]!;
  }

  async history(): Promise<StoredEvent[]> {
    return (await this.store()).getEvents();
  }

  async exportData(): Promise<PersonalData> {
    const data = await (await this.store()).exportPersonalData();
    return { exportedAt: new Date().toISOString(), ...data };
  }

  async forgetMe(): Promise<void> {
    this.recent?.invalidate();
    await (await this.store()).clearPersonalData();
    this.recent?.invalidate();
  }

  async status(): Promise<EngineStatus> {
    const enc = this.encoder?.info;
    const usage = this.storeHandle ? await this.storeHandle.usage().catch(() => null) : null;
    // The worker's own resource timeline: the page cannot see requests made from here.
    const requests = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      ready: Boolean(this.encoder),
      backend: enc
        ? { name: enc.backend, reason: enc.backendReason, ...(enc.adapter ? { adapter: enc.adapter } : {}), wasmThreads: enc.wasmThreads, ...(enc.queries ? { queries: enc.queries } : {}), ...(enc.bulk ? { bulk: enc.bulk } : {}) }
        : { name: 'none', reason: 'not initialised', wasmThreads: 0 },
      model: enc ? { id: enc.modelId, url: enc.modelUrl, bytes: enc.modelBytes, dim: enc.dim, trained: enc.trained, pooling: enc.pooling } : null,
      ranker: this.ranker
        ? { id: this.ranker.id, trained: this.ranker.trained, untrainedParts: this.ranker.untrainedParts }
        : this.rankerMissing !== null
          ? { id: null, trained: false, untrainedParts: [], reason: `no ranker (${this.rankerMissing}): search and "similar" rank by relevance, "for you" by interest similarity and item-kNN` }
          : null,
      catalog: this.catalog ? { version: this.catalog.version, items: this.catalog.n, source: this.catalog.source, coocPairs: this.catalog.coocPairs, ...(this.catalog.recommendFit ? { recommend: describeFit(this.catalog.recommendFit) } : {}) } : null,
      retrieval: this.catalog ? { kernel: this.catalog.kernel, reason: this.catalog.retrievalReason, queryOnGpu: this.gpuHandoff } : null,
      search: { fusion: this.catalog?.searchFusion ? `fitted fusion ${this.catalog.searchFusion.id} (the catalog manifest's)` : this.fusion.note },
      events: usage?.events ?? 0,
      storage: {
        kind: this.inMemory ? 'memory' : 'indexeddb',
        items: usage?.items ?? 0,
        embeddingBytes: usage?.embeddingBytes ?? 0,
        ...(this.inMemory
          ? { notice: 'This browser refused IndexedDB (private mode?): your history is kept in memory for this visit only.' }
          : this.notice
            ? { notice: this.notice }
            : {}),
      },
      network: { requests: requests.length, bytes: requests.reduce((s, r) => s + r.transferSize, 0), urls: requests.map((r) => r.name) },
      timings: this.timings,
    };
  }

  faultDrill(kind: FaultDrill): Promise<void> {
    if (kind !== 'gpu-device-lost') throw new AlcoveError('invalid_input', `unknown fault drill ${JSON.stringify(kind)}`);
    this.ready().encoder.destroyGpuDevice();
    return Promise.resolve();
  }

  private async withStorageErrors<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (e instanceof StoreError) {
        if (e.code === 'closed') this.storeHandle = null;
        throw new AlcoveError(e.code === 'quota' ? 'storage_quota' : 'storage_unavailable', `storage failed: ${e.message}`);
      }
      throw e;
    }
  }
}

/** The catalog's "for you" fit, in words, for status(). */
function describeFit(fit: RecommendFit): string {
  const h = fit.heldOut;
  const m = fit.mix;
  const mix = `item-kNN ${m.knn} (decay ${m.decay}) + popularity ${m.popularity} + interest ${m.text}`;
  return fit.kind === 'item-knn'
    ? `${mix}, without the ranker (it did not help on ${h.users} held-out shoppers: NDCG@10 ${h.ndcg10}, item-kNN alone ${h.knnNdcg10}, ranker alone ${h.rankerNdcg10})`
    : `ranker ${m.ranker} + ${mix}, fitted on ${h.users} held-out shoppers: NDCG@10 ${h.ndcg10}, item-kNN alone ${h.knnNdcg10}, ranker alone ${h.rankerNdcg10}`;
}

/** The manifest's fitted search fusion, if it was fitted on this encoder's cosines. */
function manifestFusion(manifest: Manifest, modelId: string): SearchFusion | null {
  const f = manifest.searchFusion ? parseSearchFusion(manifest.searchFusion) : null;
  return f && f.modelId === modelId ? f : null;
}

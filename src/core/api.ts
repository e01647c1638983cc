/** The engine's public contract: what the worker exposes and the client returns. Types only. */
import type { BehaviourEvent, CatalogItem, StoredEvent } from './types';
import type { RowRejection } from './validate';

export interface EngineConfig {
  /** Base URL of a Hugging Face-style model folder: config.json, tokenizer.json, onnx/. */
  modelBaseUrl: string;
  /** Graph inside the model folder. Default: the variant config.json's `alcove.variants` names
   * for the backend in use, else `onnx/model_quantized.onnx`. */
  modelFile?: string;
  /** Folder with ranker.json (+ the ONNX graph or weights.bin it names). Default: the trained ranker beside the model. */
  rankerUrl?: string;
  /** `auto` tries WebGPU and falls back to WASM. Default `auto`. */
  backend?: 'auto' | 'webgpu' | 'wasm';
  /** WASM threads on cross-origin-isolated pages (ignored otherwise). */
  wasmThreads?: number;
  /** Where onnxruntime's .wasm files are served from, when not beside the bundle. */
  wasmBaseUrl?: string;
  /** IndexedDB database name. Default `alcove`. */
  dbName?: string;
  /** Cache Storage bucket for model files; `null` disables caching. Default `alcove-models-v1`. */
  cacheName?: string | null;
  /** onnxruntime's log level, for diagnosis: `verbose` lists which execution provider runs each node. */
  ortLogLevel?: 'verbose' | 'info' | 'warning' | 'error';
  /**
   * Dense retrieval: `auto` times the WGSL kernel (WebGPU backend only) against WASM SIMD on the
   * loaded catalog and keeps the faster; `cpu` or `gpu` force one. Default `auto`.
   */
  retrieval?: 'auto' | 'cpu' | 'gpu';
}

export type ProgressStage = 'model' | 'catalog' | 'embed' | 'store';

export interface Progress {
  stage: ProgressStage;
  /** Units done and total (bytes for downloads, items for embedding); total 0 if unknown. */
  done: number;
  total: number;
  message: string;
}

export type ProgressCallback = (p: Progress) => void;

export interface IngestReport {
  catalogVersion: string;
  items: number;
  /** Items whose embeddings had to be computed (new or changed text). */
  embedded: number;
  /** Items whose stored embeddings were reused. */
  reused: number;
  rejected: RowRejection[];
  ms: number;
  itemsPerSecond: number;
}

/** What the shopper did with a history item that explains a result. */
export type BecauseEvent = 'view' | 'click' | 'add_to_cart' | 'purchase';

/** Why an item is in a list: the shopper's own history items that pulled it up. */
export interface Because {
  itemId: string;
  title: string;
  /** The shopper's strongest event on that item: "Because you bought …" for `purchase`. */
  event: BecauseEvent;
  /** Share of the explanation, 0..1. */
  weight: number;
}

export interface ScoredItem {
  item: CatalogItem;
  score: number;
  parts: { relevance: number; lexical: number; personal: number; dnn: number };
  because: Because[];
}

export interface SearchOptions {
  limit?: number;
  /** Record the query as a local `search` event (default true). */
  record?: boolean;
}

export type RecommendOptions =
  | { mode: 'for-you'; limit?: number }
  | { mode: 'similar'; itemId: string; limit?: number }
  | { mode: 'after-query'; query: string; limit?: number };

/** Milliseconds (or counts) per stage of one request, e.g. `encodeMs`, `rankMs`. */
export interface StageTimings {
  [stage: string]: number;
}
/** @deprecated The former name of StageTimings, kept so that existing imports still compile. */
export type Stage = StageTimings;

export interface ResultList {
  items: ScoredItem[];
  /** How the list was made: e.g. `personalised`, `cold start: popular picks`. */
  strategy: string;
  /**
   * Recommendations: what the picks are, for a label: `personal` (from this shopper's history),
   * `popular` (the shop's best sellers, for a shopper without history), `varied` (no popularity
   * known: picks across categories).
   */
  source?: 'personal' | 'popular' | 'varied';
  timings: StageTimings;
  /**
   * Search (and after-query lists): set when nothing matched the query well (no keyword match, and even the closest
   * item by meaning is below the fitted search fusion's similarity floor). `items` may still hold
   * the nearest items: show them as suggestions under a "no good match" notice, not as answers.
   */
  noMatch?: boolean;
}

export interface EngineStatus {
  ready: boolean;
  backend: {
    name: 'webgpu' | 'wasm' | 'none';
    reason: string;
    adapter?: { vendor: string; architecture: string; isFallbackAdapter: boolean; shaderF16: boolean };
    wasmThreads: number;
    /** Backend `auto` on WebGPU: where single queries run, chosen by timing both on this device. */
    queries?: { backend: 'webgpu' | 'wasm'; reason: string };
    /** Backend `auto` on WebGPU: where bulk batches (catalog embedding) run, likewise. */
    bulk?: { backend: 'webgpu' | 'wasm'; reason: string };
  };
  model: { id: string; url: string; bytes: number; dim: number; trained: boolean; pooling: 'mean' | 'model' } | null;
  /**
   * The ranker in use; `id: null` with the `reason` when none could be loaded (then search and
   * "similar" rank by relevance, "for you" by interest similarity plus item-kNN where the catalog
   * has a co-occurrence table).
   */
  ranker: { id: string | null; trained: boolean; untrainedParts: readonly string[]; reason?: string } | null;
  /** `coocPairs`: neighbour pairs in the catalog's co-occurrence table (0 without one). */
  catalog: { version: string; items: number; source: string; coocPairs: number } | null;
  /**
   * The top-k kernel in use for dense retrieval and why (with the timings it was chosen on);
   * `queryOnGpu`: the last query's embedding stayed on the GPU from the encoder to retrieval.
   */
  retrieval: { kernel: string; reason: string; queryOnGpu: boolean } | null;
  /** How search combines keyword and dense evidence: the fitted fusion in use (catalog's, else model's), or the ranker's blend and why. */
  search: { fusion: string };
  events: number;
  storage: { kind: 'indexeddb' | 'memory'; items: number; embeddingBytes: number; notice?: string };
  /** Every request the worker has made (model, ranker and catalog files): shown so shoppers can check. */
  network: { requests: number; bytes: number; urls: string[] };
  timings: { modelLoadMs?: number; ingest?: StageTimings; lastQuery?: StageTimings; lastRecommend?: StageTimings };
}

export interface PersonalData {
  exportedAt: string;
  events: StoredEvent[];
  settings: Record<string, unknown>;
}

export type TrackInput = Omit<BehaviourEvent, 'ts'> & { ts?: number };

/** Faults the engine can stage on itself, so tests and demos can prove the fallbacks. */
export type FaultDrill = 'gpu-device-lost';

/** The engine API, as the worker implements it. */
export interface EngineApi {
  init(config: EngineConfig, onProgress?: ProgressCallback): Promise<EngineStatus>;
  ingestCatalog(source: readonly unknown[] | string, onProgress?: ProgressCallback): Promise<IngestReport>;
  track(event: TrackInput): Promise<void>;
  search(query: string, opts?: SearchOptions): Promise<ResultList>;
  /** Sentence embeddings (unit length) of texts, from the encoder in use. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  recommend(opts: RecommendOptions): Promise<ResultList>;
  /** A catalog item by id (for product pages), or null when the catalog has none. */
  item(id: string): Promise<CatalogItem | null>;
  history(): Promise<StoredEvent[]>;
  exportData(): Promise<PersonalData>;
  forgetMe(): Promise<void>;
  status(): Promise<EngineStatus>;
  /** Stages a fault (e.g. destroys the GPU device); the engine must recover on its own. */
  faultDrill(kind: FaultDrill): Promise<void>;
}

/**
 * The sentence encoder: tokenizer + BERT-family ONNX graph on onnxruntime-web, WebGPU
 * first and WASM as the fallback, mean-pooled and L2-normalised unless the model pools itself.
 */
import type * as OrtModule from 'onnxruntime-web';
import { AlcoveError, errorMessage } from '../core/errors';
import { buildBatch } from '../core/model-input';
import { meanPool } from '../core/pooling';
import { SerialQueue } from '../core/serial-queue';
import { l2Normalize } from '../core/vector';
import { chooseBackend, type AdapterSummary, type BackendChoice, type BackendName, type BackendPreference } from './backend';
import type { FileLoader } from './fetch-bytes';
import { evictModelFile, fetchModelFile, fetchModelJson, resolveModelUrl, type FetchProgress } from './model-files';
import { LOG_SEVERITY, loadOrt, type Ort, type WasmOptions } from './ort';
import { createTokenizer, type TextTokenizer } from './tokenizer';

export interface EncoderConfig extends WasmOptions {
  /** Base URL of a Hugging Face-style model folder (config.json, tokenizer.json, onnx/). */
  modelBaseUrl: string;
  /** Graph file inside the folder; unset = the variant config.json names for the backend. */
  modelFile?: string;
  backend: BackendPreference;
  /** Cache Storage bucket for model files; null disables it. */
  cacheName: string | null;
  /** Reads model files; fetch by default (the CLI passes a local-file reader). */
  load?: FileLoader;
  /** Remembers the workload-routing measurement per device and model, so it runs once per device. */
  routingMemo?: {
    get(key: string): Promise<WorkloadRouting | undefined>;
    set(key: string, value: WorkloadRouting): Promise<void>;
  };
}

/** Where one kind of work runs on a WebGPU device, and why (the timings it was chosen on). */
export interface Routing {
  backend: BackendName;
  reason: string;
}

/** The measured placement of single queries and of bulk batches, remembered per device. */
export interface WorkloadRouting {
  queries: Routing;
  /** Measured on the first bulk work, so absent until then. */
  bulk?: Routing;
}

export interface EncoderInfo {
  modelId: string;
  modelUrl: string;
  modelBytes: number;
  dim: number;
  maxLength: number;
  trained: boolean;
  pooling: 'mean' | 'model';
  backend: BackendName;
  backendReason: string;
  adapter?: AdapterSummary;
  wasmThreads: number;
  /** Backend `auto` on WebGPU: where single queries and bulk batches run, by measurement. */
  queries?: Routing;
  bulk?: Routing;
}

/** Background work on the encoder waits until it has run nothing for this long. */
const QUIET_MS = 1000;
/** Batches up to this size count as queries (routed by measurement); larger ones are bulk work. */
const QUERY_BATCH = 4;
/** Bulk routing is timed on 8 short product texts (short: on a software adapter this takes seconds). */
const BULK_PROBE = Array.from(
  { length: 8 },
  (_, i) => `${['Stainless steel', 'Ceramic', 'Cotton', 'Oak'][i % 4]} ${['vacuum flask', 'coffee mug', 'garden trowel', 'desk lamp'][(i * 3) % 4]}, ${['blue', 'grey', 'sand', 'black'][i % 4]}. Home & Kitchen.`,
);

/** An embedding in GPU memory (see Encoder.embedQueryOnGpu). */
export interface GpuEmbedding {
  /** `dim` float32 values on the encoder's device. */
  readonly buffer: GPUBuffer;
  readonly timings: EncodeTimings;
  release(): void;
}

export interface EncodeTimings {
  tokenizeMs: number;
  inferenceMs: number;
  poolMs: number;
}

interface ModelConfig {
  modelId: string;
  dim: number;
  maxLength: number;
  trained: boolean;
  /** `alcove.pooling`: `model` (the graph outputs sentence_embedding) or `mean`; unset: from the graph's outputs. */
  pooling?: 'mean' | 'model';
  /** `alcove.inputs`: the graph inputs the model was exported with; checked against the graph. */
  inputs?: readonly string[];
  /** Graph file per backend (`alcove.variants`): each backend runs the quantisation it is fastest with. */
  variants: Partial<Record<BackendName, string>>;
}

/** Used when config.json names no variants: transformers.js's name for an 8-bit model. */
export const DEFAULT_MODEL_FILE = 'onnx/model_quantized.onnx';
/** Tokens per text at most (longer product texts are cut): BERT cost grows with the square of it. */
const MAX_LENGTH = 128;

/** config.json: the Hugging Face keys, plus the `alcove` block our export writes. */
function readConfig(raw: unknown, fallbackId: string): ModelConfig {
  const c = (raw ?? {}) as Record<string, unknown>;
  const alcove = (c['alcove'] ?? {}) as Record<string, unknown>;
  const dim = Number(alcove['embedding_dim'] ?? c['hidden_size']);
  if (!Number.isInteger(dim) || dim <= 0) throw new AlcoveError('model_corrupt', 'config.json has no valid hidden_size');
  const pooling = alcove['pooling'];
  if (pooling !== undefined && pooling !== 'mean' && pooling !== 'model') throw new AlcoveError('model_corrupt', `config.json alcove.pooling ${String(pooling)} is not mean or model`);
  const inputs = alcove['inputs'];
  if (inputs !== undefined && !(Array.isArray(inputs) && inputs.every((i) => typeof i === 'string'))) throw new AlcoveError('model_corrupt', 'config.json alcove.inputs is not a list of input names');
  return {
    modelId: String(alcove['model_id'] ?? c['_name_or_path'] ?? fallbackId),
    dim,
    maxLength: Math.min(Number(alcove['max_length'] ?? MAX_LENGTH) || MAX_LENGTH, Number(c['max_position_embeddings'] ?? 512) || 512, MAX_LENGTH),
    // Models from elsewhere are trained; only our placeholder says otherwise.
    trained: alcove['trained'] !== false,
    pooling,
    inputs,
    variants: Object.fromEntries(
      Object.entries((alcove['variants'] ?? {}) as Record<string, unknown>).filter(
        (e): e is [BackendName, string] => (e[0] === 'webgpu' || e[0] === 'wasm') && typeof e[1] === 'string',
      ),
    ),
  };
}

interface OpenedSession {
  session: OrtModule.InferenceSession;
  url: string;
  bytes: number;
}

export class Encoder {
  private readonly queue = new SerialQueue();
  private session!: OrtModule.InferenceSession;
  /** A WASM session for single queries, kept when it measured faster than WebGPU at batch 1. */
  private querySession: OrtModule.InferenceSession | null = null;
  /** The bulk measurement, once started (see routeBulk). */
  private bulkRouting: Promise<void> | undefined;
  private routingKey = '';
  /** Backend `auto` serving on WASM first: the WebGPU device still to get a session, and its start. */
  private pendingGpu: BackendChoice | undefined;
  private gpuStart: Promise<void> | undefined;
  /** Single queries were never timed on this device: WebGPU gets timed once the engine is ready. */
  private queriesUntimed = false;
  /** Which onnxruntime build `ort` is (the WebGPU one runs WASM sessions too). */
  private ortBuild: BackendName = 'wasm';
  /** When an encoder run last started or ended (background work waits for a quiet spell). */
  private lastRunAt = 0;
  private ort!: Ort;
  private device: GPUDevice | undefined;
  private deviceLost: string | null = null;
  private onProgress: ((p: FetchProgress) => void) | undefined;

  private constructor(
    private readonly cfg: EncoderConfig,
    private readonly tokenizer: TextTokenizer,
    private readonly model: ModelConfig,
    readonly info: EncoderInfo,
  ) {}

  /** The WebGPU device the encoder holds, until lost (for GPU retrieval; `auto` may encode on WASM meanwhile). */
  get gpuDevice(): GPUDevice | undefined {
    return this.deviceLost ? undefined : this.device;
  }

  /** The onnxruntime build this encoder runs on; the trained ranker shares it (one wasm download). */
  get runtime(): Ort {
    return this.ort;
  }

  static async load(cfg: EncoderConfig, onProgress?: (p: FetchProgress) => void): Promise<Encoder> {
    const opts = { cacheName: cfg.cacheName, onProgress, load: cfg.load };
    const url = (f: string) => resolveModelUrl(cfg.modelBaseUrl, f);
    const [configJson, tokenizerJson, tokenizerConfig] = await Promise.all([
      fetchModelJson(url('config.json'), opts),
      fetchModelJson(url('tokenizer.json'), opts),
      fetchModelJson(url('tokenizer_config.json'), opts).catch(() => ({})), // optional in HF repos
    ]);
    const model = readConfig(configJson, cfg.modelBaseUrl);
    let tokenizer: TextTokenizer;
    try {
      tokenizer = createTokenizer(tokenizerJson, tokenizerConfig);
    } catch (e) {
      await evictModelFile(url('tokenizer.json'), cfg.cacheName);
      throw e;
    }
    const info: EncoderInfo = {
      modelId: model.modelId,
      modelUrl: '',
      modelBytes: 0,
      dim: model.dim,
      maxLength: model.maxLength,
      trained: model.trained,
      pooling: 'mean',
      backend: 'wasm',
      backendReason: '',
      wasmThreads: 1,
    };
    const enc = new Encoder(cfg, tokenizer, model, info);
    await enc.start(cfg.backend, onProgress);
    return enc;
  }

  /** Creates the session on the preferred backend, falling back to WASM with the reason kept. */
  private async start(pref: BackendPreference, onProgress?: (p: FetchProgress) => void): Promise<void> {
    this.onProgress = onProgress;
    const choice = await chooseBackend(pref);
    if (choice.name === 'webgpu' && pref === 'auto') return this.startAuto(choice);
    if (choice.name === 'webgpu') {
      try {
        await this.startWebGpu(choice);
        return;
      } catch (e) {
        if (e instanceof AlcoveError && e.code === 'model_corrupt') throw e;
        this.dropDevice();
        choice.reason = `WebGPU failed (${errorMessage(e)}); using WASM`;
      }
    }
    await this.useWasm(choice.reason);
  }

  /** Runs everything on a new WebGPU session on the chosen device (shaders compiled before return). */
  private async startWebGpu(choice: BackendChoice): Promise<void> {
    this.ort = await loadOrt('webgpu', this.cfg);
    this.ortBuild = 'webgpu';
    this.watchDevice(choice.device);
    this.useSession(await this.openSession('webgpu', choice.device));
    this.info.backend = 'webgpu';
    this.info.backendReason = choice.reason;
    if (choice.adapter) this.info.adapter = choice.adapter;
    await this.runBatch(['warm up']); // compiles shaders now, not on the shopper's first query
  }

  private watchDevice(device: GPUDevice | undefined): void {
    this.device = device;
    // Checked before each run: once lost, the encoder continues on WASM.
    void device?.lost.then((lost) => {
      this.deviceLost = `GPU device lost (${lost.reason}): ${lost.message}`;
    });
  }

  private dropDevice(): void {
    this.device?.destroy();
    this.device = undefined;
  }

  /**
   * Backend `auto` on a WebGPU device. WebGPU often loses to WASM at batch 1 (dispatch and
   * readback cost more than the work) and wins at large batches; on a software adapter it loses
   * both. Where single queries are remembered (per device) to run faster on WebGPU, start there.
   * Otherwise WASM serves from the start, and the WebGPU session is created only where it can
   * matter: in the background when single queries were never timed here (then timed on both),
   * or on the first bulk work (routeBulk), so a warm page is usable as soon as WASM is.
   */
  private async startAuto(choice: BackendChoice): Promise<void> {
    const a = choice.adapter;
    this.routingKey = `workload-routing:${this.model.modelId}:${a ? `${a.vendor}/${a.architecture}` : 'gpu'}`;
    const stored = await this.cfg.routingMemo?.get(this.routingKey).catch(() => undefined);
    const memo = typeof stored?.queries?.backend === 'string' ? stored : undefined;
    const remembered = (r: Routing): Routing => ({ backend: r.backend, reason: `${r.reason}; remembered for this device` });
    if (memo?.queries.backend === 'webgpu') {
      try {
        await this.startWebGpu(choice);
        this.info.queries = remembered(memo.queries);
        this.info.bulk = { backend: 'webgpu', reason: 'batches on WebGPU (it won single queries)' };
        return;
      } catch (e) {
        if (e instanceof AlcoveError && e.code === 'model_corrupt') throw e;
        this.dropDevice();
        return this.useWasm(`WebGPU failed (${errorMessage(e)}); using WASM`);
      }
    }
    if (memo?.bulk?.backend === 'wasm') {
      // WASM won both here: WebGPU is not started on this visit.
      this.dropDevice();
      await this.useWasm(`${choice.reason}; not used: WASM measured faster for single queries and batches on this device`);
      this.info.queries = remembered(memo.queries);
      this.info.bulk = remembered(memo.bulk);
      return;
    }
    // A first visit times both sessions, so it loads the WebGPU build (it runs WASM sessions too).
    // A later one, where WASM won single queries, loads the smaller WASM build; bulk work that
    // needs WebGPU moves to the WebGPU build then (startGpu).
    this.ort = await loadOrt(memo ? 'wasm' : 'webgpu', this.cfg);
    this.ortBuild = memo ? 'wasm' : 'webgpu';
    this.watchDevice(choice.device);
    this.useSession(await this.openSession('wasm'));
    this.info.wasmThreads = this.ort.env.wasm.numThreads ?? 1;
    if (choice.adapter) this.info.adapter = choice.adapter;
    this.pendingGpu = choice;
    if (memo) {
      this.info.backendReason = `${choice.reason}; WebGPU starts on the first bulk work (WASM won single queries here)`;
      this.info.queries = remembered(memo.queries);
      if (memo.bulk) this.info.bulk = remembered(memo.bulk);
    } else {
      this.info.backendReason = `${choice.reason}; measuring WebGPU in the background, WASM serves meanwhile`;
      this.info.queries = { backend: 'wasm', reason: 'single queries on WASM while WebGPU is measured in the background' };
      this.queriesUntimed = true;
    }
  }

  /**
   * Starts the background WebGPU measurement, if one is due: called once the engine is ready.
   * Each heavy step waits for a quiet spell, so the shopper's first queries go first.
   */
  startBackground(): void {
    if (!this.queriesUntimed || this.gpuStart) return;
    this.lastRunAt = performance.now();
    void this.startGpu(true);
  }

  /** Resolves once no encoder run has started or ended for QUIET_MS. */
  private async whenQuiet(): Promise<void> {
    for (let quiet = performance.now() - this.lastRunAt; quiet < QUIET_MS; quiet = performance.now() - this.lastRunAt) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quiet));
    }
  }

  /**
   * Creates the WebGPU session beside the serving WASM one (at most once), times single queries
   * on both where that was never done here, and then moves to it: WebGPU becomes the main
   * session, WASM keeps single queries where it measured faster. On failure WASM stays.
   */
  private startGpu(inBackground = false): Promise<void> {
    this.gpuStart ??= (async () => {
      const choice = this.pendingGpu!;
      const timeQueries = this.queriesUntimed;
      // Bulk work waits for this, so only the background start yields to queries.
      const yieldToQueries = () => (inBackground ? this.whenQuiet() : Promise.resolve());
      try {
        await yieldToQueries();
        // Tensors belong to one build: a WASM session in the WASM build is reopened in the WebGPU one.
        const ort = this.ortBuild === 'webgpu' ? this.ort : await loadOrt('webgpu', this.cfg);
        const opened = await this.openSession('webgpu', choice.device, ort);
        const gpu = opened.session;
        const wasmInBuild = ort === this.ort ? null : (await this.openSession('wasm', undefined, ort)).session;
        if (wasmInBuild) {
          // Bulk work brought WebGPU up (single queries stay on WASM): move to the WebGPU build first.
          await this.queue.run(async () => {
            await this.session.release();
            this.session = wasmInBuild;
            this.ort = ort;
            this.ortBuild = 'webgpu';
          });
        }
        const probe = ['stainless steel vacuum flask'];
        await yieldToQueries();
        const gpuMs = await this.queue.run(() => this.timeRuns(gpu, probe, timeQueries ? 3 : 0)); // the warm-up run compiles shaders
        let queries = this.info.queries!;
        if (timeQueries) {
          await yieldToQueries();
          const wasmMs = await this.queue.run(() => this.timeRuns(this.session, probe, 3));
          const timing = `batch 1: WASM ${wasmMs.toFixed(1)} ms vs WebGPU ${gpuMs.toFixed(1)} ms, measured on this device`;
          queries = wasmMs < gpuMs ? { backend: 'wasm', reason: `single queries on WASM (${timing})` } : { backend: 'webgpu', reason: `single queries on WebGPU (${timing})` };
          this.queriesUntimed = false;
          await this.cfg.routingMemo?.set(this.routingKey, { queries }).catch(() => undefined);
        }
        await this.queue.run(async () => {
          if (this.deviceLost) throw new Error(this.deviceLost);
          const wasm = this.session;
          this.useSession(opened);
          this.pendingGpu = undefined;
          this.info.backend = 'webgpu';
          this.info.backendReason = choice.reason;
          this.info.queries = queries;
          if (queries.backend === 'wasm') this.querySession = wasm;
          else {
            await wasm.release();
            this.info.bulk = { backend: 'webgpu', reason: 'batches on WebGPU (it won single queries)' };
          }
        });
      } catch (e) {
        this.dropDevice();
        this.pendingGpu = undefined;
        this.info.backendReason = `${choice.reason}; WebGPU failed (${errorMessage(e)}); using WASM`;
        delete this.info.queries;
        delete this.info.bulk;
      }
    })();
    return this.gpuStart;
  }

  /** Times bulk work on both sessions (once per device, when the first bulk batch comes). */
  private routeBulk(): Promise<void> {
    this.bulkRouting ??= (this.pendingGpu ? this.startGpu() : Promise.resolve()).then(() => this.queue.run(async () => {
      const wasm = this.querySession;
      if (!this.bulkPending || !wasm) return;
      try {
        const gpuMs = await this.timeRuns(this.session, BULK_PROBE, 1);
        const wasmMs = await this.timeRuns(wasm, BULK_PROBE, 1);
        const timing = `batch ${BULK_PROBE.length}: WASM ${wasmMs.toFixed(1)} ms vs WebGPU ${gpuMs.toFixed(1)} ms, measured on this device`;
        this.info.bulk = wasmMs < gpuMs ? { backend: 'wasm', reason: `batches on WASM too (${timing})` } : { backend: 'webgpu', reason: `batches on WebGPU (${timing})` };
        if (this.info.queries && this.info.bulk) await this.cfg.routingMemo?.set(this.routingKey, { queries: this.info.queries, bulk: this.info.bulk }).catch(() => undefined);
      } catch (e) {
        this.info.bulk = { backend: 'webgpu', reason: `batches on WebGPU (the WASM comparison failed: ${errorMessage(e)})` };
      }
    }));
    return this.bulkRouting;
  }

  /** Bulk work may go to WebGPU here: its session is not started yet, or bulk placement not measured. */
  private get bulkPending(): boolean {
    return this.pendingGpu !== undefined || (this.querySession !== null && !this.info.bulk);
  }

  /** Mean time of `reps` runs after one warm-up run (which compiles shaders for these shapes). */
  private async timeRuns(session: OrtModule.InferenceSession, texts: string[], reps: number): Promise<number> {
    await this.runOnce(texts, undefined, session);
    const t = performance.now();
    for (let i = 0; i < reps; i++) await this.runOnce(texts, undefined, session);
    return reps ? (performance.now() - t) / reps : 0;
  }

  private async useWasm(reason: string): Promise<void> {
    await this.querySession?.release().catch(() => undefined);
    this.querySession = null;
    this.pendingGpu = undefined;
    this.device = undefined; // retrieval already placed on it keeps its own fallback
    delete this.info.queries;
    delete this.info.bulk;
    await this.session?.release().catch(() => undefined);
    this.ort = await loadOrt('wasm', this.cfg);
    this.ortBuild = 'wasm';
    this.useSession(await this.openSession('wasm'));
    this.info.backend = 'wasm';
    this.info.backendReason = reason;
    this.info.wasmThreads = this.ort.env.wasm.numThreads ?? 1;
  }

  /** The graph file for a backend: the configured file, else config.json's variant, else the default. */
  private variantFile(backend: BackendName): string {
    return this.cfg.modelFile ?? this.model.variants[backend] ?? DEFAULT_MODEL_FILE;
  }

  /** A session on `backend` in the loaded onnxruntime build, its graph checked against config.json. */
  private async openSession(backend: BackendName, device?: GPUDevice, ort: Ort = this.ort): Promise<OpenedSession> {
    const url = resolveModelUrl(this.cfg.modelBaseUrl, this.variantFile(backend));
    const bytes = new Uint8Array(await fetchModelFile(url, { cacheName: this.cfg.cacheName, onProgress: this.onProgress, load: this.cfg.load }));
    let session: OrtModule.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        // The session runs on our device (watched for loss, shared with GPU retrieval). Setting
        // env.webgpu.device does not do this: onnxruntime-web's WebGPU EP then creates its own.
        executionProviders: [backend === 'webgpu' && device ? { name: 'webgpu', device } : backend],
        graphOptimizationLevel: 'all',
        // On WebGPU outputs stay on the GPU: a query's embedding can go straight to GPU retrieval
        // (embedQueryOnGpu); everything else downloads it with getData().
        ...(backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
        ...(this.cfg.ortLogLevel ? { logSeverityLevel: LOG_SEVERITY[this.cfg.ortLogLevel], logVerbosityLevel: 0 } : {}),
      });
    } catch (e) {
      if (backend === 'webgpu') throw e;
      await evictModelFile(url, this.cfg.cacheName);
      throw new AlcoveError('model_corrupt', `the model file ${url} could not be loaded: ${errorMessage(e)}`, { url });
    }
    const outputs = session.outputNames;
    this.info.pooling = this.model.pooling ?? (outputs.includes('sentence_embedding') ? 'model' : 'mean');
    if (this.info.pooling === 'model' && !outputs.includes('sentence_embedding')) {
      throw new AlcoveError('model_corrupt', `config.json says the model pools itself, but it outputs ${outputs.join(', ')}, not sentence_embedding`);
    }
    if (this.info.pooling === 'mean' && !outputs.includes('last_hidden_state') && outputs.length !== 1) {
      throw new AlcoveError('model_corrupt', `model outputs ${outputs.join(', ')}: expected last_hidden_state or sentence_embedding`);
    }
    const inputs = session.inputNames;
    if (this.model.inputs && (this.model.inputs.length !== inputs.length || this.model.inputs.some((i) => !inputs.includes(i)))) {
      throw new AlcoveError('model_corrupt', `config.json lists inputs ${this.model.inputs.join(', ')}; the graph takes ${inputs.join(', ')}`);
    }
    return { session, url, bytes: bytes.byteLength };
  }

  /** Makes an opened session the main one (status() names its graph). */
  private useSession(opened: OpenedSession): void {
    this.session = opened.session;
    this.info.modelUrl = opened.url;
    this.info.modelBytes = opened.bytes;
  }

  /**
   * Embeds texts into a row-major n×dim matrix of unit vectors, with the time this call spent
   * per stage (returned, not kept on the encoder: overlapping calls each get their own).
   */
  async embed(texts: readonly string[], opts: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<{ vectors: Float32Array; timings: EncodeTimings }> {
    const batchSize = opts.batchSize ?? 32;
    const dim = this.model.dim;
    const out = new Float32Array(texts.length * dim);
    // Sorting by length keeps padding (wasted compute) low within each batch.
    const order = texts.map((t, i) => [t.length, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    const totals: EncodeTimings = { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 };
    if (this.bulkPending && Math.min(batchSize, texts.length) > QUERY_BATCH) await this.routeBulk();
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const vecs = await this.runBatch(idx.map((i) => texts[i]!), totals);
      idx.forEach((i, r) => out.set(vecs.subarray(r * dim, (r + 1) * dim), i * dim));
      opts.onBatch?.(Math.min(start + batchSize, order.length));
    }
    return { vectors: out, timings: totals };
  }

  private runBatch(texts: string[], totals?: EncodeTimings): Promise<Float32Array> {
    this.lastRunAt = performance.now();
    return this.queue.run(async () => {
      if (this.deviceLost && this.info.backend === 'webgpu') await this.useWasm(`${this.deviceLost}; continued on WASM`);
      const onWasm = this.querySession && (texts.length <= QUERY_BATCH || this.info.bulk?.backend === 'wasm');
      const session = onWasm ? this.querySession! : this.session;
      try {
        return await this.runOnce(texts, totals, session);
      } catch (e) {
        if (this.info.backend !== 'webgpu' || session === this.querySession) throw new AlcoveError('backend_failed', `encoder run failed: ${errorMessage(e)}`);
        await this.useWasm(`WebGPU run failed (${errorMessage(e)}); continued on WASM`);
        return this.runOnce(texts, totals);
      } finally {
        this.lastRunAt = performance.now();
      }
    });
  }

  /**
   * A single query's embedding left in GPU memory, for retrieval on the same device: the query
   * and the top-k then come back in one readback instead of the query's download and upload
   * before it. Null unless single queries run on WebGPU with a graph that pools and normalises
   * itself, or when the run fails. The caller must `release()` it.
   */
  async embedQueryOnGpu(text: string): Promise<GpuEmbedding | null> {
    if (this.info.backend !== 'webgpu' || this.querySession || this.deviceLost || this.info.pooling !== 'model') return null;
    return this.queue.run(async () => {
      const totals: EncodeTimings = { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 };
      // A failed run returns null: embed() then runs it, with its fallback to WASM.
      const run = await this.runSession([text], this.session, totals).catch(() => null);
      if (!run) return null;
      const { result } = run;
      const tensor = result['sentence_embedding']!;
      for (const [name, t] of Object.entries(result)) if (name !== 'sentence_embedding') t.dispose();
      return {
        buffer: tensor.gpuBuffer as GPUBuffer,
        timings: totals,
        release: () => tensor.dispose(),
      };
    });
  }

  private async runSession(texts: string[], session: OrtModule.InferenceSession, totals?: EncodeTimings) {
    const t0 = performance.now();
    const batch = buildBatch(texts.map((t) => ({ ids: this.tokenizer.encode(t) })), this.model.maxLength, this.tokenizer.padId);
    const shape = [batch.batch, batch.seq];
    const all: Record<string, OrtModule.Tensor> = {
      input_ids: new this.ort.Tensor('int64', batch.inputIds, shape),
      attention_mask: new this.ort.Tensor('int64', batch.attentionMask, shape),
      token_type_ids: new this.ort.Tensor('int64', batch.tokenTypeIds, shape),
    };
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const name of session.inputNames) {
      const t = all[name];
      if (!t) throw new AlcoveError('model_corrupt', `model input ${name} is not a BERT input`);
      feeds[name] = t;
    }
    const t1 = performance.now();
    const result = await session.run(feeds);
    if (totals) {
      totals.tokenizeMs += t1 - t0;
      totals.inferenceMs += performance.now() - t1;
    }
    return { batch, result };
  }

  private async runOnce(texts: string[], totals?: EncodeTimings, session: OrtModule.InferenceSession = this.session): Promise<Float32Array> {
    const { batch, result } = await this.runSession(texts, session, totals);
    const t2 = performance.now();
    let vecs: Float32Array;
    if (this.info.pooling === 'model') {
      vecs = new Float32Array((await result['sentence_embedding']!.getData()) as Float32Array);
      for (let r = 0; r < batch.batch; r++) l2Normalize(vecs, r * this.model.dim, this.model.dim);
    } else {
      const hidden = result['last_hidden_state'] ?? result[session.outputNames[0]!]!;
      const data = (await hidden.getData()) as Float32Array;
      vecs = meanPool(data, batch.attentionMask, batch.batch, batch.seq, this.model.dim);
    }
    for (const t of Object.values(result)) t.dispose();
    if (totals) totals.poolMs += performance.now() - t2;
    return vecs;
  }

  /** Fault drill: destroys the real GPU device; the next run must continue on WASM. */
  destroyGpuDevice(): void {
    this.device?.destroy();
  }

  async dispose(): Promise<void> {
    await this.querySession?.release();
    await this.session?.release();
  }
}

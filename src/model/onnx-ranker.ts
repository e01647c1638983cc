/**
 * The trained ranker (alcove-dcn, training/ranker/): an ONNX graph run by onnxruntime-web's WASM
 * execution provider in the worker. It reads the shopper's recent history (item embeddings and
 * per-event features), the candidates' embeddings and side features, and the co-occurrence input;
 * it returns a logit per candidate and attention over the history. docs/ranker.md is the contract.
 *
 * It runs on WASM even when the encoder runs on WebGPU: one request is a few hundred candidates
 * through a 50k-parameter graph (well under a millisecond of CPU), where a GPU round trip would
 * cost more than the work.
 */
import { HIST_FEATS, CAND_FEATS } from '../core/ranker-features';
import { blendScores, type RankBlend, type Ranker, type RankInput, type RankScores } from '../core/ranker';
import type { Ort } from './ort';
import type * as OrtModule from 'onnxruntime-web';

export interface OnnxRankerManifest {
  id: string;
  dim: number;
  maxHistory: number;
  onnx: string;
  onnxSha256: string;
  coocInput: boolean;
  trained: boolean;
  untrained: string[];
  encoderSha256: string | null;
  blend: RankBlend;
}

/** Validates ranker.json of format alcove-onnx-ranker; throws TypeError/RangeError with the reason. */
export function parseOnnxRankerManifest(json: unknown): OnnxRankerManifest {
  const m = json as Record<string, unknown>;
  if (typeof m !== 'object' || m === null || m['format'] !== 'alcove-onnx-ranker') throw new TypeError('not an alcove-onnx-ranker manifest');
  if (m['itemIds'] === true) throw new RangeError('rankers with learned item-ID tables are not supported in the browser (they do not transfer to another catalog)');
  const int = (k: string) => {
    const v = m[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new RangeError(`ranker.json: ${k} must be a positive integer`);
    return v;
  };
  const str = (k: string) => {
    const v = m[k];
    if (typeof v !== 'string' || v === '') throw new RangeError(`ranker.json: ${k} must be a non-empty string`);
    return v;
  };
  const blend = (m['blend'] ?? {}) as Record<string, unknown>;
  const tau = Number(blend['tau']);
  const lexical = Number(blend['lexical']);
  if (!(tau > 0) || !Number.isFinite(lexical)) throw new RangeError('ranker.json: blend needs tau > 0 and a finite lexical weight');
  const enc = m['encoder'] as { sha256?: unknown } | undefined;
  return {
    id: str('id'),
    dim: int('dim'),
    maxHistory: int('maxHistory'),
    onnx: str('onnx'),
    onnxSha256: str('onnxSha256'),
    coocInput: m['coocInput'] === true,
    trained: m['trained'] === true,
    untrained: Array.isArray(m['untrained']) ? m['untrained'].map(String) : [],
    encoderSha256: typeof enc?.sha256 === 'string' ? enc.sha256 : null,
    blend: { tau, lexical },
  };
}

export class OnnxRanker implements Ranker {
  readonly id: string;
  readonly dim: number;
  readonly trained: boolean;
  readonly untrainedParts: readonly string[];

  constructor(
    private readonly ort: Ort,
    private readonly session: OrtModule.InferenceSession,
    private readonly manifest: OnnxRankerManifest,
  ) {
    this.id = manifest.id;
    this.dim = manifest.dim;
    this.trained = manifest.trained;
    this.untrainedParts = manifest.untrained;
  }

  static async create(ort: Ort, bytes: ArrayBuffer, manifest: OnnxRankerManifest): Promise<OnnxRanker> {
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return new OnnxRanker(ort, session, manifest);
  }

  async score(input: RankInput): Promise<RankScores> {
    const { dim, n, history } = input;
    if (dim !== this.dim) throw new RangeError(`ranker expects dim ${this.dim}, got ${dim}`);
    const len = history ? Math.min(history.ids.length, this.manifest.maxHistory) : 0;
    if (!history || len === 0 || n === 0) return blendScores(this.manifest.blend, input, null);
    // The most recent `len` events (history is oldest first).
    const skip = history.ids.length - len;
    const T = this.ort.Tensor;
    const feeds: Record<string, OrtModule.Tensor> = {
      hist_emb: new T('float32', history.emb.subarray(skip * dim, (skip + len) * dim), [1, len, dim]),
      hist_ids: new T('int64', new BigInt64Array(len), [1, len]),
      hist_feat: new T('float32', history.feat.subarray(skip * HIST_FEATS, (skip + len) * HIST_FEATS), [1, len, HIST_FEATS]),
      hist_mask: new T('float32', new Float32Array(len).fill(1), [1, len]),
      cand_emb: new T('float32', input.candidates.subarray(0, n * dim), [n, dim]),
      cand_ids: new T('int64', new BigInt64Array(n), [n]),
      cand_feat: new T('float32', input.candidateFeatures?.subarray(0, n * CAND_FEATS) ?? new Float32Array(n * CAND_FEATS), [n, CAND_FEATS]),
    };
    // The catalog's co-occurrence table, or zeros without one (the model was trained with the
    // table dropped 20% of the time, so it works from text alone).
    if (this.manifest.coocInput) {
      const cooc = input.historyCooc?.subarray(skip * n, (skip + len) * n) ?? new Float32Array(len * n);
      feeds['hist_cand_cooc'] = new T('float32', cooc, [1, len, n]);
    }
    const out = await this.session.run(feeds);
    const logits = out['scores']!.data as Float32Array;
    const att = out['attention']!.data as Float32Array;
    // Attention aligned with history.ids (the events left out get none).
    const attention = new Float32Array(history.ids.length);
    attention.set(att, skip);
    for (const t of Object.values(out)) t.dispose();
    return blendScores(this.manifest.blend, input, logits, attention);
  }
}

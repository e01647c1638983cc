/**
 * The ranking interface the engine calls, and the seed ranker: the founding model, on the CPU.
 *
 *   q = M(x), p = M(y), z = [q; p], z' = W z + b, c = C(u), s = cᵀ z', D([q; p; c])
 *
 * A trained ranker (ONNX or WGSL) implements the same `Ranker` interface and drops in.
 */
import { dot, dotAt, vecMat } from './vector';

export interface RankInput {
  dim: number;
  /** q: the query embedding (search, after-query) or the anchor item (similar); absent for for-you. */
  query?: Float32Array;
  /** c = C(u); absent for a shopper without history. */
  interest?: Float32Array;
  /** Candidate item embeddings p_i, row-major n×dim. */
  candidates: Float32Array;
  n: number;
  /** Lexical match per candidate in [0, 1]: an item side feature. */
  lexical?: Float32Array;
  /**
   * The fitted search fusion's query relevance per candidate (core/search-fusion), a logit: where
   * given it replaces qᵀp/τ + λ·lexical (and the seed ranker's relevance and lexical mix).
   */
  queryScore?: Float32Array;
  /** The shopper's recent history, for rankers that read the sequence (the trained ranker). */
  history?: RankHistory;
  /** Per candidate side features, CAND_FEATS each (core/ranker-features), row-major. */
  candidateFeatures?: Float32Array;
  /** sim(history item j, candidate n) from the catalog's co-occurrence table, history × n; absent without one. */
  historyCooc?: Float32Array;
}

/** Recent history items, oldest first, as the trained ranker reads them. */
export interface RankHistory {
  ids: readonly string[];
  /** Their embeddings, row-major ids.length×dim. */
  emb: Float32Array;
  /** Per event features, HIST_FEATS each (core/ranker-features). */
  feat: Float32Array;
}

/** Per-candidate scores; `score` is what results are sorted by, the rest explain it. */
export interface RankScores {
  score: Float32Array;
  /** qᵀp */
  relevance: Float32Array;
  /** s = cᵀ(W z + b) */
  cross: Float32Array;
  /** D([q; p; c]) */
  dnn: Float32Array;
  /** Per history item (aligned with RankInput.history.ids): how much it shaped the personal part. */
  attention?: Float32Array;
}

export interface Ranker {
  readonly id: string;
  /** Embedding dimension it was built for; must match the encoder's. */
  readonly dim: number;
  readonly trained: boolean;
  /** Parts whose weights are not learned yet, said plainly in status(). */
  readonly untrainedParts: readonly string[];
  score(input: RankInput): RankScores | Promise<RankScores>;
}

export interface SeedRankerWeights {
  id: string;
  dim: number;
  hidden: number;
  trained: boolean;
  untrainedParts: string[];
  /** dim × 2·dim, row-major: z' = W z + b. */
  W: Float32Array;
  b: Float32Array;
  /** D: hidden × 3·dim first layer over [q; p; c], ReLU, then a linear output. */
  W1: Float32Array;
  b1: Float32Array;
  W2: Float32Array;
  b2: number;
  /** How the parts combine into the final score. */
  mix: { relevance: number; lexical: number; cross: number; dnn: number };
}

export class SeedRanker implements Ranker {
  readonly id: string;
  readonly dim: number;
  readonly trained: boolean;
  readonly untrainedParts: readonly string[];

  /** D's first-layer weights on p, contiguous (hidden × dim): the per-candidate hot path. */
  private readonly W1p: Float32Array;

  constructor(private readonly w: SeedRankerWeights) {
    this.id = w.id;
    this.dim = w.dim;
    this.trained = w.trained;
    this.untrainedParts = w.untrainedParts;
    this.W1p = new Float32Array(w.hidden * w.dim);
    for (let k = 0; k < w.hidden; k++) this.W1p.set(w.W1.subarray(k * 3 * w.dim + w.dim, k * 3 * w.dim + 2 * w.dim), k * w.dim);
  }

  /**
   * Per-request terms are folded once so each candidate costs O(dim·hidden):
   * s_i = (cᵀW)[:d]·q + (cᵀW)[d:]·p_i + cᵀb, and D's first layer splits the same way.
   */
  score({ dim, query, interest, candidates, n, lexical, queryScore }: RankInput): RankScores {
    const { W, b, W1, b1, W2, b2, hidden, mix } = this.w;
    if (dim !== this.w.dim) throw new RangeError(`ranker expects dim ${this.w.dim}, got ${dim}`);
    const zero = new Float32Array(dim);
    const q = query ?? zero;
    const c = interest ?? zero;

    const cW = vecMat(c, W, dim, 2 * dim);
    const crossConst = dot(cW, q, 0, dim) + dot(c, b);
    const cWp = cW.subarray(dim);

    // D's first-layer contribution from q, c and the bias, shared by all candidates.
    const pre = new Float32Array(hidden);
    for (let k = 0; k < hidden; k++) {
      const off = k * 3 * dim;
      pre[k] = b1[k]! + dot(q, W1, off, dim) + dot(c, W1, off + 2 * dim, dim);
    }

    const out: RankScores = {
      score: new Float32Array(n),
      relevance: new Float32Array(n),
      cross: new Float32Array(n),
      dnn: new Float32Array(n),
    };
    const W1p = this.W1p;
    for (let i = 0; i < n; i++) {
      const pOff = i * dim;
      const rel = dotAt(q, 0, candidates, pOff, dim);
      const cross = crossConst + dotAt(cWp, 0, candidates, pOff, dim);
      let d = b2;
      for (let k = 0; k < hidden; k++) {
        const a = pre[k]! + dotAt(W1p, k * dim, candidates, pOff, dim);
        if (a > 0) d += W2[k]! * a;
      }
      out.relevance[i] = rel;
      out.cross[i] = cross;
      out.dnn[i] = d;
      const fromQuery = queryScore ? queryScore[i]! : mix.relevance * rel + mix.lexical * (lexical?.[i] ?? 0);
      out.score[i] = fromQuery + mix.cross * cross + mix.dnn * d;
    }
    return out;
  }
}

interface TensorEntry {
  offset: number;
  shape: number[];
}

/**
 * Parses the shipped seed-ranker files: a JSON manifest and a little-endian float32 blob.
 * Throws RangeError/TypeError with a readable message on any mismatch.
 */
export function parseSeedRanker(manifest: unknown, bin: ArrayBuffer): SeedRankerWeights {
  const m = manifest as Record<string, unknown>;
  if (typeof m !== 'object' || m === null || m['format'] !== 'alcove-seed-ranker') {
    throw new TypeError('not an alcove-seed-ranker manifest');
  }
  const dim = Number(m['dim']);
  const hidden = Number(m['hidden']);
  const tensors = m['tensors'] as Record<string, TensorEntry> | undefined;
  if (!Number.isInteger(dim) || !Number.isInteger(hidden) || dim <= 0 || hidden <= 0 || !tensors) {
    throw new TypeError('ranker manifest needs integer dim, hidden and a tensors table');
  }
  if (bin.byteLength % 4 !== 0) throw new RangeError('ranker weights are not float32');
  const all = new Float32Array(bin);
  const take = (name: string, shape: number[]): Float32Array => {
    const t = tensors[name];
    const size = shape.reduce((a, s) => a * s, 1);
    if (!t || t.shape.join('x') !== shape.join('x')) throw new RangeError(`ranker tensor ${name} must have shape ${shape.join('x')}`);
    if (!Number.isInteger(t.offset) || t.offset < 0 || t.offset + size > all.length) throw new RangeError(`ranker tensor ${name} lies outside the weights file`);
    const v = all.slice(t.offset, t.offset + size);
    if (v.some((x) => !Number.isFinite(x))) throw new RangeError(`ranker tensor ${name} has non-finite values`);
    return v;
  };
  const rawMix = (m['mix'] ?? {}) as Record<string, unknown>;
  const mixPart = (k: string, dflt: number) => {
    const v = rawMix[k] === undefined ? dflt : Number(rawMix[k]);
    if (!Number.isFinite(v)) throw new RangeError(`ranker mix.${k} must be a finite number`);
    return v;
  };
  return {
    id: String(m['id']),
    dim,
    hidden,
    trained: m['trained'] === true,
    untrainedParts: Array.isArray(m['untrained']) ? m['untrained'].map(String) : [],
    W: take('W', [dim, 2 * dim]),
    b: take('b', [dim]),
    W1: take('W1', [hidden, 3 * dim]),
    b1: take('b1', [hidden]),
    W2: take('W2', [hidden]),
    b2: take('b2', [1])[0]!,
    mix: { relevance: mixPart('relevance', 1), lexical: mixPart('lexical', 0), cross: mixPart('cross', 0), dnn: mixPart('dnn', 0) },
  };
}

/** How the trained ranker's personal score joins query relevance and keyword match. */
export interface RankBlend {
  /** The encoder's contrastive temperature: qᵀp / tau is its trained logit of p given q. */
  tau: number;
  /** Weight of the keyword match (in [0, 1]) on that logit scale. */
  lexical: number;
}

/**
 * Final scores from the trained ranker's logits, as a product of probabilities:
 *   with a query:    log P(q | p) + log P(p | u) = qᵀp / tau + lexical·lex + log_softmax(logits)
 *                    (the search fusion's queryScore in place of qᵀp / tau + lexical·lex where given)
 *   without a query: the ranker's logits (log P(p | u) up to a constant)
 * `logits` is null for a shopper without history, whose personal part is then zero.
 */
export function blendScores(
  blend: RankBlend,
  { dim, query, candidates, n, lexical, queryScore }: RankInput,
  logits: Float32Array | null,
  attention?: Float32Array,
): RankScores {
  const out: RankScores = { score: new Float32Array(n), relevance: new Float32Array(n), cross: new Float32Array(n), dnn: new Float32Array(n) };
  if (attention) out.attention = attention;
  let logZ = 0;
  if (logits) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, logits[i]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp(logits[i]! - max);
    logZ = max + Math.log(sum);
  }
  for (let i = 0; i < n; i++) {
    const rel = query ? dotAt(query, 0, candidates, i * dim, dim) : 0;
    const personal = logits ? logits[i]! - logZ : 0;
    out.relevance[i] = rel;
    out.cross[i] = personal;
    out.dnn[i] = logits ? logits[i]! : 0;
    const fromQuery = queryScore ? queryScore[i]! : rel / blend.tau + blend.lexical * (lexical?.[i] ?? 0);
    out.score[i] = query ? fromQuery + personal : out.dnn[i]!;
  }
  return out;
}

/**
 * The encoder's own contrastive temperature and the seed's 1 : 0.5 relevance : keyword ratio on
 * that scale: how a trained ranker's manifest sets `blend`, and what ranks without a ranker.
 */
export const DEFAULT_BLEND: RankBlend = { tau: 0.05, lexical: 10 };

/** No ranker files: relevance and keyword match alone (qᵀp / τ + λ·keyword), nothing personal. */
export const RELEVANCE_ONLY: Ranker = {
  id: 'relevance-only',
  dim: 0,
  trained: false,
  untrainedParts: [],
  score: (input) => blendScores(DEFAULT_BLEND, input, null),
};

/**
 * Input features of the trained ranker (alcove-dcn): the same formulas are in
 * training/ranker/data.py; docs/ranker.md states them. Keep all three in step. The engine
 * builds the trained ranker's inputs with these; tools/eval/eval-ranker.ts scores with them.
 */
import type { RankHistory } from './ranker';
import type { BehaviourEvent, EventType } from './types';
import { AMOUNT_MAX } from './validate';

export const HIST_FEATS = 6;
export const CAND_FEATS = 3;
/** Co-occurrence window (events) of the aggregate item-item table the ranker's hist_cand_cooc input is built from. */
export const COOC_WINDOW = 10;
const DAY = 24 * 3600 * 1000;
/**
 * Ages are clamped to [0, MAX_AGE_MS] and prices to [0, AMOUNT_MAX.price], so no single stored
 * event or row (one from before validation bounded timestamps and prices, say) can push a feature
 * far outside what the ranker was trained on: 30 years exceeds every age in the training data
 * (Amazon 2000-2018), so the clamp leaves those features unchanged.
 */
export const MAX_AGE_MS = 30 * 365.25 * DAY;

/**
 * Per history event: [view, click, add_to_cart, purchase (one-hot), log1p(age in hours)/8 with
 * the age clamped to [0, MAX_AGE_MS], log1p(events after it)/4]. Without timestamps the events
 * are taken to be one day apart.
 */
export function histFeatures(types: readonly EventType[], ts: readonly number[] | null, now: number | null, out: Float32Array, off: number): void {
  const n = types.length;
  const tNow = ts && now !== null ? now : n * DAY;
  for (let j = 0; j < n; j++) {
    const o = off + j * HIST_FEATS;
    const t = types[j];
    out[o] = t === 'view' ? 1 : 0;
    out[o + 1] = t === 'click' ? 1 : 0;
    out[o + 2] = t === 'add_to_cart' ? 1 : 0;
    out[o + 3] = t === 'purchase' ? 1 : 0;
    const tj = ts ? ts[j]! : j * DAY;
    out[o + 4] = Math.log1p(Math.min(MAX_AGE_MS, Math.max(0, tNow - tj)) / 3600000) / 8;
    out[o + 5] = Math.log1p(n - 1 - j) / 4;
  }
}

/** Per candidate: [log1p(count)/log1p(max count), has price, log1p(min(price, AMOUNT_MAX.price))/5]. Counts are aggregate training interactions. */
export function candFeatures(counts: ArrayLike<number>, prices: ArrayLike<number | undefined>): Float32Array {
  const n = counts.length;
  let max = 1;
  for (let i = 0; i < n; i++) max = Math.max(max, counts[i]!);
  const out = new Float32Array(n * CAND_FEATS);
  for (let i = 0; i < n; i++) {
    out[i * 3] = Math.log1p(counts[i]!) / Math.log1p(max);
    const p = prices[i];
    if (p !== undefined && p > 0) {
      out[i * 3 + 1] = 1;
      out[i * 3 + 2] = Math.log1p(Math.min(p, AMOUNT_MAX.price)) / 5;
    }
  }
  return out;
}

/** Synthetic timestamps for data without time (one day apart, the last a day before "now"). */
export function syntheticTimes(n: number): { ts: number[]; now: number } {
  return { ts: Array.from({ length: n }, (_, j) => j * DAY), now: n * DAY };
}

/**
 * The trained ranker's history input from the shopper's events (oldest first): the last `max`
 * item events whose item is in the catalog, with their embeddings and per-event features.
 */
export function rankHistory(
  events: readonly BehaviourEvent[],
  lookup: (itemId: string) => Float32Array | undefined,
  dim: number,
  now: number,
  max: number,
): RankHistory | undefined {
  const kept: { e: BehaviourEvent; v: Float32Array }[] = [];
  for (const e of events) {
    const v = e.itemId !== undefined && e.type !== 'search' ? lookup(e.itemId) : undefined;
    if (v) kept.push({ e, v });
  }
  const recent = kept.slice(-max);
  if (recent.length === 0) return undefined;
  const emb = new Float32Array(recent.length * dim);
  recent.forEach(({ v }, j) => emb.set(v, j * dim));
  const feat = new Float32Array(recent.length * HIST_FEATS);
  histFeatures(recent.map(({ e }) => e.type), recent.map(({ e }) => e.ts), now, feat, 0);
  return { ids: recent.map(({ e }) => e.itemId!), emb, feat };
}

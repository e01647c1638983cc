import type { BehaviourEvent, EventType } from './types';
import { l2Normalize } from './vector';

/**
 * C(u): the shopper's interest vector from their own history, computable on the device alone.
 * A time-decayed, event-weighted mean of the embeddings of the items they interacted with.
 * The weights and half-life are hand-set defaults until the trained ranker ships its own.
 */
export interface InterestParams {
  eventWeights: Readonly<Record<EventType, number>>;
  halfLifeMs: number;
  /** Only the most recent events count: old sessions say little about today's intent. */
  maxEvents: number;
}

export const DEFAULT_INTEREST: InterestParams = {
  eventWeights: { view: 1, click: 2, add_to_cart: 4, purchase: 6, search: 0 },
  halfLifeMs: 3 * 24 * 3600 * 1000,
  maxEvents: 50,
};

export interface Interest {
  /** Unit-length interest vector, or null when no history item has an embedding. */
  vector: Float32Array | null;
  /** Per history item, its total weight, for explanations ("because you viewed …"). */
  weights: Map<string, number>;
}

/**
 * @param lookup returns the embedding of an item id, or undefined when it is not in the catalog.
 */
export function interestVector(
  events: readonly BehaviourEvent[],
  lookup: (itemId: string) => Float32Array | undefined,
  dim: number,
  now: number,
  params: InterestParams = DEFAULT_INTEREST,
): Interest {
  const weights = new Map<string, number>();
  const recent = events.filter((e) => e.itemId !== undefined && params.eventWeights[e.type] > 0).slice(-params.maxEvents);
  for (const e of recent) {
    const age = Math.max(0, now - e.ts);
    const w = params.eventWeights[e.type] * Math.pow(0.5, age / params.halfLifeMs);
    weights.set(e.itemId!, (weights.get(e.itemId!) ?? 0) + w);
  }
  const v = new Float32Array(dim);
  let found = false;
  for (const [id, w] of weights) {
    const p = lookup(id);
    if (!p) {
      weights.delete(id);
      continue;
    }
    found = true;
    for (let j = 0; j < dim; j++) v[j]! += w * p[j]!;
  }
  return { vector: found ? l2Normalize(v) : null, weights };
}

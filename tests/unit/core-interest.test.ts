import { describe, expect, it } from 'vitest';
import { DEFAULT_INTEREST, interestVector, type InterestParams } from '../../src/core/interest.js';
import type { BehaviourEvent, EventType } from '../../src/core/types.js';
import { norm, randVec, rng } from './fixtures/core-rng.js';

const DIM = 6;
const NOW = 1_700_000_000_000;
const HL = DEFAULT_INTEREST.halfLifeMs;

const r = rng(51);
const emb = new Map<string, Float32Array>(Array.from({ length: 80 }, (_, i) => [`item-${i}`, randVec(r, DIM)]));
const lookup = (id: string) => emb.get(id);
const ev = (type: EventType, itemId: string | undefined, ts = NOW): BehaviourEvent => (itemId === undefined ? { type, ts } : { type, itemId, ts });

/** Reference: normalise Σ w_i · p_i. */
function expectedVector(weights: [string, number][]): number[] {
  const v = new Array<number>(DIM).fill(0);
  for (const [id, w] of weights) emb.get(id)!.forEach((x, j) => (v[j]! += w * x));
  const n = norm(v);
  return v.map((x) => x / n);
}

describe('interestVector', () => {
  it('weights events by type (view 1, click 2, add_to_cart 4, purchase 6) and accumulates per item', () => {
    const events = [ev('view', 'item-0'), ev('click', 'item-1'), ev('add_to_cart', 'item-2'), ev('purchase', 'item-3'), ev('view', 'item-1')];
    const { weights, vector } = interestVector(events, lookup, DIM, NOW);
    expect(Object.fromEntries(weights)).toEqual({ 'item-0': 1, 'item-1': 3, 'item-2': 4, 'item-3': 6 });
    const want = expectedVector([['item-0', 1], ['item-1', 3], ['item-2', 4], ['item-3', 6]]);
    Array.from(vector!).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
  });

  it('decays with the half-life: one half-life old counts half, two count a quarter', () => {
    const events = [ev('click', 'item-0', NOW - HL), ev('click', 'item-1', NOW - 2 * HL), ev('click', 'item-2', NOW)];
    const { weights } = interestVector(events, lookup, DIM, NOW);
    expect(weights.get('item-0')).toBeCloseTo(1, 12);
    expect(weights.get('item-1')).toBeCloseTo(0.5, 12);
    expect(weights.get('item-2')).toBe(2);
  });

  it('honours custom params and does not boost events from the future', () => {
    const params: InterestParams = { eventWeights: { view: 3, click: 0, add_to_cart: 0, purchase: 0, search: 0 }, halfLifeMs: 1000, maxEvents: 10 };
    const { weights } = interestVector([ev('view', 'item-0', NOW - 500), ev('view', 'item-1', NOW + 10_000), ev('click', 'item-2')], lookup, DIM, NOW, params);
    expect(weights.get('item-0')).toBeCloseTo(3 * Math.SQRT1_2, 12);
    expect(weights.get('item-1')).toBe(3);
    expect(weights.has('item-2')).toBe(false); // weight 0 type
  });

  it('counts only the most recent maxEvents events (zero-weight events do not use up slots)', () => {
    const events: BehaviourEvent[] = [];
    for (let i = 0; i < 60; i++) {
      events.push(ev('view', `item-${i}`, NOW - (60 - i) * 1000));
      events.push(ev('search', undefined, NOW - (60 - i) * 1000 + 1));
    }
    const { weights } = interestVector(events, lookup, DIM, NOW);
    expect(weights.size).toBe(DEFAULT_INTEREST.maxEvents);
    for (let i = 0; i < 10; i++) expect(weights.has(`item-${i}`)).toBe(false);
    for (let i = 10; i < 60; i++) expect(weights.has(`item-${i}`)).toBe(true);

    const small = interestVector(events, lookup, DIM, NOW, { ...DEFAULT_INTEREST, maxEvents: 3 });
    expect([...small.weights.keys()].sort()).toEqual(['item-57', 'item-58', 'item-59']);
  });

  it('gives search events weight 0 (even if one carried an itemId)', () => {
    expect(DEFAULT_INTEREST.eventWeights.search).toBe(0);
    const { weights, vector } = interestVector([{ type: 'search', query: 'mug', ts: NOW }, { type: 'search', itemId: 'item-0', ts: NOW }], lookup, DIM, NOW);
    expect(weights.size).toBe(0);
    expect(vector).toBeNull();
  });

  it('drops items missing from the lookup from weights and from the vector', () => {
    const { weights, vector } = interestVector([ev('view', 'gone'), ev('purchase', 'item-5'), ev('click', 'also-gone')], lookup, DIM, NOW);
    expect([...weights.keys()]).toEqual(['item-5']);
    const want = expectedVector([['item-5', 6]]);
    Array.from(vector!).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
  });

  it('returns vector null when there is no usable history', () => {
    expect(interestVector([], lookup, DIM, NOW)).toEqual({ vector: null, weights: new Map() });
    expect(interestVector([ev('view', 'nope'), ev('click', undefined)], lookup, DIM, NOW).vector).toBeNull();
  });

  it('returns a unit-length vector otherwise', () => {
    const rr = rng(52);
    for (let t = 0; t < 10; t++) {
      const types: EventType[] = ['view', 'click', 'add_to_cart', 'purchase', 'search'];
      const events = Array.from({ length: 30 }, () => ev(types[Math.floor(rr() * 5)]!, `item-${Math.floor(rr() * 80)}`, NOW - rr() * 10 * HL));
      const { vector } = interestVector(events, lookup, DIM, NOW);
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector!.length).toBe(DIM);
      expect(norm(vector!)).toBeCloseTo(1, 5);
    }
  });

  // Issue 18: a stored event with an absurd timestamp (from before validation bounded them) stays bounded.
  it('an event from the far past weighs nothing, one from the far future no more than one just now', () => {
    const clicks = [ev('click', 'item-1'), ev('click', 'item-2')];
    const base = interestVector(clicks, lookup, DIM, NOW);
    const past = interestVector([ev('view', 'item-9', -1e300), ...clicks], lookup, DIM, NOW);
    const future = interestVector([ev('view', 'item-9', 1e300), ...clicks], lookup, DIM, NOW);
    expect(past.weights.get('item-9')).toBe(0);
    expect(Array.from(past.vector!)).toEqual(Array.from(base.vector!));
    expect(future.weights.get('item-9')).toBe(DEFAULT_INTEREST.eventWeights.view);
    expect(future.vector!.every(Number.isFinite)).toBe(true);
  });
});

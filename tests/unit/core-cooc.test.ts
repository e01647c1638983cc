/** The co-occurrence table: the definition, the file format, and the ranker input built from it. */
import { describe, expect, it } from 'vitest';
import { buildCooc, coocInput, decodeCooc, encodeCooc } from '../../src/core/cooc';
import { rng } from './fixtures/core-rng';

/** Dense reference: the definition written out plainly. */
function dense(n: number, seqs: number[][], win: number): number[][] {
  const c = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const occ = new Array<number>(n).fill(0);
  for (const s of seqs) {
    s.forEach((a, i) => {
      occ[a]!++;
      for (let j = i + 1; j < Math.min(s.length, i + 1 + win); j++) if (s[j] !== a) (c[a]![s[j]!]!++, c[s[j]!]![a]!++);
    });
  }
  return c.map((row, a) => row.map((x, b) => (x ? x / Math.sqrt(occ[a]! * occ[b]!) : 0)));
}

describe('co-occurrence table', () => {
  const r = rng(5);
  const n = 30;
  const ids = Array.from({ length: n }, (_, i) => `item-${i}`);
  const seqs = Array.from({ length: 60 }, () => Array.from({ length: 2 + Math.floor(r() * 12) }, () => Math.floor(r() * n)));

  it('keeps each item’s top-K neighbours with the defined similarity, best first', () => {
    const t = buildCooc(ids, seqs, 3, 5);
    const ref = dense(n, seqs, 3);
    for (let a = 0; a < n; a++) {
      const got = Array.from(t.neighbours.subarray(t.offsets[a], t.offsets[a + 1]));
      const want = ref[a]!.map((s, b) => [b, s] as const).filter(([, s]) => s > 0).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 5);
      expect(got).toEqual(want.map(([b]) => b));
      want.forEach(([, s], k) => expect(t.sims[t.offsets[a]! + k]).toBeCloseTo(s, 6));
    }
  });

  it('round-trips through its file format and refuses damaged files', () => {
    const t = buildCooc(ids, seqs, 10, 8);
    const bytes = encodeCooc(t);
    const back = decodeCooc(bytes);
    expect(back.ids).toEqual(ids);
    expect(back.window).toBe(10);
    expect(Array.from(back.offsets)).toEqual(Array.from(t.offsets));
    expect(Array.from(back.neighbours)).toEqual(Array.from(t.neighbours));
    expect(Array.from(back.sims)).toEqual(Array.from(t.sims));
    expect(() => decodeCooc(bytes.subarray(0, bytes.length - 4))).toThrow(/length/);
    expect(() => decodeCooc(new Uint8Array([1, 0, 0, 0, 0x7b]))).toThrow(/JSON/);
    const bad = bytes.slice();
    new DataView(bad.buffer).setFloat32(bad.length - 4, 7, true);
    expect(() => decodeCooc(bad)).toThrow(/\[0, 1\]/);
    expect(() => buildCooc(ids, [[0, 99]], 10, 8)).toThrow(/outside the catalog/);
  });

  it('fills the ranker input: sim(history j, candidate c), 0 elsewhere, ids outside the table ignored', () => {
    const t = buildCooc(['a', 'b', 'c', 'd'], [[0, 1], [0, 1], [1, 2], [0, 3]], 10, 10);
    const row = new Map(t.ids.map((id, i) => [id, i]));
    const x = coocInput(t, (id) => row.get(id), ['a', 'zz', 'c'], ['b', 'd', 'c', 'new']);
    const ref = dense(4, [[0, 1], [0, 1], [1, 2], [0, 3]], 10);
    expect(x.length).toBe(12);
    expect(x[0]).toBeCloseTo(ref[0]![1]!, 6); // a-b
    expect(x[1]).toBeCloseTo(ref[0]![3]!, 6); // a-d
    expect(x[2]).toBe(0); // a-c never together
    expect(Array.from(x.subarray(4, 8))).toEqual([0, 0, 0, 0]); // unknown history item
    expect(x[8]).toBeCloseTo(ref[2]![1]!, 6); // c-b
    expect(x[11]).toBe(0); // candidate not in the table
  });
});

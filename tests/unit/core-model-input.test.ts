import { describe, expect, it } from 'vitest';
import { buildBatch } from '../../src/core/model-input.js';

const CLS = 101, SEP = 102;
const big = (xs: number[]) => BigInt64Array.from(xs.map((x) => BigInt(x)));

describe('buildBatch', () => {
  it('pads every row to the longest one (not to maxLength) with padId and a zero mask', () => {
    const b = buildBatch([{ ids: [CLS, 7, 8, SEP] }, { ids: [CLS, SEP] }, { ids: [CLS, 9, SEP] }], 128);
    expect(b.batch).toBe(3);
    expect(b.seq).toBe(4);
    expect(b.inputIds).toEqual(big([CLS, 7, 8, SEP, CLS, SEP, 0, 0, CLS, 9, SEP, 0]));
    expect(b.attentionMask).toEqual(big([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]));
    expect(b.tokenTypeIds).toEqual(big(new Array(12).fill(0)));
  });

  it('uses a custom padId', () => {
    const b = buildBatch([{ ids: [CLS, 5, SEP] }, { ids: [CLS, SEP] }], 16, 3);
    expect(b.inputIds).toEqual(big([CLS, 5, SEP, CLS, SEP, 3]));
    expect(b.attentionMask).toEqual(big([1, 1, 1, 1, 1, 0]));
  });

  it('truncates to maxLength keeping the final [SEP]', () => {
    const ids = [CLS, 1, 2, 3, 4, 5, 6, 7, 8, SEP];
    const b = buildBatch([{ ids }, { ids: [CLS, 42, SEP] }], 5);
    expect(b.seq).toBe(5);
    expect(Array.from(b.inputIds.subarray(0, 5))).toEqual([101n, 1n, 2n, 3n, 102n]);
    expect(Array.from(b.attentionMask.subarray(0, 5))).toEqual([1n, 1n, 1n, 1n, 1n]);
    expect(Array.from(b.inputIds.subarray(5))).toEqual([BigInt(CLS), 42n, BigInt(SEP), 0n, 0n]);
    expect(Array.from(b.attentionMask.subarray(5))).toEqual([1n, 1n, 1n, 0n, 0n]);
    expect(b.tokenTypeIds.length).toBe(10);
    expect(b.tokenTypeIds.every((x) => x === 0n)).toBe(true);
    // The input is not mutated.
    expect(ids).toHaveLength(10);
  });

  it('leaves rows of exactly maxLength untouched and supports maxLength = 2', () => {
    expect(Array.from(buildBatch([{ ids: [CLS, 1, 2, SEP] }], 4).inputIds)).toEqual([101n, 1n, 2n, 102n]);
    expect(Array.from(buildBatch([{ ids: [CLS, 1, 2, SEP] }], 2).inputIds)).toEqual([101n, 102n]);
  });

  it('returns int64 tensors of batch × seq', () => {
    const b = buildBatch([{ ids: [CLS, SEP] }], 8);
    expect(b.inputIds).toBeInstanceOf(BigInt64Array);
    expect(b.attentionMask).toBeInstanceOf(BigInt64Array);
    expect(b.tokenTypeIds).toBeInstanceOf(BigInt64Array);
    expect(b.inputIds.length).toBe(b.batch * b.seq);
  });

  it('throws RangeError for maxLength < 2', () => {
    expect(() => buildBatch([{ ids: [CLS, SEP] }], 1)).toThrow(RangeError);
    expect(() => buildBatch([{ ids: [CLS, SEP] }], 0)).toThrow(RangeError);
    expect(() => buildBatch([], -5)).toThrow(RangeError);
  });
});

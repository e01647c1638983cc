import { describe, expect, it } from 'vitest';
import { boundedEditDistance, LexicalIndex, lexicalTokens } from '../../src/core/lexical.js';
import type { CatalogItem } from '../../src/core/types.js';

const items: CatalogItem[] = [
  { id: 'mouse', title: 'Wireless Mouse', category: 'Computer accessories', brand: 'Logi', description: 'Quiet clicks, USB receiver' },
  { id: 'keyboard', title: 'Mechanical Keyboard', category: 'Computer accessories', brand: 'Keychron', description: 'Hot-swappable switches' },
  { id: 'pad', title: 'Mouse Pad XL', category: 'Computer accessories', description: 'Extended desk mat for a mouse and keyboard' },
  { id: 'mug', title: 'Ceramic Coffee Mug', category: 'Kitchen', brand: 'Acme', description: 'Dishwasher safe, 350 ml' },
  { id: 'kettle', title: 'Electric Kettle', category: 'Kitchen', brand: 'Acme', description: 'Boils water fast' },
  { id: 'cable', title: 'USB-C Cable 2m', category: 'Cables', description: 'Braided charging cable' },
];

const lexical = new LexicalIndex(items);
/** The index answers with row indices; the assertions read ids. */
const index = { search: (q: string, k: number) => lexical.search(q, k).map((h) => ({ id: items[h.index]!.id, score: h.score })) };

function expectScoresValid(hits: { id: string; score: number }[]) {
  for (const h of hits) {
    expect(h.score).toBeGreaterThan(0);
    expect(h.score).toBeLessThanOrEqual(1);
  }
  for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
}

describe('LexicalIndex', () => {
  it('ranks an exact title match first with score 1', () => {
    for (const it1 of items) {
      const hits = index.search(it1.title, 10);
      expect(hits[0], it1.title).toEqual({ id: it1.id, score: 1 });
      expectScoresValid(hits);
    }
  });

  it('matches prefixes', () => {
    const hits = index.search('keyb', 10);
    expect(hits[0]!.id).toBe('keyboard');
    expect(index.search('kett', 10)[0]!.id).toBe('kettle');
    expectScoresValid(hits);
  });

  it('expands only the last word as a prefix', () => {
    expect(index.search('keyb', 10)[0]!.id).toBe('keyboard');
    expect(index.search('keyb mouse', 10).map((h) => h.id)).not.toContain('keyboard');
  });

  it('tolerates a one-letter typo', () => {
    expect(index.search('keybord', 10)[0]!.id).toBe('keyboard'); // deletion
    expect(index.search('kettlle', 10)[0]!.id).toBe('kettle'); // insertion
    expect(index.search('celamic', 10)[0]!.id).toBe('mug'); // substitution
    expectScoresValid(index.search('keybord', 10));
  });

  it('keeps every score in (0, 1], best first, and respects the limit', () => {
    for (const q of ['mouse', 'acme kitchen', 'usb', 'computer', 'cable', 'a']) {
      const hits = index.search(q, 3);
      expect(hits.length).toBeLessThanOrEqual(3);
      expectScoresValid(hits);
      if (hits.length) expect(hits[0]!.score).toBe(1);
    }
  });

  it('returns string ids and nothing for an unrelated query', () => {
    expect(index.search('zzzzqqqq', 10)).toEqual([]);
    for (const h of index.search('mouse', 10)) expect(typeof h.id).toBe('string');
  });

  it('weighs rare words above common ones and title above description (BM25F)', () => {
    // "keyboard" is in two documents, "mechanical" in one: the rarer word decides.
    expect(index.search('mechanical keyboard', 10)[0]!.id).toBe('keyboard');
    // "keyboard" is in one title and in the pad's description: the title match ranks first.
    expect(index.search('keyboard', 10).map((h) => h.id)).toEqual(['keyboard', 'pad']);
    // "mouse" is in two titles; both outrank nothing else, and only they match.
    expect(index.search('mouse', 10).map((h) => h.id).sort()).toEqual(['mouse', 'pad']);
  });

  it('says which query words each hit has exactly, matched at all, and their share of the IDF', () => {
    const hits = new Map(lexical.search('kitchen mouse keybord', 10).map((h) => [items[h.index]!.id, h]));
    const pad = hits.get('pad')!; // "mouse" exactly, "keybord" only as a typo of "keyboard"
    expect([pad.exact, pad.matched, pad.exactWords]).toEqual([1, 2, 0b010]);
    const mug = hits.get('mug')!; // "kitchen" only
    expect([mug.exact, mug.matched, mug.exactWords]).toEqual([1, 1, 0b001]);
    // "kitchen" (2 of 6 items) carries less IDF than "mouse" (2 of 6) plus the missing typo word (the rarest).
    expect(mug.exactIdf).toBeGreaterThan(0);
    expect(mug.exactIdf).toBeLessThan(0.5);
    expect(pad.exactIdf).toBeCloseTo(mug.exactIdf, 5);
    expect(pad.raw).toBeGreaterThan(0);
    expect(lexical.search('mouse', 5).every((h) => h.exactIdf === 1 && h.exact === 1)).toBe(true);
  });

  it('splits words on symbols and ignores case', () => {
    expect(lexicalTokens('<img src=x onerror=alert(1)>Évil USB-C')).toEqual(['img', 'src', 'x', 'onerror', 'alert', '1', 'évil', 'usb', 'c']);
    expect(index.search('USB-C', 10)[0]!.id).toBe('cable');
  });

  it('bounds the edit distance', () => {
    expect(boundedEditDistance('kettle', 'kettle', 1)).toBe(0);
    expect(boundedEditDistance('keybord', 'keyboard', 1)).toBe(1);
    expect(boundedEditDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('lets a word in over half the catalog only re-score what rarer words found', () => {
    const docs: CatalogItem[] = Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, title: i === 0 ? 'rare common' : `common item ${i}` }));
    const small = new LexicalIndex(docs);
    expect(small.search('rare common', 10).map((h) => h.index)).toEqual([0]);
    // Alone, the common word still finds everything.
    expect(small.search('common', 10)).toHaveLength(5);
  });
});

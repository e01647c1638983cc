import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/core/lexical.js';
import type { CatalogItem } from '../../src/core/types.js';

const items: CatalogItem[] = [
  { id: 'mouse', title: 'Wireless Mouse', category: 'Computer accessories', brand: 'Logi', description: 'Quiet clicks, USB receiver' },
  { id: 'keyboard', title: 'Mechanical Keyboard', category: 'Computer accessories', brand: 'Keychron', description: 'Hot-swappable switches' },
  { id: 'pad', title: 'Mouse Pad XL', category: 'Computer accessories', description: 'Extended desk mat for a mouse and keyboard' },
  { id: 'mug', title: 'Ceramic Coffee Mug', category: 'Kitchen', brand: 'Acme', description: 'Dishwasher safe, 350 ml' },
  { id: 'kettle', title: 'Electric Kettle', category: 'Kitchen', brand: 'Acme', description: 'Boils water fast' },
  { id: 'cable', title: 'USB-C Cable 2m', category: 'Cables', description: 'Braided charging cable' },
];

const index = new LexicalIndex(items);

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
});

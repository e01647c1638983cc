import { describe, expect, it } from 'vitest';
import { itemText } from '../../src/core/item-text.js';
import { hashText } from '../../src/core/hash.js';
import { rng } from './fixtures/core-rng.js';

describe('itemText', () => {
  it('joins title, category, brand, description in that order', () => {
    expect(itemText({ id: '1', title: 'Mug', category: 'Kitchen', brand: 'Acme', description: 'A big mug' })).toBe('Mug. Kitchen. Acme. A big mug');
  });

  it('skips missing or empty fields and ignores non-text fields', () => {
    expect(itemText({ id: '1', title: 'Mug', description: 'Blue' })).toBe('Mug. Blue');
    expect(itemText({ id: '1', title: 'Mug', brand: 'Acme', category: '' })).toBe('Mug. Acme');
    expect(itemText({ id: '1', title: 'Mug', price: 3, url: 'https://x', popularity: 9 })).toBe('Mug');
  });
});

describe('hashText', () => {
  it('is deterministic and 14 lowercase hex chars', () => {
    for (const s of ['', 'a', 'Mug. Kitchen', 'é☕𝄞', 'x'.repeat(10_000)]) {
      const h = hashText(s);
      expect(h).toMatch(/^[0-9a-f]{14}$/);
      expect(hashText(s)).toBe(h);
    }
  });

  it('differs for different texts (incl. one-character changes) and for different seeds', () => {
    expect(hashText('Mug')).not.toBe(hashText('mug'));
    expect(hashText('ab')).not.toBe(hashText('ba'));
    expect(hashText('Mug.')).not.toBe(hashText('Mug'));
    expect(hashText('Mug', 1)).not.toBe(hashText('Mug'));
  });

  it('gives no collisions on 10k random strings', () => {
    const r = rng(61);
    const texts = new Set<string>();
    while (texts.size < 10_000) {
      const len = 1 + Math.floor(r() * 24);
      texts.add(Array.from({ length: len }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join(''));
    }
    const hashes = new Set([...texts].map((t) => hashText(t)));
    expect(hashes.size).toBe(texts.size);
  });
});

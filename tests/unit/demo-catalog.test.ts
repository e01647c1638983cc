import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import type { CatalogItem } from '../../src/core/types';

// The committed file, exactly as the demo shop serves it (regenerate with
// `node tools/catalog/generate-demo-catalog.mjs`).
const CATALOG_PATH = fileURLToPath(new URL('../../public/catalog/demo-catalog.json', import.meta.url));

interface DemoCatalog {
  version: string;
  generatedBy: string;
  license: string;
  items: CatalogItem[];
}

const catalog = JSON.parse(readFileSync(CATALOG_PATH, 'utf8')) as DemoCatalog;
const { items } = catalog;

/** Items whose title mentions `phrase` as whole words, case-insensitively. */
const titled = (phrase: string): CatalogItem[] =>
  items.filter((item) => new RegExp(`\\b${phrase}\\b`, 'i').test(item.title));

describe('demo catalog', () => {
  it('names its generator and licence', () => {
    expect(catalog.generatedBy).toBe('tools/catalog/generate-demo-catalog.mjs');
    expect(catalog.license).toMatch(/WordNet/);
  });

  it('has a plausible number of items', () => {
    expect(items.length).toBeGreaterThanOrEqual(1500);
    expect(items.length).toBeLessThanOrEqual(3000);
  });

  it('has unique, non-empty ids', () => {
    const ids = items.map((item) => item.id);
    for (const id of ids) expect(id).toMatch(/^wn-\d{8}-\d+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every item a title, description, category and brand', () => {
    for (const item of items) {
      expect(item.title.trim(), item.id).not.toBe('');
      expect(item.description?.trim(), item.id).toBeTruthy();
      expect(item.category, item.id).toMatch(/^[^>]+ > [^>]+$/);
      expect(item.brand?.trim(), item.id).toBeTruthy();
    }
  });

  it('prices every item positively, in euros, to the cent', () => {
    for (const item of items) {
      expect(typeof item.price, item.id).toBe('number');
      expect(item.price!, item.id).toBeGreaterThan(0);
      expect(Math.round(item.price! * 100) / 100, item.id).toBe(item.price);
      expect(item.currency, item.id).toBe('EUR');
    }
  });

  it('carries a version that is the hash of its items', () => {
    const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 12);
    expect(catalog.version).toBe(hash);
  });

  it('contains the products the semantic-search demo relies on', () => {
    expect([...titled('thermos'), ...titled('vacuum flask')].length).toBeGreaterThan(0);
    expect(titled('frying pan').length).toBeGreaterThan(0);
    expect(titled('running shoe').length).toBeGreaterThan(0);
    // The thermos must be findable by meaning, so its description has to say what it does.
    const thermos = titled('thermos')[0];
    expect(thermos?.description).toMatch(/hot or cold drinks/);
  });
});

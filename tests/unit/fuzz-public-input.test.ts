// Property tests: whatever a caller or a catalog throws at the validators, they return a clean
// value or a typed AlcoveError — never another exception, never a control character or a
// non-http(s) link in what they let through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlcoveError } from '../../src/core/errors';
import { LIMITS, validateCatalog, validateEvent, validateQuery } from '../../src/core/validate';
import { parseCatalogText } from '../../src/engine/catalog-source';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'java\tscript:alert(1)', ' JAVASCRIPT:x', 'data:text/html,<b>', '\u202Eevil', '‏مرحبا', '中文商品', '\u0000\u0001'),
  fc.string({ minLength: 6000, maxLength: 7000 }),
);
const anyValue = fc.oneof(hostileString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const row = fc.record(
  { id: anyValue, title: anyValue, description: anyValue, category: anyValue, brand: anyValue, price: anyValue, popularity: anyValue, url: anyValue, imageUrl: anyValue },
  { requiredKeys: [] },
);

function onlyTyped(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(isAlcoveError(e), String(e)).toBe(true);
  }
}

describe('public input never crashes the engine', () => {
  it('catalog rows: valid items are clean, everything else is a rejection with a field', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, anyValue), { maxLength: 20 }), (rows) => {
        const { items, rejected } = validateCatalog(rows);
        expect(items.length + rejected.length).toBe(rows.length);
        for (const it of items) {
          for (const v of [it.id, it.title, it.description, it.category, it.brand]) if (v !== undefined) expect(v).not.toMatch(CONTROL);
          expect(it.title.length).toBeLessThanOrEqual(LIMITS.title);
          for (const u of [it.url, it.imageUrl]) if (u !== undefined) expect(new URL(u, 'https://shop.example/').protocol).toMatch(/^https?:$/);
          if (it.price !== undefined) expect(Number.isFinite(it.price) && it.price >= 0).toBe(true);
        }
        for (const r of rejected) expect(r.field.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('events and queries: a clean value or a typed error', () => {
    fc.assert(
      fc.property(fc.record({ type: fc.oneof(fc.constantFrom('view', 'click', 'add_to_cart', 'purchase', 'search'), anyValue), itemId: anyValue, query: anyValue, ts: anyValue }, { requiredKeys: [] }), (raw) => {
        onlyTyped(() => {
          const e = validateEvent(raw, 1);
          if (e.itemId !== undefined) expect(e.itemId).not.toMatch(CONTROL);
          if (e.query !== undefined) expect(e.query.length).toBeLessThanOrEqual(LIMITS.query);
        });
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(anyValue, (q) => onlyTyped(() => validateQuery(q))), { numRuns: 300 });
  });

  it('catalog files: any text parses to rows or fails with invalid_catalog', () => {
    fc.assert(fc.property(fc.oneof(hostileString, fc.json(), fc.array(fc.json(), { maxLength: 5 }).map((l) => l.join('\n'))), (text) => onlyTyped(() => parseCatalogText(text, 'fuzz'))), { numRuns: 500 });
  });
});

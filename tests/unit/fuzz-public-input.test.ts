// Property tests: whatever a caller or a catalog throws at the validators, they return a clean
// value or a typed AlcoveError — never another exception, never a control character or a
// non-http(s) link in what they let through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlcoveError } from '../../src/core/errors';
import { itemIdOrThrow, MAX_ID_LENGTH, parseItemId } from '../../src/core/item-id';
import { CAND_FEATS, candFeatures, HIST_FEATS, histFeatures, MAX_AGE_MS } from '../../src/core/ranker-features';
import { AMOUNT_MAX, EARLIEST_TS, LIMITS, MAX_AHEAD_MS, validateCatalog, validateCatalogRow, validateEvent, validateQuery } from '../../src/core/validate';
import { parseCatalogText } from '../../src/engine/catalog-source';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'java\tscript:alert(1)', ' JAVASCRIPT:x', 'data:text/html,<b>', '\u202Eevil', '‏مرحبا', '中文商品', '\u0000\u0001'),
  fc.string({ minLength: 6000, maxLength: 7000 }),
);
const anyValue = fc.oneof(hostileString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
/** Id shapes from issue 18: long ones near the limit, padded, with controls or broken UTF-16, numbers. */
const idLike = fc.oneof(
  anyValue,
  fc.tuple(fc.constantFrom('', ' ', '  ', '\u0000', '\t', '\n', '\u0085', '\uD800', '\uDC00', '😀'), fc.string({ maxLength: 8 }), fc.constantFrom('', ' ', '\u0000', '\uD83D')).map(([a, b, c]) => a + b + c),
  fc.integer({ min: MAX_ID_LENGTH - 2, max: MAX_ID_LENGTH + 60 }).chain((n) => fc.constantFrom('L'.repeat(n), 'L'.repeat(n) + '-first')),
  fc.constantFrom(1, '1', -0, 2 ** 53, 1.5, 'a\u0000b', 'ab', '  pad  ', 'pad'),
);
/** Price shapes from issue 18: coercible non-numbers, hex and exponent strings, huge and tiny values. */
const priceLike = fc.oneof(
  anyValue,
  fc.constantFrom(' ', '', [], [7], true, false, '0x1F', '1e3', '+5', '-0', '12.50', ' 12.50 ', '.5', 'Infinity', 1e308, 1e9, 1e9 + 1, -0, 5e-324),
  fc.double({ min: 0, max: 2e9, noNaN: true }),
  fc.double({ min: 0, max: 2e9, noNaN: true }).map(String),
);
const DECIMAL = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

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
          if (it.price !== undefined) expect(Number.isFinite(it.price) && it.price >= 0 && it.price <= AMOUNT_MAX.price).toBe(true);
          expect(it.id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
          expect(it.id.trim()).toBe(it.id);
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

  const NOW = Date.UTC(2026, 11, 1);

  // Issue 18: one id rule for ingest, track, item and recommend.
  it('ids: a row, an event and a lookup accept exactly the same ids and keep them unchanged', () => {
    fc.assert(
      fc.property(idLike, (raw) => {
        const parsed = parseItemId(raw);
        const row = validateCatalogRow({ id: raw, title: 'T' }, 0);
        let event: string | null = null;
        let lookup: string | null = null;
        onlyTyped(() => (event = validateEvent({ type: 'view', itemId: raw }, NOW).itemId!));
        onlyTyped(() => (lookup = itemIdOrThrow(raw, 'item id')));
        if ('id' in parsed) {
          if (typeof raw === 'string') expect(parsed.id).toBe(raw); // kept exactly
          else {
            expect(Number.isSafeInteger(raw)).toBe(true);
            expect(parsed.id).toBe(String(raw));
          }
          expect('item' in row && row.item.id).toBe(parsed.id);
          expect(event).toBe(parsed.id);
          expect(lookup).toBe(parsed.id);
        } else {
          expect('rejection' in row && row.rejection).toMatchObject({ field: 'id', message: parsed.error });
          expect(event).toBeNull();
          expect(lookup).toBeNull();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('timestamps: accepted only inside [2000, now + a day]; ranker age features stay bounded for any stored ts', () => {
    const maxAge = Math.log1p(MAX_AGE_MS / 3600000) / 8 + 1e-6; // + float32 rounding
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.constantFrom(-1e300, 1e300, -1, 0, EARLIEST_TS, NOW + MAX_AHEAD_MS, NOW + MAX_AHEAD_MS + 1), fc.integer({ min: EARLIEST_TS - 1e6, max: NOW + 2 * MAX_AHEAD_MS })), (ts) => {
        const inWindow = Number.isFinite(ts) && ts >= EARLIEST_TS && ts <= NOW + MAX_AHEAD_MS;
        let accepted = false;
        onlyTyped(() => {
          validateEvent({ type: 'click', itemId: 'x', ts }, NOW);
          accepted = true;
        });
        expect(accepted).toBe(inWindow);
        // A stored event from before this rule (any finite ts): its features are still in range.
        if (!Number.isFinite(ts)) return;
        const feat = new Float32Array(2 * HIST_FEATS);
        histFeatures(['view', 'click'], [ts, NOW], NOW, feat, 0);
        for (const f of feat) expect(Number.isFinite(f) && f >= 0 && f <= Math.max(maxAge, 1)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('prices: accepted only as finite numbers or plain decimal strings in [0, AMOUNT_MAX.price]; side features bounded', () => {
    const maxPrice = Math.log1p(AMOUNT_MAX.price) / 5 + 1e-6;
    fc.assert(
      fc.property(priceLike, (price) => {
        const res = validateCatalogRow({ id: 'a', title: 'T', price }, 0);
        if ('item' in res && res.item.price !== undefined) {
          const p = res.item.price;
          expect(Number.isFinite(p) && p >= 0 && p <= AMOUNT_MAX.price).toBe(true);
          expect(typeof price === 'number' || (typeof price === 'string' && DECIMAL.test(price))).toBe(true);
        } else if ('item' in res) {
          expect([undefined, null, '']).toContain(price);
        } else {
          expect(res.rejection.field).toBe('price');
          expect(typeof price === 'number' ? !(price >= 0 && price <= AMOUNT_MAX.price) : !(typeof price === 'string' && DECIMAL.test(price) && Number(price) <= AMOUNT_MAX.price)).toBe(true);
        }
        // Any number a stored catalog may hold (one from before this rule) gives bounded side features.
        if (typeof price === 'number' && Number.isFinite(price)) {
          const f = candFeatures([1, 2], [price, 3]);
          expect(f).toHaveLength(2 * CAND_FEATS);
          for (const x of f) expect(Number.isFinite(x) && x >= 0 && x <= Math.max(maxPrice, 1)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('catalog files: any text parses to rows or fails with invalid_catalog', () => {
    fc.assert(fc.property(fc.oneof(hostileString, fc.json(), fc.array(fc.json(), { maxLength: 5 }).map((l) => l.join('\n'))), (text) => onlyTyped(() => parseCatalogText(text, 'fuzz'))), { numRuns: 500 });
  });
});

import { describe, expect, it } from 'vitest';
import { AlcoveError, isAlcoveError, type AlcoveErrorCode } from '../../src/core/errors.js';
import type { CatalogItem } from '../../src/core/types.js';
import { itemIdOrThrow, MAX_ID_LENGTH, parseItemId } from '../../src/core/item-id.js';
import {
  AMOUNT_MAX,
  EARLIEST_TS,
  LIMITS,
  MAX_AHEAD_MS,
  uncopyableRow,
  validateCatalog,
  validateCatalogRow,
  validateEvent,
  validateOptions,
  validateQuery,
  type RowRejection,
} from '../../src/core/validate.js';

function item(raw: unknown): CatalogItem {
  const res = validateCatalogRow(raw, 0);
  if ('rejection' in res) throw new Error(`unexpected rejection: ${JSON.stringify(res.rejection)}`);
  return res.item;
}

function rejection(raw: unknown, row = 0): RowRejection {
  const res = validateCatalogRow(raw, row);
  if (!('rejection' in res)) throw new Error(`expected a rejection, got ${JSON.stringify(res.item)}`);
  return res.rejection;
}

function codeOf(fn: () => unknown): AlcoveErrorCode {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AlcoveError);
    expect(isAlcoveError(e)).toBe(true);
    return (e as AlcoveError).code;
  }
  throw new Error('expected an AlcoveError, nothing was thrown');
}

describe('validateCatalogRow', () => {
  it('keeps a well-formed row', () => {
    const raw = { id: 'sku-1', title: 'Mug', description: 'Blue mug', category: 'Kitchen', brand: 'Acme', price: 12.5, currency: 'EUR', imageUrl: 'https://cdn.example/m.jpg', url: '/p/sku-1', popularity: 3 };
    expect(item(raw)).toEqual(raw);
  });

  it('drops unknown fields and empty optional fields', () => {
    expect(item({ id: 'a', title: 'A', secret: 'x', brand: '   ', category: null, description: {} })).toEqual({ id: 'a', title: 'A' });
  });

  it('rejects a missing, empty or non-scalar id with field "id"', () => {
    for (const id of [undefined, null, '', '   ', '\u0000\u0007', {}, ['a'], true]) {
      expect(rejection({ id, title: 'T' }, 4)).toMatchObject({ row: 4, field: 'id' });
    }
  });

  it('turns whole-number ids into their decimal text; other numbers are refused', () => {
    expect(item({ id: 42, title: 'T' }).id).toBe('42');
    expect(item({ id: 0, title: 'T' }).id).toBe('0');
    for (const id of [1.5, NaN, Infinity, 1e21, 2 ** 53]) expect(rejection({ id, title: 'T' }).message).toMatch(/not a whole number/);
  });

  // Regression (issue 18): ids used to be trimmed, stripped and cut on ingest but looked up raw.
  it('keeps ids exactly, or refuses one a clean-up would change, saying why', () => {
    for (const id of ['sku-1', 'a b', 'ä/€?#', '中文', '😀', 'L'.repeat(MAX_ID_LENGTH)]) expect(item({ id, title: 'T' }).id).toBe(id);
    const cases: [unknown, RegExp][] = [
      ['L'.repeat(300) + '-first', /306 characters; the limit is 256/],
      ['  pad  ', /spaces at its start or end/],
      ['pad\n', /control character U\+000A/],
      ['a\u0000b', /control character U\+0000/],
      ['a\u0085b', /control character U\+0085/],
      ['\uD800x', /unpaired surrogate/],
      ['x\uDC00', /unpaired surrogate/],
      ['   ', /blank/],
      [true, /string or a whole number, not boolean/],
      [['a'], /not an array/],
    ];
    for (const [id, why] of cases) expect(rejection({ id, title: 'T' }), JSON.stringify(id)).toMatchObject({ field: 'id', message: expect.stringMatching(why) });
  });

  it('rejects a missing or empty title with field "title"', () => {
    for (const title of [undefined, null, '', '  \n\t ', '\u0001\u009F', {}]) {
      expect(rejection({ id: 'a', title })).toMatchObject({ row: 0, field: 'title' });
    }
  });

  it('strips control characters (keeping tab/newline inside text) and trims', () => {
    const it1 = item({ id: 'ab', title: '  Mu\u0007g\u007F \u0085Blue\u009F ', description: 'line1\nline2\tend\u001B' });
    expect(it1.title).toBe('Mug Blue');
    expect(it1.description).toBe('line1\nline2\tend');
  });

  it('truncates over-long text to LIMITS', () => {
    const long = (n: number) => 'x'.repeat(n);
    const it1 = item({ id: 'long', title: long(LIMITS.title + 1), description: long(LIMITS.text * 2), category: long(LIMITS.title + 7), brand: long(LIMITS.title + 9), url: `https://e.x/${long(LIMITS.url)}` });
    expect(it1.title).toHaveLength(LIMITS.title);
    expect(it1.description).toHaveLength(LIMITS.text);
    expect(it1.category).toHaveLength(LIMITS.title);
    expect(it1.brand).toHaveLength(LIMITS.title);
    expect(it1.url).toHaveLength(LIMITS.url);
  });

  it('drops javascript:, data: and other schemes, keeps http(s) and relative URLs', () => {
    const dropped = ['javascript:alert(1)', 'JavaScript:alert(1)', '  javascript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'DATA:image/png;base64,AAAA', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://x/1'];
    for (const u of dropped) {
      const it1 = item({ id: 'a', title: 'T', url: u, imageUrl: u });
      expect(it1.url, u).toBeUndefined();
      expect(it1.imageUrl, u).toBeUndefined();
    }
    const kept = ['https://shop.example/p/1', 'http://shop.example/p/1', 'HTTPS://SHOP.EXAMPLE/', '/p/1', 'p/1', './img.png', '../x.png', '?id=1', '#top', '//cdn.example/x.jpg', '/search?q=a:b'];
    for (const u of kept) {
      const it1 = item({ id: 'a', title: 'T', url: u, imageUrl: u });
      expect(it1.url, u).toBe(u);
      expect(it1.imageUrl, u).toBe(u);
    }
  });

  // Regression (security): browsers delete tabs/newlines in URLs, so 'java\tscript:' is javascript:.
  it('drops javascript: URLs with a tab or newline inside the scheme', () => {
    for (const u of ['java\tscript:alert(1)', 'java\nscript:alert(1)', 'jav\r\nascript:alert(1)']) {
      expect(new URL(u, 'https://shop.example/').protocol).toBe('javascript:'); // what a browser sees
      const it1 = item({ id: 'a', title: 'T', url: u, imageUrl: u });
      expect(it1.url, JSON.stringify(u)).toBeUndefined();
      expect(it1.imageUrl, JSON.stringify(u)).toBeUndefined();
    }
  });

  it('every kept URL resolves to http(s) in a browser-grade URL parser (on ordinary inputs)', () => {
    const inputs = ['https://a.b/c', '/x', 'javascript:1', 'data:,x', 'mailto:a@b.c', 'x', 'ftp://f', '  https://ok.example  '];
    for (const u of inputs) {
      const kept = item({ id: 'a', title: 'T', url: u }).url;
      if (kept !== undefined) expect(['http:', 'https:']).toContain(new URL(kept, 'https://shop.example/').protocol);
    }
  });

  it('accepts non-negative numeric (and numeric-string) prices; skips empty ones', () => {
    expect(item({ id: 'a', title: 'T', price: 0 }).price).toBe(0);
    expect(item({ id: 'a', title: 'T', price: '12.50' }).price).toBe(12.5);
    expect(item({ id: 'a', title: 'T', popularity: 7 }).popularity).toBe(7);
    for (const price of [undefined, null, '']) expect(item({ id: 'a', title: 'T', price })).not.toHaveProperty('price');
  });

  it('rejects negative / non-numeric / non-finite prices with field "price"', () => {
    for (const price of [-1, -0.01, 'abc', '12abc', NaN, Infinity, '-5', {}]) {
      expect(rejection({ id: 'a', title: 'T', price }, 2)).toMatchObject({ row: 2, field: 'price' });
    }
    expect(rejection({ id: 'a', title: 'T', popularity: -3 })).toMatchObject({ field: 'popularity' });
  });

  // Regression (issue 18): Number() used to turn ' ' and [] into 0, [7] into 7, true into 1, '0x1F' into 31.
  it('never coerces a price: only numbers and plain decimal strings up to AMOUNT_MAX, the row is rejected otherwise', () => {
    for (const price of [' ', [], [7], true, false, '0x1F', '1e3', '+5', '1_000', '12,50', '0b11', 'Infinity', 1e308, AMOUNT_MAX.price * 1.0001, Symbol('p'), () => 1]) {
      expect(rejection({ id: 'a', title: 'T', price }), String(price)).toMatchObject({ field: 'price', message: expect.stringMatching(/^price must be/) });
    }
    expect(rejection({ id: 'a', title: 'T', price: true }).message).toContain('not boolean');
    expect(rejection({ id: 'a', title: 'T', price: '0x1F' }).message).toContain('not "0x1F"');
    expect(rejection({ id: 'a', title: 'T', price: 1e308 }).message).toContain('at most 1000000000');
    const ok: [unknown, number][] = [[AMOUNT_MAX.price, 1e9], ['12.50', 12.5], [' 12.50 ', 12.5], ['7', 7], ['.5', 0.5], ['3.', 3], [0, 0], [1e-7, 1e-7]];
    for (const [price, want] of ok) expect(item({ id: 'a', title: 'T', price }).price).toBe(want);
    expect(rejection({ id: 'a', title: 'T', popularity: [3] })).toMatchObject({ field: 'popularity' });
    expect(item({ id: 'a', title: 'T', popularity: '12' }).popularity).toBe(12);
  });

  it('a stand-in for a row the page could not copy to the worker is rejected with its field', () => {
    expect(rejection(uncopyableRow('title', 'a function'), 3)).toEqual({ row: 3, field: 'title', message: 'title holds a function; catalog rows must be plain data (text, numbers, plain objects)' });
  });

  it('rejects non-object rows with field "(row)"', () => {
    for (const raw of [null, undefined, 5, 'row', true, [], [{ id: 'a', title: 'T' }]]) {
      expect(rejection(raw, 9)).toEqual({ row: 9, field: '(row)', message: 'row is not an object' });
    }
  });
});

describe('validateCatalog', () => {
  it('keeps the first occurrence of each id, rejects duplicates and bad rows with their row index', () => {
    const { items, rejected } = validateCatalog([
      { id: 'a', title: 'First A' },
      null,
      { id: 1, title: 'One' },
      { id: 'a', title: 'Second A' },
      { id: '1', title: 'String one' }, // same id as the numeric 1 after conversion
      { id: 'b', title: '' },
      { id: 'c', title: 'C', price: -2 },
      { id: 'd', title: 'D' },
    ]);
    expect(items.map((i) => [i.id, i.title])).toEqual([['a', 'First A'], ['1', 'One'], ['d', 'D']]);
    expect(rejected.map((r) => [r.row, r.field])).toEqual([[1, '(row)'], [3, 'id'], [4, 'id'], [5, 'title'], [6, 'price']]);
    expect(rejected[1]!.message).toBe('duplicate id "a": row 0 has it already and is kept');
    // A number and its decimal text are one id, and the message says so.
    expect(rejected[2]!.message).toBe('duplicate id "1": row 2 has it already and is kept (the number 1 and the text "1" are the same id)');
  });

  it('handles an empty catalog', () => {
    expect(validateCatalog([])).toEqual({ items: [], rejected: [] });
  });
});

describe('validateEvent', () => {
  const NOW = 1_700_000_000_000;

  it('accepts item events, fills ts from now and stringifies numeric ids', () => {
    expect(validateEvent({ type: 'view', itemId: 'sku-1' }, NOW)).toEqual({ type: 'view', itemId: 'sku-1', ts: NOW });
    expect(validateEvent({ type: 'purchase', itemId: 7, ts: NOW - 123 }, NOW)).toEqual({ type: 'purchase', itemId: '7', ts: NOW - 123 });
    for (const type of ['click', 'add_to_cart'] as const) expect(validateEvent({ type, itemId: 'x' }, NOW).type).toBe(type);
  });

  it('throws unknown_event_type for an unknown type', () => {
    for (const type of ['like', 'VIEW', '', undefined, 3]) expect(codeOf(() => validateEvent({ type, itemId: 'x' }, NOW))).toBe('unknown_event_type');
  });

  it('throws invalid_input for a non-object event', () => {
    for (const raw of [null, undefined, 'view', 1]) expect(codeOf(() => validateEvent(raw, NOW))).toBe('invalid_input');
  });

  it('throws invalid_input for a missing itemId on item events', () => {
    for (const itemId of [undefined, null, '', {}, true]) expect(codeOf(() => validateEvent({ type: 'click', itemId }, NOW))).toBe('invalid_input');
  });

  it('throws invalid_input for a blank itemId', () => {
    expect(codeOf(() => validateEvent({ type: 'view', itemId: '   ' }, NOW))).toBe('invalid_input');
  });

  // Regression (issue 18): track() cut a 306-character id to 256 and recorded it against another item.
  it('itemIds follow the catalog id rule: kept exactly or refused with the reason', () => {
    const long = 'L'.repeat(300) + '-second';
    expect(() => validateEvent({ type: 'view', itemId: long }, NOW)).toThrow(/307 characters; the limit is 256/);
    expect(() => validateEvent({ type: 'view', itemId: '  pad  ' }, NOW)).toThrow(/spaces at its start or end/);
    expect(() => validateEvent({ type: 'view', itemId: 'a\u0000b' }, NOW)).toThrow(/control character/);
    for (const itemId of [long, '  pad  ', 'a\u0000b', 1.5]) expect(codeOf(() => validateEvent({ type: 'click', itemId }, NOW))).toBe('invalid_input');
    expect(validateEvent({ type: 'view', itemId: 'a b' }, NOW).itemId).toBe('a b');
  });

  it('search events need a string query, carry no itemId, and the query is cleaned', () => {
    expect(validateEvent({ type: 'search', query: '  blue mug\u0000 ', itemId: 'x' }, NOW)).toEqual({ type: 'search', query: 'blue mug', ts: NOW });
    for (const query of [undefined, null, 5, ['mug']]) expect(codeOf(() => validateEvent({ type: 'search', query }, NOW))).toBe('invalid_input');
  });

  it('rejects non-finite or non-numeric ts with invalid_input', () => {
    for (const ts of [NaN, Infinity, -Infinity, '123', null]) expect(codeOf(() => validateEvent({ type: 'view', itemId: 'x', ts }, NOW))).toBe('invalid_input');
  });

  // Regression (issue 18): one view with ts -1e300 turned every for-you score from +33 to about -170.
  it('rejects a ts before 2000 or more than a day ahead of the clock; the window is inclusive', () => {
    const year = 365.25 * 24 * 3600 * 1000;
    for (const ts of [-1e300, -1, 0, 123, EARLIEST_TS - 1, NOW + MAX_AHEAD_MS + 1, NOW + 10 * year, 1e300]) {
      expect(codeOf(() => validateEvent({ type: 'view', itemId: 'x', ts }, NOW)), String(ts)).toBe('invalid_input');
      expect(codeOf(() => validateEvent({ type: 'search', query: 'q', ts }, NOW)), String(ts)).toBe('invalid_input');
    }
    for (const ts of [EARLIEST_TS, NOW - year, NOW, NOW + MAX_AHEAD_MS]) expect(validateEvent({ type: 'view', itemId: 'x', ts }, NOW).ts).toBe(ts);
    // Without a ts the device clock is used as it is, even a wrong one.
    expect(validateEvent({ type: 'view', itemId: 'x' }, 5).ts).toBe(5);
  });
});

describe('item ids and options for the other calls', () => {
  it('itemIdOrThrow names the call and the reason', () => {
    expect(itemIdOrThrow(7, 'item id')).toBe('7');
    expect(() => itemIdOrThrow('  pad  ', 'item id')).toThrow('item id: id has spaces at its start or end');
    expect(codeOf(() => itemIdOrThrow(undefined, 'recommend similar itemId'))).toBe('invalid_input');
    expect(parseItemId('pad')).toEqual({ id: 'pad' });
  });

  // Regression (issue 18): search('pan', null) threw a plain TypeError.
  it('validateOptions: undefined is the defaults, objects pass, anything else is invalid_input', () => {
    expect(validateOptions(undefined, 'search')).toEqual({});
    expect(validateOptions({ limit: 3 }, 'search')).toEqual({ limit: 3 });
    for (const o of [null, 5, 'x', [], true]) expect(codeOf(() => validateOptions(o as never, 'search'))).toBe('invalid_input');
  });
});

describe('validateQuery', () => {
  it('throws invalid_input for non-strings', () => {
    for (const q of [undefined, null, 1, {}, ['a']]) expect(codeOf(() => validateQuery(q))).toBe('invalid_input');
  });

  it('cuts a 10,000-char query to LIMITS.query and strips control characters', () => {
    expect(validateQuery('q'.repeat(10_000))).toHaveLength(LIMITS.query);
    expect(validateQuery(' blue\u0000 mug ')).toBe('blue mug');
    expect(validateQuery('')).toBe('');
  });
});

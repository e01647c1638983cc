import { describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/core/errors.js';
import { validateCatalog } from '../../src/core/validate.js';
import { parseCatalogText } from '../../src/engine/catalog-source.js';

const rows = [
  { id: 'a', title: 'Alpha' },
  { id: 'b', title: 'Bravo', price: 3 },
];

function invalidCatalog(text: string): AlcoveError {
  try {
    parseCatalogText(text, 'catalog.json');
  } catch (e) {
    expect(e).toBeInstanceOf(AlcoveError);
    expect((e as AlcoveError).code).toBe('invalid_catalog');
    return e as AlcoveError;
  }
  throw new Error(`expected invalid_catalog for ${JSON.stringify(text)}`);
}

describe('parseCatalogText', () => {
  it('reads a JSON array', () => {
    expect(parseCatalogText(JSON.stringify(rows), 'x')).toEqual(rows);
    expect(parseCatalogText('  [ ]  ', 'x')).toEqual([]);
  });

  it('reads an object with items', () => {
    expect(parseCatalogText(JSON.stringify({ version: 2, items: rows }), 'x')).toEqual(rows);
    expect(parseCatalogText(JSON.stringify({ items: rows }, null, 2), 'x')).toEqual(rows);
  });

  it('reads JSON Lines, skipping blank lines and tolerating CRLF', () => {
    const text = rows.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n\r\n';
    expect(parseCatalogText(text, 'x')).toEqual(rows);
    expect(parseCatalogText(`${JSON.stringify(rows[0])}\n\n   \n${JSON.stringify(rows[1])}`, 'x')).toEqual(rows);
  });

  it('turns a broken JSON Lines line into null, which validation then rejects with its row index', () => {
    const text = [JSON.stringify(rows[0]), '{"id": "broken", "title": ', JSON.stringify(rows[1])].join('\n');
    const parsed = parseCatalogText(text, 'x');
    expect(parsed).toEqual([rows[0], null, rows[1]]);
    const { items, rejected } = validateCatalog(parsed);
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(rejected).toEqual([{ row: 1, field: '(row)', message: 'row is not an object' }]);
  });

  it('rejects garbage and non-catalog JSON with invalid_catalog, naming the source', () => {
    expect(invalidCatalog('hello world').message).toContain('catalog.json');
    for (const text of ['', '   ', '<html></html>', 'null', '42', '"items"', 'true', '{"products": []}', '{"items": {"a": 1}}', '[1, 2', 'id,title\na,Alpha']) {
      invalidCatalog(text);
    }
  });

  // Regression: a one-row JSON Lines file is valid JSON as a whole (an object without `items`).
  it('reads a one-line JSON Lines catalog', () => {
    expect(parseCatalogText(`${JSON.stringify(rows[0])}\n`, 'x')).toEqual([rows[0]]);
  });
});

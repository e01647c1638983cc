/**
 * The client over a real comlink channel (structured clone, as to the worker) with a small
 * engine that validates as the real one does: rows holding functions or Symbols are reported per
 * row instead of failing the call with a DataCloneError, and other uncopyable arguments are an
 * invalid_input AlcoveError.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { wrapEngine, type AlcoveClient } from '../../src/client/wrap';
import { copyableRows } from '../../src/client/copyable-rows';
import { AlcoveError, isAlcoveError } from '../../src/core/errors';
import { validateCatalog, validateEvent } from '../../src/core/validate';

let client: AlcoveClient | null = null;
afterEach(() => {
  client?.terminate();
  client = null;
});

function connect(): AlcoveClient {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(
    {
      ingestCatalog(rows: unknown[]) {
        const { items, rejected } = validateCatalog(rows);
        if (items.length === 0) throw new AlcoveError('invalid_catalog', 'no valid rows', { rejected });
        return { catalogVersion: 'v', items: items.length, embedded: items.length, reused: 0, rejected, ms: 0, itemsPerSecond: 0 };
      },
      track(e: unknown) {
        validateEvent(e, Date.now());
      },
    },
    port1 as unknown as Comlink.Endpoint,
  );
  return (client = wrapEngine(Object.assign(port2, { terminate: () => (port1.close(), port2.close()) }) as unknown as Worker));
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isAlcoveError(e) ? e.code : `untyped ${String(e)}`;
  }
}

describe('client: arguments structured clone refuses', () => {
  it('copyableRows swaps only the rows that cannot be copied, naming the field', () => {
    const fine = { id: 'a', title: 'A', tags: ['x'], meta: { at: new Date(0) } };
    const out = copyableRows([fine, { id: 'b', title: () => 'B' }, { id: 'c', title: 'C', extra: { deep: [Symbol('s')] } }, Symbol('row'), 5]);
    expect(out[0]).toBe(fine);
    expect(out[1]).toEqual({ alcoveUncopyable: { field: 'title', holds: 'a function' } });
    expect(out[2]).toEqual({ alcoveUncopyable: { field: 'extra', holds: expect.stringContaining('cannot be copied') } });
    expect(out[3]).toEqual({ alcoveUncopyable: { field: '(row)', holds: 'a Symbol' } });
    expect(out[4]).toBe(5);
  });

  // Regression (issue 18): such rows failed the whole ingest with a DataCloneError.
  it('ingestCatalog reports rows holding functions or Symbols per row and ingests the rest', async () => {
    const alcove = connect();
    const report = await alcove.ingestCatalog([
      { id: 'a', title: 'Good lamp' },
      { id: 'b', title: 'Lamp', price: () => 3 },
      { id: Symbol('c'), title: 'Lamp' },
      { id: 'd', title: 'Fine lamp', onClick() {} },
    ]);
    expect(report.items).toBe(1);
    expect(report.rejected).toEqual([
      { row: 1, field: 'price', message: 'price holds a function; catalog rows must be plain data (text, numbers, plain objects)' },
      { row: 2, field: 'id', message: 'id holds a Symbol; catalog rows must be plain data (text, numbers, plain objects)' },
      { row: 3, field: 'onClick', message: expect.stringContaining('onClick holds a function') },
    ]);
    // Only such rows: invalid_catalog, as for any catalog without a valid row.
    expect(await codeOf(alcove.ingestCatalog([{ id: 'x', title: () => 'x' }]))).toBe('invalid_catalog');
  });

  it('any other call with an uncopyable argument is an invalid_input AlcoveError', async () => {
    const alcove = connect();
    expect(await codeOf(alcove.track({ type: 'view', itemId: Symbol('x') as unknown as string }))).toBe('invalid_input');
    expect(await codeOf(alcove.track({ type: 'view', itemId: (() => 'x') as unknown as string }))).toBe('invalid_input');
    expect(await codeOf(alcove.track({ type: 'view', itemId: 'x' }))).toBe('ok');
  });
});

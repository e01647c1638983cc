import { describe, expect, it } from 'vitest';
import { readableExport } from '../../src/client/readable-export';

describe('readableExport', () => {
  const data = {
    exportedAt: '2026-12-01T10:00:00.000Z',
    settings: { routing: 'x' },
    events: [
      { seq: 1, type: 'search' as const, query: 'thermos', ts: Date.UTC(2026, 11, 1, 9, 30) },
      { seq: 2, type: 'click' as const, itemId: 'a', ts: Date.UTC(2026, 11, 1, 9, 31) },
      { seq: 3, type: 'purchase' as const, itemId: 'gone', ts: Date.UTC(2026, 11, 1, 9, 32) },
    ],
  };
  const titleOf = async (id: string) => (id === 'a' ? 'Blue Thermos' : undefined);

  it('gives each event an ISO date and the product title, and one sentence per event', async () => {
    const out = await readableExport(data, titleOf, { locale: 'en-GB', page: { cart: [] } });
    expect(out.format).toBe('alcove-personal-data');
    expect(out.formatVersion).toBe(1);
    expect(out.events).toEqual([
      { at: '2026-12-01T09:30:00.000Z', type: 'search', query: 'thermos' },
      { at: '2026-12-01T09:31:00.000Z', type: 'click', itemId: 'a', title: 'Blue Thermos' },
      { at: '2026-12-01T09:32:00.000Z', type: 'purchase', itemId: 'gone' },
    ]);
    expect(out.summary).toHaveLength(3);
    expect(out.summary[0]).toMatch(/2026.* — searched for “thermos”$/);
    expect(out.summary[1]).toMatch(/ — opened “Blue Thermos”$/);
    expect(out.summary[2]).toMatch(/ — bought “gone” \(no longer in the shop\)$/);
    expect(out.settings).toEqual({ routing: 'x' });
    expect(out.page).toEqual({ cart: [] });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out); // plain JSON
  });

  it('looks each product up once', async () => {
    const asked: string[] = [];
    await readableExport({ ...data, events: [data.events[1]!, data.events[1]!] }, async (id) => (asked.push(id), 'T'));
    expect(asked).toEqual(['a']);
  });
});

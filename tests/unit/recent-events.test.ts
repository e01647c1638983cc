/** The in-memory copy of the recent events: read once, kept in step, dropped when another tab writes. */
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/core/types';
import { RecentEvents } from '../../src/engine/recent-events';

const ev = (seq: number): StoredEvent => ({ seq, type: 'view', itemId: `i${seq}`, ts: seq });

describe('RecentEvents', () => {
  it('reads the store once, then serves appends from memory, keeping the last `size`', async () => {
    const recent = new RecentEvents(3, 'db-a');
    let reads = 0;
    const read = async (limit: number) => (reads++, [ev(1), ev(2), ev(3)].slice(-limit));
    expect((await recent.get(read)).map((e) => e.seq)).toEqual([1, 2, 3]);
    recent.appended(ev(4));
    expect((await recent.get(read)).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(reads).toBe(1);
    recent.invalidate();
    await recent.get(read);
    expect(reads).toBe(2);
    recent.close();
  });

  it("drops its copy when another tab's worker announces a write to the same database", async () => {
    const mine = new RecentEvents(10, 'db-b');
    const otherTab = new RecentEvents(10, 'db-b');
    const unrelated = new RecentEvents(10, 'db-c');
    let reads = 0;
    const read = async () => (reads++, [ev(1)]);
    await mine.get(read);
    unrelated.appended(ev(9));
    await new Promise((r) => setTimeout(r, 20));
    await mine.get(read);
    expect(reads).toBe(1); // another database: still cached
    otherTab.appended(ev(2));
    await new Promise((r) => setTimeout(r, 20));
    await mine.get(read);
    expect(reads).toBe(2); // re-read after the other tab's write
    [mine, otherTab, unrelated].forEach((r) => r.close());
  });
});

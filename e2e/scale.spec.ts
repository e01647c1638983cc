/**
 * Scale and load in a real browser: a 100,000-item catalog of precomputed shards (synthetic unit
 * vectors, generated here, served by a route) ingests without a main-thread task over 50 ms
 * (Long Tasks API), and with 10,000 stored events search and recommendations stay fast while the
 * worker's memory stays bounded. Figures are printed for the closing note; bounds are loose
 * (this machine is shared), the Long Tasks bound is the issue's.
 */
import { createHash } from 'node:crypto';
import { syntheticQueries, syntheticShards, itemId } from '../tools/lib/synthetic-catalog';
import { expect, status, test } from './fixtures';

const N = 100_000;

type Alcove = {
  alcove: {
    ingestCatalog(url: string): Promise<{ items: number }>;
    track(e: object): Promise<void>;
    search(q: string, o: object): Promise<{ items: { item: { id: string } }[]; timings: Record<string, number> }>;
    recommend(o: object): Promise<{ items: { item: { id: string } }[]; strategy: string }>;
  };
};

/**
 * The engine worker's used JS heap (CDP Runtime.getHeapUsage on the worker target, reached through
 * the page's session: performance.memory does not exist in workers).
 */
async function workerHeap(page: import('@playwright/test').Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  const attached = new Promise<string>((resolve) =>
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    }),
  );
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await attached;
  let next = 1;
  const pending = new Map<number, (v: { usedSize: number }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
    if (m.id !== undefined && m.result) pending.get(m.id)?.(m.result);
  });
  return async () => {
    const id = next++;
    const got = new Promise<{ usedSize: number }>((resolve) => pending.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    return (await got).usedSize;
  };
}

test('100k items ingest with no main-thread task over 50 ms; 10k events keep recommendations fast and memory bounded', async ({ openShop, page }) => {
  test.setTimeout(600_000);
  const files = await syntheticShards(N, (b) => createHash('sha256').update(b).digest('hex'));
  await page.route('**/synthetic-100k/**', (route) => {
    const body = files.get(new URL(route.request().url()).pathname.split('/').pop()!);
    return body ? route.fulfill({ body: Buffer.from(body) }) : route.fulfill({ status: 404 });
  });
  await openShop();
  const heap = await workerHeap(page);
  const heapBefore = await heap();

  const ingest = await page.evaluate(async () => {
    const long: number[] = [];
    const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)));
    obs.observe({ type: 'longtask', buffered: false });
    const t = performance.now();
    const report = await (window as unknown as Alcove).alcove.ingestCatalog(new URL('/synthetic-100k/manifest.json', location.href).href);
    const ms = performance.now() - t;
    await new Promise((r) => setTimeout(r, 100)); // let the observer deliver the last entries
    obs.disconnect();
    return { items: report.items, ms, long };
  });
  expect(ingest.items).toBe(N);
  const s = await status(page);
  expect(s.catalog?.items).toBe(N);

  // 10,000 events of the shopper, through the public API.
  const ids = Array.from({ length: 10_000 }, (_, i) => itemId((i * 7919) % N));
  const events = await page.evaluate(async (ids) => {
    const t = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const id = ids[i]!;
      await (window as unknown as Alcove).alcove.track({ type: i % 10 === 0 ? 'add_to_cart' : 'view', itemId: id });
    }
    return performance.now() - t;
  }, ids);
  const queries = syntheticQueries(15);
  const timed = await page.evaluate(async (qs) => {
    const a = (window as unknown as Alcove).alcove;
    const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.floor(p * (xs.length - 1))]!;
    const rec: number[] = [];
    const search: number[] = [];
    const stages: Record<string, number[]> = {};
    let strategy = '';
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      strategy = (await a.recommend({ mode: 'for-you', limit: 10 })).strategy;
      rec.push(performance.now() - t);
      t = performance.now();
      const r = await a.search(qs[i]!, { limit: 10, record: false });
      search.push(performance.now() - t);
      for (const [k, v] of Object.entries(r.timings)) (stages[k] ??= []).push(v);
    }
    const stageP50 = Object.entries(stages).map(([k, v]) => `${k} ${pct(v, 0.5).toFixed(1)}`).join(', ');
    return { strategy, recP50: pct(rec, 0.5), recP95: pct(rec, 0.95), searchP50: pct(search, 0.5), searchP95: pct(search, 0.95), stageP50 };
  }, queries);
  const heapAfter = await heap();
  const after = await status(page);
  const figures = {
    ingestMs: Math.round(ingest.ms),
    longTasksMs: ingest.long.map(Math.round),
    trackMsPerEvent: +(events / 10_000).toFixed(2),
    events: after.events,
    ...Object.fromEntries(Object.entries(timed).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(1) : v])),
    workerHeapBeforeMB: +(heapBefore / 2 ** 20).toFixed(0),
    workerHeapMB: +(heapAfter / 2 ** 20).toFixed(0),
    storedEmbeddingMB: +(after.storage.embeddingBytes / 2 ** 20).toFixed(1),
  };
  console.log(`scale figures: ${JSON.stringify(figures)}`);

  expect(ingest.long, 'main-thread tasks over 50 ms during the 100k ingest').toEqual([]);
  expect(after.events).toBeGreaterThanOrEqual(10_000);
  expect(timed.strategy).toMatch(/personalised/);
  // Loose bounds for a shared 2-core machine; the figures above are the measurement.
  expect(timed.recP50).toBeLessThan(250);
  expect(timed.searchP50).toBeLessThan(250);
  // 100k × 192 float32 is 73 MB in memory; the heap must not hold several copies of it.
  expect(heapAfter).toBeLessThan(600 * 2 ** 20);
});

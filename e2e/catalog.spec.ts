import { readFileSync } from 'node:fs';
import { expect, status, test } from './fixtures';

type Manifest = { catalogVersion: string; itemCount: number; shards: { count: number; items: { file: string }; embeddings: { file: string } }[] };
const full = JSON.parse(readFileSync('public/catalog/demo/manifest.json', 'utf8')) as Manifest;

test('precomputed shards load without embedding, and a re-ingest downloads only changed shards', async ({ openShop, page }) => {
  const shardRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/catalog\/demo\/(items|emb)-/.test(r.url())) shardRequests.push(r.url().split('/').pop()!);
  });
  // First visit with the catalog minus its last shard.
  const last = full.shards[full.shards.length - 1]!;
  const smaller: Manifest = { ...full, catalogVersion: 'test-smaller', itemCount: full.itemCount - last.count, shards: full.shards.slice(0, -1) };
  let manifest = smaller;
  await page.route('**/catalog/demo/manifest.json', (r) => r.fulfill({ body: JSON.stringify(manifest), contentType: 'application/json' }));
  await openShop();
  let s = await status(page);
  expect(s.catalog?.items).toBe(smaller.itemCount);
  expect(s.timings.ingest?.['embedMs']).toBe(0);
  expect(shardRequests).toHaveLength(2 * smaller.shards.length);

  // The merchant adds the shard back: only its two files are downloaded.
  shardRequests.length = 0;
  manifest = full;
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  s = await status(page);
  expect(s.catalog?.items).toBe(full.itemCount);
  expect(shardRequests.sort()).toEqual([last.embeddings.file, last.items.file].sort());
  expect(s.timings.ingest?.['shardsFetched']).toBe(1);

  // Same manifest again: nothing to download.
  shardRequests.length = 0;
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  expect(shardRequests).toEqual([]);
});

test('a tampered shard is refused with a typed error on the page', async ({ page, backendParam }) => {
  const first = full.shards[0]!;
  await page.route(`**/catalog/demo/${first.embeddings.file}`, (r) => r.fulfill({ body: Buffer.alloc(first.count * 132), contentType: 'application/octet-stream' }));
  await page.goto(`/?backend=${backendParam}`);
  await expect(page.locator('#error')).toContainText('invalid_catalog');
  await expect(page.locator('#error')).toContainText(first.embeddings.file);
});

/**
 * The ranker is optional: with its files missing (ranker.json answers 404) the engine still starts,
 * search and "similar" rank by relevance, "for you" by the shopper's interest, and status() says why.
 */
import { expect, status, test } from './fixtures';

test('without ranker files search, similar and for-you work, and status says why', async ({ openShop, page }) => {
  const rankerRequests: string[] = [];
  await page.route('**/ranker/alcove-dcn-v2/**', (route) => {
    rankerRequests.push(route.request().url());
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
  });
  await openShop();
  expect(rankerRequests.some((u) => u.endsWith('/ranker.json'))).toBe(true);
  const s = await status(page);
  expect(s.ready).toBe(true);
  expect(s.ranker?.id).toBeNull();
  expect(s.ranker?.reason).toMatch(/ranker\.json: HTTP 404/);
  await expect(page.locator('#status dd[data-key="Ranker"]')).toContainText('HTTP 404');
  // A new shopper: the demo catalog has no popularity, so varied picks, never "catalog order".
  await expect(page.locator('#foryou-strategy')).toContainText('cold start: varied picks');
  const cold = await page.locator('#foryou .card').evaluateAll((els) => els.map((e) => e.querySelector('.meta')?.textContent ?? ''));
  expect(new Set(cold).size).toBeGreaterThan(1);

  await page.getByLabel('Search products').fill('frying pan');
  await page.getByRole('button', { name: 'Search' }).click();
  const titles = page.locator('#results .card h3');
  await expect(titles.first()).toBeVisible();
  expect((await titles.allTextContents()).slice(0, 3).join(' | ').toLowerCase()).toMatch(/frying pan|skillet|pan/);

  const first = page.locator('#results .card').first();
  const clicked = (await first.getAttribute('data-item-id'))!;
  const clickedTitle = (await first.locator('h3').textContent())!;
  await first.click();
  await expect(page.locator('#similar-section')).toBeVisible();
  await expect(page.locator('#similar .card').first()).toBeVisible();
  const similarIds = await page.locator('#similar .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']));
  expect(similarIds).not.toContain(clicked);
  // On the item's own page, no "similar" card is explained by that very item.
  for (const text of await page.locator('#similar .card .because').allTextContents()) expect(text).not.toContain(clickedTitle);
  await expect(page.locator('#foryou-strategy')).toContainText('personalised: interest similarity');
  await expect(page.locator('#foryou .card')).toHaveCount(8);
  const forYouIds = await page.locator('#foryou .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['itemId']));
  expect(forYouIds).not.toContain(clicked);
});

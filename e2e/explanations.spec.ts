/**
 * "Because you …" names what the shopper really did, and only for a real link: after buying an
 * item, for-you says "bought" (not "viewed"); on an item's own page no "similar" card is explained
 * by that item.
 */
import { expect, test } from './fixtures';

test('explanations name the event truthfully and never the page\'s own item', async ({ openShop, page }) => {
  await openShop();
  await page.getByLabel('Search products').fill('kettle');
  await page.getByRole('button', { name: 'Search' }).click();
  const first = page.locator('#results .card').first();
  const title = (await first.locator('h3').textContent())!;
  await first.click();
  await expect(page.locator('#product-title')).toHaveText(title);
  await expect(page.locator('#similar .card').first()).toBeVisible();
  for (const text of await page.locator('#similar .card .because').allTextContents()) expect(text).not.toContain(title);

  await page.locator('#product-add').click();
  await page.getByRole('link', { name: /Cart: 1/ }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('#checkout-done')).toContainText('recorded only in this browser');
  await page.goto(page.url().replace(/#.*$/, '#/'));
  await expect(page.locator('#foryou-strategy')).toContainText('personalised');
  const reasons = await page.locator('#foryou .card .because').allTextContents();
  // The kettle was bought: where it explains a card, the card says so.
  const naming = reasons.filter((r) => r.includes(title));
  expect(naming.length).toBeGreaterThan(0);
  for (const r of naming) expect(r).toMatch(/^Because you bought /);
  for (const r of reasons) expect(r).not.toMatch(/^Because you viewed /);
});

/**
 * The demo shop as a shopper meets it: a phone-sized layout, pictures, a cart that survives a
 * reload, the state after checkout, a search with no good match, "Forget me" asking first,
 * a readable data export, and old or mangled product links.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function history(page: Page): Promise<{ type: string; itemId?: string }[]> {
  return page.evaluate(() => (window as unknown as { alcove: { history(): Promise<{ type: string; itemId?: string }[]> } }).alcove.history());
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Search products').fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

for (const width of [390, 320]) {
  test(`phone layout at ${width} px: no sideways scrolling, search and cart on screen, buttons take their own taps`, async ({ page, openShop }) => {
    await page.setViewportSize({ width, height: 844 });
    await openShop();
    await search(page, 'boot');
    await expect(page.locator('#results .card').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    for (const target of [page.getByRole('button', { name: 'Search', exact: true }), page.getByRole('link', { name: /Cart: \d/ }), page.getByLabel('Search products')]) {
      const box = (await target.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    // The shop's name stays on one line.
    const brand = (await page.locator('.brand').boundingBox())!;
    expect(brand.height).toBeLessThan(40);
    // A tap lands on the button under the finger, not on something drawn over it.
    for (const name of ['Download my data', 'Forget me']) {
      const button = page.getByRole('button', { name });
      await button.scrollIntoViewIfNeeded();
      const hit = await button.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
      });
      expect(hit, name).toBe(true);
    }
    // Every card has a drawn picture with a name.
    const pictures = page.locator('#results .card svg[role="img"]');
    expect(await pictures.count()).toBe(await page.locator('#results .card').count());
    await expect(pictures.first()).toHaveAttribute('aria-label', /^Picture of /);
  });
}

test('the cart is kept across a reload; after checkout it confirms and offers no order to place', async ({ page, openShop, backendParam }) => {
  await openShop();
  const first = page.locator('#foryou .card').first();
  const title = (await first.locator('h3').textContent())!;
  await first.locator('.add').click();
  await page.locator('#foryou .card').nth(1).locator('.add').click();
  await expect(page.locator('#cart-count')).toHaveText('2');

  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  await expect(page.locator('#cart-count')).toHaveText('2');
  await page.getByRole('link', { name: /Cart: 2/ }).click();
  await expect(page.locator('#cart-lines li')).toHaveCount(2);
  await expect(page.locator('#cart-lines')).toContainText(title);
  await expect(page.locator('#cart-lines svg[role="img"]')).toHaveCount(2);
  await expect(page.locator('#cart-total')).toContainText('Total');

  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('#checkout-done')).toContainText('your order of 2 items is placed');
  await expect(page.locator('#checkout-done')).toContainText('recorded only in this browser');
  await expect(page.locator('#cart-count')).toHaveText('0');
  await expect(page.locator('#cart-lines li')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Place order' })).toBeHidden();
  expect((await history(page)).filter((e) => e.type === 'purchase')).toHaveLength(2);

  // A fresh visit to the cart: empty, with a way back and no order button.
  await page.goto(`/?backend=${backendParam}&via=link#/cart`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
  await expect(page.locator('#cart-empty')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Place order' })).toBeHidden();
});

// The engine's search sets ResultList.noMatch when no keyword matched and even the nearest item is
// below the fitted fusion's similarity floor (src/engine/search.ts).
test('a search with no good match says so and offers searches that work', async ({ page, openShop }) => {
  await openShop();
  await search(page, 'xqzv blorf');
  await expect(page.locator('#results-title')).toHaveText('No good match for “xqzv blorf”');
  await expect(page.locator('#results .card')).toHaveCount(0);
  const suggestion = page.locator('#suggestions button').first();
  await expect(suggestion).toBeVisible();
  await suggestion.click();
  await expect(page.locator('#results-title')).toHaveText(`Results for “${(await suggestion.textContent())!}”`);
  await expect(page.locator('#results .card').first()).toBeVisible();
});

test('a real query is not a no-match: "something to keep coffee hot" finds a flask in the top 8, with pictures', async ({ page, openShop }) => {
  await openShop();
  await search(page, 'something to keep coffee hot');
  await expect(page.locator('#results-title')).toHaveText('Results for “something to keep coffee hot”');
  await expect(page.locator('#no-match')).toBeHidden();
  const titles = await page.locator('#results .card h3').allTextContents();
  expect(titles.slice(0, 8).some((t) => /thermos|vacuum flask/i.test(t)), titles.join(' | ')).toBe(true);
});

test('"Forget me" asks once in the page, says what it deleted, and empties the cart; the export is readable', async ({ page, openShop }) => {
  await openShop();
  await search(page, 'kettle');
  const first = page.locator('#results .card').first();
  const title = (await first.locator('h3').textContent())!;
  await first.click();
  await expect(page.locator('#product-title')).toHaveText(title);
  await page.locator('#product-add').click();
  await expect(page.locator('#product-added')).toContainText('Added to your cart');
  await expect(page.locator('#privacy-summary')).toContainText('Your searches and clicks stay in this browser. 3 events stored, 1 item in your cart. Nothing sent.');
  // The engine's own words sit behind a disclosure.
  await expect(page.locator('#status dd[data-key="Backend"]')).toBeHidden();
  await page.getByText('Technical details').click();
  await expect(page.locator('#status dd[data-key="Backend"]')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
  const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    format: string;
    formatVersion: number;
    summary: string[];
    events: { type: string; at: string; title?: string; query?: string }[];
    page: { cart: { itemId: string; quantity: number; title: string }[] };
  };
  expect(data.format).toBe('alcove-personal-data');
  expect(data.formatVersion).toBe(1);
  expect(data.events.map((e) => e.type)).toEqual(['search', 'click', 'add_to_cart']);
  expect(data.events[1]!.title).toBe(title);
  expect(data.events[1]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(data.summary[0]).toContain('searched for “kettle”');
  expect(data.summary[2]).toContain(`added to cart “${title}”`);
  expect(data.page.cart).toEqual([expect.objectContaining({ quantity: 1, title })]);

  // Asked first; "Keep it" keeps everything.
  await page.getByRole('button', { name: 'Forget me' }).click();
  const confirm = page.getByRole('group', { name: /Delete 3 events and the 1 item in your cart/ });
  await expect(confirm).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete my data' })).toBeFocused();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toBeHidden();
  expect(await history(page)).toHaveLength(3);
  await expect(page.locator('#cart-count')).toHaveText('1');

  await page.getByRole('button', { name: 'Forget me' }).click();
  await page.getByRole('button', { name: 'Delete my data' }).click();
  await expect(page.locator('#privacy-message')).toHaveText('Deleted 3 events and 1 cart item. Nothing about you is stored here now.');
  expect(await history(page)).toEqual([]);
  await expect(page.locator('#cart-count')).toHaveText('0');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('alcove-demo-cart')))).toEqual([]);
  await expect(page.locator('#privacy-summary')).toContainText('0 events stored.');
});

for (const [what, hash] of [
  ['a product the shop no longer sells', '#/p/no-longer-sold'],
  ['a malformed product link', '#/p/%E0%A4%A'],
]) {
  test(`${what} opens a "no longer available" page and the shop keeps working`, async ({ page, openShop }) => {
    await openShop(hash);
    await expect(page.locator('#gone')).toBeVisible();
    await expect(page.locator('#gone-title')).toHaveText('This product is no longer available');
    await expect(page.locator('#error')).toBeHidden();
    await expect(page.locator('#foryou .card').first()).toBeVisible();
    // Search and product pages work from here.
    await search(page, 'frying pan');
    await expect(page.locator('#gone')).toBeHidden();
    const first = page.locator('#results .card').first();
    const title = (await first.locator('h3').textContent())!;
    await first.click();
    await expect(page.locator('#product-title')).toHaveText(title);
    await expect(page.locator('#product')).toBeVisible();
    await expect(page.locator('#error')).toBeHidden();
    await expect(page.locator('#similar .card').first()).toBeVisible();
  });
}

test('a product page drawn from hostile catalog text stays inert', async ({ page, openShop }) => {
  const hostile = { id: 'evil-1', title: '<img src=x onerror=window.__pwned=1>Evil <svg onload=window.__pwned=2>', description: '<script>window.__pwned=3</script> A red cotton scarf.', category: 'Clothing > Scarf', brand: '"><b>', price: 9.99 };
  await page.route('**/hostile.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify([hostile, { id: 'plain-1', title: 'Blue Mug', category: 'Tableware > Mug', price: 5 }]) }));
  await openShop(`&catalog=/hostile.json&db=alcove-hostile#/p/evil-1`);
  await expect(page.locator('#product-title')).toHaveText(hostile.title);
  await expect(page.locator('#product-picture svg')).toHaveAttribute('aria-label', `Picture of ${hostile.title}`);
  expect(await page.locator('#product img, #product script, #product b').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

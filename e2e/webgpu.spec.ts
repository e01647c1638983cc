import { expect, status, test } from './fixtures';

test('a lost GPU device mid-session: the engine continues on WASM and keeps the history', async ({ openShop }) => {
  const page = await openShop();
  expect((await status(page)).backend.name).toBe('webgpu');
  await page.locator('#foryou .card').first().click();
  await expect(page.locator('#foryou-strategy')).toContainText('personalised');

  await page.evaluate(() => (window as unknown as { alcove: { faultDrill(k: string): Promise<void> } }).alcove.faultDrill('gpu-device-lost'));
  await page.getByLabel('Search products').fill('frying pan');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#results-title')).toContainText('frying pan');
  await expect(page.locator('#results .card').first()).toBeVisible();

  const s = await status(page);
  expect(s.backend.name).toBe('wasm');
  expect(s.backend.reason).toMatch(/lost/i);
  expect(s.events).toBe(2); // the click and the search
  await expect(page.locator('#error')).toBeHidden();
});

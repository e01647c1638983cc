// Screenshots of the demo shop (and the third-party widget page) at desktop and phone widths,
// for the README. Usage: npm run docs:screenshots (builds first). Writes docs/*.png.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startPreview } from '../lib/preview-server.mjs';

const sizes = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } };

const { base, stop } = await startPreview(4181);
try {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  for (const [name, viewport] of Object.entries(sizes)) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 });
    await page.goto(`${base}/?backend=wasm`);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 120_000 });
    await page.getByLabel('Search products').fill('something to keep coffee hot');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results .card').first().waitFor();
    // One click personalises "Recommended for you"; back on the results, the shot shows both.
    await page.locator('#results .card').first().click();
    await page.locator('#foryou-strategy', { hasText: 'personalised' }).waitFor();
    await page.goBack();
    await page.locator('#results .card').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `docs/demo-${name}.png`, fullPage: name === 'desktop' });
    console.log(`wrote docs/demo-${name}.png`);
    if (existsSync('dist/third-party/index.html')) {
      await page.goto(`${base}/third-party/`);
      await page.waitForTimeout(500);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `docs/widget-${name}.png` });
      console.log(`wrote docs/widget-${name}.png`);
    }
    await page.close();
  }
  await browser.close();
} finally {
  stop();
}

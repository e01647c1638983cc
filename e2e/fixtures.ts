import { readFileSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import type { EngineStatus } from '../src/core/api';

/**
 * SwiftShader runs WebGPU on the CPU at ~10 items/s, so the WebGPU project embeds a
 * 240-item slice of the demo catalog (every item the tests search for, plus a spread).
 */
function catalogSlice(): string {
  const all = JSON.parse(readFileSync('public/catalog/demo-catalog.json', 'utf8')) as { items: { title: string }[] };
  const wanted = all.items.filter((it) => /frying pan|boot|thermos|vacuum flask/i.test(it.title));
  const step = Math.ceil(all.items.length / (240 - wanted.length));
  const spread = all.items.filter((it, i) => i % step === 0 && !wanted.includes(it));
  return JSON.stringify({ items: [...wanted, ...spread] });
}

/** Which backend the project asks for: `wasm` forces WASM, `auto` should pick WebGPU here. */
export const test = base.extend<{ backendParam: string; openShop: (query?: string) => Promise<Page> }>({
  backendParam: ['wasm', { option: true }],
  openShop: async ({ page, backendParam }, use) => {
    if (backendParam !== 'wasm') {
      const body = catalogSlice();
      await page.route('**/catalog/demo-catalog.json', (route) => route.fulfill({ body, contentType: 'application/json' }));
    }
    await use(async (query = '') => {
      await page.goto(`/?backend=${backendParam}${query}`);
      await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 150_000 });
      return page;
    });
  },
});

export { expect };

export function expectedBackend(backendParam: string): 'wasm' | 'webgpu' {
  return backendParam === 'wasm' ? 'wasm' : 'webgpu';
}

/** Calls the demo's client (window.alcove) inside the page. */
export function status(page: Page): Promise<EngineStatus> {
  return page.evaluate(() => (window as unknown as { alcove: { status(): Promise<EngineStatus> } }).alcove.status());
}

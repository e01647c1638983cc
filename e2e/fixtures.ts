import { test as base, expect, type Page } from '@playwright/test';
import type { EngineStatus } from '../src/core/api';

/** Which backend the project asks for: `wasm` forces WASM, `auto` should pick WebGPU here. */
export const test = base.extend<{ backendParam: string; openShop: (query?: string) => Promise<Page> }>({
  backendParam: ['wasm', { option: true }],
  openShop: async ({ page, backendParam }, use) => {
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

/**
 * Backend `auto` serves on WASM from ready and starts or measures WebGPU in the background:
 * the status once that has settled (WebGPU is the main session, or it failed and WASM stays).
 */
export async function settledStatus(page: Page, backendParam: string): Promise<EngineStatus> {
  if (backendParam === 'auto') {
    await expect.poll(async () => (await status(page)).backend.reason, { timeout: 150_000 }).not.toMatch(/in the background/);
  }
  return status(page);
}

export type Client = Window & { alcove: Record<string, (...args: unknown[]) => Promise<unknown>> };

/** Calls a client method in the page: 'ok' or the AlcoveError code (anything untyped says so). */
export function errorCode(page: Page, method: string, ...args: unknown[]): Promise<string> {
  return page.evaluate(
    async ([m, a]) => {
      try {
        await (window as unknown as Client).alcove[m as string]!(...(a as unknown[]));
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code ?? `untyped: ${String(e)}`;
      }
    },
    [method, args] as const,
  );
}

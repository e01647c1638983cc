import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (nothing can be downloaded in CI).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PORT = 4173;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // SwiftShader compiles WebGPU shaders on the CPU: the first ones take seconds.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath, args },
    trace: 'retain-on-failure',
  },
  // The suite runs twice: once on WebGPU (SwiftShader here), once forced to WASM.
  // Backend-independent fault and bad-input tests run once, on WASM.
  projects: [
    { name: 'wasm', testIgnore: 'webgpu.spec.ts', use: { backendParam: 'wasm' } as object },
    { name: 'webgpu', testMatch: ['engine.spec.ts', 'encoder.spec.ts', 'webgpu.spec.ts'], use: { backendParam: 'auto' } as object },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});

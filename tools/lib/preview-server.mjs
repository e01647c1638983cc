// Serves dist/ with `vite preview` (or the sources with the dev server, `mode: 'dev'`) on a port
// for the benchmark and screenshot scripts.
import { spawn } from 'node:child_process';

export async function startPreview(port, mode = 'preview') {
  const base = `http://127.0.0.1:${port}`;
  const args = ['vite', ...(mode === 'preview' ? ['preview'] : []), '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const server = spawn('npx', args, { stdio: 'ignore', detached: true });
  const stop = () => process.kill(-server.pid);
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return { base, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

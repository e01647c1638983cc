import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src/core/serial-queue.js';
import { rng } from './fixtures/core-rng.js';

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('SerialQueue', () => {
  it('never overlaps jobs and runs them in call order', async () => {
    const q = new SerialQueue();
    const r = rng(71);
    let active = 0, maxActive = 0;
    const started: number[] = [], finished: number[] = [];
    const results = Array.from({ length: 40 }, (_, i) =>
      q.run(async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        started.push(i);
        // Mix of timer delays (0–2 ms) and pure microtask delays, so later jobs would finish first if overlapped.
        if (r() < 0.5) await sleep(Math.floor(r() * 3));
        else await ticks(Math.floor(r() * 20));
        finished.push(i);
        active--;
        return i * 10;
      }),
    );
    expect(await Promise.all(results)).toEqual(Array.from({ length: 40 }, (_, i) => i * 10));
    expect(maxActive).toBe(1);
    expect(started).toEqual([...Array(40).keys()]);
    expect(finished).toEqual([...Array(40).keys()]);
  });

  it('does not start a job before the previous one settled, even when enqueued from inside a job', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let inner: Promise<void> | undefined;
    await q.run(async () => {
      log.push('outer start');
      inner = q.run(async () => void log.push('inner'));
      await sleep(1);
      log.push('outer end');
    });
    await inner;
    expect(log).toEqual(['outer start', 'outer end', 'inner']);
  });

  it('a rejected (or throwing) job rejects to its caller and later jobs still run', async () => {
    const q = new SerialQueue();
    const order: string[] = [];
    const boom = new Error('boom');
    const a = q.run(async () => void order.push('a'));
    const b = q.run(async () => {
      await sleep(1);
      order.push('b');
      throw boom;
    });
    const c = q.run((): Promise<string> => {
      order.push('c');
      throw new TypeError('sync throw');
    });
    const d = q.run(async () => {
      order.push('d');
      return 'd-ok';
    });
    await expect(a).resolves.toBeUndefined();
    await expect(b).rejects.toBe(boom);
    await expect(c).rejects.toThrow(TypeError);
    await expect(d).resolves.toBe('d-ok');
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps working after a failure when later jobs are added afterwards', async () => {
    const q = new SerialQueue();
    await expect(q.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(q.run(async () => 42)).resolves.toBe(42);
  });
});

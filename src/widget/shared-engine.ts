/**
 * One engine per page: every Alcove element asks `engine()`, and the first call starts the
 * worker, loads the model and ingests the catalog; the rest wait for that same promise.
 * Elements also hear, through `on()`, when loading progresses and when the shopper's history
 * changes (so a "for you" list refreshes after a click in the search box).
 */
import type { AlcoveClient, Progress, TrackInput } from '../client';
import { wrapEngine } from '../client/wrap';
import { SerialQueue } from '../core/serial-queue';
import { absoluteUrl, ELEMENT_SELECTOR, elementConfig, scriptBase } from './config';

export const WORKER_FILE = 'alcove-engine.worker.js';

interface BusEvents {
  progress: Progress;
  /** The shopper's stored events changed (recorded or forgotten). */
  history: undefined;
  /** A search was committed in an <alcove-search>: after-query lists follow it. */
  query: string;
}

const bus = new EventTarget();

export function on<K extends keyof BusEvents>(type: K, listener: (detail: BusEvents[K]) => void): () => void {
  const fn = (e: Event) => listener((e as CustomEvent<BusEvents[K]>).detail);
  bus.addEventListener(type, fn);
  return () => bus.removeEventListener(type, fn);
}

function emit<K extends keyof BusEvents>(type: K, detail: BusEvents[K]): void {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

let started: Promise<AlcoveClient> | null = null;
let lastQuery = '';

/** The page's engine, started on first use. `from` is the element asking, for its attributes. */
export function engine(from?: Element): Promise<AlcoveClient> {
  if (!started) {
    started = start(from);
    // Said once for the page; each element shows the shopper one plain line instead.
    started.catch((e: unknown) => console.error('Alcove could not start:', e));
  }
  return started;
}

/** Workers only start from the page's own origin. A widget served from a CDN therefore starts
 * a tiny same-origin blob: module worker that imports the real one (the page's CSP then needs
 * `worker-src blob: <cdn>`, and the CDN must send CORS headers). */
export function startWorker(base: string): { worker: Worker; crossOrigin: boolean } {
  const url = new URL(WORKER_FILE, base);
  if (url.origin === location.origin) return { worker: new Worker(url, { type: 'module', name: 'alcove-engine' }), crossOrigin: false };
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }));
  return { worker: new Worker(shim, { type: 'module', name: 'alcove-engine' }), crossOrigin: true };
}

/** Resolves once DOMContentLoaded has fired: by then the parser has read every element's
 * attributes and the page's own deferred and module scripts (say, one that calls configure()
 * after the widget's script) have run. readyState cannot tell: it is already `interactive`
 * while those scripts run, so ask the navigation timing whether the event has started. */
function domContentLoaded(): Promise<void> {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const fired = document.readyState === 'complete' || (nav ? nav.domContentLoadedEventStart > 0 : document.readyState !== 'loading');
  return fired ? Promise.resolve() : new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

async function start(from?: Element): Promise<AlcoveClient> {
  await domContentLoaded();
  // Read once: a running worker cannot switch model or catalog.
  const cfg = elementConfig(from ?? document.querySelector(ELEMENT_SELECTOR) ?? document.documentElement);
  if (!cfg.model || !cfg.catalog) {
    throw new Error('Alcove: set the `model` and `catalog` attributes on an element, or call Alcove.configure({ model, catalog })');
  }
  const base = cfg.base ? absoluteUrl(cfg.base) : scriptBase();
  const { worker, crossOrigin } = startWorker(base);
  const client = wrapEngine(worker);
  // In a cross-origin worker onnxruntime cannot use its embedded glue; it loads the glue and
  // the .wasm from a folder instead (vite.widget.config.ts puts them in ort/).
  const wasmBaseUrl = cfg.wasmBaseUrl ? absoluteUrl(cfg.wasmBaseUrl) : crossOrigin ? new URL('ort/', base).href : undefined;
  const onProgress = (p: Progress) => emit('progress', p);
  await client.init(
    {
      modelBaseUrl: absoluteUrl(cfg.model),
      ...(cfg.backend ? { backend: cfg.backend } : {}),
      ...(cfg.dbName ? { dbName: cfg.dbName } : {}),
      ...(cfg.rankerUrl ? { rankerUrl: absoluteUrl(cfg.rankerUrl) } : {}),
      ...(wasmBaseUrl ? { wasmBaseUrl } : {}),
    },
    { onProgress },
  );
  // Cheap on a return visit: stored embeddings of unchanged items are reused.
  const report = await client.ingestCatalog(absoluteUrl(cfg.catalog), { onProgress });
  if (report.rejected.length > 0) console.warn(`Alcove: ${report.rejected.length} catalog rows were skipped`, report.rejected);
  return client;
}

const events = new SerialQueue();

/** Records a behaviour event in this browser. Events are stored in the order they are
 * recorded (a click before the view it leads to). Tracking must never break the shop, so a
 * failure is logged, not thrown. */
export function record(event: TrackInput): Promise<void> {
  return events.run(async () => {
    try {
      await (await engine()).track(event);
      emit('history', undefined);
    } catch (e) {
      console.warn('Alcove: could not record an event locally', e);
    }
  });
}

export function recordQuery(query: string): Promise<void> {
  lastQuery = query;
  emit('query', query);
  return record({ type: 'search', query });
}

/** The latest query committed on this page (for after-query lists without a `query`). */
export function latestQuery(): string {
  return lastQuery;
}

export async function forgetShopper(): Promise<void> {
  await (await engine()).forgetMe();
  emit('history', undefined);
}

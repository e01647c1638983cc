/**
 * Widget settings, from (first found wins): the element's own attribute (`catalog`, `model`,
 * `ranker`, `item-link`, `currency`, `limit`), then `configure()`, then the same attribute on another
 * Alcove element of the page (all but `limit`), so they can be written once.
 * The engine settings (model, catalog, backend, …) are read once, when the first element starts
 * the page's one engine; every element shares that engine.
 */
import type { EngineConfig } from '../client';

export interface WidgetConfig {
  /** Catalog URL: a JSON array, `{ "items": [...] }` or JSON Lines. Shared by the page. */
  catalog?: string;
  /** Base URL of the model folder (config.json, tokenizer.json, onnx/). Shared by the page. */
  model?: string;
  /** Link to an item: `{id}` becomes the URL-encoded item id, e.g. `/product/{id}`.
   * Default: the catalog item's own `url`. Only http(s) and relative links are rendered. */
  itemLink?: string;
  /** ISO 4217 currency for prices whose catalog row names none. */
  currency?: string;
  /** Items per list, 1 to 50. Default 8. */
  limit?: number;
  /** Locale for prices. Default: the page's `<html lang>`, else the browser's. */
  locale?: string;
  /** Folder holding alcove-engine.worker.js and its chunks/ and assets/. Default: the folder
   * the widget script was loaded from. */
  base?: string;
  /** Inference backend. Default `auto` (WebGPU, falling back to WASM). */
  backend?: EngineConfig['backend'];
  /** IndexedDB database. Default `alcove`. */
  dbName?: string;
  /** Ranker folder. Default: the trained ranker beside the model (`<model>/../../ranker/alcove-dcn-v2/`). */
  rankerUrl?: string;
  /** Folder with onnxruntime's .wasm and glue .mjs files, when not `<base>/ort/`. */
  wasmBaseUrl?: string;
}

export const DEFAULT_LIMIT = 8;
export const MAX_LIMIT = 50;

let pageConfig: WidgetConfig = {};
const listeners = new Set<() => void>();

/** Sets page-wide settings; call it before the elements start, or at any time for the
 * presentation settings (item link, currency, limit, locale). */
export function configure(config: WidgetConfig): void {
  pageConfig = { ...pageConfig, ...config };
  for (const l of listeners) l();
}

export function onConfigChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Attribute names an element reads, and the config key each maps to. */
export const ATTRIBUTES = { catalog: 'catalog', model: 'model', ranker: 'rankerUrl', 'item-link': 'itemLink', currency: 'currency', limit: 'limit' } as const;
/** Attributes that, set on any one Alcove element, apply to the whole page (the rest, `limit`,
 * is per element). */
const PAGE_WIDE = new Set(['catalog', 'model', 'ranker', 'item-link', 'currency']);
export const ELEMENT_SELECTOR = 'alcove-search, alcove-recommendations, alcove-privacy';

/** The settings for one element: its own attributes, then configure(), then a page-wide
 * attribute from another Alcove element on the page. */
export function elementConfig(el: Element): WidgetConfig {
  const out: WidgetConfig = {};
  const others = el.isConnected ? [...document.querySelectorAll(ELEMENT_SELECTOR)] : [];
  for (const [attr, key] of Object.entries(ATTRIBUTES)) {
    const own = el.getAttribute(attr)?.trim();
    const fromPage = pageConfig[key];
    const v = own || (fromPage === undefined && PAGE_WIDE.has(attr) ? others.map((o) => o.getAttribute(attr)?.trim()).find((x) => x) : undefined);
    if (v) {
      if (key === 'limit') out.limit = Number(v);
      else out[key] = v;
    }
  }
  return { ...pageConfig, ...out };
}

export function clampLimit(limit: number | undefined): number {
  return limit !== undefined && Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
}

// Set by vite.widget.config.ts: true in the ES module build, false in the classic (IIFE) one.
declare const __ALCOVE_ESM__: boolean | undefined;
// A classic <script> is document.currentScript only while it first runs, so capture it now.
const loadingScript = typeof document !== 'undefined' ? document.currentScript : null;
const moduleUrl: string | undefined = typeof __ALCOVE_ESM__ === 'undefined' || __ALCOVE_ESM__ ? import.meta.url : undefined;

/** The folder the widget script was loaded from: the worker and its files sit beside it. */
export function scriptBase(): string {
  const src = loadingScript instanceof HTMLScriptElement && loadingScript.src ? loadingScript.src : moduleUrl;
  return new URL('.', src ?? document.baseURI).href;
}

/** Resolves a URL from a page attribute against the page, so the worker receives it absolute
 * (inside the worker, a relative URL would resolve against the worker's own address). */
export function absoluteUrl(url: string): string {
  return new URL(url, document.baseURI).href;
}

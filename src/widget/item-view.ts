/**
 * Turns catalog items into DOM. Catalog text belongs to whoever wrote the catalog, so it is
 * only ever assigned with textContent (never innerHTML), links are http(s) or relative only,
 * and item ids are URL-encoded into the link template.
 */
import type { CatalogItem, ScoredItem } from '../client';
import type { WidgetConfig } from './config';
import { t } from './strings';

/** An http(s) URL (relative ones resolved against the page), or undefined for anything else
 * (`javascript:`, `data:`, unparsable). Parsing first means "java\tscript:" is judged as the
 * browser would read it. */
export function safeHref(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The item's link: the template with `{id}` replaced by the encoded id, else the item's url. */
export function itemHref(item: CatalogItem, template: string | undefined): string | undefined {
  return safeHref(template ? template.replaceAll('{id}', encodeURIComponent(item.id)) : item.url);
}

const formats = new Map<string, Intl.NumberFormat>();
/** From here on prices are shown compact ("€1.2M"), so no amount (≤ 1e9, validation's bound) outgrows a card. */
const COMPACT_FROM = 1e6;

function numberFormat(locale: string | undefined, currency: string | undefined, compact: boolean): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency ?? ''}|${compact}`;
  let f = formats.get(key);
  if (f) return f;
  const style: Intl.NumberFormatOptions = currency ? { style: 'currency', currency } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  const options: Intl.NumberFormatOptions = compact ? { ...style, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : style;
  try {
    f = new Intl.NumberFormat(locale, options);
  } catch (e) {
    // An unknown locale: the browser's; then an unknown currency code: the number alone.
    if (locale !== undefined) f = numberFormat(undefined, currency, compact);
    else if (currency !== undefined) f = numberFormat(undefined, undefined, compact);
    else throw e;
  }
  formats.set(key, f);
  return f;
}

export function formatPrice(item: CatalogItem, cfg: WidgetConfig): string {
  if (item.price === undefined || !Number.isFinite(item.price)) return '';
  const currency = item.currency ?? cfg.currency;
  const locale = cfg.locale ?? (document.documentElement.lang || undefined);
  return numberFormat(locale, currency, Math.abs(item.price) >= COMPACT_FROM).format(item.price);
}

/** An element holding catalog text: set as text, with its own reading direction. */
export function textEl<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = `${className} text`;
  el.dir = 'auto';
  el.textContent = text;
  return el;
}

/** The item's image, lazy-loaded with its title as alt text; undefined without a safe URL. */
export function thumb(item: CatalogItem): HTMLImageElement | undefined {
  const src = safeHref(item.imageUrl);
  if (!src) return undefined;
  const img = document.createElement('img');
  img.className = 'thumb';
  img.loading = 'lazy';
  img.decoding = 'async';
  img.alt = item.title;
  img.src = src;
  // A broken image says nothing useful; the title is right beside it.
  img.addEventListener('error', () => img.remove(), { once: true });
  return img;
}

export function metaLine(item: CatalogItem): string {
  return [item.brand, item.category].filter(Boolean).join(' · ');
}

const BECAUSE = { view: 'because', click: 'becauseClicked', add_to_cart: 'becauseAddedToCart', purchase: 'becauseBought' } as const;

/** Names the history items that share the main reason's event ("Because you bought …"), so the verb is true for each. */
export function becauseLine(r: ScoredItem): string {
  const event = r.because[0]?.event ?? 'view';
  const same = r.because.filter((b) => b.event === event);
  return same.length ? t(BECAUSE[event], { titles: same.map((b) => b.title).join(t('becauseJoin')) }) : '';
}

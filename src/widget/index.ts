/**
 * The Alcove merchant widget: private, on-device search and recommendations as custom elements.
 *
 *   <script type="module" src="/alcove/alcove-widget.js"></script>   (or alcove-widget.iife.js)
 *   <alcove-search catalog="/catalog.json" model="/models/alcove-mini-v3/" item-link="/p/{id}"></alcove-search>
 *   <alcove-recommendations mode="for-you"></alcove-recommendations>
 *   <alcove-privacy></alcove-privacy>
 *
 * The same API is on `window.Alcove` for pages without a bundler. See docs/merchant.md.
 */
import type { AlcoveClient } from '../client';
import { configure } from './config';
import { AlcovePrivacyElement } from './privacy-element';
import { AlcoveRecommendationsElement } from './recommendations-element';
import { AlcoveSearchElement } from './search-element';
import { engine } from './shared-engine';
import { DEFAULT_STRINGS, setStrings } from './strings';

export type { WidgetConfig } from './config';
export type { WidgetStrings } from './strings';
export type { AlcoveAddToCartDetail, AlcoveSelectDetail, ItemSource } from './events';
export type { AlcoveClient, CatalogItem } from '../client';

export const version = '0.1.0';

/** The page's shared engine client, once loaded: e.g. `(await Alcove.ready()).track({ type: 'purchase', itemId })`. */
export function ready(): Promise<AlcoveClient> {
  return engine();
}

export { configure, setStrings, DEFAULT_STRINGS };

const api = { configure, setStrings, ready, DEFAULT_STRINGS, version };
export type AlcoveWidgetApi = typeof api;

declare global {
  interface Window {
    Alcove: AlcoveWidgetApi;
  }
  interface HTMLElementTagNameMap {
    'alcove-search': AlcoveSearchElement;
    'alcove-recommendations': AlcoveRecommendationsElement;
    'alcove-privacy': AlcovePrivacyElement;
  }
}

// The script may be included twice (say, both builds); the first definition wins.
const elements = { 'alcove-search': AlcoveSearchElement, 'alcove-recommendations': AlcoveRecommendationsElement, 'alcove-privacy': AlcovePrivacyElement };
for (const [tag, ctor] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
window.Alcove ??= api;

/**
 * The DOM events the elements emit for the merchant's page. They bubble and are composed, so
 * a listener on `document` hears them from inside the shadow roots.
 *
 *   alcove:select       the shopper chose an item. Cancelable: preventDefault() keeps the
 *                       widget from following the item's link (to open it in place instead).
 *   alcove:add-to-cart  the shopper pressed "Add to cart" on an item. The merchant's cart
 *                       does the rest; the widget only records the event locally.
 */
import type { CatalogItem } from '../client';

export type ItemSource = 'search' | 'for-you' | 'similar' | 'after-query';

export interface AlcoveSelectDetail {
  item: CatalogItem;
  source: ItemSource;
  /** The item's link (item-link template or the item's url), when it has a safe one. */
  href?: string;
  /** The query, when chosen from search results. */
  query?: string;
}

export interface AlcoveAddToCartDetail {
  item: CatalogItem;
  source: ItemSource;
}

declare global {
  interface HTMLElementEventMap {
    'alcove:select': CustomEvent<AlcoveSelectDetail>;
    'alcove:add-to-cart': CustomEvent<AlcoveAddToCartDetail>;
  }
  interface DocumentEventMap {
    'alcove:select': CustomEvent<AlcoveSelectDetail>;
    'alcove:add-to-cart': CustomEvent<AlcoveAddToCartDetail>;
  }
  interface WindowEventMap {
    'alcove:select': CustomEvent<AlcoveSelectDetail>;
    'alcove:add-to-cart': CustomEvent<AlcoveAddToCartDetail>;
  }
}

/** Dispatches `alcove:select`; true when nobody called preventDefault(). */
export function dispatchSelect(from: HTMLElement, detail: AlcoveSelectDetail): boolean {
  return from.dispatchEvent(new CustomEvent('alcove:select', { detail, bubbles: true, composed: true, cancelable: true }));
}

export function dispatchAddToCart(from: HTMLElement, detail: AlcoveAddToCartDetail): void {
  from.dispatchEvent(new CustomEvent('alcove:add-to-cart', { detail, bubbles: true, composed: true }));
}

/** Follows an item link once the click is stored: the worker (and an unfinished IndexedDB
 * write) dies with the page, so wait a little, but never long. */
export async function followAfter(recorded: Promise<unknown>, href: string): Promise<void> {
  await Promise.race([recorded, new Promise((resolve) => setTimeout(resolve, 400))]);
  location.assign(href);
}

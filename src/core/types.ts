/** Data types shared by every layer. Pure: no DOM, no I/O. */

/** A catalog item as the merchant supplies it (after validation). */
export interface CatalogItem {
  id: string;
  title: string;
  description?: string;
  category?: string;
  brand?: string;
  price?: number;
  currency?: string;
  imageUrl?: string;
  url?: string;
  /** Merchant-supplied aggregate popularity (higher = more popular); used for cold start. */
  popularity?: number;
}

export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase', 'search'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One behaviour event. Stored locally only; never sent anywhere. */
export interface BehaviourEvent {
  type: EventType;
  /** Item the event is about; absent for `search`. */
  itemId?: string;
  /** Query text for `search` events. */
  query?: string;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** Event as the stored record (auto-increment key added by the store). */
export interface StoredEvent extends BehaviourEvent {
  seq: number;
}

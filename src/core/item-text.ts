import type { CatalogItem } from './types';

/** The text the encoder embeds for an item: the fields a shopper would search by. */
export function itemText(item: CatalogItem): string {
  return [item.title, item.category, item.brand, item.description].filter((s) => s && s.length > 0).join('. ');
}

import type { CatalogItem } from './types';

/** The text the encoder embeds for an item: the fields a shopper would search by. */
export function itemText(item: CatalogItem): string {
  return [item.title, item.category, item.brand, item.description].filter((s) => s && s.length > 0).join('. ');
}

/**
 * A 53-bit content hash (cyrb53) as hex. Used to skip re-embedding unchanged items and to
 * version catalogs; not a security boundary, so a fast non-cryptographic hash is enough.
 */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

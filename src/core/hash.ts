/**
 * cyrb53, a 53-bit non-cryptographic string hash, as 14 hex digits. Used to skip re-embedding
 * unchanged items, to version catalogs and to place shard boundaries; not a security
 * boundary, so a fast hash is enough.
 */

/** Incremental form: `add` pieces in order; `digest()` equals `hashText` of their concatenation. */
export function cyrb53(seed = 0): { add(text: string): void; digest(): string } {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  return {
    add(text) {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
      }
    },
    digest() {
      const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
      return (4294967296 * (2097151 & b) + (a >>> 0)).toString(16).padStart(14, '0');
    },
  };
}

export function hashText(text: string, seed = 0): string {
  const h = cyrb53(seed);
  h.add(text);
  return h.digest();
}

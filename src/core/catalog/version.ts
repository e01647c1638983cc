import { cyrb53 } from '../hash';

/**
 * The catalog version: cyrb53 of `${id}\0${textHash}` per item, joined by \u0001, in catalog
 * order. The engine's ingest and the CLI's streaming build compute the same value for the same
 * valid items; the incremental form never holds the joined string.
 */
export function catalogVersionHasher(): { add(id: string, textHash: string): void; digest(): string } {
  const h = cyrb53();
  let first = true;
  return {
    add(id, textHash) {
      if (!first) h.add('\u0001');
      first = false;
      h.add(id);
      h.add('\u0000');
      h.add(textHash);
    },
    digest: () => h.digest(),
  };
}

export function catalogVersion(items: Iterable<{ id: string; textHash: string }>): string {
  const h = catalogVersionHasher();
  for (const it of items) h.add(it.id, it.textHash);
  return h.digest();
}

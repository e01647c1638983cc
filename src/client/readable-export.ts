/**
 * The shopper's data export, readable by a person and by a program: every stored event with
 * the product's title and an ISO date, plus one plain sentence per event in the shopper's
 * language settings. The format is documented in docs/merchant.md ("The data export").
 */
import type { PersonalData } from '../core/api';
import type { EventType } from '../core/types';

export const READABLE_EXPORT_FORMAT = 'alcove-personal-data';

export interface ExportedEvent {
  /** ISO 8601 time in UTC. */
  at: string;
  type: EventType;
  itemId?: string;
  /** The product's title when the catalog still has it. */
  title?: string;
  query?: string;
}

export interface ReadableExport {
  format: typeof READABLE_EXPORT_FORMAT;
  formatVersion: 1;
  about: string;
  exportedAt: string;
  /** One sentence per event, oldest first, e.g. "1 Dec 2026, 10:12 — viewed “Glover Vacuum Flask”". */
  summary: string[];
  events: ExportedEvent[];
  /** Settings the engine keeps for this browser (e.g. which backend measured faster). */
  settings: Record<string, unknown>;
  /** Whatever else the page keeps about the shopper (the demo shop: its cart). */
  page?: Record<string, unknown>;
}

const VERBS: Record<EventType, string> = {
  view: 'viewed',
  click: 'opened',
  add_to_cart: 'added to cart',
  purchase: 'bought',
  search: 'searched for',
};

/**
 * Builds the export from `exportData()`. `titleOf` looks a product up (the client's `item()`);
 * `locale` formats the summary dates.
 */
export async function readableExport(
  data: PersonalData,
  titleOf: (itemId: string) => Promise<string | undefined>,
  opts: { locale?: string; page?: Record<string, unknown> } = {},
): Promise<ReadableExport> {
  const ids = [...new Set(data.events.flatMap((e) => (e.itemId ? [e.itemId] : [])))];
  const titles = new Map(await Promise.all(ids.map(async (id) => [id, await titleOf(id)] as const)));
  const when = new Intl.DateTimeFormat(opts.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const events: ExportedEvent[] = data.events.map((e) => {
    const title = e.itemId ? titles.get(e.itemId) : undefined;
    return {
      at: new Date(e.ts).toISOString(),
      type: e.type,
      ...(e.itemId !== undefined ? { itemId: e.itemId } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(e.query !== undefined ? { query: e.query } : {}),
    };
  });
  const summary = data.events.map((e, i) => {
    const what = e.type === 'search' ? `“${e.query ?? ''}”` : `“${events[i]!.title ?? e.itemId ?? ''}”${events[i]!.title ? '' : ' (no longer in the shop)'}`;
    return `${when.format(e.ts)} — ${VERBS[e.type]} ${what}`;
  });
  return {
    format: READABLE_EXPORT_FORMAT,
    formatVersion: 1,
    about: 'Everything this shop’s on-device search keeps about you in this browser. None of it was sent anywhere.',
    exportedAt: data.exportedAt,
    summary,
    events,
    settings: data.settings,
    ...(opts.page ? { page: opts.page } : {}),
  };
}

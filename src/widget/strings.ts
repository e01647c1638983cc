/**
 * Every piece of text the widget shows, in English by default. A page localises it with
 * `setStrings({ ... })`; `{name}` placeholders are filled in at render time.
 */
export const DEFAULT_STRINGS = {
  searchLabel: 'Search products',
  searchPlaceholder: 'Search products…',
  searchResultsLabel: 'Search results',
  /** Announced while results are shown; {count} = number of results. */
  resultsCount: '{count} results. Use the up and down arrows to choose, Enter to open.',
  noResults: 'No matching products.',
  loading: 'Preparing private on-device search…',
  /** {percent} = 0..100 */
  loadingProgress: 'Preparing private on-device search… {percent}%',
  unavailable: 'Search and recommendations are unavailable right now.',
  forYouTitle: 'Recommended for you',
  similarTitle: 'Similar items',
  afterQueryTitle: 'Related to your search',
  addToCart: 'Add to cart',
  /** {title} = the item's title */
  addedToCart: '{title} added to cart.',
  /** {titles} = the history items that explain a recommendation, by what the shopper did with them */
  because: 'Because you viewed {titles}',
  becauseClicked: 'Because you looked at {titles}',
  becauseAddedToCart: 'Because you added {titles} to your cart',
  becauseBought: 'Because you bought {titles}',
  becauseJoin: ' and ',
  privacyTitle: 'Your data stays on this device',
  privacyBody: 'Search and recommendations are computed in this browser. What you search, view and add to your cart is stored here only and never sent anywhere.',
  privacyEvents: 'Events about your visits stored in this browser: {count}',
  privacyCatalog: 'Products kept for search (not about you): {count}',
  download: 'Download my data',
  downloaded: 'Your data was downloaded as {file}.',
  forget: 'Forget me',
  forgotten: 'Done: everything stored about your visits was deleted.',
};

export type WidgetStrings = typeof DEFAULT_STRINGS;

let current: WidgetStrings = { ...DEFAULT_STRINGS };
const listeners = new Set<() => void>();

/** Replaces some or all strings; elements on the page re-render with the new text. */
export function setStrings(strings: Partial<WidgetStrings>): void {
  current = { ...current, ...strings };
  for (const l of listeners) l();
}

export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A string with its `{name}` placeholders filled in (values are plain text, never HTML). */
export function t(key: keyof WidgetStrings, values: Record<string, string | number> = {}): string {
  return current[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

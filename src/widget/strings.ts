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
  /** A search with no good match; {query} = what the shopper typed. */
  noMatch: 'No good match for “{query}”. Check the spelling, or describe what it is for.',
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
  /** The plain-words summary; {count} = events stored about the shopper. */
  privacyEvents: 'Your searches and clicks stay in this browser. {count} events stored. Nothing sent.',
  privacyDetails: 'How this works',
  privacyBody: 'Search and recommendations are computed in this browser. What you search, view and add to your cart is stored here only and never sent anywhere.',
  privacyCatalog: 'Products kept here for search (not about you): {count}',
  privacyOnCpu: "The search model runs on this device's processor.",
  privacyOnGpu: "The search model runs on this device's graphics chip.",
  download: 'Download my data',
  downloaded: 'Your data was downloaded as {file}: each event with the product name and date.',
  forget: 'Forget me',
  /** Asked once before deleting; {count} = events that will go. */
  forgetQuestion: 'Delete the {count} events stored about your visits? Recommendations will start fresh. This cannot be undone.',
  forgetConfirm: 'Delete my data',
  forgetCancel: 'Keep it',
  /** {count} = events deleted */
  forgotten: 'Deleted {count} events. Nothing about your visits is stored here now.',
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

/**
 * The elements' shadow-DOM styles. Themed through CSS custom properties (set them on the
 * element or any ancestor; they inherit through the shadow boundary) and `::part()`.
 * Adopted as a constructed stylesheet, so a strict `style-src` needs no 'unsafe-inline'.
 *
 *   --alcove-font          font-family          (default: inherit)
 *   --alcove-text          text colour          (inherit)
 *   --alcove-muted         secondary text       (#5b6470)
 *   --alcove-surface       card / popup fill    (#fff)
 *   --alcove-border        borders              (#d5d9de)
 *   --alcove-accent        buttons, selection   (#1f5fbf)
 *   --alcove-accent-text   text on the accent   (#fff)
 *   --alcove-focus         focus ring           (--alcove-accent)
 *   --alcove-radius        corner radius        (8px)
 *   --alcove-gap           spacing              (12px)
 *   --alcove-card-min      min card width       (180px)
 */
const CSS = /* css */ `
:host {
  display: block;
  font-family: var(--alcove-font, inherit);
  color: var(--alcove-text, inherit);
  --_muted: var(--alcove-muted, #5b6470);
  --_surface: var(--alcove-surface, #fff);
  --_border: var(--alcove-border, #d5d9de);
  --_accent: var(--alcove-accent, #1f5fbf);
  --_accent-text: var(--alcove-accent-text, #fff);
  --_focus: var(--alcove-focus, var(--_accent));
  --_radius: var(--alcove-radius, 8px);
  --_gap: var(--alcove-gap, 12px);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
/* Catalog text is the merchant's and may be long or right-to-left: each piece picks its own
   direction and wraps anywhere rather than overflowing. */
.text { unicode-bidi: plaintext; overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
h2 { font-size: 1.15em; margin: 0 0 var(--_gap); }
.status { color: var(--_muted); font-size: 0.9em; margin: 0.4em 0; min-height: 1.2em; }
.status:empty { display: none; }
.error { color: #a1261b; }
button {
  font: inherit; cursor: pointer; border-radius: var(--_radius);
  border: 1px solid var(--_accent); background: var(--_accent); color: var(--_accent-text);
  padding: 0.45em 0.9em;
}
button.quiet { background: transparent; color: var(--_accent); }
button:disabled { opacity: 0.6; cursor: default; }
img.thumb { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: cover; border-radius: calc(var(--_radius) - 2px); background: var(--_border); }
.price { font-weight: 600; }
.meta, .because { color: var(--_muted); font-size: 0.85em; }

/* <alcove-search>: a combobox with a listbox of results */
.search { position: relative; }
.search label { display: block; font-weight: 600; margin-bottom: 0.3em; }
.search input {
  width: 100%; font: inherit; color: inherit; padding: 0.55em 0.7em;
  border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
}
.search input:focus-visible { outline-offset: 0; }
[role='listbox'] {
  list-style: none; margin: 0.3em 0 0; padding: 0.25em; max-height: 26em; overflow: auto;
  border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
}
[role='listbox'][hidden] { display: none; }
.search .status.no-match { color: inherit; padding: 0.6em 0.7em; border: 1px dashed var(--_border); border-radius: var(--_radius); }
[role='option'] {
  display: flex; gap: 0.7em; align-items: flex-start;
  padding: 0.5em 0.6em; border-radius: calc(var(--_radius) - 2px); cursor: pointer;
}
[role='option'] img.thumb { width: 3em; flex: none; }
[role='option'] .body { flex: 1; min-width: 0; display: flex; flex-direction: column; }
[role='option'] .title { font-weight: 600; }
[role='option'] .desc { color: var(--_muted); font-size: 0.85em;
  display: -webkit-box; -webkit-line-clamp: 1; -webkit-box-orient: vertical; overflow: hidden; }
[role='option'] .price { flex: none; }
[role='option']:hover { background: color-mix(in srgb, var(--_accent) 8%, transparent); }
/* The active option is where the keyboard is: as visible as a focus ring. */
[role='option'][aria-selected='true'] {
  outline: 3px solid var(--_focus); outline-offset: -3px;
  background: color-mix(in srgb, var(--_accent) 12%, transparent);
}

/* <alcove-recommendations>: a list of cards */
ul.cards {
  list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap);
  grid-template-columns: repeat(auto-fill, minmax(var(--alcove-card-min, 180px), 1fr));
}
.card {
  display: flex; flex-direction: column; gap: 0.35em; padding: var(--_gap);
  background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius);
}
.card .open { font: inherit; font-weight: 600; color: inherit; text-align: start; text-decoration: none;
  background: none; border: 0; padding: 0; cursor: pointer; }
.card .open:hover { text-decoration: underline; }
.card .desc { font-size: 0.9em; margin: 0;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.card .add { margin-top: auto; align-self: flex-start; }

/* <alcove-privacy>: the plain summary, the actions, then how it works behind a disclosure */
.privacy p { margin: 0.4em 0; }
.privacy .actions { display: flex; flex-wrap: wrap; gap: 0.5em; margin-top: var(--_gap); }
.privacy .confirm { margin-top: var(--_gap); padding: 0.7em; border: 1px solid #e6b8b3; background: #fdf3f2; color: #3a1a17; border-radius: var(--_radius); }
.privacy .confirm[hidden] { display: none; }
.privacy .confirm p { margin: 0; }
button.danger { background: #a1261b; border-color: #a1261b; color: #fff; }
.privacy details { margin-top: var(--_gap); font-size: 0.9em; }
.privacy summary { cursor: pointer; color: var(--_accent); font-weight: 600; }
`;

let sheet: CSSStyleSheet | undefined;

/** One stylesheet object shared by every Alcove element on the page. */
export function widgetStyles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/**
 * <alcove-search>: a labelled search box with live results, following the ARIA combobox
 * pattern: focus stays in the input; ArrowDown/ArrowUp move through the options
 * (aria-activedescendant), Enter opens the active one (or commits the query), Escape closes.
 *
 * Typing searches without recording anything; a query is stored in the local history only
 * when the shopper commits it (Enter) or picks a result from it.
 */
import type { ScoredItem } from '../client';
import { AlcoveElement } from './base-element';
import { clampLimit } from './config';
import { dispatchSelect, followAfter } from './events';
import { formatPrice, itemHref, textEl, thumb } from './item-view';
import { engine, record, recordQuery } from './shared-engine';
import { t } from './strings';

const DEBOUNCE_MS = 200;

export class AlcoveSearchElement extends AlcoveElement {
  static observedAttributes = ['limit', 'item-link', 'currency'];

  private input!: HTMLInputElement;
  private label!: HTMLLabelElement;
  private status!: HTMLParagraphElement;
  private listbox!: HTMLUListElement;
  private results: ScoredItem[] = [];
  private active = -1;
  private seq = 0;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** The query last stored with Enter, so picking a result from it does not store it twice. */
  private committed = '';
  /** The search in flight for the current text, so the arrow keys can wait for it. */
  private pending: Promise<void> = Promise.resolve();

  protected build(): void {
    const wrap = document.createElement('div');
    wrap.className = 'search';
    wrap.setAttribute('part', 'search');
    wrap.setAttribute('role', 'search');
    this.label = document.createElement('label');
    this.label.htmlFor = 'input';
    this.label.setAttribute('part', 'label');
    this.input = document.createElement('input');
    Object.assign(this.input, { id: 'input', type: 'search', autocomplete: 'off', spellcheck: false, enterKeyHint: 'search' });
    this.input.setAttribute('part', 'input');
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-controls', 'listbox');
    this.input.setAttribute('aria-expanded', 'false');
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.listbox = document.createElement('ul');
    this.listbox.id = 'listbox';
    this.listbox.setAttribute('role', 'listbox');
    this.listbox.setAttribute('part', 'results');
    this.listbox.hidden = true;
    wrap.append(this.label, this.input, this.status, this.listbox);
    this.root.append(wrap);

    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => void this.onKey(e));
    this.input.addEventListener('focus', () => this.open(this.results.length > 0 && this.input.value.trim() !== ''));
    this.input.addEventListener('blur', () => this.open(false));
    // Keep focus in the input while an option is clicked.
    this.listbox.addEventListener('pointerdown', (e) => e.preventDefault());
    this.listbox.addEventListener('click', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('[role="option"]');
      if (li) this.choose(Number(li.dataset['index']));
    });
  }

  protected renderText(): void {
    this.label.textContent = t('searchLabel');
    this.input.placeholder = t('searchPlaceholder');
    this.listbox.setAttribute('aria-label', t('searchResultsLabel'));
  }

  protected showStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  protected refresh(): void {
    if (this.input.value.trim() !== '') this.pending = this.runSearch();
  }

  private onInput(): void {
    clearTimeout(this.debounce);
    if (this.input.value.trim() === '') {
      this.seq++;
      this.render([]);
      return;
    }
    this.pending = new Promise((resolve) => {
      this.debounce = setTimeout(() => void this.runSearch().then(resolve), DEBOUNCE_MS);
    });
  }

  /** Runs the pending search now (the shopper pressed a key and wants results). */
  private flush(): Promise<void> {
    if (this.debounce !== undefined) {
      clearTimeout(this.debounce);
      this.debounce = undefined;
      this.pending = this.runSearch();
    }
    return this.pending;
  }

  private async runSearch(): Promise<void> {
    this.debounce = undefined;
    const seq = ++this.seq;
    const query = this.input.value.trim();
    if (query === '') return;
    try {
      const client = await engine(this);
      const list = await client.search(query, { limit: clampLimit(this.config.limit), record: false });
      // No good match: the element says so instead of listing whatever scored highest.
      if (seq === this.seq) this.render(list.noMatch ? [] : list.items, list.noMatch === true);
    } catch (e) {
      if (this.state === 'ready') console.warn('Alcove search failed', e);
    }
  }

  private render(results: ScoredItem[], noMatch = false): void {
    this.results = results;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    const cfg = this.config;
    this.listbox.replaceChildren(
      ...results.map((r, i) => {
        const li = document.createElement('li');
        li.id = `option-${i}`;
        li.dataset['index'] = String(i);
        li.dataset['itemId'] = r.item.id;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('part', 'option');
        const img = thumb(r.item);
        if (img) li.append(img);
        const text = document.createElement('span');
        text.className = 'body';
        const title = textEl('span', 'title', r.item.title);
        title.id = `${li.id}-title`;
        const price = textEl('span', 'price', formatPrice(r.item, cfg));
        price.id = `${li.id}-price`;
        text.append(title);
        if (r.item.description) text.append(textEl('span', 'desc', r.item.description));
        li.append(text, price);
        // Named by title and price (the image's alt text would repeat the title).
        li.setAttribute('aria-labelledby', `${title.id} ${price.id}`);
        return li;
      }),
    );
    const query = this.input.value.trim();
    this.status.classList.toggle('no-match', noMatch);
    if (this.state === 'ready') {
      this.showStatus(query ? (noMatch ? t('noMatch', { query }) : results.length ? t('resultsCount', { count: results.length }) : t('noResults')) : '');
    }
    this.open(results.length > 0 && this.root.activeElement === this.input);
  }

  private open(show: boolean): void {
    this.listbox.hidden = !show;
    this.input.setAttribute('aria-expanded', String(show));
    if (!show) this.activate(-1);
  }

  private activate(i: number): void {
    this.listbox.querySelector('[aria-selected="true"]')?.setAttribute('aria-selected', 'false');
    this.active = i;
    const li = i >= 0 ? this.listbox.children[i] : undefined;
    if (!li) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    li.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  }

  private async onKey(e: KeyboardEvent): Promise<void> {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const down = e.key === 'ArrowDown';
        await this.flush();
        if (this.results.length === 0) return;
        this.open(true);
        const last = this.results.length - 1;
        // Down from the input goes to the first option, up to the last; the ends wrap to the input.
        const next = down ? (this.active >= last ? -1 : this.active + 1) : this.active === -1 ? last : this.active - 1;
        this.activate(next);
        return;
      }
      case 'Enter': {
        e.preventDefault();
        if (this.active >= 0 && !this.listbox.hidden) return this.choose(this.active);
        const query = this.input.value.trim();
        if (query === '') return;
        await this.flush();
        this.open(this.results.length > 0);
        if (query !== this.committed) {
          this.committed = query;
          void recordQuery(query);
        }
        return;
      }
      case 'Escape':
        if (!this.listbox.hidden) {
          e.preventDefault();
          this.open(false);
        }
        return;
    }
  }

  private choose(i: number): void {
    const r = this.results[i];
    if (!r) return;
    const query = this.input.value.trim();
    const href = itemHref(r.item, this.config.itemLink);
    // Recorded first, in order: the query that led here (unless Enter stored it already), the click.
    if (query !== this.committed) void recordQuery(query);
    this.committed = query;
    const recorded = record({ type: 'click', itemId: r.item.id });
    const follow = dispatchSelect(this, { item: r.item, source: 'search', query, ...(href ? { href } : {}) });
    this.open(false);
    if (follow && href) void followAfter(recorded, href);
  }
}

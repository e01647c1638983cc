/**
 * <alcove-recommendations mode="for-you|similar|after-query" item-id="…" query="…">
 *
 * - for-you:     from the shopper's local history (popularity for a new shopper); refreshes
 *                whenever the history changes anywhere on the page.
 * - similar:     items like `item-id`. Such a list sits on that item's page, so showing it
 *                records a local `view` of the item (once per item).
 * - after-query: items for `query`, or, without the attribute, for the latest query committed
 *                in an <alcove-search> on this page.
 *
 * Each card has a link (or, without one, a button) that emits `alcove:select`, and an
 * "Add to cart" button that emits `alcove:add-to-cart`. Arrow keys, Home and End move between cards.
 */
import type { RecommendOptions, ScoredItem } from '../client';
import { AlcoveElement } from './base-element';
import { clampLimit } from './config';
import { dispatchAddToCart, dispatchSelect, followAfter, type ItemSource } from './events';
import { becauseLine, formatPrice, itemHref, metaLine, textEl, thumb } from './item-view';
import { latestQuery, on, record } from './shared-engine';
import { t, type WidgetStrings } from './strings';

type Mode = 'for-you' | 'similar' | 'after-query';

const TITLES: Record<Mode, keyof WidgetStrings> = { 'for-you': 'forYouTitle', similar: 'similarTitle', 'after-query': 'afterQueryTitle' };

export class AlcoveRecommendationsElement extends AlcoveElement {
  static observedAttributes = ['mode', 'item-id', 'query', 'limit', 'item-link', 'currency', 'heading'];

  private section!: HTMLElement;
  private heading!: HTMLHeadingElement;
  private status!: HTMLParagraphElement;
  private list!: HTMLUListElement;
  private seq = 0;
  private viewed: string | undefined;
  private static count = 0;
  /** Unique per element: ids in the shadow root, for aria-labelledby/-describedby. */
  private readonly uid = `r${AlcoveRecommendationsElement.count++}`;

  get mode(): Mode {
    const m = this.getAttribute('mode');
    return m === 'similar' || m === 'after-query' ? m : 'for-you';
  }

  protected build(): void {
    this.section = document.createElement('section');
    this.section.setAttribute('part', 'section');
    this.heading = document.createElement('h2');
    this.heading.id = `${this.uid}-title`;
    this.heading.setAttribute('part', 'title');
    this.section.setAttribute('aria-labelledby', this.heading.id);
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.list = document.createElement('ul');
    this.list.className = 'cards';
    this.list.setAttribute('part', 'list');
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.section.append(this.heading, this.status, this.list);
    this.root.append(this.section);
  }

  protected override subscriptions(): (() => void)[] {
    return [
      on('history', () => this.mode === 'for-you' && this.client && this.refresh()),
      on('query', () => this.mode === 'after-query' && !this.hasAttribute('query') && this.client && this.refresh()),
    ];
  }

  protected renderText(): void {
    this.heading.textContent = this.getAttribute('heading') ?? t(TITLES[this.mode]);
  }

  protected showStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  /** What to ask the engine for, or null when the list has nothing to show yet. */
  private request(limit: number): RecommendOptions | null {
    switch (this.mode) {
      case 'similar': {
        const itemId = this.getAttribute('item-id');
        return itemId ? { mode: 'similar', itemId, limit } : null;
      }
      case 'after-query': {
        const query = this.getAttribute('query') ?? latestQuery();
        return query.trim() ? { mode: 'after-query', query, limit } : null;
      }
      default:
        return { mode: 'for-you', limit };
    }
  }

  protected refresh(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    this.renderText();
    const seq = ++this.seq;
    const req = this.request(clampLimit(this.config.limit));
    if (!req || !this.client) return this.render([]);
    if (req.mode === 'similar' && req.itemId !== this.viewed) {
      this.viewed = req.itemId;
      void record({ type: 'view', itemId: req.itemId });
    }
    try {
      const list = await this.client.recommend(req);
      if (seq === this.seq) this.render(list.items);
    } catch (e) {
      console.warn(`Alcove: ${this.mode} recommendations failed`, e);
      if (seq === this.seq) this.render([]);
    }
  }

  private render(results: ScoredItem[]): void {
    // A re-render must not drop keyboard focus: note where it was, put it back after.
    const focused = this.root.activeElement;
    const focusedId = focused?.closest<HTMLElement>('.card')?.dataset['itemId'];
    const focusedClass = focused?.classList.contains('add') ? 'add' : 'open';
    this.list.replaceChildren(...results.map((r, i) => this.card(r, i)));
    this.section.hidden = results.length === 0;
    if (focused && !focused.isConnected) {
      const cards = [...this.list.children] as HTMLElement[];
      const again = cards.find((c) => c.dataset['itemId'] === focusedId) ?? cards[0];
      again?.querySelector<HTMLElement>(`.${focusedClass}`)?.focus();
    }
  }

  private card(r: ScoredItem, i: number): HTMLLIElement {
    const cfg = this.config;
    const source: ItemSource = this.mode;
    const li = document.createElement('li');
    li.className = 'card';
    li.setAttribute('part', 'card');
    li.dataset['itemId'] = r.item.id;
    const img = thumb(r.item);
    if (img) li.append(img);

    const href = itemHref(r.item, cfg.itemLink);
    const title = textEl('span', 'title', r.item.title);
    title.id = `${this.uid}-${i}`;
    let open: HTMLAnchorElement | HTMLButtonElement;
    if (href) {
      open = document.createElement('a');
      open.href = href;
    } else {
      open = document.createElement('button');
      open.type = 'button';
    }
    open.className = 'open';
    open.setAttribute('part', 'link');
    open.append(title);
    open.addEventListener('click', (event) => {
      const ev = event as MouseEvent;
      // The click is recorded before the page hears of it (and, say, shows the item's page).
      const recorded = record({ type: 'click', itemId: r.item.id });
      const follow = dispatchSelect(this, { item: r.item, source, ...(href ? { href } : {}) });
      // Modified clicks (new tab, download) go their own way, untouched.
      const modified = ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0;
      if (!href || modified) return;
      ev.preventDefault();
      if (follow) void followAfter(recorded, href);
    });
    li.append(open);

    const meta = metaLine(r.item);
    if (meta) li.append(textEl('span', 'meta', meta));
    if (r.item.description) li.append(textEl('p', 'desc', r.item.description));
    const price = formatPrice(r.item, cfg);
    if (price) li.append(textEl('span', 'price', price));
    const because = becauseLine(r);
    if (because) li.append(textEl('span', 'because', because));

    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'add';
    add.setAttribute('part', 'add-button');
    add.textContent = t('addToCart');
    add.setAttribute('aria-describedby', title.id);
    add.addEventListener('click', () => {
      void record({ type: 'add_to_cart', itemId: r.item.id });
      dispatchAddToCart(this, { item: r.item, source });
      this.showStatus(t('addedToCart', { title: r.item.title }));
    });
    li.append(add);
    return li;
  }

  private onKey(e: KeyboardEvent): void {
    const keys: Record<string, number | 'first' | 'last'> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: 'first', End: 'last' };
    const step = keys[e.key];
    if (step === undefined) return;
    const cards = [...this.list.children] as HTMLElement[];
    const here = cards.findIndex((c) => c.contains(e.target as Node));
    const next = step === 'first' ? 0 : step === 'last' ? cards.length - 1 : here + step;
    const target = cards[Math.max(0, Math.min(cards.length - 1, next))];
    if (!target) return;
    e.preventDefault();
    target.querySelector<HTMLElement>('.open')?.focus();
  }
}

/**
 * The demo shop: uses the public client exactly as a merchant's page would.
 * URL parameters (for trying backends and for tests): ?backend=auto|webgpu|wasm, ?db=<name>,
 * ?retrieval=auto|cpu|gpu, ?model=<model base URL>, ?catalog=<catalog URL>, ?ortlog=verbose.
 * Pages are hash routes: #/ the shop, #/p/<id> a product page, #/cart the cart.
 * Product text is always set as text (textContent, attributes), never parsed as HTML.
 */
import { AlcoveError, createAlcove, readableExport, type CatalogItem, type EngineStatus, type ResultList, type ScoredItem } from '../client';
import { Cart } from './cart';
import { productPicture } from './picture';

const params = new URLSearchParams(location.search);
const backend = (['auto', 'webgpu', 'wasm'] as const).find((b) => b === params.get('backend')) ?? 'auto';
const retrieval = (['auto', 'cpu', 'gpu'] as const).find((r) => r === params.get('retrieval')) ?? 'auto';
const dbName = params.get('db') ?? 'alcove';
const alcove = createAlcove();
// A handle for people poking at the demo in devtools, and for the end-to-end tests.
(window as unknown as { alcove: typeof alcove }).alcove = alcove;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = $<HTMLInputElement>('q');
const form = $<HTMLFormElement>('search-form');
const price = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' });
const formatPrice = (item: CatalogItem) => (item.price !== undefined ? price.format(item.price) : '');
/** Example searches offered when a query finds nothing. */
const SUGGESTIONS = ['something to keep coffee hot', 'running shoes', 'desk lamp', 'garden tools', 'a warm winter coat'];

/** localStorage can be refused outright (some privacy settings): then the cart lives in memory. */
function cartStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return window.localStorage;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  }
}
const cart = new Cart(cartStorage(), `alcove-demo-cart:${dbName}`);

function showError(e: unknown): void {
  const el = $('error');
  el.hidden = false;
  el.textContent = e instanceof AlcoveError ? `${e.message} (${e.code})` : `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
}

function card(r: ScoredItem): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'card';
  li.tabIndex = 0;
  li.dataset['itemId'] = r.item.id;
  const h = document.createElement('h3');
  h.textContent = r.item.title;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = [r.item.brand, r.item.category?.split(' > ').at(-1)].filter(Boolean).join(' · ');
  const desc = document.createElement('p');
  desc.className = 'desc';
  desc.textContent = r.item.description ?? '';
  const p = document.createElement('div');
  p.className = 'price';
  p.textContent = formatPrice(r.item);
  li.append(productPicture(r.item, `Picture of ${r.item.title}`), h, meta, p, desc);
  if (r.because.length > 0) {
    const b = document.createElement('div');
    b.className = 'because';
    const event = r.because[0]!.event;
    const verb = { view: 'viewed', click: 'looked at', add_to_cart: 'added to your cart', purchase: 'bought' }[event];
    b.textContent = `Because you ${verb} ${r.because.filter((x) => x.event === event).map((x) => x.title).join(' and ')}`;
    li.append(b);
  }
  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'secondary add';
  add.textContent = 'Add to cart';
  add.addEventListener('click', (ev) => {
    ev.stopPropagation();
    void act(async () => {
      await addToCart(r.item);
      add.textContent = 'Added ✓';
      setTimeout(() => (add.textContent = 'Add to cart'), 1500);
    });
  });
  add.addEventListener('keydown', (ev) => ev.stopPropagation()); // Enter on the button is not Enter on the card
  li.append(add);
  const open = () => void act(() => openItem(r.item));
  li.addEventListener('click', open);
  li.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') open();
  });
  return li;
}

function render(listId: string, list: ResultList): void {
  $(listId).replaceChildren(...list.items.map(card));
}

async function act(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    showError(e);
  }
}

function showCartCount(): void {
  $('cart-count').textContent = String(cart.count());
}

/** The add_to_cart and purchase events are what the engine learns from; the cart itself is the page's. */
async function addToCart(item: CatalogItem): Promise<void> {
  await alcove.track({ type: 'add_to_cart', itemId: item.id });
  cart.add(item.id);
  showCartCount();
  await refreshForYou();
}

/** A click on a card: recorded as a click, then the product page opens (which records no view). */
let clickedId: string | null = null;
async function openItem(item: CatalogItem): Promise<void> {
  await alcove.track({ type: 'click', itemId: item.id });
  clickedId = item.id;
  location.hash = `#/p/${encodeURIComponent(item.id)}`;
}

let openItemId = '';
async function showProduct(id: string | null): Promise<void> {
  const item = id === null ? null : await alcove.item(id);
  if (!item) {
    // A stale or mangled link: say so, and keep the rest of the shop working.
    openItemId = '';
    show('gone');
    document.title = 'Product not available — Alcove demo shop';
    await refreshForYou();
    return;
  }
  // Arriving by link or history (not a card click) is a view.
  if (clickedId !== item.id) await alcove.track({ type: 'view', itemId: item.id });
  clickedId = null;
  openItemId = item.id;
  $('product-picture').replaceChildren(productPicture(item, `Picture of ${item.title}`));
  $('product-title').textContent = item.title;
  $('product-meta').textContent = [item.brand, item.category].filter(Boolean).join(' · ');
  $('product-desc').textContent = item.description ?? '';
  $('product-price').textContent = formatPrice(item);
  $('product-added').textContent = '';
  show('product');
  $('similar-title').textContent = `Similar to ${item.title}`;
  render('similar', await alcove.recommend({ mode: 'similar', itemId: item.id, limit: 8 }));
  $('similar-section').hidden = false;
  document.title = `${item.title} — Alcove demo shop`;
  await refreshForYou();
}

async function showCart(): Promise<void> {
  const lines = await Promise.all(cart.lines().map(async (l) => ({ ...l, item: await alcove.item(l.itemId) })));
  // Items the shop no longer sells leave the cart.
  for (const l of lines) if (!l.item) cart.remove(l.itemId);
  const present = lines.filter((l): l is typeof l & { item: CatalogItem } => l.item !== null);
  showCartCount();
  $('cart-lines').replaceChildren(
    ...present.map(({ item, quantity }) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `#/p/${encodeURIComponent(item.id)}`;
      a.textContent = item.title;
      const qty = document.createElement('span');
      qty.className = 'qty';
      qty.textContent = quantity > 1 ? `× ${quantity}` : '';
      const sum = document.createElement('span');
      sum.className = 'price';
      sum.textContent = item.price !== undefined ? price.format(item.price * quantity) : '';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary small';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${item.title}`);
      remove.addEventListener('click', () => {
        cart.remove(item.id);
        void act(showCart);
      });
      li.append(productPicture(item, `Picture of ${item.title}`), a, qty, sum, remove);
      return li;
    }),
  );
  const empty = present.length === 0;
  $('cart-total').textContent = empty ? '' : `Total ${price.format(present.reduce((s, l) => s + (l.item.price ?? 0) * l.quantity, 0))}`;
  // An empty cart offers no order to place.
  $('cart-summary').hidden = empty;
  $('cart-empty').hidden = !empty;
  show('cart-page');
  document.title = 'Your cart — Alcove demo shop';
}

async function checkout(): Promise<void> {
  const lines = cart.lines();
  if (lines.length === 0) return;
  for (const l of lines) await alcove.track({ type: 'purchase', itemId: l.itemId });
  const n = lines.reduce((s, l) => s + l.quantity, 0);
  cart.clear();
  await showCart();
  $('checkout-done').textContent = `Thank you, your order of ${n} item${n === 1 ? '' : 's'} is placed. This demo has no server: the purchase was recorded only in this browser.`;
  $('checkout-done').hidden = false;
  $('cart-empty').hidden = true;
  await refreshForYou();
}

let searched = false;
type View = 'home' | 'product' | 'gone' | 'cart-page';
/** Shows one of the page views (home = search results, a product, a missing product, the cart). */
function show(view: View): void {
  $('product').hidden = view !== 'product';
  $('gone').hidden = view !== 'gone';
  $('cart-page').hidden = view !== 'cart-page';
  $('similar-section').hidden = view !== 'product';
  $('results-section').hidden = view !== 'home' || !searched;
  $('intro').hidden = view !== 'home' || searched;
  if (view !== 'cart-page') $('checkout-done').hidden = true;
}

/** The product id in a #/p/<id> hash, or null when it is not valid percent-encoding. */
function productIdOf(hash: string): string | null {
  try {
    return decodeURIComponent(hash.slice(4));
  } catch {
    return null;
  }
}

async function route(): Promise<void> {
  $('error').hidden = true; // an old error belongs to the page it happened on
  const hash = location.hash;
  if (hash.startsWith('#/p/')) await showProduct(productIdOf(hash));
  else if (hash === '#/cart') await showCart();
  else {
    show('home');
    document.title = 'Alcove demo shop — private, on-device search';
  }
}
// Before the shop is ready start() routes to whatever the hash is by then.
window.addEventListener('hashchange', () => {
  if (document.body.dataset['ready'] === 'true') void act(route);
});

async function refreshForYou(): Promise<void> {
  const list = await alcove.recommend({ mode: 'for-you', limit: 8 });
  $('foryou-strategy').textContent = `(${list.strategy})`;
  render('foryou', list);
  await showStatus();
}

/** Requests made since the shop became ready: by the page and by the engine worker. */
let pageRequests = 0;
let workerRequestsAtReady = 0;
new PerformanceObserver((list) => {
  if (document.body.dataset['ready'] === 'true') pageRequests += list.getEntries().length;
}).observe({ type: 'resource', buffered: false });

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

let lastStatus: EngineStatus | null = null;
async function showStatus(): Promise<void> {
  const s: EngineStatus = await alcove.status();
  lastStatus = s;
  const q = s.timings.lastQuery;
  const sinceReady = pageRequests + s.network.requests - workerRequestsAtReady;
  const inCart = cart.count();
  const stored = `${plural(s.events, 'event')} stored${inCart ? `, ${plural(inCart, 'item')} in your cart` : ''}`;
  const sent = sinceReady === 0 ? 'Nothing sent.' : `${plural(sinceReady, 'file')} downloaded since the shop opened, none carrying your searches or clicks.`;
  const where = s.backend.name === 'webgpu' ? "this device's graphics chip" : "this device's processor";
  $('privacy-summary').textContent = `Your searches and clicks stay in this browser. ${stored}. ${sent} Search runs on ${where}.`;
  const rows: [string, string][] = [
    ['Backend', `${s.backend.name} — ${s.backend.reason}${s.backend.queries ? `; ${s.backend.queries.reason}` : ''}`],
    ['Model', s.model ? `${s.model.id} (${(s.model.bytes / 1e6).toFixed(1)} MB${s.model.trained ? '' : ', untrained placeholder'})` : '—'],
    ['Ranker', s.ranker ? (s.ranker.id === null ? `none — ${s.ranker.reason ?? ''}` : `${s.ranker.id}${s.ranker.trained ? '' : ' (untrained: ' + s.ranker.untrainedParts.join('; ') + ')'}`) : '—'],
    ['Catalog', s.catalog ? `${s.catalog.items} items, version ${s.catalog.version}${s.catalog.coocPairs ? `, co-occurrence table of ${s.catalog.coocPairs} pairs` : ''}` : '—'],
    ['Retrieval', s.retrieval ? `${s.retrieval.kernel} — ${s.retrieval.reason}` : '—'],
    ['Stored here', `${s.storage.items} items, ${(s.storage.embeddingBytes / 1e6).toFixed(2)} MB of embeddings, ${s.events} of your events (IndexedDB, this browser only)`],
    ['Network', `${s.network.requests} file downloads by the engine at start-up (model, ranker, catalog); ${sinceReady} requests since the shop was ready — none carries your searches or clicks`],
    ['Model load', s.timings.modelLoadMs !== undefined ? `${Math.round(s.timings.modelLoadMs)} ms` : '—'],
    ['Last query', q ? `${q['totalMs']} ms (encode ${(q['encodeMs'] ?? 0).toFixed(1)} ms)` : '—'],
  ];
  if (s.storage.notice) rows.push(['Storage', s.storage.notice]);
  $('status').replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dd.dataset['key'] = k;
      return [dt, dd];
    }),
  );
}

function progress(done: number, total: number, message: string): void {
  $('loading-bar').style.width = total > 0 ? `${Math.min(100, (100 * done) / total)}%` : '30%';
  $('loading-text').textContent = message;
}

let searchSeq = 0;
/** Typing shows results live; only a submitted query is recorded in the local history. */
async function runSearch(record: boolean): Promise<void> {
  const seq = ++searchSeq;
  const query = input.value;
  const list = await alcove.search(query, { limit: 12, record });
  if (seq !== searchSeq) return; // a newer query is on its way
  searched = true;
  // No good match: say so and offer searches that work, rather than list whatever scored highest.
  const none = list.noMatch === true || list.items.length === 0;
  $('results-title').textContent = none ? `No good match for “${query}”` : `Results for “${query}”`;
  $('no-match').hidden = !none;
  $('no-match-text').textContent = 'Nothing in this shop matches that well. Check the spelling, or describe what it is for.';
  render('results', none ? { ...list, items: [] } : list);
  if (location.hash.startsWith('#/p/') || location.hash === '#/cart') location.hash = '#/';
  show('home');
  await refreshForYou();
}

const suggestionButtons = () =>
  SUGGESTIONS.map((s) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary small';
    b.textContent = s;
    b.addEventListener('click', () => {
      input.value = s;
      void act(() => runSearch(true));
    });
    li.append(b);
    return li;
  });
$('suggestions').replaceChildren(...suggestionButtons());
$('intro-suggestions').replaceChildren(...suggestionButtons());

let debounce: ReturnType<typeof setTimeout> | undefined;
form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearTimeout(debounce);
  void act(() => runSearch(true));
});
input.addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => void act(() => runSearch(false)), 250);
});

$('export').addEventListener('click', () =>
  void act(async () => {
    const titleOf = async (id: string) => (await alcove.item(id))?.title;
    const lines = await Promise.all(cart.lines().map(async (l) => ({ ...l, title: await titleOf(l.itemId) })));
    const data = await readableExport(await alcove.exportData(), titleOf, { page: { cart: lines } });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = 'alcove-my-data.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000); // revoking at once can cancel the download
    $('privacy-message').textContent = `Downloaded alcove-my-data.json: ${plural(data.events.length, 'event')}${lines.length ? ` and your cart` : ''}, with product names and dates.`;
  }),
);
$('product-add').addEventListener('click', () =>
  void act(async () => {
    const item = await alcove.item(openItemId);
    if (!item) return;
    await addToCart(item);
    $('product-added').textContent = `Added to your cart (${plural(cart.count(), 'item')}).`;
  }),
);
$('checkout').addEventListener('click', () => void act(checkout));

/** "Forget me" asks once, in the page, saying what will go; then says what went. */
function askForget(open: boolean): void {
  $('forget-confirm').hidden = !open;
  $<HTMLButtonElement>('forget').setAttribute('aria-expanded', String(open));
  if (!open) return;
  const events = lastStatus?.events ?? 0;
  const inCart = cart.count();
  $('forget-question').textContent = `Delete ${plural(events, 'event')}${inCart ? ` and the ${plural(inCart, 'item')} in your cart` : ''} from this browser? Recommendations will start fresh. This cannot be undone.`;
  $('privacy-message').textContent = '';
  $('forget-yes').focus();
}
$('forget').addEventListener('click', () => askForget(true));
$('forget-no').addEventListener('click', () => {
  askForget(false);
  $('forget').focus();
});
$('forget-yes').addEventListener('click', () =>
  void act(async () => {
    const events = (await alcove.status()).events;
    const inCart = cart.count();
    await alcove.forgetMe();
    cart.clear();
    showCartCount();
    askForget(false);
    $('privacy-message').textContent = `Deleted ${plural(events, 'event')}${inCart ? ` and ${plural(inCart, 'cart item')}` : ''}. Nothing about you is stored here now.`;
    $('forget').focus();
    if (location.hash === '#/cart') await showCart();
    else if (!location.hash.startsWith('#/p/')) show('home');
    await refreshForYou();
  }),
);

async function start(): Promise<void> {
  await alcove.init(
    {
      modelBaseUrl: new URL(params.get('model') ?? 'models/alcove-mini-v3/', location.href).href,
      backend,
      retrieval,
      ...(params.get('db') ? { dbName } : {}),
      ...(params.get('ortlog') === 'verbose' ? { ortLogLevel: 'verbose' as const } : {}),
    },
    { onProgress: (p) => progress(p.done, p.total, p.message) },
  );
  // Precomputed embedding shards (alcove build-catalog); only changed shards are downloaded.
  await alcove.ingestCatalog(new URL(params.get('catalog') ?? 'catalog/demo/manifest.json', location.href).href, { onProgress: (p) => progress(p.done, p.total, p.message) });
  $('loading').hidden = true;
  input.disabled = false;
  form.querySelector('button')!.disabled = false;
  showCartCount();
  workerRequestsAtReady = (await alcove.status()).network.requests;
  // A deep link (#/p/<id>, #/cart) is part of loading the page; a bad one must not stop it.
  if (location.hash) await act(route);
  document.body.dataset['ready'] = 'true';
  await refreshForYou();
}

start().catch((e: unknown) => {
  $('loading').hidden = true;
  showError(e);
});

/**
 * The first demo page: uses the public client exactly as a merchant's page would.
 * URL parameters (for trying backends and for tests): ?backend=auto|webgpu|wasm, ?db=<name>,
 * ?retrieval=auto|cpu|gpu, ?model=<model base URL>, ?catalog=<catalog URL>, ?ortlog=verbose.
 * Pages are hash routes: #/ the shop, #/p/<id> a product page, #/cart the cart.
 */
import { AlcoveError, createAlcove, type CatalogItem, type EngineStatus, type ResultList, type ScoredItem } from '../client';

const params = new URLSearchParams(location.search);
const backend = (['auto', 'webgpu', 'wasm'] as const).find((b) => b === params.get('backend')) ?? 'auto';
const retrieval = (['auto', 'cpu', 'gpu'] as const).find((r) => r === params.get('retrieval')) ?? 'auto';
const alcove = createAlcove();
// A handle for people poking at the demo in devtools, and for the end-to-end tests.
(window as unknown as { alcove: typeof alcove }).alcove = alcove;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = $<HTMLInputElement>('q');
const form = $<HTMLFormElement>('search-form');
const price = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' });

function showError(e: unknown): void {
  const el = $('error');
  el.hidden = false;
  el.textContent = e instanceof AlcoveError ? `${e.message} (${e.code})` : `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
}

/** Product text is always set as text, never parsed as HTML. */
function card(r: ScoredItem): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'card';
  li.tabIndex = 0;
  li.dataset['itemId'] = r.item.id;
  const h = document.createElement('h3');
  h.textContent = r.item.title;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = [r.item.brand, r.item.category].filter(Boolean).join(' · ');
  const desc = document.createElement('p');
  desc.className = 'desc';
  desc.textContent = r.item.description ?? '';
  const p = document.createElement('div');
  p.className = 'price';
  p.textContent = r.item.price !== undefined ? price.format(r.item.price) : '';
  li.append(h, meta, desc, p);
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
    void act(() => addToCart(r.item));
  });
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

/** The cart lives in this page's memory; the add_to_cart and purchase events are what the engine learns from. */
const cart: CatalogItem[] = [];
async function addToCart(item: CatalogItem): Promise<void> {
  await alcove.track({ type: 'add_to_cart', itemId: item.id });
  cart.push(item);
  $('cart-count').textContent = String(cart.length);
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
async function showProduct(id: string): Promise<void> {
  const item = await alcove.item(id);
  if (!item) throw new AlcoveError('unknown_item', `no product with id ${JSON.stringify(id)} in this shop`);
  // Arriving by link or history (not a card click) is a view.
  if (clickedId !== id) await alcove.track({ type: 'view', itemId: id });
  clickedId = null;
  openItemId = id;
  $('product-title').textContent = item.title;
  $('product-meta').textContent = [item.brand, item.category].filter(Boolean).join(' · ');
  $('product-desc').textContent = item.description ?? '';
  $('product-price').textContent = item.price !== undefined ? price.format(item.price) : '';
  show('product');
  $('similar-title').textContent = `Similar to ${item.title}`;
  render('similar', await alcove.recommend({ mode: 'similar', itemId: id, limit: 8 }));
  $('similar-section').hidden = false;
  document.title = `${item.title} — Alcove demo shop`;
  await refreshForYou();
}

function showCart(): void {
  $('cart-lines').replaceChildren(
    ...cart.map((it) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `#/p/${encodeURIComponent(it.id)}`;
      a.textContent = it.title;
      li.append(a, ` — ${it.price !== undefined ? price.format(it.price) : ''}`);
      return li;
    }),
  );
  $('cart-total').textContent = cart.length ? `Total ${price.format(cart.reduce((s, it) => s + (it.price ?? 0), 0))}` : 'Your cart is empty.';
  $<HTMLButtonElement>('checkout').disabled = cart.length === 0;
  show('cart-page');
  document.title = 'Your cart — Alcove demo shop';
}

async function checkout(): Promise<void> {
  for (const it of cart) await alcove.track({ type: 'purchase', itemId: it.id });
  const n = cart.length;
  cart.length = 0;
  $('cart-count').textContent = '0';
  showCart();
  $('checkout-done').textContent = `Thank you: ${n} item${n === 1 ? '' : 's'} ordered. This demo has no server; the purchase was recorded only in this browser.`;
  $('checkout-done').hidden = false;
  await refreshForYou();
}

/** Shows one of the page views (home = search results, a product, the cart). */
function show(view: 'home' | 'product' | 'cart-page'): void {
  $('product').hidden = view !== 'product';
  $('cart-page').hidden = view !== 'cart-page';
  $('similar-section').hidden = view !== 'product';
  $('results-section').hidden = view !== 'home' || $('results').childElementCount === 0;
  if (view !== 'cart-page') $('checkout-done').hidden = true;
}

async function route(): Promise<void> {
  const hash = location.hash;
  if (hash.startsWith('#/p/')) await showProduct(decodeURIComponent(hash.slice(4)));
  else if (hash === '#/cart') showCart();
  else {
    show('home');
    document.title = 'Alcove demo shop — private, on-device search';
  }
}
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

async function showStatus(): Promise<void> {
  const s: EngineStatus = await alcove.status();
  const q = s.timings.lastQuery;
  const sinceReady = pageRequests + s.network.requests - workerRequestsAtReady;
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
  const list = await alcove.search(input.value, { limit: 12, record });
  if (seq !== searchSeq) return; // a newer query is on its way
  $('results-title').textContent = list.items.length ? `Results for “${input.value}”` : 'No results';
  render('results', list);
  if (location.hash.startsWith('#/p/') || location.hash === '#/cart') location.hash = '#/';
  $('results-section').hidden = false;
  await refreshForYou();
}

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
    const data = await alcove.exportData();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = 'alcove-my-data.json';
    a.click();
    URL.revokeObjectURL(a.href);
  }),
);
$('product-add').addEventListener('click', () =>
  void act(async () => {
    const item = await alcove.item(openItemId);
    if (item) await addToCart(item);
  }),
);
$('checkout').addEventListener('click', () => void act(checkout));
$('forget').addEventListener('click', () =>
  void act(async () => {
    await alcove.forgetMe();
    cart.length = 0;
    $('cart-count').textContent = '0';
    location.hash = '#/';
    show('home');
    await refreshForYou();
  }),
);

async function start(): Promise<void> {
  await alcove.init(
    {
      modelBaseUrl: new URL(params.get('model') ?? 'models/alcove-mini-v3/', location.href).href,
      backend,
      retrieval,
      ...(params.get('db') ? { dbName: params.get('db')! } : {}),
      ...(params.get('ortlog') === 'verbose' ? { ortLogLevel: 'verbose' as const } : {}),
    },
    { onProgress: (p) => progress(p.done, p.total, p.message) },
  );
  // Precomputed embedding shards (alcove build-catalog); only changed shards are downloaded.
  await alcove.ingestCatalog(new URL(params.get('catalog') ?? 'catalog/demo/manifest.json', location.href).href, { onProgress: (p) => progress(p.done, p.total, p.message) });
  $('loading').hidden = true;
  input.disabled = false;
  form.querySelector('button')!.disabled = false;
  workerRequestsAtReady = (await alcove.status()).network.requests;
  if (location.hash) await route(); // a deep link (#/p/<id>, #/cart) is part of loading the page
  document.body.dataset['ready'] = 'true';
  await refreshForYou();
}

start().catch((e: unknown) => {
  $('loading').hidden = true;
  showError(e);
});

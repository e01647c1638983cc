/**
 * The first demo page: uses the public client exactly as a merchant's page would.
 * URL parameters (for trying backends and for tests): ?backend=auto|webgpu|wasm, ?db=<name>,
 * ?model=<model base URL>, ?catalog=<catalog URL>, ?ortlog=verbose (onnxruntime node placement).
 */
import { AlcoveError, createAlcove, type EngineStatus, type ResultList, type ScoredItem } from '../client';

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
    b.textContent = `Because you viewed ${r.because.map((x) => x.title).join(' and ')}`;
    li.append(b);
  }
  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'secondary add';
  add.textContent = 'Add to cart';
  add.addEventListener('click', (ev) => {
    ev.stopPropagation();
    void act(() => addToCart(r.item.id));
  });
  li.append(add);
  const open = () => void act(() => openItem(r));
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

/** The cart lives in memory only; the add_to_cart event is what the engine learns from. */
let cartCount = 0;
async function addToCart(itemId: string): Promise<void> {
  await alcove.track({ type: 'add_to_cart', itemId });
  $('cart-count').textContent = String(++cartCount);
  await refreshForYou();
}

let openItemId = '';
async function openItem(r: ScoredItem): Promise<void> {
  await alcove.track({ type: 'click', itemId: r.item.id });
  openItemId = r.item.id;
  $('product-title').textContent = r.item.title;
  $('product-meta').textContent = [r.item.brand, r.item.category].filter(Boolean).join(' · ');
  $('product-desc').textContent = r.item.description ?? '';
  $('product-price').textContent = r.item.price !== undefined ? price.format(r.item.price) : '';
  $('product').hidden = false;
  $('similar-title').textContent = `Similar to ${r.item.title}`;
  render('similar', await alcove.recommend({ mode: 'similar', itemId: r.item.id, limit: 8 }));
  $('similar-section').hidden = false;
  await refreshForYou();
}

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
    ['Backend', `${s.backend.name} — ${s.backend.reason}`],
    ['Model', s.model ? `${s.model.id} (${(s.model.bytes / 1e6).toFixed(1)} MB${s.model.trained ? '' : ', untrained placeholder'})` : '—'],
    ['Ranker', s.ranker ? `${s.ranker.id}${s.ranker.trained ? '' : ' (untrained: ' + s.ranker.untrainedParts.join('; ') + ')'}` : '—'],
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
$('product-add').addEventListener('click', () => void act(() => addToCart(openItemId)));
$('forget').addEventListener('click', () =>
  void act(async () => {
    await alcove.forgetMe();
    cartCount = 0;
    $('cart-count').textContent = '0';
    $('product').hidden = true;
    $('similar-section').hidden = true;
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
  document.body.dataset['ready'] = 'true';
  await refreshForYou();
}

start().catch((e: unknown) => {
  $('loading').hidden = true;
  showError(e);
});

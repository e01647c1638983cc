// The library as a builder uses it: search and recommendations over the catalog that the
// packaged CLI built into public/catalog/.
import { AlcoveError, createAlcove, type ScoredItem } from 'alcove';

const backend = new URLSearchParams(location.search).get('backend') === 'auto' ? 'auto' : 'wasm';
const ids = (items: ScoredItem[]) => items.map((s) => s.item.id);

const alcove = createAlcove();
const status = await alcove.init({ modelBaseUrl: '/alcove/models/alcove-mini-v3/', backend, dbName: 'shop-library' });
const ingest = await alcove.ingestCatalog('/catalog/manifest.json');
const search = await alcove.search('something to keep coffee hot', { limit: 3 });
const similar = await alcove.recommend({ mode: 'similar', itemId: 'tent', limit: 3 });
await alcove.track({ type: 'click', itemId: 'lamp' });
const forYou = await alcove.recommend({ mode: 'for-you', limit: 3 });
let badEvent = '';
try {
  await alcove.track({ type: 'teleport' as never, itemId: 'lamp' });
} catch (e) {
  badEvent = e instanceof AlcoveError ? e.code : String(e);
}
const result = {
  backend: status.backend.name,
  model: status.model?.id,
  ranker: status.ranker?.id,
  items: ingest.items,
  search: ids(search.items),
  similar: ids(similar.items),
  forYou: ids(forYou.items),
  badEvent,
};
document.querySelector('#out')!.textContent = JSON.stringify(result, null, 2);
document.body.dataset['result'] = JSON.stringify(result);

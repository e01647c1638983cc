// The widget bundled into the app: its engine worker comes from the prebuilt widget folder the
// plugin serves at /alcove/widget/.
import { configure, version } from 'alcove/widget';

configure({ base: '/alcove/widget/', backend: 'wasm', dbName: 'shop-widget' });
document.documentElement.dataset['alcoveWidget'] = version;

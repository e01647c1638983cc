// The shop's own script, as a merchant would write it: it listens to the widget's events.
// Catalog text is put on the page with textContent, like the widget does.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// ?backend=wasm|webgpu|auto picks the inference backend (the tests force WASM).
const backend = params.get('backend');
if (backend === 'wasm' || backend === 'webgpu' || backend === 'auto') window.Alcove.configure({ backend });

// A deep link (?product=<id>, the widget's item-link) shows items similar to that product.
const linked = params.get('product');
if (linked) $('similar').setAttribute('item-id', linked);

// Open a chosen item in place instead of following its link.
document.addEventListener('alcove:select', (e) => {
  e.preventDefault();
  const { item } = e.detail;
  $('product').hidden = false;
  $('product-title').textContent = item.title;
  $('product-meta').textContent = [item.brand, item.category].filter(Boolean).join(' · ');
  $('product-description').textContent = item.description ?? '';
  $('product-price').textContent = item.price !== undefined ? `€${item.price.toFixed(2)}` : '';
  $('similar').setAttribute('item-id', item.id);
});

let count = 0;
document.addEventListener('alcove:add-to-cart', (e) => {
  count += 1;
  $('cart-count').textContent = String(count);
  $('cart-last').textContent = `(last: ${e.detail.item.title})`;
});

// A builder's Vite config: the package's plugin serves and copies the model, the ranker and the
// widget folder under /alcove/. (Plain JS with no `vite` import: the test runs the repository's
// vite, so the scratch project does not install it.)
import alcove from 'alcove/vite';

export default {
  plugins: [alcove()],
  build: { rollupOptions: { input: { library: 'index.html', widget: 'widget.html', classic: 'classic.html' } } },
};

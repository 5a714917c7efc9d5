/**
 * The web app's build (Vite 8): web/ is the root, web/dist the output, relative asset URLs so
 * the app works wherever it is served (`brink serve` at `/`, a static folder, a test server).
 * Everything is bundled: no CDN, no external font, so the built app works offline.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const nm = (p: string) => fileURLToPath(new URL(`../node_modules/${p}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // report.html inlines the UMD bundles (as the CLI's report does): imported as text (?raw).
    alias: [
      { find: /^brink-umd\/d3(\?.*)?$/, replacement: `${nm('d3/dist/d3.min.js')}$1` },
      { find: /^brink-umd\/plot(\?.*)?$/, replacement: `${nm('@observablehq/plot/dist/plot.umd.min.js')}$1` },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
});

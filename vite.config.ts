/**
 * Builds the kiosk screen (renderer/) into out/renderer: the headless host serves out/renderer/index.html
 * and the Electron shell loads the same files, hence relative asset URLs (`base: './'`).
 * TSX is compiled by Vite's built-in Oxc transformer with Preact's automatic JSX runtime: no plugin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // One entry, no lazy chunks: the preload polyfill would be dead weight.
    modulePreload: { polyfill: false },
  },
});

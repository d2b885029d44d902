// Bundles the Electron preload into one CommonJS file: a sandboxed preload may require only 'electron'.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'out/main/electron',
    emptyOutDir: false,
    minify: false,
    lib: { entry: 'main/electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
  logLevel: 'warn',
});

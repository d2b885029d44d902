import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository (or packaged app) root: the nearest folder above this module that holds `resources/`.
 * Works from TypeScript sources under vitest and from the compiled `out/main/`.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'resources', 'policy'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('resources/ not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const APP_ROOT = findRoot();
export const resourcePath = (...parts: string[]): string => join(APP_ROOT, 'resources', ...parts);
/** The built renderer, served by the headless host and loaded by the Electron window. */
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer');

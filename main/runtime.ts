/**
 * Whether an Electron runtime can be launched here, decided WITHOUT `require('electron')`: that call
 * throws when the binary was never downloaded (≤ 41) or tries to download it (≥ 42), and neither may
 * happen on an offline kiosk or CI machine. The `electron` package records its binary in `path.txt`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronRuntime = { readonly available: true; readonly binary: string } | { readonly available: false; readonly why: string };

export function detectElectron(env: NodeJS.ProcessEnv = process.env): ElectronRuntime {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { available: false, why: 'the electron package is not installed' };
  }
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { available: false, why: 'the Electron binary was never downloaded (no electron/path.txt; offline install)' };
  const binary = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { available: false, why: `the Electron binary ${binary} is missing` };
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { available: false, why: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  return { available: true, binary };
}

/**
 * The Electron kiosk itself, where an Electron runtime and a display exist. Elsewhere (CI, offline
 * installs) it prints why it does not run: the same core and renderer are covered through the headless
 * host by test/e2e/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../main/resources.js';
import { detectElectron } from '../../main/runtime.js';

const runtime = detectElectron();
if (!runtime.available) console.log(`Electron kiosk tests not run: ${runtime.why}`);

describe.runIf(runtime.available)('Electron kiosk', () => {
  it('shows the kiosk screen with window.gate from the preload, and refuses navigation and new windows', { timeout: 60_000 }, async () => {
    if (!runtime.available) return;
    const dir = mkdtempSync(join(tmpdir(), 'gate-electron-'));
    const sim = { device: { kind: 'simulated' } };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ dataDir: 'data', lanes: [{ id: 'e1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }] }));
    const app = await _electron.launch({ executablePath: runtime.binary, args: [join(APP_ROOT, 'out', 'main', 'electron', 'main.js'), '--config', join(dir, 'config.json')] });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('screen-idle').waitFor();
      expect(await page.evaluate(() => typeof (window as { gate?: unknown }).gate)).toBe('object');
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
      const before = page.url();
      await page.evaluate(() => (window.location.href = 'https://example.invalid/'));
      await page.waitForTimeout(500);
      expect(page.url()).toBe(before);
      expect(await page.evaluate(() => window.open('https://example.invalid/'))).toBeNull();
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

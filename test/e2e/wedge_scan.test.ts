/**
 * A keyboard-wedge scanner end to end: Chromium types into the kiosk page served by the real headless host
 * (trusted key events stamped a key every 10 ms and every 80 ms, as Honeywell and Zebra wedges type: see
 * ../harness/keyboard-typist.ts for why the stamps are set, not left to the test's timers), the page sends
 * its keys over the bridge, the core's detector makes a scan of them, the lane's session takes it and the
 * decision is journaled (read back through the export); the scan's keys never reach the focused input. A PIN
 * typed slowly into the same input arrives there intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { maskResidentId } from '../../src/identity/resident-id.js';
import { launchChromium } from '../harness/browser.js';
import { exported } from '../harness/export.js';
import { typeStamped } from '../harness/keyboard-typist.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';

const NOBODY = { objectC: 24.5, ambientC: 24.5 };
const IDS = ['440524188001010014', '11010519491231002X'] as const;

let gate: TestGate;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  gate = await startTestGate({ readers: [{ kind: 'scanner', protocol: 'wedge', device: { kind: 'page' } }], session: { stepTimeoutMs: 6000, sessionTimeoutMs: 20_000, verdictDisplayMs: 1000 } });
  gate.sims.thermometer.setScene(NOBODY);
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(gate.app.host.url);
  await page.getByTestId('screen-idle').waitFor();
  // The kiosk has no text field of its own yet: a guard's PIN field stands in, focused, as any field would be.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.id = 'pin';
    document.body.prepend(input);
    input.focus();
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gate?.close();
});

const fieldValue = (): Promise<string> => page.locator('#pin').inputValue();

/** Completes the session the scan opened (temperature, mask) and returns decision `n` from the export. */
async function decided(n: number) {
  await waitFor('the scan to open a session', () => gate.lane.view().screen.kind === 'collecting', 15_000);
  gate.sims.thermometer.setScene({ objectC: 36.6 - OFFSET_C, ambientC: 24.5 });
  await waitFor('the mask to be asked for', () => gate.lane.declareMask().ok);
  const row = await waitFor(`decision ${n}`, () => exported(gate.journalFile)[n - 1], 15_000);
  gate.sims.thermometer.setScene(NOBODY);
  await waitFor('the verdict to clear', () => gate.lane.view().screen.kind === 'idle', 10_000);
  return row;
}

describe('a keyboard-wedge scanner typing into the kiosk page', () => {
  for (const [i, delay] of [10, 80].entries()) {
    it(`a scan at a key every ${delay} ms becomes the session's identity and never reaches the focused input`, { timeout: 60_000 }, async () => {
      const id = IDS[i] ?? '';
      await page.locator('#pin').focus();
      await typeStamped(page, `${id}\n`, delay);
      const row = await decided(i + 1);
      expect(row.subject).toEqual({ kind: 'resident-id', masked: maskResidentId(id) });
      expect(await fieldValue()).toBe('');
    });
  }

  it('a PIN typed slowly arrives in the field intact, with nothing of the scans before it', { timeout: 30_000 }, async () => {
    await page.locator('#pin').focus();
    await typeStamped(page, '51847263', 200);
    await waitForValue('51847263');
    expect(await fieldValue()).toBe('51847263');
    expect(gate.lane.view().screen.kind).toBe('idle');
    expect(exported(gate.journalFile)).toHaveLength(2);
  });
});

async function waitForValue(value: string): Promise<void> {
  await page.waitForFunction((v) => (document.getElementById('pin') as HTMLInputElement | null)?.value === v, value, { timeout: 10_000 });
}

/**
 * Types into a Chromium page as a keyboard does, with the key events' time stamps set rather than left to when
 * they arrive: each press goes through CDP `Input.dispatchKeyEvent` with `timestamp`, which Chromium makes the
 * event's `timeStamp` (the clock the wedge detector reads, docs/devices/wedge.md §5). Playwright's
 * `keyboard.type({ delay })` paces keys with this process's timers and CDP round trips instead, and a loaded
 * 2-core CI machine stretched its 10 ms into gaps over the detector's 150 ms (stop 19's CI run): the test then
 * measured the machine, not the gate.
 *
 * The time stamps start `LEAD_MS` ahead of now, so however slowly the events are delivered none is stamped
 * before the page's clock reaches it: the page never asks the core to decide a burst whose next key is still on
 * its way, as it never does for a scanner the OS stamps on arrival. Events are trusted, as a real keyboard's are.
 */
import type { Page } from 'playwright-core';

/** How far ahead of now the first key is stamped: more than delivering a long scan takes on a loaded machine. */
const LEAD_MS = 3000;
/** A key is released this long after it went down (a scanner's key is down a few ms). */
const HOLD_MS = 4;

interface UsKey {
  readonly code: string;
  readonly key: string;
  readonly keyCode: number;
  readonly shift: boolean;
  readonly text?: string;
}

/** The US-layout key for a character this helper types: digits, letters, Enter. */
function usKey(ch: string): UsKey {
  if (ch === '\n') return { code: 'Enter', key: 'Enter', keyCode: 13, shift: false, text: '\r' };
  if (/^[0-9]$/.test(ch)) return { code: `Digit${ch}`, key: ch, keyCode: ch.charCodeAt(0), shift: false, text: ch };
  if (/^[a-zA-Z]$/.test(ch)) {
    const upper = ch.toUpperCase();
    return { code: `Key${upper}`, key: ch, keyCode: upper.charCodeAt(0), shift: ch !== ch.toLowerCase(), text: ch };
  }
  throw new Error(`keyboard-typist types digits, letters and '\\n', not ${JSON.stringify(ch)}`);
}

const SHIFT = 8;

/**
 * Types `text` (a `\n` is the Enter key) with a press every `everyMs` on the events' clock, Shift held around
 * capitals as a scanner's keyboard report holds it. Resolves once Chromium has every event.
 */
export async function typeStamped(page: Page, text: string, everyMs: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const start = Date.now() + LEAD_MS;
    let i = 0;
    for (const ch of text) {
      const k = usKey(ch);
      const at = start + i * everyMs;
      i += 1;
      const modifiers = k.shift ? SHIFT : 0;
      if (k.shift) await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16, modifiers, timestamp: (at - 1) / 1000 });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k.key, code: k.code, windowsVirtualKeyCode: k.keyCode, modifiers, timestamp: at / 1000, ...(k.text === undefined ? {} : { text: k.text, unmodifiedText: k.text }) });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: k.keyCode, modifiers, timestamp: (at + HOLD_MS) / 1000 });
      if (k.shift) await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16, modifiers: 0, timestamp: (at + HOLD_MS + 1) / 1000 });
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * The page's half of the keyboard wedge (docs/devices/wedge.md §5), under the headless host: every key event of
 * the page is caught first (window, capture phase) and sent to the core's detector over `gate:wedge-keys`. A
 * press that may be part of a scan — and, while any is held, every press, to keep their order — is held: no
 * listener, no field sees it until the core says a person typed it (then it is replayed, ./replay.ts) or that it
 * was a scan (then nothing ever sees it). A person's key reaches the field after the detector's gap
 * (`maxIntervalMs`, 150 ms by default) plus at most one send interval and a round trip: under 200 ms here.
 * Modifier keys, and any key while no wedge is configured, pass as they are.
 */
import { mayBeScanKey } from '../../src/keyboard/detector.js';
import { isModifierCode } from '../../src/keyboard/us-layout.js';
import { MAX_KEY_EVENTS, type GateApi, type InvokeInput } from '../../src/ipc/contract.js';
import { replay, type HeldKey } from './replay.js';

type PageKey = InvokeInput<'gate:wedge-keys'>['events'][number];

/** At most one call per this long (the bridge admits 50 messages a second per page; this takes at most 25). */
export const SEND_EVERY_MS = 40;
/** A held press with no answer after this long is dropped, never typed: its fate was lost with the bridge or the core. */
const VERDICT_TIMEOUT_MS = 3000;

export function captureWedgeKeys(api: GateApi, win: Window = window): () => void {
  const doc = win.document;
  let wedge = true;
  let seq = 0;
  /** Held presses by seq, in the order they happened. */
  const held = new Map<number, HeldKey & { readonly t: number }>();
  /** Codes whose press is held: their release is swallowed too. */
  const heldCodes = new Set<string>();
  let outbox: PageKey[] = [];
  let inFlight = false;
  let lastSent = -Infinity;
  let tickAfter: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (inFlight) return;
    const now = win.performance.now();
    for (const [s, h] of held) if (now - h.t > VERDICT_TIMEOUT_MS) held.delete(s);
    const due = outbox.length > 0 ? lastSent + SEND_EVERY_MS : tickAfter;
    if (due === undefined) return;
    timer = setTimeout(send, Math.max(0, due - now));
  };

  const send = (): void => {
    const events = outbox.slice(0, MAX_KEY_EVENTS);
    outbox = outbox.slice(events.length);
    inFlight = true;
    lastSent = win.performance.now();
    tickAfter = undefined;
    void api.invoke('gate:wedge-keys', { events, now: lastSent }).then((reply) => {
      inFlight = false;
      if (reply.ok) {
        const { released, taken, decideAfter } = reply.value;
        for (const s of taken) held.delete(s);
        for (const s of released) {
          const h = held.get(s);
          if (h === undefined) continue;
          held.delete(s);
          replay(h, doc);
        }
        wedge = reply.value.wedge;
        tickAfter = decideAfter === null ? undefined : decideAfter + 1;
      } else if (reply.error.code === 'ipc.rate-limited') outbox = [...events, ...outbox];
      else {
        // No core to ask: what is held may be a scan, so it is dropped rather than typed.
        held.clear();
        outbox = [];
      }
      schedule();
    });
  };

  const onKey = (e: KeyboardEvent): void => {
    if (!e.isTrusted || !wedge || isModifierCode(e.code)) return; // replays are not trusted
    const key: PageKey = { seq: seq++, code: e.code.slice(0, 32), key: e.key.slice(0, 32), type: e.type === 'keydown' ? 'down' : 'up', shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey, repeat: e.repeat, composing: e.isComposing || e.key === 'Process', t: e.timeStamp };
    outbox.push(key);
    if (key.type === 'up') {
      if (heldCodes.delete(e.code)) stop(e);
      return; // a release rides with the next press or tick
    }
    if (held.size > 0 || mayBeScanKey(key)) {
      stop(e);
      held.set(key.seq, { ...key, target: doc.activeElement });
      heldCodes.add(e.code);
    }
    schedule();
  };
  const stop = (e: KeyboardEvent): void => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  // keypress follows a keydown whose default was prevented only in old engines; held off the same way where it does.
  const onPress = (e: KeyboardEvent): void => {
    if (e.isTrusted && heldCodes.has(e.code)) stop(e);
  };
  win.addEventListener('keydown', onKey, { capture: true });
  win.addEventListener('keyup', onKey, { capture: true });
  win.addEventListener('keypress', onPress, { capture: true });
  return () => {
    clearTimeout(timer);
    win.removeEventListener('keydown', onKey, { capture: true });
    win.removeEventListener('keyup', onKey, { capture: true });
    win.removeEventListener('keypress', onPress, { capture: true });
  };
}

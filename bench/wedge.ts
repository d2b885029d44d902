/**
 * device.wedge.overhead.*: a keyboard-wedge scan's last key event (the suffix key, as the page sends it over
 * `gate:wedge-keys`) parsed by the channel's schema and fed to the lane's wedge port → the scan's read event.
 * In process, on one clock; the page's WebSocket hop (loopback) and its send interval are not in it.
 */
import { performance } from 'node:perf_hooks';
import { wedgeReaderConfig } from '../src/config/readers/wedge.js';
import { invokeChannels } from '../src/ipc/contract.js';
import { usKeyOf } from '../src/keyboard/us-layout.js';
import { PageWedge, type PageKeyEvent } from '../main/devices/page-wedge.js';

const WARMUP = 200;
const SAMPLES = 2000;

/** An 18-digit ID number typed at 10 ms a key and Enter, presses and releases, from `t0`; numbered from `seq`. */
function scanEvents(text: string, t0: number, seq: number): PageKeyEvent[] {
  const codes = [...[...text].map((c) => usKeyOf(c)?.code ?? 'Digit0'), 'Enter'];
  return codes.flatMap((code, i) => {
    const base = { code, key: code, shift: false, ctrl: false, alt: false, meta: false, repeat: false, composing: false };
    return [
      { ...base, type: 'down' as const, t: t0 + 10 * i, seq: seq + 2 * i },
      { ...base, type: 'up' as const, t: t0 + 10 * i + 2, seq: seq + 2 * i + 1 },
    ];
  });
}

export function wedgeOverhead(): number[] {
  const wedge = new PageWedge('scanner', wedgeReaderConfig.parse({ kind: 'scanner', protocol: 'wedge', device: { kind: 'page' } }), () => performance.now());
  let readAt = 0;
  wedge.onRead((read) => (readAt = read.at));
  const input = invokeChannels['gate:wedge-keys'].input;
  const out: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const events = scanEvents(String(110105194912310000n + BigInt(i)), i * 1000, i * 100);
    const enter = events.length - 2;
    wedge.feed('bench', events.slice(0, enter), i * 1000 + 175);
    const sent = performance.now();
    const last = input.parse({ events: events.slice(enter, enter + 1), now: i * 1000 + 181 });
    wedge.feed('bench', last.events, last.now);
    if (readAt < sent) throw new Error(`sample ${i}: no scan`);
    if (i >= WARMUP) out.push(readAt - sent);
    wedge.feed('bench', events.slice(enter + 1), i * 1000 + 183); // the Enter's release, after the scan
  }
  return out;
}

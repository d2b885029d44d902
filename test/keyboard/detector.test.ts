/** The wedge detector on the recorded traces (test/fixtures/keyboard/, each file says where it comes from). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WedgeDetector, type WedgeOutput } from '../../src/keyboard/detector.js';
import { keyEvent, type KeyEvent } from '../../src/keyboard/key-event.js';
import { WEDGE_DEFAULTS } from '../../src/keyboard/settings.js';
import { typeAsScanner } from '../fixtures/keyboard/generate.js';
import { run } from './support.js';

const trace = z.strictObject({ source: z.string(), layout: z.enum(['us', 'fr-azerty', 'uk']), scans: z.array(z.string()), events: z.array(keyEvent) });
type Trace = z.infer<typeof trace>;
const dir = new URL('../fixtures/keyboard/', import.meta.url);
const load = (name: string): Trace[] => {
  const json: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
  return z.union([trace.transform((t) => [t]), z.array(trace)]).parse(json);
};

const scansOf = (out: readonly WedgeOutput[]): string[] => out.flatMap((o) => (o.kind === 'scan' ? [o.text] : []));
const typedOf = (out: readonly WedgeOutput[]): string[] => out.flatMap((o) => (o.kind === 'typing' ? o.keys.map((k) => k.key) : []));
const presses = (events: readonly KeyEvent[]): number => events.filter((e) => e.type === 'down' && !e.code.startsWith('Shift')).length;

describe('wedge detector on the traces', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  it('has the traces the issue names', () => {
    expect(files).toEqual(expect.arrayContaining(['usbip-4ms', 'honeywell-10ms', 'onscan-30ms', 'zebra-80ms-qr250', 'french-azerty-80ms', 'person-pin-keystroke100']));
  });
  for (const name of files) {
    it(`${name}: the scans it names, and every key press out exactly once`, () => {
      for (const t of load(name)) {
        const out = run(t.events);
        expect(scansOf(out)).toEqual(t.scans);
        expect(out.reduce((n, o) => n + o.keys.length, 0)).toBe(presses(t.events));
        if (t.scans.length > 0) expect(out.filter((o) => o.kind === 'typing')).toEqual([]);
      }
    });
  }

  it('bursts at 4, 10, 30 and 80 ms per key are scans', () => {
    expect(scansOf(run(load('usbip-4ms')[0]?.events ?? []))).toEqual(['110105194912310021']);
    expect(scansOf(run(load('honeywell-10ms')[0]?.events ?? []))).toEqual(['110105194912310021']);
    expect(scansOf(run(load('onscan-30ms')[0]?.events ?? []))).toEqual(['0013110988']);
    const at80 = load('french-azerty-80ms')[0]?.events.filter((e) => e.t < 10_000) ?? [];
    expect(scansOf(run(at80))).toEqual(['110105194912310021']);
  });

  it('a 250-character code at 80 ms per key (20 s) is one scan', () => {
    const [zebra] = load('zebra-80ms-qr250');
    const out = run(zebra?.events ?? []);
    expect(out).toHaveLength(1);
    const [scan] = out;
    expect(scan?.kind).toBe('scan');
    if (scan?.kind !== 'scan') return;
    expect(scan.text).toHaveLength(250);
    expect(scan.lastAt - scan.firstAt).toBeGreaterThan(19_000);
    expect(scan.suffix).toBe('Enter');
  });

  it('a person typing a PIN (70 real people’s timings) is never a scan: every key comes back as typing, in order', () => {
    const samples = load('person-pin-keystroke100');
    expect(samples).toHaveLength(70);
    for (const s of samples) {
      const out = run(s.events);
      expect(scansOf(out)).toEqual([]);
      expect(typedOf(out)).toEqual([...'51847263', 'Enter']);
    }
  });

  it('a fast typist whose keys roll over is typing, even under the gap', () => {
    const [fast] = load('person-fast-rollover');
    const out = run(fast?.events ?? []);
    expect(scansOf(out)).toEqual([]);
    expect(out.map((o) => (o.kind === 'typing' ? o.reason : o.kind))).toContain('rollover');
    expect(typedOf(out).join('')).toBe('13800138000Enter');
  });

  it('a trace typed on a French AZERTY layout decodes to the same code from key codes, though its keys typed something else', () => {
    const [fr] = load('french-azerty-80ms');
    const events = fr?.events ?? [];
    const typed = events.filter((e) => e.type === 'down' && e.code !== 'ShiftLeft' && e.code !== 'Enter').map((e) => e.key).join('');
    expect(typed.startsWith(`&&à&à(&ç'ç&é"&ààé&`)).toBe(true); // what the host typed for 110105194912310021
    expect(scansOf(run(events))).toEqual(['110105194912310021', 'QAZWM-2020']);
    // The same codes typed on a US host: the same scans.
    const us = [...typeAsScanner('110105194912310021', { layout: 'us', interval: () => 80, suffix: 'Enter' }), ...typeAsScanner('QAZWM-2020', { layout: 'us', interval: () => 10, suffix: 'Enter', start: 10_000 })];
    expect(scansOf(run(us))).toEqual(scansOf(run(events)));
  });

  it('a UK layout, where Shift+2 types " and Shift+\' types @, decodes to the US characters', () => {
    const [uk] = load('uk-10ms');
    expect(uk?.events.some((e) => e.code === 'Digit2' && e.shift && e.key === '"')).toBe(true);
    expect(scansOf(run(uk?.events ?? []))).toEqual(['{"id":"gate@example.cn","n":3}']);
  });
});

describe('wedge detector rule edges', () => {
  const burst = (text: string, ms: number, suffix?: 'Enter' | 'Tab') => typeAsScanner(text, { layout: 'us', interval: () => ms, ...(suffix === undefined ? {} : { suffix }) });
  const reasons = (out: readonly WedgeOutput[]): string[] => out.map((o) => (o.kind === 'typing' ? o.reason : 'scan'));

  it('five characters are too short; six are a scan', () => {
    expect(reasons(run(burst('12345', 10, 'Enter')))).toEqual(['too-short']);
    expect(scansOf(run(burst('123456', 10, 'Enter')))).toEqual(['123456']);
  });
  it('a slow burst needs its suffix; a fast one does not', () => {
    expect(reasons(run(burst('1234567890', 80)))).toEqual(['slow-without-suffix']);
    expect(scansOf(run(burst('1234567890', 20)))).toEqual(['1234567890']);
  });
  it('a slow burst with irregular intervals is typing', () => {
    const irregular = typeAsScanner('1234567890', { layout: 'us', interval: (i) => (i % 2 === 0 ? 50 : 140), suffix: 'Enter' });
    expect(reasons(run(irregular))).toEqual(['irregular']);
  });
  it('a gap longer than maxIntervalMs splits a burst', () => {
    const split = typeAsScanner('1234567890ab', { layout: 'us', interval: (i) => (i === 6 ? WEDGE_DEFAULTS.maxIntervalMs + 1 : 10), suffix: 'Enter' });
    expect(scansOf(run(split))).toEqual(['123456', '7890ab']);
  });
  it('Backspace, a Ctrl chord or an IME key inside a burst makes it typing, with the burst released in order', () => {
    for (const odd of [{ code: 'Backspace', key: 'Backspace' }, { code: 'KeyV', key: 'v', ctrl: true }, { code: 'KeyA', key: 'Process', composing: true }]) {
      const events = burst('1234567', 10);
      const t = (events.at(-1)?.t ?? 0) + 10;
      const out = run([...events, keyEvent.parse({ ...odd, type: 'down', shift: false, t })]);
      expect(reasons(out)).toEqual(['not-a-scan-key']);
      expect(typedOf(out)).toEqual([...'1234567', odd.key]);
    }
  });
  it('an auto-repeating key is typing', () => {
    const held = Array.from({ length: 20 }, (_, i) => keyEvent.parse({ code: 'Digit1', key: '1', type: 'down', shift: false, repeat: i > 0, t: 500 + 33 * i }));
    expect(scansOf(run(held))).toEqual([]);
  });
  it('decides a burst without a suffix only after maxIntervalMs without a key', () => {
    const d = new WedgeDetector();
    const events = burst('1234567890', 10);
    for (const e of events) expect(d.push(e)).toEqual([]);
    const last = events.at(-1)?.t ?? 0;
    expect(d.decideAfter()).toBe(last - 2 + WEDGE_DEFAULTS.maxIntervalMs);
    expect(d.tick(last + WEDGE_DEFAULTS.maxIntervalMs - 3)).toEqual([]);
    expect(scansOf(d.tick(last + WEDGE_DEFAULTS.maxIntervalMs))).toEqual(['1234567890']);
    expect(d.pending()).toBe(0);
  });
});

/** The lane's wedge port: one detector per page, verdicts by the page's numbers, scans as text reads. */
import { describe, expect, it } from 'vitest';
import { wedgeReaderConfig } from '../../src/config/readers/wedge.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import type { LaneDevices } from '../../main/devices.js';
import { PageWedge, type PageKeyEvent } from '../../main/devices/page-wedge.js';
import { wedgeKeys } from '../../main/ipc/handlers/wedge-keys.js';
import { typeAsScanner } from '../fixtures/keyboard/generate.js';

const config = wedgeReaderConfig.parse({ kind: 'scanner', protocol: 'wedge', device: { kind: 'page' } });
const numbered = (events: ReturnType<typeof typeAsScanner>, from = 0): PageKeyEvent[] => events.map((e, i) => ({ ...e, seq: from + i }));
const presses = (events: readonly PageKeyEvent[]): number[] => events.filter((e) => e.type === 'down' && e.code !== 'ShiftLeft').map((e) => e.seq);

describe('PageWedge', () => {
  it('takes a scan’s presses, emits it as a text read, and keeps each page’s keys apart', () => {
    const wedge = new PageWedge('scanner', config, () => 42);
    const reads: ReaderRead[] = [];
    wedge.onRead((r) => reads.push(r));
    const scan = numbered(typeAsScanner('110105194912310021', { layout: 'us', interval: () => 10 }));
    const half = scan.length / 2;
    // Two pages, interleaved: page B's slow typing does not break page A's burst.
    expect(wedge.feed('a', scan.slice(0, half), 1100)).toMatchObject({ released: [], taken: [] });
    const typed = numbered(typeAsScanner('12', { layout: 'us', interval: () => 400, start: 1050 }), 1000);
    // Its '1' is decided when the '2' comes 400 ms later (too short a burst); the '2' waits for the gap.
    expect(wedge.feed('b', typed, 1500)).toMatchObject({ released: presses(typed).slice(0, 1), taken: [] });
    const end = (scan.at(-1)?.t ?? 0) + 1;
    const a = wedge.feed('a', scan.slice(half), end);
    expect(a).toEqual({ released: [], taken: [], decideAfter: (scan.at(-2)?.t ?? 0) + config.maxIntervalMs });
    expect(wedge.feed('a', [], end + config.maxIntervalMs)).toEqual({ released: [], taken: presses(scan), decideAfter: null });
    expect(reads).toEqual([{ kind: 'text', text: '110105194912310021', at: 42 }]);
    expect(wedge.feed('b', [], 3000)).toEqual({ released: presses(typed).slice(1), taken: [], decideAfter: null });
    expect(wedge.counters().frames).toBe(1);
  });
});

describe('gate:wedge-keys without a wedge in the config', () => {
  it('releases every press at once and says there is no wedge', async () => {
    const handler = wedgeKeys(new Map([['l1', { readers: [] } as unknown as LaneDevices]]));
    const events = numbered(typeAsScanner('123456', { layout: 'us', interval: () => 10, suffix: 'Enter' }));
    expect(await handler({ events, now: 2000 }, { connection: 'c1' })).toEqual({ ok: true, value: { wedge: false, released: presses(events), taken: [], decideAfter: null } });
  });
});

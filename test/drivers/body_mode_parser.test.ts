import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeMeasurement, MAX_LEN, TARGETS } from '../../drivers/thermometer/body-mode/codec.js';
import { BodyModeParser, FrameScanner, type ParserEvent } from '../../drivers/thermometer/body-mode/parser.js';
import { concatBytes, hex } from './support.js';

/** Recorded replies (docs/devices/body-mode.md §3): body 36.6 / ambient 25.3, and the set-target OK. */
const RECD_BODY_36_6 = hex('AA A5 08 01 02 01 6E 00 FD 77 55');
const RECD_SET_OK = hex('AA A5 04 02 00 06 55');
/** Surface 34.2 / ambient 24.0 (target 0x01). */
const RECD_SURFACE_34_2 = hex('AA A5 08 01 01 01 56 00 F0 51 55');
const BODY = { type: 'measurement', target: TARGETS.body, targetC: 36.6, ambientC: 25.3 } as const;
const SURFACE = { type: 'measurement', target: TARGETS.surface, targetC: 34.2, ambientC: 24 } as const;

const pushAll = (parser: BodyModeParser, chunks: readonly Uint8Array[]): ParserEvent[] => chunks.flatMap((c) => parser.push(c));
const measurements = (events: readonly ParserEvent[]) => events.filter((e) => e.type === 'measurement');
const discarded = (events: readonly ParserEvent[]) => events.flatMap((e) => (e.type === 'discarded' ? [e] : []));
const discardedBytes = (events: readonly ParserEvent[]) => discarded(events).reduce((n, e) => n + e.bytes.length, 0);
/** Bytes each event stands for: a measure reply is 11, a reply its ARGS + 6, a discarded run its bytes. */
const bytesOf = (e: ParserEvent): number => (e.type === 'measurement' ? 11 : e.type === 'reply' ? e.args.length + 6 : e.bytes.length);

/** Cuts `bytes` into chunks at the given (sorted, deduplicated) offsets. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
}

describe('body-mode parser: recorded fixtures', () => {
  it('finds one measure reply in one chunk', () => {
    expect(new BodyModeParser().push(RECD_BODY_36_6)).toEqual([BODY]);
  });

  it('finds two replies in one chunk', () => {
    expect(new BodyModeParser().push(concatBytes([RECD_BODY_36_6, RECD_SURFACE_34_2]))).toEqual([BODY, SURFACE]);
  });

  it('gives other frames as replies with their ARGS', () => {
    expect(new BodyModeParser().push(RECD_SET_OK)).toEqual([{ type: 'reply', command: 0x02, args: hex('00') }]);
  });

  it('reassembles replies split at every byte offset', () => {
    const stream = concatBytes([RECD_SET_OK, RECD_BODY_36_6, RECD_SURFACE_34_2]);
    for (let cut = 1; cut < stream.length; cut++) {
      const events = pushAll(new BodyModeParser(), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(measurements(events), `cut at ${cut}`).toEqual([BODY, SURFACE]);
      expect(discarded(events), `cut at ${cut}`).toEqual([]);
    }
  });

  it('reassembles a reply fed one byte at a time', () => {
    expect(pushAll(new BodyModeParser(), Array.from(RECD_BODY_36_6, (b) => Uint8Array.of(b)))).toEqual([BODY]);
  });

  it('discards leading noise as one run, the zero bytes the source skips before a reply included', () => {
    const events = new BodyModeParser().push(concatBytes([hex('00 00 13 A5 55'), RECD_BODY_36_6]));
    expect(events).toEqual([{ type: 'discarded', reason: 'noise', bytes: hex('00 00 13 A5 55') }, BODY]);
  });

  it('drops one byte on a bad checksum and still finds the good reply right after', () => {
    const corrupt = RECD_BODY_36_6.slice();
    corrupt[9] = 0x78;
    const events = new BodyModeParser().push(concatBytes([corrupt, RECD_SURFACE_34_2]));
    expect(discarded(events)[0]).toEqual({ type: 'discarded', reason: 'bad-checksum', bytes: hex('AA') });
    expect(measurements(events)).toEqual([SURFACE]);
    expect(discardedBytes(events)).toBe(11);
  });

  it('drops one byte on a bad tail', () => {
    const corrupt = RECD_BODY_36_6.slice();
    corrupt[10] = 0x56;
    const events = new BodyModeParser().push(concatBytes([corrupt, RECD_BODY_36_6]));
    expect(discarded(events)[0]?.reason).toBe('bad-tail');
    expect(measurements(events)).toEqual([BODY]);
    expect(discardedBytes(events)).toBe(11);
  });

  it('finds a good reply that starts inside a truncated one', () => {
    const events = new BodyModeParser().push(concatBytes([RECD_BODY_36_6.subarray(0, 6), RECD_SURFACE_34_2]));
    expect(measurements(events)).toEqual([SURFACE]);
    expect(discardedBytes(events)).toBe(6);
  });

  it('takes a LEN byte beyond the longest frame as noise at once instead of waiting for it', () => {
    const events = new BodyModeParser().push(concatBytes([hex('AA A5 FF'), RECD_BODY_36_6]));
    expect(events[0]).toEqual({ type: 'discarded', reason: 'bad-length', bytes: hex('AA') });
    expect(measurements(events)).toEqual([BODY]);
  });

  it('discards a measure reply with a value no sensor measures as a sensor fault: 0xFFFF, 1037 °C, a 130 °C ambient', () => {
    const glitch = hex('AA A5 08 01 01 FF FF 00 F0 F8 55');
    const hot = encodeMeasurement({ target: TARGETS.surface, targetC: 1037, ambientC: 24 });
    const hotAmbient = encodeMeasurement({ target: TARGETS.body, targetC: 36.5, ambientC: 130 });
    const events = new BodyModeParser().push(concatBytes([glitch, hot, hotAmbient, RECD_BODY_36_6]));
    expect(events).toEqual([
      { type: 'discarded', reason: 'sensor-fault', bytes: glitch },
      { type: 'discarded', reason: 'sensor-fault', bytes: hot },
      { type: 'discarded', reason: 'sensor-fault', bytes: hotAmbient },
      BODY,
    ]);
  });

  it('keeps the highest values the sensor measures as readings', () => {
    const edge = encodeMeasurement({ target: TARGETS.surface, targetC: 380, ambientC: 125 });
    expect(new BodyModeParser().push(edge)).toEqual([{ type: 'measurement', target: TARGETS.surface, targetC: 380, ambientC: 125 }]);
  });

  it('discards a measure reply without five ARGS whole, as a bad reply', () => {
    const short = encodeFrame(0x01, [0x02, 0x01, 0x6e]);
    expect(new BodyModeParser().push(short)).toEqual([{ type: 'discarded', reason: 'bad-reply', bytes: short }]);
  });

  it('holds an incomplete reply until the rest arrives, and never more than one frame', () => {
    const parser = new BodyModeParser();
    expect(parser.push(RECD_BODY_36_6.subarray(0, 10))).toEqual([]);
    expect(parser.push(RECD_BODY_36_6.subarray(10))).toEqual([BODY]);
  });

  it('discards 1 MiB of garbage without a header and keeps nothing', () => {
    const garbage = new Uint8Array(1 << 20);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 31 + 7) % 0xaa; // never 0xAA
    const parser = new BodyModeParser();
    const events = parser.push(garbage);
    expect(events).toHaveLength(1);
    expect(discardedBytes(events)).toBe(garbage.length);
    expect(parser.push(RECD_BODY_36_6)).toEqual([BODY]);
  });

  it('copes with runs of 0xAA and of headers, keeping at most a possible frame start', () => {
    const parser = new BodyModeParser();
    const events = parser.push(new Uint8Array(1000).fill(0xaa));
    expect(discardedBytes(events)).toBe(999);
    const next = parser.push(RECD_BODY_36_6);
    expect(measurements(next)).toEqual([BODY]);
    expect(discardedBytes(next)).toBe(1);
  });

  it('hands out bytes that later pushes do not change', () => {
    const parser = new BodyModeParser();
    const chunk = concatBytes([hex('01 02 03'), RECD_SET_OK]);
    const events = parser.push(chunk);
    chunk.fill(0);
    expect(events).toEqual([
      { type: 'discarded', reason: 'noise', bytes: hex('01 02 03') },
      { type: 'reply', command: 0x02, args: hex('00') },
    ]);
  });

  it('the command side (FrameScanner) finds the host commands', () => {
    const events = new FrameScanner().push(hex('AA A5 04 02 02 08 55 AA A5 03 01 04 55'));
    expect(events.map((e) => (e.type === 'frame' ? [e.command, [...e.args]] : e.reason))).toEqual([
      [0x02, [0x02]],
      [0x01, []],
    ]);
  });
});

/** Streams that often hold headers, whole and cut frames, and bytes that look like LEN, SUM or tail. */
const hostileStream = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.constantFrom(hex('AA'), hex('AA A5'), hex('55'), hex('AA A5 FF'), hex('AA A5 03')),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: MAX_LEN - 3 })).map(([c, a]) => encodeFrame(c, [...a])),
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }))
        .map(([t, o, a]) => encodeMeasurement({ target: t, targetC: o / 10, ambientC: a / 10 })),
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 11 }), fc.nat()).map(([f, n]) => f.subarray(0, 1 + (n % f.length))),
    ),
    { maxLength: 30 },
  )
  .map((parts) => concatBytes(parts));

describe('body-mode parser: properties', () => {
  it('property (10,000 runs): in-range measurements and replies, chunked anyhow, come out as they went in', () => {
    const deci = (max: number) => fc.integer({ min: 0, max: max * 10 }).map((n) => n / 10);
    const item = fc.oneof(
      fc.record({ type: fc.constant('measurement' as const), target: fc.integer({ min: 0, max: 255 }), targetC: deci(380), ambientC: deci(125) }),
      fc.record({ type: fc.constant('reply' as const), command: fc.integer({ min: 2, max: 255 }), args: fc.uint8Array({ maxLength: MAX_LEN - 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (items, cuts) => {
        const stream = concatBytes(items.map((i) => (i.type === 'measurement' ? encodeMeasurement(i) : encodeFrame(i.command, [...i.args]))));
        expect(pushAll(new BodyModeParser(), chunked(stream, cuts))).toEqual(items);
      }),
      { numRuns: 10_000 },
    );
  });

  it('property (10,000 runs): any bytes, chunked anyhow — never throws, and every byte is in one event once the line goes quiet', () => {
    fc.assert(
      fc.property(hostileStream, fc.array(fc.nat(), { maxLength: 12 }), (stream, cuts) => {
        const parser = new BodyModeParser();
        // Quiet line: MAX_LEN + 3 bytes that cannot start a frame settle whatever is pending.
        const quiet = new Uint8Array(MAX_LEN + 3);
        const events = pushAll(parser, [...chunked(stream, cuts), quiet]);
        expect(events.reduce((n, e) => n + bytesOf(e), 0)).toBe(stream.length + quiet.length);
        expect(parser.push(new Uint8Array(0))).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('property (10,000 runs): between pushes the parser holds no more than one frame', () => {
    fc.assert(
      fc.property(hostileStream, fc.array(fc.nat(), { maxLength: 12 }), (stream, cuts) => {
        const parser = new BodyModeParser();
        let pushed = 0;
        let accounted = 0;
        for (const chunk of chunked(stream, cuts)) {
          pushed += chunk.length;
          accounted += parser.push(chunk).reduce((n, e) => n + bytesOf(e), 0);
          expect(pushed - accounted).toBeLessThanOrEqual(MAX_LEN + 2);
          expect(pushed - accounted).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('property (10,000 runs): a sensor fault is never a measurement', () => {
    const over = fc.oneof(
      fc.record({ targetC: fc.integer({ min: 3801, max: 0xffff }).map((n) => n / 10), ambientC: fc.integer({ min: 0, max: 1250 }).map((n) => n / 10) }),
      fc.record({ targetC: fc.integer({ min: 0, max: 3800 }).map((n) => n / 10), ambientC: fc.integer({ min: 1251, max: 0xffff }).map((n) => n / 10) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), over, (target, v) => {
        const frame = encodeMeasurement({ target, ...v });
        expect(new BodyModeParser().push(frame)).toEqual([{ type: 'discarded', reason: 'sensor-fault', bytes: frame }]);
      }),
      { numRuns: 10_000 },
    );
  });
});

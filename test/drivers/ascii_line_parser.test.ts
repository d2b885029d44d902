import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedRegExp } from '../../drivers/regexp-bounded.js';
import { renderLine } from '../../drivers/thermometer/ascii-line/codec.js';
import { AsciiLineParser, MAX_LINE_BYTES, type AsciiLineEvent, type AsciiLineParserOptions } from '../../drivers/thermometer/ascii-line/parser.js';
import { DEFAULT_LINE_FORMAT, DEFAULT_LINE_PATTERN } from '../../src/config/thermometers/ascii-line.js';
import { checkLinePattern } from '../../src/thermometry/line-pattern.js';
import { concatBytes } from './support.js';

const RUNS = 10_000;
const OPTIONS: AsciiLineParserOptions = { pattern: boundedRegExp(DEFAULT_LINE_PATTERN), unit: 'C', terminator: 'CRLF' };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Recorded fixture: the default simulator format (an example, docs/devices/ascii-line.md §6). */
const RECD_LINE = text('T=36.52 A=25.10\r\n');
const RECD_LINE_2 = text('T=30.00 A=24.00\r\n');
const FRAME = { type: 'frame', objectC: 36.52, ambientC: 25.1, length: RECD_LINE.length } as const;
const FRAME_2 = { type: 'frame', objectC: 30, ambientC: 24, length: RECD_LINE_2.length } as const;

const feed = (chunks: readonly Uint8Array[], options = OPTIONS): AsciiLineEvent[] => {
  const parser = new AsciiLineParser(options);
  return chunks.flatMap((c) => parser.push(c));
};
const size = (e: AsciiLineEvent): number => (e.type === 'frame' ? e.length : (e.length ?? e.bytes.length));

describe('ascii-line parser', () => {
  it('reads one line', () => {
    expect(feed([RECD_LINE])).toEqual([FRAME]);
  });

  it('reads two lines in one chunk', () => {
    expect(feed([concatBytes([RECD_LINE, RECD_LINE_2])])).toEqual([FRAME, FRAME_2]);
  });

  it('reassembles lines split at every byte offset', () => {
    const stream = concatBytes([RECD_LINE, RECD_LINE_2]);
    for (let cut = 1; cut < stream.length; cut++) expect(feed([stream.subarray(0, cut), stream.subarray(cut)]), `cut at ${cut}`).toEqual([FRAME, FRAME_2]);
  });

  it('discards leading noise with the line it runs into as one no-match, then reads the next line', () => {
    const noisy = concatBytes([Uint8Array.of(0x00, 0xff, 0x13), RECD_LINE, RECD_LINE_2]);
    const events = feed([noisy]);
    expect(events[0]).toMatchObject({ type: 'discarded', reason: 'no-match' });
    expect(events.slice(1)).toEqual([FRAME_2]);
    expect(events.reduce((n, e) => n + size(e), 0)).toBe(noisy.length);
  });

  it('discards a corrupted line (there is no checksum: a line that no longer matches) and reads the good one after it', () => {
    const corrupt = RECD_LINE.slice();
    corrupt[1] = 0x3a; // "T:" instead of "T="
    expect(feed([concatBytes([corrupt, RECD_LINE_2])])).toEqual([{ type: 'discarded', reason: 'no-match', bytes: corrupt }, FRAME_2]);
  });

  it('discards a line past 256 bytes as one overlong event, however it arrives, then reads on', () => {
    const long = text(`T=${'9'.repeat(5000)}\r\n`);
    const events = feed([long.subarray(0, 100), long.subarray(100, 3000), long.subarray(3000), RECD_LINE]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'discarded', reason: 'overlong', length: long.length });
    expect(events[0]?.type === 'discarded' && events[0].bytes.length).toBe(MAX_LINE_BYTES);
    expect(events[1]).toEqual(FRAME);
  });

  it('reads CR-terminated lines, and with CRLF a lone LF still ends a line', () => {
    expect(feed([text('T=36.52 A=25.10\rT=30.00 A=24.00\r')], { ...OPTIONS, terminator: 'CR' })).toEqual([{ ...FRAME, length: 16 }, { ...FRAME_2, length: 16 }]);
    expect(feed([text('T=36.52 A=25.10\n')])).toEqual([{ ...FRAME, length: 16 }]);
  });

  it('gives NaN ambient for a pattern without an ambient group, and reads °F', () => {
    const options = { pattern: boundedRegExp(String.raw`^(?<object>\d+\.\d)F$`), unit: 'F', terminator: 'LF' } as const;
    expect(feed([text('98.6F\n')], options)).toEqual([{ type: 'frame', objectC: 37, ambientC: Number.NaN, length: 6 }]);
  });

  it('runs a catastrophically backtracking pattern on a hostile 256-byte line in bounded time', () => {
    // Accepted at config load (no backreferences, no lookarounds); exponential on a backtracking engine.
    const hostile = String.raw`^T=(?<object>(\d+)+)x$`;
    expect(checkLinePattern(hostile).ok).toBe(true);
    const line = text(`T=${'1'.repeat(MAX_LINE_BYTES - 3)}\n`);
    const started = performance.now();
    expect(feed([line], { pattern: boundedRegExp(hostile), unit: 'C', terminator: 'LF' })).toEqual([{ type: 'discarded', reason: 'no-match', bytes: line }]);
    expect(performance.now() - started).toBeLessThan(2000); // a few ms with the fallback; without it this pattern took 4.7 s on just 26 digits (drivers/regexp-bounded.ts)
  });

  it(`never throws and accounts for every byte, whatever arrives and however it is chunked (${RUNS} runs)`, () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x0d, 0x54, 0x3d, 0x20, 0x41, 0x2e, 0x33));
    fc.assert(
      fc.property(fc.array(fc.array(byte, { maxLength: 400 }).map((b) => Uint8Array.from(b)), { maxLength: 12 }), fc.constantFrom('CRLF', 'CR', 'LF' as const), (chunks, terminator) => {
        const parser = new AsciiLineParser({ ...OPTIONS, terminator });
        let accounted = 0;
        for (const chunk of chunks) for (const e of parser.push(chunk)) accounted += size(e);
        const end = terminator === 'CR' ? Uint8Array.of(0x0d) : Uint8Array.of(0x0a);
        for (const e of parser.push(end)) accounted += size(e); // ends whatever line is pending
        expect(accounted).toBe(chunks.reduce((n, c) => n + c.length, 0) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads back every printed reading among garbage lines, however the stream is split (${RUNS} runs)`, () => {
    const reading = fc.record({ objectC: fc.integer({ min: -7000, max: 38000 }).map((c) => c / 100), ambientC: fc.integer({ min: -4000, max: 12500 }).map((c) => c / 100) });
    const garbage = fc.array(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x0a), { maxLength: 30 }).map((b) => concatBytes([Uint8Array.from(b), text('\r\n')]));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbage, reading), { minLength: 1, maxLength: 10 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (pieces, cuts) => {
        const stream = concatBytes(pieces.flatMap(([g, r]) => [g, text(`${renderLine(DEFAULT_LINE_FORMAT, r, 'C')}\r\n`)]));
        const points = [...new Set(cuts.map((c) => Math.floor(c * stream.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => stream.subarray(from, points[i] ?? stream.length));
        const frames = feed(chunks).flatMap((e) => (e.type === 'frame' ? [{ objectC: e.objectC, ambientC: e.ambientC }] : []));
        // A garbage line can happen to be a reading too ("T=1 A=2"); every printed one is there, in order.
        const printed = pieces.map(([, r]) => r);
        expect(frames.filter((f) => printed.some((p) => p.objectC === f.objectC && p.ambientC === f.ambientC))).toEqual(printed);
      }),
      { numRuns: RUNS },
    );
  });
});

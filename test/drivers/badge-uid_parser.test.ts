import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badgeNumber, encodeFrame, type BadgeUidFormat } from '../../drivers/reader/badge-uid/codec.js';
import { BadgeUidParser } from '../../drivers/reader/badge-uid/parser.js';
import { concatBytes, hex } from './support.js';

const EM4100: BadgeUidFormat = { framing: 'stx-hex', uidBytes: 5, checksum: 'xor', byteOrder: 'msb-first', numberBytes: 'last-4', output: 'decimal' };
const BINARY: BadgeUidFormat = { ...EM4100, framing: 'stx-binary', uidBytes: 4, numberBytes: 'all' };
const LINE: BadgeUidFormat = { ...EM4100, framing: 'hex-line' };
const FRAMINGS = [EM4100, BINARY, LINE] as const;

type Events = ReturnType<BadgeUidParser['push']>;
const numbers = (events: Events) => events.flatMap((e) => (e.type === 'read' && e.read.kind === 'badge' ? [e.read.number] : []));
const reasons = (events: Events) => events.flatMap((e) => (e.type === 'discarded' ? [e.reason] : []));
const feed = (format: BadgeUidFormat, chunks: readonly Uint8Array[]): Events => {
  const parser = new BadgeUidParser(format);
  return chunks.flatMap((c) => parser.push(c));
};

const UID5 = hex('01 00 D5 07 D0');
const uidFor = (format: BadgeUidFormat): Uint8Array => (format.uidBytes === 5 ? UID5 : hex('E7 FA DE 26'));

describe('badge-uid parser: recorded fixtures', () => {
  it.each(FRAMINGS.map((f) => [f.framing, f] as const))('%s: one frame, two in one chunk, split at every byte', (_name, format) => {
    const frame = encodeFrame(uidFor(format), format);
    const number = badgeNumber(uidFor(format), format);
    expect(numbers(feed(format, [frame]))).toEqual([number]);
    expect(numbers(feed(format, [concatBytes([frame, frame])]))).toEqual([number, number]);
    for (let cut = 0; cut <= frame.length; cut++) {
      expect(numbers(feed(format, [frame.subarray(0, cut), frame.subarray(cut)])), `cut at ${cut}`).toEqual([number]);
    }
  });

  it.each([
    ['stx-hex', EM4100, ['noise']],
    ['stx-binary', BINARY, ['noise']],
  ] as const)('%s: leading noise is discarded, the frame read', (_name, format, expected) => {
    const events = feed(format, [concatBytes([hex('FF 41 00'), encodeFrame(uidFor(format), format)])]);
    expect(reasons(events)).toEqual(expected);
    expect(numbers(events)).toEqual([badgeNumber(uidFor(format), format)]);
  });

  it.each(FRAMINGS.map((f) => [f.framing, f] as const))('%s: a bad checksum, then a good frame', (_name, format) => {
    const good = encodeFrame(uidFor(format), format);
    const bad = good.slice();
    const at = format.framing === 'stx-binary' ? bad.length - 2 : bad.length - 2;
    bad[at] = format.framing === 'stx-binary' ? (bad[at] ?? 0) ^ 1 : bad[at] === 0x30 ? 0x31 : 0x30;
    const events = feed(format, [concatBytes([bad, good])]);
    expect(reasons(events)[0]).toBe('bad-checksum');
    expect(numbers(events)).toEqual([badgeNumber(uidFor(format), format)]);
  });

  it('stx-hex: a frame cut short by the next STX is truncated; an ETX-less run is overlong', () => {
    const frame = encodeFrame(UID5, EM4100);
    expect(reasons(feed(EM4100, [concatBytes([frame.subarray(0, 6), frame])]))).toEqual(['truncated']);
    const events = feed(EM4100, [concatBytes([Uint8Array.of(0x02), new Uint8Array(40).fill(0x41), frame])]);
    expect(reasons(events)).toEqual(['overlong', 'noise']);
    expect(numbers(events)).toEqual(['0013961168']);
  });

  it('stx-binary: UID bytes 02 and 03 inside a frame do not confuse it', () => {
    const uid = hex('02 03 02 03');
    expect(numbers(feed(BINARY, [encodeFrame(uid, BINARY)]))).toEqual([badgeNumber(uid, BINARY)]);
  });
});

describe('badge-uid parser: properties', () => {
  const format = fc.record({
    framing: fc.constantFrom('stx-hex', 'stx-binary', 'hex-line'),
    uidBytes: fc.integer({ min: 4, max: 10 }),
    checksum: fc.constantFrom('none', 'xor'),
    byteOrder: fc.constantFrom('msb-first', 'lsb-first'),
    numberBytes: fc.constantFrom('all', 'last-4'),
    output: fc.constantFrom('decimal', 'hex'),
  }) as fc.Arbitrary<BadgeUidFormat>;

  it('round trip: any UID in any format, encoded and split anywhere, is read as its number (property, 10,000 runs)', () => {
    fc.assert(
      fc.property(
        format.chain((f) => fc.tuple(fc.constant(f), fc.array(fc.uint8Array({ minLength: f.uidBytes, maxLength: f.uidBytes }), { minLength: 1, maxLength: 4 }))),
        fc.array(fc.nat(), { maxLength: 10 }),
        ([f, uids], cuts) => {
          const stream = concatBytes(uids.map((u) => encodeFrame(u, f)));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const events = feed(f, [...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p)));
          expect(numbers(events)).toEqual(uids.map((u) => badgeNumber(u, f)));
          expect(reasons(events)).toEqual([]);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary bytes in arbitrary chunks: never throws, bounded; every byte is in a frame, discarded or pending (property, 10,000 runs)', () => {
    // STX-framed formats: every byte is accounted for. (hex-line is LineParser's accounting, tested with it.)
    const stxFormat = format.filter((f) => f.framing !== 'hex-line');
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(Uint8Array.of(0x02), Uint8Array.of(0x03)));
    fc.assert(
      fc.property(stxFormat, fc.array(bytes, { maxLength: 20 }), (f, chunks) => {
        const parser = new BadgeUidParser(f);
        const events = chunks.flatMap((c) => parser.push(c));
        // A read stands for its whole frame: the only frames the parser reads are the ones encodeFrame makes.
        const counted = events.reduce((n, e) => n + (e.type === 'read' ? encodeFrame(new Uint8Array(f.uidBytes), f).length : (e.length ?? e.bytes.length)), 0);
        expect(counted + parser.pending()).toBe(concatBytes(chunks).length);
        expect(parser.pending()).toBeLessThanOrEqual(2 * (f.uidBytes + 1) + 4);
      }),
      { numRuns: 10_000 },
    );
  });
});

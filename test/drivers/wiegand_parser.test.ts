import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLine, wiegandNumber, type WiegandCard, type WiegandEncoding } from '../../drivers/reader/wiegand/codec.js';
import { WiegandParser } from '../../drivers/reader/wiegand/parser.js';
import { concatBytes } from './support.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
type Events = ReturnType<WiegandParser['push']>;
const numbers = (events: Events) => events.flatMap((e) => (e.type === 'read' && e.read.kind === 'badge' ? [e.read.number] : []));
const reasons = (events: Events) => events.flatMap((e) => (e.type === 'discarded' ? [e.reason] : []));
const feed = (chunks: readonly Uint8Array[], encoding: WiegandEncoding = 'bits-hex'): Events => {
  const parser = new WiegandParser(encoding, 'facility-card');
  return chunks.flatMap((c) => parser.push(c));
};
const CARD: WiegandCard = { bits: 26, facility: 213, card: 2000 };
const LINE = `${encodeLine(CARD, 'bits-hex')}\r`;

describe('wiegand parser: recorded fixtures', () => {
  it('one line, two in one chunk, split at every byte', () => {
    expect(numbers(feed([bytes(LINE)]))).toEqual(['213,02000']);
    expect(numbers(feed([bytes(LINE + LINE)]))).toEqual(['213,02000', '213,02000']);
    const b = bytes(LINE);
    for (let cut = 0; cut <= b.length; cut++) expect(numbers(feed([b.subarray(0, cut), b.subarray(cut)])), `cut ${cut}`).toEqual(['213,02000']);
  });

  it('leading noise on its own line is discarded; bad parity then a good line', () => {
    const flipped = `${encodeLine(CARD, 'bits-hex').slice(0, -1)}${(parseInt(encodeLine(CARD, 'bits-hex').slice(-1), 16) ^ 1).toString(16).toUpperCase()}\r`;
    const events = feed([bytes(`\u0001\u00ff?\r${flipped}${LINE}`)]);
    expect(reasons(events)).toEqual(['not-wiegand', 'bad-parity']);
    expect(numbers(events)).toEqual(['213,02000']);
  });
});

describe('wiegand parser: properties', () => {
  const card = fc.oneof(
    fc.record({ bits: fc.constant(26 as const), facility: fc.integer({ min: 0, max: 255 }), card: fc.integer({ min: 0, max: 65535 }) }),
    fc.record({ bits: fc.constant(34 as const), facility: fc.integer({ min: 0, max: 65535 }), card: fc.integer({ min: 0, max: 65535 }) }),
  );
  const encoding = fc.constantFrom<WiegandEncoding>('data-hex', 'bits-hex', 'bits-binary');

  it('round trip: any card in any encoding, split anywhere, reads as its printed number (property, 10,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(card, { minLength: 1, maxLength: 5 }), encoding, fc.array(fc.nat(), { maxLength: 10 }), (cards, enc, cuts) => {
        const stream = bytes(cards.map((c) => `${encodeLine(c, enc)}\r\n`).join(''));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const events = feed([...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p)), enc);
        expect(numbers(events)).toEqual(cards.map((c) => wiegandNumber(c, 'facility-card')));
        expect(reasons(events)).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary bytes in arbitrary chunks: never throws; every byte but terminators is read or discarded (property, 10,000 runs)', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((c) => c.map((b) => (b === 0xef ? 0x0d : b))),
      fc.tuple(card, encoding).map(([c, e]) => bytes(`${encodeLine(c, e)}\r`)),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 15 }), encoding, (chunks, enc) => {
        const events = feed(chunks, enc);
        const stream = concatBytes(chunks);
        const lastEnd = Math.max(stream.lastIndexOf(0x0d), stream.lastIndexOf(0x0a));
        const payload = stream.subarray(0, lastEnd + 1).filter((b) => b !== 0x0d && b !== 0x0a).length;
        // A read's line is the encoding of its card: its length is the line's.
        const lineLength = { 'data-hex': { 26: 6, 34: 8 }, 'bits-hex': { 26: 7, 34: 9 }, 'bits-binary': { 26: 26, 34: 34 } }[enc];
        const counted = events.reduce((n, e) => {
          if (e.type === 'read') return n + (e.read.kind === 'badge' && e.read.number.indexOf(',') === 3 ? lineLength[26] : lineLength[34]);
          return n + (e.reason === 'empty' ? 0 : (e.length ?? e.bytes.length));
        }, 0);
        expect(counted).toBe(payload);
      }),
      { numRuns: 10_000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { Gy90614Parser, type ParserEvent } from '../../drivers/thermometer/gy-mcu90614/parser.js';
import { concatBytes } from './support.js';

const raw = fc.integer({ min: -0x8000, max: 0x7fff });
const reading = fc.record({ objectC: raw.map((r) => r / 100), ambientC: raw.map((r) => r / 100) });
/** Noise that cannot start a header: no 0x5A. */
const noise = fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.map((b) => (b === 0x5a ? 0x5b : b)));

/** Cuts `bytes` at the given fractions, in order. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

const feed = (chunks: readonly Uint8Array[]): ParserEvent[] => {
  const parser = new Gy90614Parser();
  return chunks.flatMap((c) => parser.push(c));
};

describe('GY-MCU90614 parser on garbled input (properties)', () => {
  it('never throws and accounts for every byte, whatever arrives', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const parser = new Gy90614Parser();
        let accounted = 0;
        for (const chunk of chunks) {
          for (const e of parser.push(chunk)) accounted += e.type === 'frame' ? 9 : e.bytes.length;
        }
        const fed = chunks.reduce((n, c) => n + c.length, 0);
        // Whatever is not accounted for is an incomplete frame still pending: fewer than 9 bytes.
        expect(fed - accounted).toBeGreaterThanOrEqual(0);
        expect(fed - accounted).toBeLessThan(9);
      }),
      { numRuns: 10_000 },
    );
  });

  it('recovers every frame interleaved with noise, however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, reading), { minLength: 1, maxLength: 12 }),
        noise,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        (pieces, tail, cuts) => {
          const stream = concatBytes([...pieces.flatMap(([n, r]) => [n, encodeFrame(r)]), tail]);
          const events = feed(split(stream, cuts));
          const decoded = events.flatMap((e) => (e.type === 'frame' ? [{ objectC: e.objectC, ambientC: e.ambientC }] : []));
          expect(decoded).toEqual(pieces.map(([, r]) => r));
          const noiseBytes = pieces.reduce((n, [bytes]) => n + bytes.length, tail.length);
          const discardedBytes = events.reduce((n, e) => n + (e.type === 'discarded' ? e.bytes.length : 0), 0);
          expect(discardedBytes).toBe(noiseBytes);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('recovers the frames after a corrupted one whatever byte was hit', () => {
    fc.assert(
      fc.property(reading, reading, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 255 }), (a, b, at, flip) => {
        const bad = encodeFrame(a);
        bad[at] = (bad[at] ?? 0) ^ flip;
        const events = feed([bad, encodeFrame(b)]);
        const decoded = events.flatMap((e) => (e.type === 'frame' ? [{ objectC: e.objectC, ambientC: e.ambientC }] : []));
        expect(decoded.at(-1)).toEqual(b);
      }),
      { numRuns: 5_000 },
    );
  });
});

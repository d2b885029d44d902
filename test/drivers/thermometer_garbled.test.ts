import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { Gy90614Parser, type ParserEvent } from '../../drivers/thermometer/gy-mcu90614/parser.js';
import { GY_MODELS, measurable, unmeasurable } from './gy_models.js';
import { concatBytes } from './support.js';

/** Cases per property (issue 10: ≥ 10,000 generated cases per parser). */
const RUNS = 10_000;
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

const readings = (events: readonly ParserEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [{ objectC: e.objectC, ambientC: e.ambientC }] : []));

describe.each(GY_MODELS)('$protocol parser on garbled input (properties)', (model) => {
  const feed = (chunks: readonly Uint8Array[]): ParserEvent[] => {
    const parser = new Gy90614Parser(model);
    return chunks.flatMap((c) => parser.push(c));
  };

  it(`never throws and accounts for every byte, whatever arrives (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const parser = new Gy90614Parser(model);
        let accounted = 0;
        for (const chunk of chunks) {
          for (const e of parser.push(chunk)) accounted += e.type === 'frame' ? 9 : e.bytes.length;
        }
        const fed = chunks.reduce((n, c) => n + c.length, 0);
        // Whatever is not accounted for is an incomplete frame still pending: fewer than 9 bytes.
        expect(fed - accounted).toBeGreaterThanOrEqual(0);
        expect(fed - accounted).toBeLessThan(9);
      }),
      { numRuns: RUNS },
    );
  });

  it(`recovers every frame interleaved with noise, however the stream is split (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, measurable(model)), { minLength: 1, maxLength: 12 }),
        noise,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        (pieces, tail, cuts) => {
          const stream = concatBytes([...pieces.flatMap(([n, r]) => [n, encodeFrame(r)]), tail]);
          const events = feed(split(stream, cuts));
          expect(readings(events)).toEqual(pieces.map(([, r]) => r));
          const noiseBytes = pieces.reduce((n, [bytes]) => n + bytes.length, tail.length);
          const discardedBytes = events.reduce((n, e) => n + (e.type === 'discarded' ? e.bytes.length : 0), 0);
          expect(discardedBytes).toBe(noiseBytes);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`recovers the frames after a corrupted one whatever byte was hit (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(measurable(model), measurable(model), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 255 }), (a, b, at, flip) => {
        const bad = encodeFrame(a);
        bad[at] = (bad[at] ?? 0) ^ flip;
        expect(readings(feed([bad, encodeFrame(b)])).at(-1)).toEqual(b);
      }),
      { numRuns: RUNS },
    );
  });

  it(`makes a well-formed frame no ${model.sensor} measures one sensor-fault event, never a frame (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(unmeasurable(model), measurable(model), (fault, good) => {
        const events = feed([encodeFrame(fault), encodeFrame(good)]);
        expect(events[0]).toEqual({ type: 'discarded', reason: 'sensor-fault', bytes: encodeFrame(fault) });
        expect(events.slice(1)).toEqual([{ type: 'frame', ...good }]);
      }),
      { numRuns: RUNS },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { Gy90614Parser, type ParserEvent } from '../../drivers/thermometer/gy-mcu90614/parser.js';
import { GY_MODELS } from './gy_models.js';
import { concatBytes, hex } from './support.js';

/** Vendor example, docs/devices/gy-mcu90614.md §2: TO 31.92 °C, TA 33.53 °C. */
const RECD_VENDOR_EXAMPLE = hex('5A 5A 45 04 0C 78 0D 19 A7');
/** TO 36.50 °C, TA 25.00 °C. */
const RECD_BODY_36_5 = hex('5A 5A 45 04 0E 42 09 C4 1A');
const VENDOR = { type: 'frame', objectC: 31.92, ambientC: 33.53 } as const;
const BODY = { type: 'frame', objectC: 36.5, ambientC: 25 } as const;

const pushAll = (parser: Gy90614Parser, chunks: readonly Uint8Array[]): ParserEvent[] => chunks.flatMap((c) => parser.push(c));
const frames = (events: readonly ParserEvent[]) => events.filter((e) => e.type === 'frame');
const discarded = (events: readonly ParserEvent[]) => events.flatMap((e) => (e.type === 'discarded' ? [e] : []));
const discardedBytes = (events: readonly ParserEvent[]) => discarded(events).reduce((n, e) => n + e.bytes.length, 0);

describe.each(GY_MODELS)('$protocol parser', (model) => {
  it('finds one frame in one chunk', () => {
    expect(new Gy90614Parser(model).push(RECD_VENDOR_EXAMPLE)).toEqual([VENDOR]);
  });

  it('finds two frames in one chunk', () => {
    expect(new Gy90614Parser(model).push(concatBytes([RECD_VENDOR_EXAMPLE, RECD_BODY_36_5]))).toEqual([VENDOR, BODY]);
  });

  it('reassembles a frame split at every byte offset, including right before the checksum', () => {
    const stream = concatBytes([RECD_VENDOR_EXAMPLE, RECD_BODY_36_5]);
    for (let cut = 1; cut < stream.length; cut++) {
      const parser = new Gy90614Parser(model);
      expect(pushAll(parser, [stream.subarray(0, cut), stream.subarray(cut)]), `cut at ${cut}`).toEqual([VENDOR, BODY]);
    }
  });

  it('reassembles a frame fed one byte at a time', () => {
    const parser = new Gy90614Parser(model);
    expect(pushAll(parser, Array.from(RECD_BODY_36_5, (b) => Uint8Array.of(b)))).toEqual([BODY]);
  });

  it('discards leading noise as one run, then finds the frame', () => {
    const events = new Gy90614Parser(model).push(concatBytes([hex('00 FF 13 A5 45'), RECD_VENDOR_EXAMPLE]));
    expect(events).toEqual([{ type: 'discarded', reason: 'noise', bytes: hex('00 FF 13 A5 45') }, VENDOR]);
  });

  it('drops one byte on a bad checksum and still finds the good frame right after', () => {
    const corrupt = RECD_VENDOR_EXAMPLE.slice();
    corrupt[8] = 0xa8;
    const events = new Gy90614Parser(model).push(concatBytes([corrupt, RECD_BODY_36_5]));
    expect(discarded(events)[0]).toEqual({ type: 'discarded', reason: 'bad-checksum', bytes: hex('5A') });
    expect(frames(events)).toEqual([BODY]);
    expect(discardedBytes(events)).toBe(9);
  });

  it('finds a good frame that starts inside a truncated one', () => {
    // A frame cut off after 5 bytes, then a whole frame: the cut frame's window fails its checksum.
    const events = new Gy90614Parser(model).push(concatBytes([RECD_VENDOR_EXAMPLE.subarray(0, 5), RECD_BODY_36_5]));
    expect(frames(events)).toEqual([BODY]);
    expect(discardedBytes(events)).toBe(5);
  });

  it('rejects a good checksum over a wrong length byte', () => {
    const frame = hex('5A 5A 45 05 0C 78 0D 19 A8');
    const events = new Gy90614Parser(model).push(frame);
    expect(events[0]).toEqual({ type: 'discarded', reason: 'bad-length', bytes: hex('5A') });
    expect(frames(events)).toEqual([]);
    expect(discardedBytes(events)).toBe(9);
  });

  it('discards 1 MiB of garbage without a header and keeps nothing', () => {
    const garbage = new Uint8Array(1 << 20);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 31 + 7) % 0x5a; // never 0x5A
    const parser = new Gy90614Parser(model);
    const events = parser.push(garbage);
    expect(events).toHaveLength(1);
    expect(discardedBytes(events)).toBe(garbage.length);
    expect(parser.push(RECD_VENDOR_EXAMPLE)).toEqual([VENDOR]);
  });

  it('discards 0xFF runs (idle line, baud mismatch) and NUL runs', () => {
    const parser = new Gy90614Parser(model);
    const events = pushAll(parser, [new Uint8Array(300).fill(0xff), new Uint8Array(50), RECD_BODY_36_5, new Uint8Array(7).fill(0xff)]);
    expect(frames(events)).toEqual([BODY]);
    expect(discardedBytes(events)).toBe(357);
  });

  it('copes with runs of 0x5A, keeping at most a possible header', () => {
    const parser = new Gy90614Parser(model);
    const events = parser.push(new Uint8Array(1000).fill(0x5a));
    expect(discardedBytes(events)).toBe(998); // the last two could still start `5A 5A 45`
    const next = parser.push(RECD_VENDOR_EXAMPLE);
    expect(frames(next)).toEqual([VENDOR]);
    expect(discardedBytes(next)).toBe(2);
  });

  it('holds an incomplete frame until the rest arrives', () => {
    const parser = new Gy90614Parser(model);
    expect(parser.push(RECD_BODY_36_5.subarray(0, 8))).toEqual([]);
    expect(parser.push(RECD_BODY_36_5.subarray(8))).toEqual([BODY]);
  });

  it('hands out discarded bytes that later pushes do not change', () => {
    const parser = new Gy90614Parser(model);
    const chunk = hex('01 02 03');
    const [event] = parser.push(chunk);
    chunk.fill(0);
    expect(event).toEqual({ type: 'discarded', reason: 'noise', bytes: hex('01 02 03') });
  });

  it('decodes a body-temperature frame written by the codec', () => {
    expect(new Gy90614Parser(model).push(encodeFrame({ objectC: 37.85, ambientC: 21.4 }))).toEqual([{ type: 'frame', objectC: 37.85, ambientC: 21.4 }]);
  });

  it('discards the all-ones word (0xFFFF, −0.01 °C) in either value as one sensor-fault frame', () => {
    for (const frame of [hex('5A 5A 45 04 FF FF 09 C4 C8'), hex('5A 5A 45 04 0E 42 FF FF 4B')]) {
      const events = new Gy90614Parser(model).push(concatBytes([frame, RECD_BODY_36_5]));
      expect(events).toEqual([{ type: 'discarded', reason: 'sensor-fault', bytes: frame }, BODY]);
    }
  });

  it('discards an object temperature below the sensor range, −273.17 °C (a 1037.55 °C read wrapped to 16 bits)', () => {
    const frame = encodeFrame({ objectC: -273.17, ambientC: 25 });
    expect(new Gy90614Parser(model).push(frame)).toEqual([{ type: 'discarded', reason: 'sensor-fault', bytes: frame }]);
  });

  it('keeps the edges of the sensor ranges and discards just past them', () => {
    const edges = [
      { objectC: model.objectC.min, ambientC: model.ambientC.min },
      { objectC: Math.min(model.objectC.max, 327.67), ambientC: model.ambientC.max },
    ];
    for (const edge of edges) expect(new Gy90614Parser(model).push(encodeFrame(edge))).toEqual([{ type: 'frame', ...edge }]);
    for (const past of [
      { objectC: model.objectC.min - 0.01, ambientC: 25 },
      { objectC: 36.5, ambientC: model.ambientC.max + 0.01 },
      { objectC: 36.5, ambientC: model.ambientC.min - 0.01 },
    ]) {
      expect(new Gy90614Parser(model).push(encodeFrame(past))[0]).toMatchObject({ type: 'discarded', reason: 'sensor-fault' });
    }
  });
});

describe('GY-MCU90614 and GY-MCU90615 sensor ranges differ', () => {
  it('takes 120 °C from a GY-MCU90614 and calls it a sensor fault from a GY-MCU90615 (MLX90615 To ≤ 115 °C)', () => {
    const frame = encodeFrame({ objectC: 120, ambientC: 25 });
    const [gy90614, gy90615] = GY_MODELS.map((m) => new Gy90614Parser(m).push(frame)[0]);
    expect(gy90614).toEqual({ type: 'frame', objectC: 120, ambientC: 25 });
    expect(gy90615).toMatchObject({ type: 'discarded', reason: 'sensor-fault' });
  });
});

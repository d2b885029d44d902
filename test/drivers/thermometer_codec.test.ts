import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeFrame, encodeCommand, encodeFrame, frameChecksum } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { hex, toHex } from './support.js';

/** Vendor example, docs/devices/gy-mcu90614.md §2: TO 31.92 °C, TA 33.53 °C. */
const RECD_VENDOR_EXAMPLE = hex('5A 5A 45 04 0C 78 0D 19 A7');
/** Synthetic, docs/devices/gy-mcu90614.md §2: TO 36.50 °C, TA 25.00 °C. */
const RECD_BODY_36_5 = hex('5A 5A 45 04 0E 42 09 C4 1A');

describe('GY-MCU90614 codec', () => {
  it('decodes the vendor example with TO before TA', () => {
    expect(decodeFrame(RECD_VENDOR_EXAMPLE)).toEqual({ ok: true, value: { objectC: 31.92, ambientC: 33.53 } });
  });

  it('encodes and decodes the synthetic 36.50 / 25.00 frame', () => {
    expect(toHex(encodeFrame({ objectC: 36.5, ambientC: 25 }))).toBe(toHex(RECD_BODY_36_5));
    expect(decodeFrame(RECD_BODY_36_5)).toEqual({ ok: true, value: { objectC: 36.5, ambientC: 25 } });
  });

  it('reads negative temperatures as signed 16-bit', () => {
    const frame = encodeFrame({ objectC: -40, ambientC: -0.01 });
    expect(toHex(frame.subarray(4, 8))).toBe('F0 60 FF FF');
    expect(decodeFrame(frame)).toEqual({ ok: true, value: { objectC: -40, ambientC: -0.01 } });
  });

  it('sums bytes 0–7 into byte 8', () => {
    expect(frameChecksum(RECD_VENDOR_EXAMPLE)).toBe(0xa7);
  });

  it('names each defect', () => {
    expect(decodeFrame(RECD_VENDOR_EXAMPLE.subarray(0, 8))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeFrame(hex('5A 5B 45 04 0C 78 0D 19 A8'))).toEqual({ ok: false, error: 'bad-header' });
    expect(decodeFrame(hex('5A 5A 45 05 0C 78 0D 19 A8'))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeFrame(hex('5A 5A 45 04 0C 78 0D 19 A6'))).toEqual({ ok: false, error: 'bad-checksum' });
  });

  it('refuses readings a frame cannot carry', () => {
    expect(() => encodeFrame({ objectC: 327.68, ambientC: 0 })).toThrow(RangeError);
    expect(() => encodeFrame({ objectC: Number.NaN, ambientC: 0 })).toThrow(RangeError);
    expect(() => encodeFrame({ objectC: 0, ambientC: -327.69 })).toThrow(RangeError);
  });

  it('encodes the commands of the vendor table', () => {
    expect(toHex(encodeCommand('query'))).toBe('A5 15 BA');
    expect(toHex(encodeCommand('continuous'))).toBe('A5 45 EA');
    expect(toHex(encodeCommand('baud9600'))).toBe('A5 AE 53');
    expect(toHex(encodeCommand('baud115200'))).toBe('A5 AF 54');
    expect(toHex(encodeCommand('autoOutputAtPowerOn'))).toBe('A5 51 F6');
    expect(toHex(encodeCommand('noAutoOutputAtPowerOn'))).toBe('A5 52 F7');
  });

  it('decodes only well-formed known commands', () => {
    expect(decodeCommand(hex('A5 15 BA'))).toBe('query');
    expect(decodeCommand(hex('A5 15 BB'))).toBeUndefined();
    expect(decodeCommand(hex('A5 16 BB'))).toBeUndefined(); // valid sum, unknown command
    expect(decodeCommand(hex('A5 15'))).toBeUndefined();
  });

  it('round-trips every raw value (property, 10000 runs)', () => {
    const raw = fc.integer({ min: -0x8000, max: 0x7fff });
    fc.assert(
      fc.property(raw, raw, (to, ta) => {
        const reading = { objectC: to / 100, ambientC: ta / 100 };
        const frame = encodeFrame(reading);
        expect(decodeFrame(frame)).toEqual({ ok: true, value: reading });
        const view = new DataView(frame.buffer);
        expect([view.getInt16(4), view.getInt16(6)]).toEqual([to, ta]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('round-trips every valid frame byte for byte (property, 10000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (data) => {
        const frame = new Uint8Array([0x5a, 0x5a, 0x45, 0x04, ...data, 0]);
        frame[8] = frameChecksum(frame);
        const decoded = decodeFrame(frame);
        expect(decoded.ok && toHex(encodeFrame(decoded.value))).toBe(toHex(frame));
      }),
      { numRuns: 10_000 },
    );
  });
});

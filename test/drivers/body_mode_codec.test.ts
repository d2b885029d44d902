import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodeMeasurement,
  encodeFrame,
  encodeMeasure,
  encodeMeasurement,
  encodeSetTarget,
  frameChecksum,
  TARGETS,
} from '../../drivers/thermometer/body-mode/codec.js';
import { hex, toHex } from './support.js';

/** The worked examples of docs/devices/body-mode.md §3 (checksums recomputed there). */
const SET_BODY = hex('AA A5 04 02 02 08 55');
const SET_OK = hex('AA A5 04 02 00 06 55');
const MEASURE = hex('AA A5 03 01 04 55');
const BODY_36_6 = hex('AA A5 08 01 02 01 6E 00 FD 77 55');

describe('body-mode codec', () => {
  it('encodes the set-body-mode and measure commands of the source', () => {
    expect(toHex(encodeSetTarget('body'))).toBe(toHex(SET_BODY));
    expect(toHex(encodeSetTarget('surface'))).toBe('AA A5 04 02 01 07 55');
    expect(toHex(encodeMeasure())).toBe(toHex(MEASURE));
  });

  it('decodes the OK reply to set-target', () => {
    expect(decodeFrame(SET_OK)).toEqual({ ok: true, value: { command: 0x02, args: hex('00') } });
  });

  it('decodes the body 36.6 / ambient 25.3 measure reply, and encodes it back', () => {
    const frame = decodeFrame(BODY_36_6);
    expect(frame.ok && decodeMeasurement(frame.value.args)).toEqual({ target: TARGETS.body, targetC: 36.6, ambientC: 25.3 });
    expect(toHex(encodeMeasurement({ target: TARGETS.body, targetC: 36.6, ambientC: 25.3 }))).toBe(toHex(BODY_36_6));
  });

  it('sums LEN, CMD and ARGS, not the header or tail', () => {
    expect(frameChecksum(BODY_36_6)).toBe(0x77);
    expect(frameChecksum(SET_BODY)).toBe(0x08);
    expect(frameChecksum(MEASURE)).toBe(0x04);
  });

  it('reads values as unsigned 16-bit: 0xFFFF is 6553.5 °C', () => {
    const frame = hex('AA A5 08 01 01 FF FF 00 F0 F8 55');
    const decoded = decodeFrame(frame);
    expect(decoded.ok && decodeMeasurement(decoded.value.args)).toEqual({ target: TARGETS.surface, targetC: 6553.5, ambientC: 24 });
  });

  it('names each defect', () => {
    expect(decodeFrame(hex('AB A5 03 01 04 55'))).toEqual({ ok: false, error: 'bad-header' });
    expect(decodeFrame(hex('AA A5 02 01 03 55'))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeFrame(MEASURE.subarray(0, 5))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeFrame(hex('AA A5 03 01 05 55'))).toEqual({ ok: false, error: 'bad-checksum' });
    expect(decodeFrame(hex('AA A5 03 01 04 56'))).toEqual({ ok: false, error: 'bad-tail' });
  });

  it('takes only five ARGS as a measurement', () => {
    expect(decodeMeasurement(hex('02 01 6E 00'))).toBeUndefined();
    expect(decodeMeasurement(hex('02 01 6E 00 FD 00'))).toBeUndefined();
  });

  it('refuses values a frame cannot carry', () => {
    expect(() => encodeMeasurement({ target: 2, targetC: -0.1, ambientC: 20 })).toThrow(RangeError);
    expect(() => encodeMeasurement({ target: 2, targetC: 6553.6, ambientC: 20 })).toThrow(RangeError);
    expect(() => encodeMeasurement({ target: 2, targetC: Number.NaN, ambientC: 20 })).toThrow(RangeError);
    expect(() => encodeFrame(1, new Array<number>(253).fill(0))).toThrow(RangeError);
  });

  it('property (10,000 runs): any CMD and ARGS encode to a frame that decodes to them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 252 }), (command, args) => {
        const frame = encodeFrame(command, [...args]);
        expect(frame.length).toBe(args.length + 6);
        expect(decodeFrame(frame)).toEqual({ ok: true, value: { command, args } });
      }),
      { numRuns: 10_000 },
    );
  });

  it('property (10,000 runs): a measurement round-trips to 0.1 °C', () => {
    const deci = fc.integer({ min: 0, max: 0xffff }).map((n) => n / 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), deci, deci, (target, targetC, ambientC) => {
        const frame = decodeFrame(encodeMeasurement({ target, targetC, ambientC }));
        expect(frame.ok && decodeMeasurement(frame.value.args)).toEqual({ target, targetC, ambientC });
      }),
      { numRuns: 10_000 },
    );
  });
});

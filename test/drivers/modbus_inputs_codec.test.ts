import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crcHolds, decodeReadInputs, encodeException, encodeInputsResponse, encodeReadInputs, inputBits, withCrc } from '../../drivers/inputs/modbus-rtu/codec.js';
import { hex, toHex } from './support.js';

describe('Modbus RTU read discrete inputs: codec', () => {
  it('computes the CRC of a manual\'s worked example (Matrix PEL-8000, function 01)', () => {
    expect(toHex(withCrc(hex('01 01 05 10 00 01')))).toBe('01 01 05 10 00 01 FC C3');
    expect(toHex(withCrc(hex('01 01 01 48')))).toBe('01 01 01 48 51 BE');
  });

  it('encodes the common "read inputs 0–7 of unit 1" request, and its answers', () => {
    expect(toHex(encodeReadInputs({ unit: 1, first: 0, quantity: 8 }))).toBe('01 02 00 00 00 08 79 CC');
    expect(toHex(encodeInputsResponse(1, [true, false, false, false, false, false, false, false]))).toBe('01 02 01 01 60 48');
    expect(crcHolds(encodeException(1, 2))).toBe(true);
    expect(toHex(encodeException(1, 2)).slice(0, 8)).toBe('01 82 02');
  });

  it('refuses what is not a request for inputs', () => {
    const good = encodeReadInputs({ unit: 3, first: 4, quantity: 10 });
    expect(decodeReadInputs(good)).toEqual({ ok: true, value: { unit: 3, first: 4, quantity: 10 } });
    const flipped = Uint8Array.from(good);
    flipped[7] = (flipped[7] ?? 0) ^ 1;
    expect(decodeReadInputs(flipped)).toEqual({ ok: false, error: 'bad-crc' });
    expect(decodeReadInputs(good.subarray(0, 7))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeReadInputs(withCrc(hex('03 01 00 04 00 0A')))).toEqual({ ok: false, error: 'bad-function' });
    expect(decodeReadInputs(withCrc(hex('03 02 00 04 00 00')))).toEqual({ ok: false, error: 'bad-quantity' });
  });

  it('round-trips requests and input bits (10,000 cases each)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 247 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 1, max: 2000 }), (unit, first, quantity) => {
        expect(decodeReadInputs(encodeReadInputs({ unit, first, quantity }))).toEqual({ ok: true, value: { unit, first, quantity } });
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 247 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (unit, inputs) => {
        const frame = encodeInputsResponse(unit, inputs);
        expect(crcHolds(frame)).toBe(true);
        expect(inputBits(frame.subarray(3, frame.length - 2), inputs.length)).toEqual(inputs);
      }),
      { numRuns: 10_000 },
    );
  });
});

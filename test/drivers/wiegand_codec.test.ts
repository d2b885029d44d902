import { describe, expect, it } from 'vitest';
import { cardOfNumber, decodeLine, decodeMessage, encodeLine, encodeMessage, wiegandNumber, type WiegandCard } from '../../drivers/reader/wiegand/codec.js';

// docs/devices/wiegand.md §1, §3.
const JESSETY: WiegandCard = { bits: 26, facility: 90, card: 324 };
const SINTRONIC: WiegandCard = { bits: 26, facility: 213, card: 2000 };

describe('wiegand codec: worked examples', () => {
  it('encodes facility 90, card 324 as the published 26-bit message (jessety/wiegand-encoder README)', () => {
    expect(encodeLine(JESSETY, 'bits-binary')).toBe('00101101000000001010001000');
    expect(decodeLine('00101101000000001010001000', 'bits-binary')).toEqual({ ok: true, value: JESSETY });
  });

  it('numbers the fob printed "0013961168 213 02000" both ways (sintronictech, seabreezerfid)', () => {
    expect(wiegandNumber(SINTRONIC, 'facility-card')).toBe('213,02000');
    expect(wiegandNumber(SINTRONIC, 'card-only')).toBe('02000');
    expect(wiegandNumber(SINTRONIC, 'decimal')).toBe('0013961168');
    expect(wiegandNumber({ ...SINTRONIC, bits: 34 }, 'decimal')).toBe('0013961168');
    expect(encodeLine(SINTRONIC, 'data-hex')).toBe('D507D0'); // the WIE232-A's XXYYZZ
  });

  it('sets the 34-bit parity over each 16-bit half', () => {
    // facility 0x00D5 (5 ones: even bit 1), card 0x07D0 (6 ones: odd bit 1)
    const m = encodeMessage({ bits: 34, facility: 0xd5, card: 0x7d0 });
    expect(m.toString(2).padStart(34, '0')).toBe('1' + '0000000011010101' + '0000011111010000' + '1');
    expect(encodeLine({ bits: 34, facility: 0xd5, card: 0x7d0 }, 'bits-hex')).toBe('201AA0FA1');
  });

  it('finds a flipped bit in either half by its parity', () => {
    const m = encodeMessage(JESSETY);
    for (let bit = 0; bit < 26; bit++) expect(decodeMessage(m ^ (1n << BigInt(bit)), 26), `bit ${bit}`).toEqual({ ok: false, error: 'bad-parity' });
    const m34 = encodeMessage({ bits: 34, facility: 65535, card: 1 });
    for (let bit = 0; bit < 34; bit++) expect(decodeMessage(m34 ^ (1n << BigInt(bit)), 34).ok, `bit ${bit}`).toBe(false);
  });

  it.each([
    ['bits-hex', '12345678', 'bad-length'],
    ['bits-hex', 'XYZ1234', 'not-wiegand'],
    ['bits-binary', '0010110100000000101000100', 'bad-length'],
    ['bits-binary', '0010110100000000101000100a', 'not-wiegand'],
    ['bits-hex', '4000000', 'bad-length'], // 27 bits' worth in 7 digits
    ['data-hex', 'D507D', 'bad-length'],
  ] as const)('refuses %s line %s', (encoding, line, defect) => {
    expect(decodeLine(line, encoding)).toEqual({ ok: false, error: defect });
  });

  it('turns printed numbers back into cards', () => {
    expect(cardOfNumber('213,02000', 'facility-card')).toEqual(SINTRONIC);
    expect(cardOfNumber('00213,02000', 'facility-card')).toEqual({ ...SINTRONIC, bits: 34 });
    expect(cardOfNumber('0013961168', 'decimal')).toEqual(SINTRONIC);
    expect(cardOfNumber('02000', 'card-only')).toEqual({ bits: 26, facility: 0, card: 2000 });
    expect(cardOfNumber('213,99999', 'facility-card')).toBeUndefined();
    expect(cardOfNumber('213-02000', 'facility-card')).toBeUndefined();
  });
});

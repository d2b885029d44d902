import { describe, expect, it } from 'vitest';
import { badgeNumber, decodePayload, encodeFrame, uidOfNumber, type BadgeUidFormat } from '../../drivers/reader/badge-uid/codec.js';
import { hex, toHex } from './support.js';

const EM4100: BadgeUidFormat = { framing: 'stx-hex', uidBytes: 5, checksum: 'xor', byteOrder: 'msb-first', numberBytes: 'last-4', output: 'decimal' };
const MIFARE4: BadgeUidFormat = { ...EM4100, uidBytes: 4, numberBytes: 'all' };

describe('badge-uid codec: worked examples (docs/devices/badge-uid.md)', () => {
  it('encodes the EM4100 fob printed 0013961168 as the RDM6300 frame, XOR 03', () => {
    // 0013961168 = 0x00D507D0; version byte 01; XOR 01^00^D5^07^D0 = 03.
    const frame = encodeFrame(hex('01 00 D5 07 D0'), EM4100);
    expect(toHex(frame)).toBe('02 30 31 30 30 44 35 30 37 44 30 30 33 03'); // STX "0100D507D0" "03" ETX
    expect(decodePayload(frame.subarray(1, -1), EM4100)).toEqual({ ok: true, value: hex('01 00 D5 07 D0') });
    expect(badgeNumber(hex('01 00 D5 07 D0'), EM4100)).toBe('0013961168');
  });

  it('accepts the ID-12 form with CR LF before the ETX', () => {
    expect(decodePayload(new TextEncoder().encode('0100D507D003\r\n'), EM4100)).toEqual({ ok: true, value: hex('01 00 D5 07 D0') });
  });

  it.each([
    ['msb-first', 'decimal', '3891977766'],
    ['lsb-first', 'decimal', '0652147431'],
    ['msb-first', 'hex', 'E7FADE26'],
    ['lsb-first', 'hex', '26DEFAE7'],
  ] as const)('UID E7FADE26 read %s as %s is %s (the ER10-X table of docs/devices.md §2.2)', (byteOrder, output, number) => {
    const format = { ...MIFARE4, byteOrder, output };
    expect(badgeNumber(hex('E7 FA DE 26'), format)).toBe(number);
    expect(uidOfNumber(number, format)).toEqual(hex('E7 FA DE 26'));
  });

  it('a 7-byte UID in full is 17 decimal digits', () => {
    const format: BadgeUidFormat = { ...MIFARE4, uidBytes: 7 };
    expect(badgeNumber(hex('04 1A 2B 3C 4D 5E 80'), format)).toBe('01154672904461952'); // 0x041A2B3C4D5E80
  });

  it.each([
    ['a wrong XOR', '0100D507D004', 'bad-checksum'],
    ['a short UID', '00D507D0D5', 'bad-length'],
    ['a character that is not hex', '0100D507DG03', 'not-hex'],
    ['an odd count of digits', '0100D507D003F', 'not-hex'],
  ])('refuses %s', (_name, text, defect) => {
    expect(decodePayload(new TextEncoder().encode(text), EM4100)).toEqual({ ok: false, error: defect });
  });

  it('frames raw UIDs between STX and ETX with their XOR, and hex lines with CR', () => {
    expect(toHex(encodeFrame(hex('E7 FA DE 26'), { ...MIFARE4, framing: 'stx-binary' }))).toBe('02 E7 FA DE 26 E5 03');
    expect(toHex(encodeFrame(hex('E7 FA DE 26'), { ...MIFARE4, framing: 'hex-line', checksum: 'none' }))).toBe('45 37 46 41 44 45 32 36 0D');
  });

  it('cannot make a UID of a number of the wrong size', () => {
    expect(uidOfNumber('123', EM4100)).toBeUndefined();
    expect(uidOfNumber('9999999999', EM4100)).toBeUndefined(); // above 2^32 - 1
    expect(uidOfNumber('0013961168', EM4100)).toEqual(hex('01 00 D5 07 D0'));
  });
});

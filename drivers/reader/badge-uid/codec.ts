/**
 * RFID badge readers on a serial line that send the card's UID (docs/devices/badge-uid.md). Three framings:
 *
 * `stx-hex` — 125 kHz EM4100 modules (RDM6300/RDM630, Seeed Grove 125 kHz, ID Innovations ID-12/ID-20), 9600 8N1
 * (docs/devices/badge-uid.md §1):
 * | offset       | bytes                                                                    |
 * |--------------|--------------------------------------------------------------------------|
 * | 0            | STX 0x02                                                                 |
 * | 1 … 2n       | the n UID bytes as ASCII hex (EM4100: n = 5, a version byte and 4 data)  |
 * | 2n+1, 2n+2   | checksum as ASCII hex: XOR of the n UID bytes (`checksum: 'xor'`)        |
 * | (then)       | CR LF on ID-12/ID-20 (tolerated whether or not configured)               |
 * | last         | ETX 0x03                                                                 |
 *
 * `stx-binary` — the UID's n raw bytes between STX and ETX, optionally followed by their XOR
 * (docs/devices/badge-uid.md §2, [uncertain]: vendor-specific 13.56 MHz modules; every part configurable).
 *
 * `hex-line` — the UID as ASCII hex, optionally followed by its XOR as two hex digits, then CR, LF or CR LF
 * (docs/devices/badge-uid.md §3).
 *
 * The number passed on (docs/devices/badge-uid.md §4) is made of the UID's bytes (`all`, or the `last-4`:
 * EM4100's 32 data bits, which fobs print and wedge readers type), in the configured byte order, as
 * decimal zero-padded to the digits the largest value has (10 for 4 bytes, as a wedge reader types it:
 * E7FADE26 → 3891977766, reversed 0652147431) or as upper-case hex.
 */
import { err, ok, type Result } from '../../../src/result.js';

export const STX = 0x02;
export const ETX = 0x03;
const CR = 0x0d;
const LF = 0x0a;

export type BadgeFraming = 'stx-hex' | 'stx-binary' | 'hex-line';

export interface BadgeUidFormat {
  readonly framing: BadgeFraming;
  /** How many bytes a UID has (EM4100: 5; MIFARE: 4 or 7). A frame with another count is `bad-length`. */
  readonly uidBytes: number;
  readonly checksum: 'none' | 'xor';
  readonly byteOrder: 'msb-first' | 'lsb-first';
  readonly numberBytes: 'all' | 'last-4';
  readonly output: 'decimal' | 'hex';
}

export type BadgeFrameDefect = 'bad-length' | 'not-hex' | 'bad-checksum';

const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

const xorOf = (bytes: Uint8Array): number => bytes.reduce((x, b) => x ^ b, 0);
const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

function bytesOfHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(text)) return undefined;
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The frame a reader sends for `uid` (its length must be `format.uidBytes`: the simulator's and tests' job). */
export function encodeFrame(uid: Uint8Array, format: BadgeUidFormat): Uint8Array {
  const sum = format.checksum === 'xor' ? Uint8Array.of(xorOf(uid)) : new Uint8Array(0);
  const ascii = (text: string): Uint8Array => encoder.encode(text);
  switch (format.framing) {
    case 'stx-hex':
      return Uint8Array.of(STX, ...ascii(hexOf(uid) + hexOf(sum)), ETX);
    case 'stx-binary':
      return Uint8Array.of(STX, ...uid, ...sum, ETX);
    case 'hex-line':
      return Uint8Array.of(...ascii(hexOf(uid) + hexOf(sum)), CR);
  }
}

/** How many bytes a whole `stx-binary` frame has. */
export const binaryFrameLength = (format: BadgeUidFormat): number => 2 + format.uidBytes + (format.checksum === 'xor' ? 1 : 0);

/** The UID in what stands between the framing bytes (between STX and ETX, or a line without its terminator). */
export function decodePayload(payload: Uint8Array, format: BadgeUidFormat): Result<Uint8Array, BadgeFrameDefect> {
  let bytes: Uint8Array;
  if (format.framing === 'stx-binary') {
    bytes = payload;
  } else {
    const end = format.framing === 'stx-hex' && payload.at(-2) === CR && payload.at(-1) === LF ? payload.length - 2 : payload.length;
    const decoded = bytesOfHex(latin1.decode(payload.subarray(0, end)));
    if (decoded === undefined) return err('not-hex');
    bytes = decoded;
  }
  const sumBytes = format.checksum === 'xor' ? 1 : 0;
  if (bytes.length !== format.uidBytes + sumBytes) return err('bad-length');
  const uid = bytes.subarray(0, format.uidBytes);
  if (sumBytes === 1 && bytes[format.uidBytes] !== xorOf(uid)) return err('bad-checksum');
  return ok(uid.slice());
}

/** The bytes of `uid` that make the number, in the configured order. */
function numberBytesOf(uid: Uint8Array, format: BadgeUidFormat): Uint8Array {
  const used = format.numberBytes === 'last-4' ? uid.slice(-4) : uid.slice();
  return format.byteOrder === 'lsb-first' ? used.reverse() : used;
}

/** Decimal digits of the largest number of `n` bytes: 4 → 10, 5 → 13, 7 → 17. */
const decimalDigits = (n: number): number => (2n ** BigInt(8 * n) - 1n).toString().length;

/** The badge number of `uid` as the site's registers hold it. */
export function badgeNumber(uid: Uint8Array, format: BadgeUidFormat): string {
  const bytes = numberBytesOf(uid, format);
  if (format.output === 'hex') return hexOf(bytes);
  return BigInt(`0x${hexOf(bytes) || '0'}`).toString().padStart(decimalDigits(bytes.length), '0');
}

/**
 * A UID whose badge number is `number` (the simulator presents a person's badge so): the number's bytes in
 * the configured order, after `0x01` filler bytes for any UID bytes the number does not use. Undefined for a
 * number this format cannot produce.
 */
export function uidOfNumber(number: string, format: BadgeUidFormat): Uint8Array | undefined {
  const used = format.numberBytes === 'last-4' ? Math.min(4, format.uidBytes) : format.uidBytes;
  const valid = format.output === 'hex' ? new RegExp(`^[0-9A-F]{${2 * used}}$`).test(number) : /^[0-9]+$/.test(number) && number.length === decimalDigits(used);
  if (!valid) return undefined;
  const value = BigInt(format.output === 'hex' ? `0x${number}` : number);
  if (value >= 2n ** BigInt(8 * used)) return undefined;
  const bytes = bytesOfHex(value.toString(16).padStart(2 * used, '0')) ?? new Uint8Array(0);
  if (format.byteOrder === 'lsb-first') bytes.reverse();
  return Uint8Array.of(...new Array<number>(format.uidBytes - used).fill(0x01), ...bytes);
}

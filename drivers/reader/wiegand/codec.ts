/**
 * Wiegand card messages as serial Wiegand converters pass them on (docs/devices/wiegand.md). Bit layouts,
 * bit 1 sent first (the message's most significant bit here):
 *
 * 26-bit HID H10301 (docs/devices/wiegand.md §1):
 * | bits   | content                                        |
 * |--------|------------------------------------------------|
 * | 1      | even parity over bits 2–13                     |
 * | 2–9    | facility code, 8 bits (0–255)                  |
 * | 10–25  | card number, 16 bits (0–65535)                 |
 * | 26     | odd parity over bits 14–25                     |
 *
 * 34-bit (HID H10306) (docs/devices/wiegand.md §1):
 * | bits   | content                                        |
 * |--------|------------------------------------------------|
 * | 1      | even parity over bits 2–17                     |
 * | 2–17   | facility code, 16 bits                         |
 * | 18–33  | card number, 16 bits                           |
 * | 34     | odd parity over bits 18–33                     |
 *
 * Line encodings (docs/devices/wiegand.md §2), each line ended by CR, LF or CR LF:
 * - `data-hex`: the data bits only, parity already checked by the converter: 6 hex digits for 26-bit (the
 *   WIE232-A's `XXYYZZ<CR>`), 8 for 34-bit;
 * - `bits-hex`: the whole message, parity bits included, right-aligned: 7 hex digits for 26 bits, 9 for 34;
 * - `bits-binary`: the whole message as 26 or 34 characters `0`/`1`, bit 1 first.
 *
 * The number passed on (§3): `facility-card` as printed on fobs, facility and card zero-padded, `213,02000`
 * (26-bit: 3 + 5 digits; 34-bit: 5 + 5); `card-only` the 5-digit card number; `decimal` the data bits as
 * one 10-digit number (facility × 65536 + card), the number fobs print beside it and wedge readers type.
 */
import { err, ok, type Result } from '../../../src/result.js';

export type WiegandEncoding = 'data-hex' | 'bits-hex' | 'bits-binary';
export type WiegandNumber = 'facility-card' | 'card-only' | 'decimal';
export type WiegandBits = 26 | 34;

export interface WiegandCard {
  readonly bits: WiegandBits;
  readonly facility: number;
  readonly card: number;
}

export type WiegandDefect = 'bad-length' | 'not-wiegand' | 'bad-parity';

/** Facility bits per message length; the card is always 16 bits. */
const FACILITY_BITS: Readonly<Record<WiegandBits, number>> = { 26: 8, 34: 16 };

const ones = (n: bigint): number => n.toString(2).split('').filter((c) => c === '1').length;

/** The data bits (facility then card) of a card. */
const dataOf = (c: WiegandCard): bigint => (BigInt(c.facility) << 16n) | BigInt(c.card);

/** The whole message, parity bits included, as an integer whose bit `bits - 1` is bit 1. */
export function encodeMessage(c: WiegandCard): bigint {
  const half = BigInt((FACILITY_BITS[c.bits] + 16) / 2);
  const data = dataOf(c);
  const high = data >> half;
  const low = data & ((1n << half) - 1n);
  const even = BigInt(ones(high) % 2); // makes bit 1 and the high half even
  const odd = BigInt(1 - (ones(low) % 2)); // makes the low half and the last bit odd
  return (even << BigInt(c.bits - 1)) | (data << 1n) | odd;
}

/** A whole message of `bits` bits as a card, parity checked. */
export function decodeMessage(message: bigint, bits: WiegandBits): Result<WiegandCard, WiegandDefect> {
  if (message >> BigInt(bits) !== 0n) return err('bad-length');
  const data = (message >> 1n) & ((1n << BigInt(bits - 2)) - 1n);
  const card = { bits, facility: Number(data >> 16n), card: Number(data & 0xffffn) };
  return encodeMessage(card) === message ? ok(card) : err('bad-parity');
}

/** A converter's line, in `encoding`. */
export function encodeLine(c: WiegandCard, encoding: WiegandEncoding): string {
  switch (encoding) {
    case 'data-hex':
      return dataOf(c).toString(16).toUpperCase().padStart((FACILITY_BITS[c.bits] + 16) / 4, '0');
    case 'bits-hex':
      return encodeMessage(c).toString(16).toUpperCase().padStart(Math.ceil(c.bits / 4), '0');
    case 'bits-binary':
      return encodeMessage(c).toString(2).padStart(c.bits, '0');
  }
}

/** The message length a line of `length` characters carries in `encoding`. */
function bitsOfLine(length: number, encoding: WiegandEncoding): WiegandBits | undefined {
  const sizes: Readonly<Record<WiegandEncoding, readonly [number, number]>> = { 'data-hex': [6, 8], 'bits-hex': [7, 9], 'bits-binary': [26, 34] };
  const [short, long] = sizes[encoding];
  return length === short ? 26 : length === long ? 34 : undefined;
}

/** A converter's line as a card: the length tells 26 from 34 bits; parity checked where the line has it. */
export function decodeLine(line: string, encoding: WiegandEncoding): Result<WiegandCard, WiegandDefect> {
  if (!(encoding === 'bits-binary' ? /^[01]+$/ : /^[0-9A-Fa-f]+$/).test(line)) return err('not-wiegand');
  const bits = bitsOfLine(line.length, encoding);
  if (bits === undefined) return err('bad-length');
  const value = BigInt(encoding === 'bits-binary' ? `0b${line}` : `0x${line}`);
  if (encoding !== 'data-hex') return decodeMessage(value, bits);
  return ok({ bits, facility: Number(value >> 16n), card: Number(value & 0xffffn) });
}

/** The badge number of a card, as printed on the fob in the configured form. */
export function wiegandNumber(c: WiegandCard, form: WiegandNumber): string {
  const card = String(c.card).padStart(5, '0');
  switch (form) {
    case 'facility-card':
      return `${String(c.facility).padStart(c.bits === 26 ? 3 : 5, '0')},${card}`;
    case 'card-only':
      return card;
    case 'decimal':
      return dataOf(c).toString().padStart(10, '0');
  }
}

/**
 * The card whose number is `number` in `form` (the simulator presents a person's badge so): 26 bits while
 * the facility fits 8 bits, else 34. `card-only` numbers get facility 0. Undefined for a number no card has.
 */
export function cardOfNumber(number: string, form: WiegandNumber): WiegandCard | undefined {
  const match = { 'facility-card': /^(\d{3}|\d{5}),(\d{5})$/, 'card-only': /^()(\d{5})$/, decimal: /^(\d{10})$/ }[form].exec(number);
  if (match === null) return undefined;
  const [facility, card] = form === 'decimal' ? [Math.floor(Number(match[1]) / 65536), Number(match[1]) % 65536] : [Number(match[1] ?? 0), Number(match[2])];
  if (card > 0xffff || facility > 0xffff) return undefined;
  const bits: WiegandBits = facility > 0xff || (form === 'facility-card' && match[1]?.length === 5) ? 34 : 26;
  return { bits, facility, card };
}

/**
 * Modbus RTU "Read Discrete Inputs" (function 0x02), the one request the gate sends to a relay board's inputs
 * or a serial I/O module (docs/devices/modbus-rtu-inputs.md; Modbus Application Protocol Specification V1.1b3
 * §6.2, Modbus over Serial Line V1.02 §2.5.1 and §6.2.2 for the CRC; FreeModbus `mbfuncdisc.c`).
 *
 * Request, host → module, 8 bytes:
 * | offset | bytes                                  |
 * |--------|----------------------------------------|
 * | 0      | unit (slave address) 1 … 247           |
 * | 1      | 0x02                                   |
 * | 2–3    | first input address, big-endian 0 … 65535 |
 * | 4–5    | quantity of inputs, big-endian 1 … 2000 |
 * | 6–7    | CRC-16/MODBUS, low byte first          |
 * Response: unit, 0x02, byte count N = ceil(quantity / 8), N data bytes (input `first + i` is bit i % 8 of
 * byte i / 8, least significant bit first; 1 = ON = contact closed), CRC (2).
 * Exception: unit, 0x82, exception code, CRC (5 bytes).
 * e.g. unit 1, inputs 0–7: `01 02 00 00 00 08 79 CC`; answer "input 0 closed" `01 02 01 01 60 48`.
 */
import { err, ok, type Result } from '../../../src/result.js';

export const READ_DISCRETE_INPUTS = 0x02;
export const EXCEPTION_FLAG = 0x80;
export const REQUEST_LENGTH = 8;
export const EXCEPTION_LENGTH = 5;
export const MAX_UNIT = 247;
/** The most inputs one request may ask for (spec §6.2). */
export const MAX_QUANTITY = 2000;

/** CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001; sent low byte first. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** `body` followed by its CRC. */
export function withCrc(body: Uint8Array): Uint8Array {
  const crc = crc16(body);
  const frame = new Uint8Array(body.length + 2);
  frame.set(body);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

/** Whether the last two bytes of `frame` are the CRC of the rest. */
export function crcHolds(frame: Uint8Array): boolean {
  if (frame.length < 3) return false;
  const crc = crc16(frame.subarray(0, frame.length - 2));
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

export interface ReadInputs {
  readonly unit: number;
  readonly first: number;
  readonly quantity: number;
}

/** Data bytes a response to `quantity` inputs carries. */
export const dataBytes = (quantity: number): number => Math.ceil(quantity / 8);

/** Throws RangeError for a unit, address or quantity outside the spec (a caller bug: config allows only those). */
export function encodeReadInputs({ unit, first, quantity }: ReadInputs): Uint8Array {
  if (!Number.isInteger(unit) || unit < 1 || unit > MAX_UNIT) throw new RangeError(`Modbus unit must be 1…${MAX_UNIT}, got ${unit}`);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw new RangeError(`quantity must be 1…${MAX_QUANTITY}, got ${quantity}`);
  if (!Number.isInteger(first) || first < 0 || first + quantity > 0x10000) throw new RangeError(`inputs ${first}…${first + quantity - 1} are outside 0…65535`);
  return withCrc(Uint8Array.of(unit, READ_DISCRETE_INPUTS, first >>> 8, first & 0xff, quantity >>> 8, quantity & 0xff));
}

export type RequestDefect = 'bad-length' | 'bad-crc' | 'bad-function' | 'bad-quantity';

/** Decodes exactly one request (the simulator's side). */
export function decodeReadInputs(bytes: Uint8Array): Result<ReadInputs, RequestDefect> {
  if (bytes.length !== REQUEST_LENGTH) return err('bad-length');
  if (!crcHolds(bytes)) return err('bad-crc');
  const [unit = 0, fn, firstHi = 0, firstLo = 0, qHi = 0, qLo = 0] = bytes;
  if (fn !== READ_DISCRETE_INPUTS) return err('bad-function');
  const first = (firstHi << 8) | firstLo;
  const quantity = (qHi << 8) | qLo;
  if (quantity < 1 || quantity > MAX_QUANTITY || first + quantity > 0x10000) return err('bad-quantity');
  return ok({ unit, first, quantity });
}

/** The module's answer: `inputs[i]` true = input `first + i` ON (contact closed). */
export function encodeInputsResponse(unit: number, inputs: readonly boolean[]): Uint8Array {
  const data = new Uint8Array(dataBytes(inputs.length));
  inputs.forEach((on, i) => {
    if (on) data[i >> 3] = (data[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return withCrc(Uint8Array.of(unit, READ_DISCRETE_INPUTS, data.length, ...data));
}

/** Spec §7: 0x01 illegal function, 0x02 illegal data address, 0x03 illegal data value, 0x04 device failure. */
export function encodeException(unit: number, code: number): Uint8Array {
  return withCrc(Uint8Array.of(unit, READ_DISCRETE_INPUTS | EXCEPTION_FLAG, code & 0xff));
}

/** The `quantity` input bits of a response's data bytes, input `first` first. */
export function inputBits(data: Uint8Array, quantity: number): boolean[] {
  return Array.from({ length: quantity }, (_, i) => (((data[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
}

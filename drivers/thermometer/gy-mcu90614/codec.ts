/**
 * GY-MCU90614 UART protocol (docs/devices/gy-mcu90614.md §2; vendor text quoted in an as99shop Arduino
 * sketch, heef87/TemperatureDemo `SGY_MCU90614_TW.java`). 9600 8N1.
 *
 * Host → module, 3 bytes:
 * | offset | byte                         |
 * |--------|------------------------------|
 * | 0      | 0xA5                         |
 * | 1      | command (see `COMMANDS`)     |
 * | 2      | (0xA5 + command) & 0xFF      |
 *
 * Module → host, 9 bytes:
 * | offset | byte                                                        |
 * |--------|-------------------------------------------------------------|
 * | 0, 1   | 0x5A 0x5A header                                            |
 * | 2      | 0x45 "temperature data"                                     |
 * | 3      | 0x04 data length                                            |
 * | 4, 5   | TO, object temperature, int16 big-endian, centi-°C          |
 * | 6, 7   | TA, ambient temperature, int16 big-endian, centi-°C         |
 * | 8      | sum of bytes 0–7, low 8 bits                                |
 *
 * TO comes before TA as the vendor text says; one ESPHome UART component reads them swapped
 * (docs/devices/gy-mcu90614.md §2, pitfalls).
 */
import { err, ok, type Result } from '../../../src/result.js';

export const COMMAND_PREFIX = 0xa5;

/** Command byte per name. */
export const COMMANDS = {
  /** Stream frames at 14 Hz ("default auto output frequency: 14 Hz"). */
  continuous: 0x45,
  /** One frame per request; also leaves continuous mode. "The query frequency should be lower than 10 Hz." */
  query: 0x15,
  /** Baud rate changes take effect after a power cycle. */
  baud9600: 0xae,
  baud115200: 0xaf,
  autoOutputAtPowerOn: 0x51,
  noAutoOutputAtPowerOn: 0x52,
} as const;
export type CommandName = keyof typeof COMMANDS;

export const FRAME_LENGTH = 9;
/** Bytes 0–2 of every temperature frame. */
export const FRAME_HEADER = [0x5a, 0x5a, 0x45] as const;
const DATA_LENGTH = 0x04;

/** Degrees Celsius as the module reports them (resolution 0.01 °C). */
export interface Reading {
  readonly objectC: number;
  readonly ambientC: number;
}

/** Why 9 bytes are not a temperature frame. */
export type FrameDefect = 'bad-length' | 'bad-header' | 'bad-checksum';

/** `A5 <cmd> <sum>`, e.g. query → `A5 15 BA`, continuous → `A5 45 EA`. */
export function encodeCommand(name: CommandName): Uint8Array {
  const cmd = COMMANDS[name];
  return Uint8Array.of(COMMAND_PREFIX, cmd, (COMMAND_PREFIX + cmd) & 0xff);
}

/** The command named by 3 bytes, or undefined for anything else (wrong prefix, sum or unknown command). */
export function decodeCommand(bytes: Uint8Array): CommandName | undefined {
  if (bytes.length !== 3 || bytes[0] !== COMMAND_PREFIX || bytes[2] !== ((COMMAND_PREFIX + (bytes[1] ?? 0)) & 0xff)) return undefined;
  return (Object.keys(COMMANDS) as CommandName[]).find((name) => COMMANDS[name] === bytes[1]);
}

/** Low 8 bits of the sum of bytes 0–7 of `frame`. */
export function frameChecksum(frame: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < FRAME_LENGTH - 1; i++) sum += frame[i] ?? 0;
  return sum & 0xff;
}

/** Encodes a reading, rounded to 0.01 °C. Throws RangeError outside int16 centi-degrees (−327.68 … 327.67 °C): a caller bug. */
export function encodeFrame(reading: Reading): Uint8Array {
  const frame = new Uint8Array(FRAME_LENGTH);
  frame.set(FRAME_HEADER);
  frame[3] = DATA_LENGTH;
  const view = new DataView(frame.buffer);
  view.setInt16(4, centi(reading.objectC));
  view.setInt16(6, centi(reading.ambientC));
  frame[8] = frameChecksum(frame);
  return frame;
}

/** Decodes exactly one 9-byte frame. */
export function decodeFrame(bytes: Uint8Array): Result<Reading, FrameDefect> {
  if (bytes.length !== FRAME_LENGTH) return err('bad-length');
  if (bytes[0] !== FRAME_HEADER[0] || bytes[1] !== FRAME_HEADER[1] || bytes[2] !== FRAME_HEADER[2]) return err('bad-header');
  if (bytes[3] !== DATA_LENGTH) return err('bad-length');
  if (bytes[8] !== frameChecksum(bytes)) return err('bad-checksum');
  return ok({ objectC: int16(bytes[4], bytes[5]) / 100, ambientC: int16(bytes[6], bytes[7]) / 100 });
}

/** Big-endian two's complement; the shifts through bit 31 sign-extend. */
const int16 = (high = 0, low = 0): number => (((high << 8) | low) << 16) >> 16;

function centi(celsius: number): number {
  const raw = Math.round(celsius * 100);
  if (!(raw >= -0x8000 && raw <= 0x7fff)) throw new RangeError(`${celsius} °C does not fit a GY-MCU90614 frame`);
  return raw;
}

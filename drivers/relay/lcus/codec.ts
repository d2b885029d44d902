/**
 * LCUS-1/2/4/8 serial relay boards (CH340, 1A86:7523, 9600 8N1), docs/devices.md §5.1
 * (jarwyg/USB_RELAY README, doleron/esp8266-1-channel-relay-board-with-mqtt, MultiRoomAudio `LcusRelayBoard`).
 *
 * Host → board, 4 bytes; the board never answers (the `FF` status query differs between boards, so it is not used):
 * | offset | byte                          |
 * |--------|-------------------------------|
 * | 0      | 0xA0                          |
 * | 1      | channel 0x01 … 0x08           |
 * | 2      | 0x00 off, 0x01 on             |
 * | 3      | (0xA0 + channel + op) & 0xFF  |
 * e.g. channel 1 on `A0 01 01 A2`, off `A0 01 00 A1`.
 */
import { err, ok, type Result } from '../../../src/result.js';

export const COMMAND_PREFIX = 0xa0;
export const COMMAND_LENGTH = 4;
export const MAX_CHANNEL = 8;

export interface RelayCommand {
  /** 1 … 8 */
  readonly channel: number;
  readonly on: boolean;
}

export type RelayCommandDefect = 'bad-length' | 'bad-prefix' | 'bad-channel' | 'bad-op' | 'bad-checksum';

/** Throws RangeError for a channel outside 1 … 8 (a caller bug: config allows only those). */
export function encodeRelayCommand(command: RelayCommand): Uint8Array {
  const { channel, on } = command;
  if (!Number.isInteger(channel) || channel < 1 || channel > MAX_CHANNEL) {
    throw new RangeError(`LCUS relay channel must be 1…${MAX_CHANNEL}, got ${channel}`);
  }
  const op = on ? 1 : 0;
  return Uint8Array.of(COMMAND_PREFIX, channel, op, (COMMAND_PREFIX + channel + op) & 0xff);
}

/** Decodes exactly one 4-byte command. */
export function decodeRelayCommand(bytes: Uint8Array): Result<RelayCommand, RelayCommandDefect> {
  const [prefix, channel = 0, op = 0, sum] = bytes;
  if (bytes.length !== COMMAND_LENGTH) return err('bad-length');
  if (prefix !== COMMAND_PREFIX) return err('bad-prefix');
  if (channel < 1 || channel > MAX_CHANNEL) return err('bad-channel');
  if (op > 1) return err('bad-op');
  if (sum !== ((COMMAND_PREFIX + channel + op) & 0xff)) return err('bad-checksum');
  return ok({ channel, on: op === 1 });
}

/**
 * "USBRelayN" HID relay boards (DCTTech / V-USB firmware, usually 16C0:05DF; N = relay count in the product
 * string), docs/devices/hid-relay.md §2 (pavel-a/usb-relay-hid `lib/usb_relay_lib.c`, `commandline/hiddata_libusb01.c`;
 * darrylb123/usbrelay `libusbrelay.c`).
 *
 * Host → board: feature report 0 (the board numbers no reports), 8 data bytes after the report ID byte:
 * | offset | byte                                           |
 * |--------|------------------------------------------------|
 * | 0      | report ID 0x00                                 |
 * | 1      | 0xFF one relay on, 0xFD one relay off (0xFE / 0xFC all on / off, not used) |
 * | 2      | relay 1 … 8                                    |
 * | 3..8   | 0x00                                           |
 * e.g. relay 1 on `00 FF 01 00 00 00 00 00 00`, off `00 FD 01 00 00 00 00 00 00`.
 *
 * Board → host: feature report 0, read back: data bytes 0..4 the board's ID (5 printable ASCII characters, its
 * only serial number), byte 7 the relay states (bit 0 = relay 1, 1 = on). hidapi gives them after the report ID
 * byte (9 bytes, ID 0x00 first) or, on some Linux hidraw versions, without it (8 bytes): both are read.
 */
import { err, ok, type Result } from '../../../src/result.js';

export const FEATURE_REPORT_ID = 0x00;
/** With the report ID byte. */
export const COMMAND_LENGTH = 9;
export const MAX_RELAY = 8;
const ON = 0xff;
const OFF = 0xfd;
export const BOARD_ID_LENGTH = 5;
const STATE_AT = 7;

export interface RelaySwitch {
  /** 1 … 8 */
  readonly channel: number;
  readonly on: boolean;
}

/** Throws RangeError for a relay outside 1 … 8 (a caller bug: config allows only those). */
export function encodeSwitch({ channel, on }: RelaySwitch): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > MAX_RELAY) throw new RangeError(`USBRelay channel must be 1…${MAX_RELAY}, got ${channel}`);
  const report = new Uint8Array(COMMAND_LENGTH);
  report[0] = FEATURE_REPORT_ID;
  report[1] = on ? ON : OFF;
  report[2] = channel;
  return report;
}

export type SwitchDefect = 'bad-length' | 'bad-report-id' | 'bad-command' | 'bad-channel';

/** Decodes one feature report sent to the board (for the simulator); never throws. */
export function decodeSwitch(report: Uint8Array): Result<RelaySwitch, SwitchDefect> {
  if (report.length !== COMMAND_LENGTH) return err('bad-length');
  if (report[0] !== FEATURE_REPORT_ID) return err('bad-report-id');
  const command = report[1];
  if (command !== ON && command !== OFF) return err('bad-command');
  const channel = report[2] ?? 0;
  if (channel < 1 || channel > MAX_RELAY) return err('bad-channel');
  return ok({ channel, on: command === ON });
}

export interface BoardStatus {
  readonly boardId: string;
  /** Bit n−1 set: relay n is on. */
  readonly states: number;
}

const printable = (b: number): boolean => b > 0x20 && b < 0x7f;

/** The status feature report, with or without its report ID byte; `bad-status` for anything else. Never throws. */
export function decodeStatus(report: Uint8Array): Result<BoardStatus, 'bad-status'> {
  const data = report.length === COMMAND_LENGTH && report[0] === FEATURE_REPORT_ID ? report.subarray(1) : report;
  if (data.length !== COMMAND_LENGTH - 1) return err('bad-status');
  const id = data.subarray(0, BOARD_ID_LENGTH);
  if (!id.every(printable)) return err('bad-status');
  return ok({ boardId: String.fromCharCode(...id), states: data[STATE_AT] ?? 0 });
}

/** The status report a board sends (with its report ID byte), for the simulator. */
export function encodeStatus({ boardId, states }: BoardStatus): Uint8Array {
  if (!/^[!-~]{5}$/.test(boardId)) throw new RangeError(`a board ID is 5 printable ASCII characters, got ${JSON.stringify(boardId)}`);
  const report = new Uint8Array(COMMAND_LENGTH);
  report.set([...boardId].map((c) => c.charCodeAt(0)), 1);
  report[1 + STATE_AT] = states & 0xff;
  return report;
}

/**
 * HID POS barcode scanners (usage page 0x8C), Honeywell's scanned-data input report (docs/devices/hid-pos.md §2,
 * from the captures in HenkVanAsselt/python_hon_usbhid README and the parser of NielsLeenheer/WebHidBarcodeScanner).
 *
 * 64 bytes including the report ID, as hidapi (node-hid) delivers it:
 * | offset | meaning                                                                   |
 * |--------|---------------------------------------------------------------------------|
 * | 0      | report ID 0x02                                                            |
 * | 1      | number of valid data bytes in this report, 0 … 56                         |
 * | 2..4   | AIM symbology identifier (`]Q1`, `]X0`, `]Z6`); three 0x00 when none     |
 * | 5..60  | 56 data bytes, zero padded                                                |
 * | 61     | Honeywell Code ID (`s` 0x73 QR, `d` EAN-13, `j` Code 128, `w` Data Matrix) |
 * | 62     | 0                                                                         |
 * | 63     | 1 = more reports follow for this scan, 0 = last                           |
 * WebHID strips the report ID: every offset one less (layout `without-id`). A long code spans several reports,
 * concatenated until the flag is 0 (§3). Synthetic example, QR `http`: `02 04 5D 51 31 68 74 74 70`, 52 × `00`, `73 00 00`.
 *
 * Host → Honeywell (§4): the beep is output report 0xFD `03 16 07 0D` (the serial command `SYN BEL CR` after a
 * `FD 03` preamble) [single source]; after opening, feature report 0xFE `01` puts a Honeywell (VID 0x0C2E)
 * into HID mode [single source].
 */
import { err, ok, type Result } from '../../../src/result.js';

export const SCANNED_DATA_REPORT_ID = 0x02;
/** With the report ID. */
export const REPORT_LENGTH = 64;
export const DATA_BYTES = 56;
export const HID_POS_USAGE_PAGE = 0x8c;
export const HONEYWELL_VENDOR_ID = 0x0c2e;
/** Output report 0xFD, `03 16 07 0D` (docs/devices/hid-pos.md §4). */
export const HONEYWELL_BEEP = Uint8Array.of(0xfd, 0x03, 0x16, 0x07, 0x0d);
/** Feature report 0xFE, `01`: "Honeywell devices need to be put into HID mode" (docs/devices/hid-pos.md §4). */
export const HONEYWELL_HID_MODE = Uint8Array.of(0xfe, 0x01);

/** `with-id`: as hidapi/node-hid deliver reports (byte 0 the report ID); `without-id`: as WebHID does. */
export type ReportLayout = 'with-id' | 'without-id';

export interface PosReport {
  /** The AIM identifier (`]Q1`), or undefined when the scanner sent none (three zero bytes). */
  readonly symbology: string | undefined;
  /** This report's valid data bytes. */
  readonly data: Uint8Array;
  readonly codeId: number;
  readonly more: boolean;
}

export type ReportDefect = 'bad-length' | 'bad-report-id' | 'bad-count' | 'bad-symbology' | 'bad-flag';

const AIM_FIRST = 0x5d; // ']'
const printable = (b: number | undefined): boolean => b !== undefined && b > 0x20 && b < 0x7f;

/** Decodes exactly one report; never throws. */
export function decodeReport(report: Uint8Array, layout: ReportLayout = 'with-id'): Result<PosReport, ReportDefect> {
  const base = layout === 'with-id' ? 1 : 0;
  if (report.length !== REPORT_LENGTH - 1 + base) return err('bad-length');
  if (layout === 'with-id' && report[0] !== SCANNED_DATA_REPORT_ID) return err('bad-report-id');
  const at = (offset: number): number => report[base + offset] ?? 0; // offsets as WebHID numbers them
  const count = at(0);
  if (count > DATA_BYTES) return err('bad-count');
  const aim = [at(1), at(2), at(3)];
  let symbology: string | undefined;
  if (aim[0] === AIM_FIRST && printable(aim[1]) && printable(aim[2])) symbology = String.fromCharCode(...aim);
  else if (aim.some((b) => b !== 0)) return err('bad-symbology');
  const flag = at(62);
  if (flag > 1) return err('bad-flag');
  return ok({ symbology, data: report.slice(base + 4, base + 4 + count), codeId: at(60), more: flag === 1 });
}

/** One report (with its ID). Throws RangeError for more than 56 data bytes or a malformed AIM identifier (caller bugs). */
export function encodeReport(report: PosReport): Uint8Array {
  if (report.data.length > DATA_BYTES) throw new RangeError(`a report holds at most ${DATA_BYTES} data bytes, got ${report.data.length}`);
  const bytes = new Uint8Array(REPORT_LENGTH);
  bytes[0] = SCANNED_DATA_REPORT_ID;
  bytes[1] = report.data.length;
  if (report.symbology !== undefined) {
    if (!/^\][!-~]{2}$/.test(report.symbology)) throw new RangeError(`not an AIM identifier: ${report.symbology}`);
    bytes.set([...report.symbology].map((c) => c.charCodeAt(0)), 2);
  }
  bytes.set(report.data, 5);
  bytes[61] = report.codeId & 0xff;
  bytes[63] = report.more ? 1 : 0;
  return bytes;
}

export interface PosScan {
  readonly symbology: string | undefined;
  readonly data: Uint8Array;
  readonly codeId: number;
}

/** A whole scan as the scanner sends it: 56 bytes a report, the last with the flag 0; an empty scan is one report. */
export function encodeScan(scan: PosScan): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < scan.data.length; at += DATA_BYTES) {
    const data = scan.data.subarray(at, at + DATA_BYTES);
    reports.push(encodeReport({ symbology: scan.symbology, data, codeId: scan.codeId, more: at + DATA_BYTES < scan.data.length }));
  }
  return reports;
}

/** Honeywell Code IDs (byte 61) for the codes a gate reads (WebHidBarcodeScanner's table). */
export const HONEYWELL_CODE_ID = { qr: 0x73, ean13: 0x64, code128: 0x6a, dataMatrix: 0x77 } as const;

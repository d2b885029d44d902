/**
 * A link to one USB HID device, report by report: the node-hid binding (node-hid-transport.ts) on a gate,
 * or the in-memory pair of sim-transport.ts that simulators write reports into. Drivers take it in their
 * constructor and own it from then on (their `close()` closes it).
 *
 * Reports go with their report ID first, as hidapi has them: byte 0 is the report ID, 0x00 for a device
 * that numbers none of its reports (then the device sees only the bytes after it).
 */
import type { Failure, Result } from '../../src/result.js';

/** Which device to open: the first HID interface matching every field given. */
export interface HidSelector {
  readonly vendorId: number;
  readonly productId: number;
  /** The USB serial number string; any device of that vendor and product when absent. */
  readonly serialNumber?: string;
  /** The interface's top-level usage page (0x8C for a HID POS scanner); any interface when absent. */
  readonly usagePage?: number;
}

/** What the device said about itself when it was opened. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
  readonly product?: string;
  readonly usagePage?: number;
}

export interface HidTransport {
  readonly info: HidDeviceInfo;
  /**
   * Every input report (report ID first). Returns unsubscribe. Reports that arrive before the first listener
   * are held (bounded) and handed to it when it subscribes.
   */
  onReport(listener: (report: Uint8Array) => void): () => void;
  /** An output report (report ID first). Fails with `hid.closed` once the link is gone, `hid.io` when the device refuses it. */
  write(report: Uint8Array): Promise<Result<void, Failure>>;
  /** A feature report to the device (report ID first); failures as `write`. */
  sendFeatureReport(report: Uint8Array): Promise<Result<void, Failure>>;
  /** Reads feature report `reportId`, at most `length` bytes including the report ID byte. */
  getFeatureReport(reportId: number, length: number): Promise<Result<Uint8Array, Failure>>;
  /** Fires once when the link goes away (unplug, close()); failure undefined on a deliberate close. */
  onClose(listener: (reason: Failure | undefined) => void): () => void;
  /** Idempotent; resolves once the device is released. */
  close(): Promise<void>;
}

/** Opens a HID link; `hid.absent` when no such device is plugged in (shown as `offline`). */
export type OpenHid = () => Promise<Result<HidTransport, Failure>>;

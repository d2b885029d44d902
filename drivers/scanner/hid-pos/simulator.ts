import { ok, type Failure, type Result } from '../../../src/result.js';
import { SimHidDevice } from '../../hid/sim-transport.js';
import type { HidDeviceInfo } from '../../hid/transport.js';
import { Listeners } from '../../listeners.js';
import { monotonicNow } from '../../monotonic.js';
import type { ReaderSimulator, SimPerson } from '../../reader/reader.js';
import { type LinkFaults } from '../../sim/sim-link.js';
import { seededRandom } from '../../seeded-random.js';
import { encodeScan, HID_POS_USAGE_PAGE, HONEYWELL_BEEP, HONEYWELL_CODE_ID, HONEYWELL_HID_MODE, HONEYWELL_VENDOR_ID, type PosScan } from './codec.js';

/** A Honeywell Voyager 1400g, the scanner of the WebHID library's device list (docs/devices/hid-pos.md §1). */
export const SIM_HID_POS_DEVICE: HidDeviceInfo = { vendorId: HONEYWELL_VENDOR_ID, productId: 0x0b8f, serialNumber: 'SIM0001', product: 'Honeywell Scanning and Mobility', usagePage: HID_POS_USAGE_PAGE };

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The scanner side of a HID POS scanner, at the report level (docs/devices/hid-pos.md §5): writes each scan as
 * its 64-byte reports into a SimHidDevice, whose `open()` the driver's transport comes from; counts the beeps
 * and HID-mode reports the host sends (a Honeywell answers neither). Of the link faults, `silent` drops reports,
 * `truncateRate` cuts a report short and `garbleRate` flips one byte of it (seeded by `seed`); the others are
 * byte-stream faults USB does not have (a report arrives whole, with no checksum to break).
 */
export class HidPosSimulator implements ReaderSimulator {
  static open(info: HidDeviceInfo = SIM_HID_POS_DEVICE): Promise<Result<HidPosSimulator, Failure>> {
    return Promise.resolve(ok(new HidPosSimulator(new SimHidDevice(info))));
  }

  readonly #written = new Listeners<[Uint8Array, number]>();
  readonly #encoder = new TextEncoder();
  #faults: LinkFaults = {};
  #random = seededRandom(1);
  #beeps = 0;
  #hidModeReports = 0;

  private constructor(readonly device: SimHidDevice) {
    device.handle({
      output: (report) => {
        if (same(report, HONEYWELL_BEEP)) this.#beeps += 1;
        return ok(undefined);
      },
      setFeature: (report) => {
        if (same(report, HONEYWELL_HID_MODE)) this.#hidModeReports += 1;
        return ok(undefined);
      },
    });
  }

  /** The person's ID number as a Code 128 barcode (`]C0`), as printed on a slip. */
  present(person: SimPerson): Promise<void> {
    return this.scan({ symbology: ']C0', data: this.#encoder.encode(person.idNumber), codeId: HONEYWELL_CODE_ID.code128 });
  }

  /** A QR code of `text` (`]Q1`, Code ID `s`). */
  scanQr(text: string): Promise<void> {
    return this.scan({ symbology: ']Q1', data: this.#encoder.encode(text), codeId: HONEYWELL_CODE_ID.qr });
  }

  /** Every report of the scan, in order; `onReadWritten` after the last. */
  scan(scan: PosScan): Promise<void> {
    const reports = encodeScan(scan);
    reports.forEach((r, i) => this.#send(r, i === reports.length - 1));
    return Promise.resolve();
  }

  setFaults(faults: LinkFaults): void {
    if (faults.seed !== undefined && faults.seed !== this.#faults.seed) this.#random = seededRandom(faults.seed);
    this.#faults = faults;
  }

  /** `bytes` as one input report, as they are. */
  injectRaw(bytes: Uint8Array): Promise<void> {
    this.device.sendReport(bytes);
    return Promise.resolve();
  }

  onReadWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#written.add(listener);
  }

  /** Beep output reports received (`FD 03 16 07 0D`). */
  beeps(): number {
    return this.#beeps;
  }

  /** HID-mode feature reports received (`FE 01`). */
  hidModeReports(): number {
    return this.#hidModeReports;
  }

  close(): Promise<void> {
    this.device.unplug();
    return Promise.resolve();
  }

  #send(report: Uint8Array, last: boolean): void {
    if (this.#faults.silent === true) return;
    let bytes = report;
    if (this.#random() < (this.#faults.truncateRate ?? 0)) bytes = bytes.slice(0, Math.floor(this.#random() * bytes.length));
    else if (this.#random() < (this.#faults.garbleRate ?? 0)) {
      bytes = bytes.slice();
      const at = Math.floor(this.#random() * bytes.length);
      bytes[at] = (bytes[at] ?? 0) ^ (1 + Math.floor(this.#random() * 255));
    }
    const at = monotonicNow();
    this.device.sendReport(bytes);
    if (last) this.#written.emit(bytes, at);
  }
}

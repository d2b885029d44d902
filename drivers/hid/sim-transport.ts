/**
 * A simulated HID device, in memory, at the report level: the device side (what a simulator drives) and
 * `open()`, which gives the host side as the same HidTransport the real driver gets from node-hid. The
 * simulator writes input reports with `sendReport`; the host's output and feature reports reach the handlers
 * the simulator set. `unplug()` ends every open link (`hid.disconnected`) and makes opens fail with
 * `hid.absent` until `replug()`, as a device pulled out of its socket and put back.
 */
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeHid } from './node-hid-transport.js';
import { ReportLink } from './report-link.js';
import type { HidDeviceInfo, HidTransport } from './transport.js';

/** How the simulated device answers the host. Each runs synchronously; a `hid.io` failure is the device refusing. */
export interface SimHidHandlers {
  readonly output?: (report: Uint8Array) => Result<void, Failure>;
  readonly setFeature?: (report: Uint8Array) => Result<void, Failure>;
  readonly getFeature?: (reportId: number, length: number) => Result<Uint8Array, Failure>;
}

const refused = (what: string): Result<never, Failure> => err(failure('hid.io', `the simulated device has no ${what}`));

export class SimHidDevice {
  readonly #links = new Set<SimHidLink>();
  #plugged = true;
  #handlers: SimHidHandlers = {};

  constructor(readonly info: HidDeviceInfo) {}

  /** Sets how the device answers the host's reports. */
  handle(handlers: SimHidHandlers): void {
    this.#handlers = handlers;
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  /** Links open now (0 or 1 on a gate: the supervisor opens one at a time). */
  get openLinks(): number {
    return this.#links.size;
  }

  /** The host side, as node-hid would give it; `hid.absent` while unplugged. */
  open(): Promise<Result<HidTransport, Failure>> {
    if (!this.#plugged) return Promise.resolve(err(failure('hid.absent', `no HID device ${describeHid(this.info)}: unplugged`)));
    const link = new SimHidLink(this, () => this.#links.delete(link));
    this.#links.add(link);
    return Promise.resolve(ok(link));
  }

  /** An input report to every open link (report ID first), delivered asynchronously as a USB interrupt transfer is. */
  sendReport(report: Uint8Array): void {
    const copy = report.slice();
    for (const link of this.#links) queueMicrotask(() => link.receive(copy));
  }

  unplug(): void {
    this.#plugged = false;
    for (const link of [...this.#links]) link.lose(failure('hid.disconnected', `${describeHid(this.info)} was unplugged`));
  }

  replug(): void {
    this.#plugged = true;
  }

  /** For the link: the handlers as set when the host's report arrives. */
  handlers(): SimHidHandlers {
    return this.#handlers;
  }
}

class SimHidLink implements HidTransport {
  readonly #link: ReportLink;
  readonly info: HidDeviceInfo;

  constructor(
    private readonly device: SimHidDevice,
    private readonly released: () => void,
  ) {
    this.info = device.info;
    this.#link = new ReportLink(describeHid(device.info));
  }

  receive(report: Uint8Array): void {
    this.#link.deliver(report);
  }

  lose(reason: Failure): void {
    this.released();
    this.#link.end(reason);
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.#link.onReport(listener);
  }

  onClose(listener: (reason: Failure | undefined) => void): () => void {
    return this.#link.onClose(listener);
  }

  write(report: Uint8Array): Promise<Result<void, Failure>> {
    return this.#command(() => this.device.handlers().output?.(report.slice()) ?? refused('output report'));
  }

  sendFeatureReport(report: Uint8Array): Promise<Result<void, Failure>> {
    return this.#command(() => this.device.handlers().setFeature?.(report.slice()) ?? refused('feature report to set'));
  }

  getFeatureReport(reportId: number, length: number): Promise<Result<Uint8Array, Failure>> {
    return this.#command(() => this.device.handlers().getFeature?.(reportId, length) ?? refused('feature report to get'));
  }

  close(): Promise<void> {
    this.released();
    this.#link.end(undefined);
    return Promise.resolve();
  }

  #command<T>(run: () => Result<T, Failure>): Promise<Result<T, Failure>> {
    return Promise.resolve(this.#link.ended ? this.#link.closedFailure<T>() : run());
  }
}

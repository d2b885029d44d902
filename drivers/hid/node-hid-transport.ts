/**
 * A HID device through node-hid (hidapi; Linux `hidraw` by default), loaded on first use by dynamic import, so
 * a gate with no HID device configured never loads the native binding, and a missing binding or libusb is a
 * failure with a code, never a crash. Access needs a udev rule (docs/devices/hid-pos.md §udev).
 */
import type * as NodeHidModule from 'node-hid';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { ReportLink } from './report-link.js';
import type { HidDeviceInfo, HidSelector, HidTransport } from './transport.js';

type NodeHid = typeof NodeHidModule;
type HidAsync = Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;

let binding: Promise<Result<NodeHid, Failure>> | undefined;

/** node-hid, loaded once; `hid.unavailable` when it (or the libusb-1.0 it links) cannot be loaded. */
export function loadNodeHid(load: () => Promise<NodeHid> = () => import('node-hid')): Promise<Result<NodeHid, Failure>> {
  binding ??= load().then(
    (m) => ok(m),
    (e: unknown) => {
      binding = undefined; // a later attempt may find it (the package installed meanwhile)
      return err(failure('hid.unavailable', `node-hid cannot be loaded (it needs libusb-1.0-0): ${e instanceof Error ? e.message : String(e)}`));
    },
  );
  return binding;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** How a selector is named in messages and the device status: `hid:0c2e:0b8f[:serial]`. */
export const describeHid = (s: Pick<HidSelector, 'vendorId' | 'productId' | 'serialNumber'>): string =>
  `hid:${hex4(s.vendorId)}:${hex4(s.productId)}${s.serialNumber === undefined ? '' : `:${s.serialNumber}`}`;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Opens the first HID interface matching `selector`. `hid.absent` when none is plugged in, `hid.open-failed`
 * when one is there but cannot be opened (permissions: the udev rule), `hid.unavailable` without node-hid.
 */
export async function openNodeHidTransport(selector: HidSelector, load?: () => Promise<NodeHid>): Promise<Result<HidTransport, Failure>> {
  const hid = await loadNodeHid(load);
  if (!hid.ok) return hid;
  const name = describeHid(selector);
  let found;
  try {
    found = (await hid.value.devicesAsync(selector.vendorId, selector.productId)).find(
      (d) => d.path !== undefined && (selector.serialNumber === undefined || d.serialNumber === selector.serialNumber) && (selector.usagePage === undefined || d.usagePage === selector.usagePage),
    );
  } catch (e) {
    return err(failure('hid.unavailable', `cannot list HID devices: ${message(e)}`));
  }
  if (found?.path === undefined) return err(failure('hid.absent', `no HID device ${name}${selector.usagePage === undefined ? '' : ` with usage page 0x${selector.usagePage.toString(16)}`}: not plugged in, or the ids are wrong`));
  try {
    const device = await hid.value.HIDAsync.open(found.path);
    const info: HidDeviceInfo = {
      vendorId: found.vendorId,
      productId: found.productId,
      ...(found.serialNumber === undefined ? {} : { serialNumber: found.serialNumber }),
      ...(found.product === undefined ? {} : { product: found.product }),
      ...(found.usagePage === undefined ? {} : { usagePage: found.usagePage }),
    };
    return ok(new NodeHidTransport(device, info, name));
  } catch (e) {
    return err(failure('hid.open-failed', `cannot open ${name} at ${found.path} (a udev rule for hidraw access, docs/devices/hid-pos.md): ${message(e)}`));
  }
}

class NodeHidTransport implements HidTransport {
  readonly #link: ReportLink;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly device: HidAsync,
    readonly info: HidDeviceInfo,
    private readonly name: string,
  ) {
    this.#link = new ReportLink(name);
    device.on('data', (data: Buffer) => this.#link.deliver(new Uint8Array(data)));
    // hidapi reports an unplug as a read error; the handle is useless from then on.
    device.on('error', (e: unknown) => {
      this.#link.end(failure('hid.disconnected', `${name}: ${message(e)}`));
      void this.close();
    });
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.#link.onReport(listener);
  }

  onClose(listener: (reason: Failure | undefined) => void): () => void {
    return this.#link.onClose(listener);
  }

  write(report: Uint8Array): Promise<Result<void, Failure>> {
    return this.#command('write', () => this.device.write(Buffer.from(report)));
  }

  sendFeatureReport(report: Uint8Array): Promise<Result<void, Failure>> {
    return this.#command('send a feature report', () => this.device.sendFeatureReport(Buffer.from(report)));
  }

  async getFeatureReport(reportId: number, length: number): Promise<Result<Uint8Array, Failure>> {
    if (this.#link.ended) return this.#link.closedFailure();
    try {
      return ok(new Uint8Array(await this.device.getFeatureReport(reportId, length)));
    } catch (e) {
      return err(failure('hid.io', `${this.name}: cannot read feature report ${reportId}: ${message(e)}`));
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#link.end(undefined);
      await this.device.close().catch(() => undefined); // already gone with the device: nothing left to release
    })();
    return this.#closing;
  }

  async #command(what: string, run: () => Promise<number>): Promise<Result<void, Failure>> {
    if (this.#link.ended) return this.#link.closedFailure();
    try {
      await run();
      return ok(undefined);
    } catch (e) {
      return err(failure('hid.io', `${this.name}: cannot ${what}: ${message(e)}`));
    }
  }
}

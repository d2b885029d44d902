/**
 * Reads serial ports and USB devices straight from sysfs, as pyserial's `list_ports_linux` does, so discovery
 * needs neither udev nor `udevadm`. Every path is below an injectable root (tests build a fake tree of real
 * files and symlinks). Nothing here throws: an entry that cannot be read is reported through `skip` and left
 * out; a folder that is simply not there (no USB bus, no by-id links) is nothing to report.
 *
 * Layout relied on (Linux `Documentation/ABI/testing/sysfs-class-tty`, `sysfs-bus-usb`; observed on 6.x):
 * - `<sys>/class/tty/<tty>/device` is a symlink to the port's device; virtual terminals (`tty0`, `ptmx`,
 *   ptys) have none and are not serial devices.
 * - `<sys>/class/tty/<tty>/type` is the serial core's UART type; 0 (PORT_UNKNOWN) is an 8250 slot with no
 *   UART behind it (the phantom `ttyS1…ttyS31` every PC lists): hidden.
 * - The USB device is the nearest ancestor of the port's device holding `idVendor` (`ttyUSB0` sits under its
 *   usb-serial port under the interface `1-1:1.0` under the device `1-1`; `ttyACM0` under the interface),
 *   with `idProduct`, `manufacturer`, `product`, `serial` beside it.
 * - The kernel driver is the `driver` link of the port's device or the nearest ancestor below the USB device,
 *   passing over the serial core's own `serial-base` layer (kernel ≥ 6.5: drivers `port`, `ctrl`).
 * - `<sys>/bus/usb/devices/*` links to every USB device (and interface; those have no `idVendor`).
 */
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';

export interface UsbFacts {
  /** The sysfs name of the USB device, e.g. `1-1.2` (bus 1, port 1.2). */
  readonly device: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly manufacturer?: string;
  readonly product?: string;
  readonly serial?: string;
}

export interface TtyFacts {
  /** e.g. `ttyUSB0`. */
  readonly tty: string;
  readonly usb?: UsbFacts;
  readonly driver?: string;
}

/** Called for each entry left out because it could not be read. */
export type Skip = (path: string, reason: string) => void;

/** How far up from a port's device the USB device may be (usb-serial port → interface → device is 2). */
const MAX_USB_DEPTH = 4;

export const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const isMissing = (e: unknown): boolean => e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');

/** Settles an fs promise as a value: the result, or the error it failed with. */
export const settled = <T>(op: Promise<T>): Promise<{ value: T } | { error: unknown }> =>
  op.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/** A sysfs attribute's first line, trimmed; undefined when absent, unreadable or empty. */
async function attribute(dir: string, name: string): Promise<string | undefined> {
  const read = await settled(readFile(join(dir, name), 'utf8'));
  if ('error' in read) return undefined;
  const line = read.value.split('\n')[0]?.trim() ?? '';
  return line === '' ? undefined : line;
}

/** The basename of a symlink's target; undefined when there is no such link. */
async function linkName(path: string): Promise<string | undefined> {
  const target = await settled(readlink(path));
  return 'error' in target ? undefined : basename(target.value);
}

/** Names in a folder, sorted; [] when it is not there, undefined (and skipped) when it cannot be read. */
export async function entriesOf(dir: string, skip: Skip): Promise<string[] | undefined> {
  const listed = await settled(readdir(dir));
  if ('value' in listed) return listed.value.sort();
  if (isMissing(listed.error)) return [];
  skip(dir, why(listed.error));
  return undefined;
}

const within = (path: string, root: string): boolean => path === root || path.startsWith(root + sep);

async function usbFactsOf(dir: string): Promise<UsbFacts | undefined> {
  const [vendorId, productId, manufacturer, product, serial] = await Promise.all(
    ['idVendor', 'idProduct', 'manufacturer', 'product', 'serial'].map((name) => attribute(dir, name)),
  );
  if (vendorId === undefined || productId === undefined) return undefined;
  return {
    device: basename(dir),
    vendorId: vendorId.toLowerCase(),
    productId: productId.toLowerCase(),
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(product === undefined ? {} : { product }),
    ...(serial === undefined ? {} : { serial }),
  };
}

/** The port's device and its ancestors, nearest first, up to MAX_USB_DEPTH levels and never above `root`. */
function ancestry(device: string, root: string): string[] {
  const chain: string[] = [];
  for (let dir = device; chain.length <= MAX_USB_DEPTH && within(dir, root) && dir !== root; dir = dirname(dir)) chain.push(dir);
  return chain;
}

async function ttyFactsOf(tty: string, device: string, root: string): Promise<TtyFacts> {
  const chain = ancestry(device, root);
  let usb: UsbFacts | undefined;
  let usbAt = chain.length;
  for (const [i, dir] of chain.entries()) {
    usb = await usbFactsOf(dir);
    if (usb !== undefined) {
      usbAt = i;
      break;
    }
  }
  let driver: string | undefined;
  for (const dir of chain.slice(0, usbAt)) {
    if ((await linkName(join(dir, 'subsystem'))) === 'serial-base') continue;
    driver = await linkName(join(dir, 'driver'));
    if (driver !== undefined) break;
  }
  return { tty, ...(usb === undefined ? {} : { usb }), ...(driver === undefined ? {} : { driver }) };
}

/** Every hardware tty under `<sysfsRoot>/class/tty`, with what sysfs says about it. */
export async function scanTtys(sysfsRoot: string, skip: Skip): Promise<TtyFacts[]> {
  const classDir = join(sysfsRoot, 'class', 'tty');
  const names = await entriesOf(classDir, skip);
  if (names === undefined || names.length === 0) return [];
  const root = await settled(realpath(sysfsRoot));
  if ('error' in root) {
    skip(sysfsRoot, why(root.error));
    return [];
  }
  const found: TtyFacts[] = [];
  for (const tty of names) {
    const link = join(classDir, tty, 'device');
    const present = await settled(lstat(link));
    if ('error' in present) {
      if (!isMissing(present.error)) skip(link, why(present.error));
      continue; // a virtual terminal, or a pty: not a serial device
    }
    const device = await settled(realpath(link));
    if ('error' in device) {
      skip(link, why(device.error));
      continue;
    }
    if ((await attribute(join(classDir, tty), 'type')) === '0') continue; // PORT_UNKNOWN: no UART in this slot
    found.push(await ttyFactsOf(tty, device.value, root.value));
  }
  return found;
}

/** Every USB device under `<sysfsRoot>/bus/usb/devices` (interfaces and hubs without ids left out). */
export async function scanUsbDevices(sysfsRoot: string, skip: Skip): Promise<UsbFacts[]> {
  const dir = join(sysfsRoot, 'bus', 'usb', 'devices');
  const names = (await entriesOf(dir, skip)) ?? [];
  const found: UsbFacts[] = [];
  for (const name of names) {
    if (name.includes(':')) continue; // an interface (`1-1:1.0`)
    const device = await settled(realpath(join(dir, name)));
    if ('error' in device) {
      skip(join(dir, name), why(device.error));
      continue;
    }
    const facts = await usbFactsOf(device.value);
    if (facts !== undefined) found.push(facts);
  }
  return found;
}

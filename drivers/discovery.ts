import { access, constants } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import { SerialPort } from 'serialport';
import { matchFingerprints, type FingerprintResult } from '../src/devices/fingerprint.js';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { byIdLinks } from './discovery/by-id.js';
import { scanTtys, scanUsbDevices, type TtyFacts, type UsbFacts } from './discovery/sysfs.js';

/** path, manufacturer, serialNumber, pnpId (the `/dev/serial/by-id/` name), vendorId, productId … */
export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export type DiscoveryFailureCode = 'discovery.no-udevadm' | 'discovery.failed';

/** Where discovery looks; tests and diagnostics point it at a copy (`gate devices --sysfs DIR --dev DIR`). */
export interface DiscoveryRoots {
  readonly sysfs: string;
  readonly dev: string;
}

export const SYSTEM_ROOTS: DiscoveryRoots = { sysfs: '/sys', dev: '/dev' };

export interface FoundPort {
  /** The path to configure: its by-id link when it has one (survives re-plugging), else `devPath`. */
  readonly path: string;
  /** e.g. `ttyUSB0`. */
  readonly tty: string;
  /** `<dev>/<tty>`: changes between boots and plug orders. */
  readonly devPath: string;
  /** Every by-id link to it, sorted. */
  readonly byId: readonly string[];
  readonly usb?: UsbFacts;
  readonly driver?: string;
  /** `sysfs`, or `serialport` for a port only `SerialPort.list()` (udev) knew. */
  readonly source: 'sysfs' | 'serialport';
  readonly fingerprint: FingerprintResult;
}

/** A USB device a fingerprint knows that is not a serial port (a SAM reader in HID/bulk mode, a HID relay). */
export interface FoundNotSerial {
  readonly usb: UsbFacts;
  readonly fingerprint: string;
  readonly label: string;
  readonly why: string;
}

export interface SkippedEntry {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveryReport {
  readonly ports: readonly FoundPort[];
  readonly notSerial: readonly FoundNotSerial[];
  /** Entries left out because they could not be read (a broken by-id link, an unreadable folder). */
  readonly skipped: readonly SkippedEntry[];
  /** Whether `SerialPort.list()` added to the scan: `not-asked`, `used`, or why not. */
  readonly serialportList: 'not-asked' | 'used' | DiscoveryFailureCode;
}

export interface DiscoveryOptions {
  readonly roots?: DiscoveryRoots;
  /** Also ask `SerialPort.list()` (only where udevadm is on PATH). Default: when looking at the system roots. */
  readonly serialportList?: boolean;
}

/**
 * Finds the serial ports and known USB devices from sysfs and `/dev/serial/by-id` (drivers/discovery/), and
 * matches each against the fingerprint table (src/devices/fingerprint.ts). Needs no udev; never throws.
 */
export async function discoverDevices(options: DiscoveryOptions = {}): Promise<DiscoveryReport> {
  const roots = options.roots ?? SYSTEM_ROOTS;
  const skipped: SkippedEntry[] = [];
  const skip = (path: string, reason: string): void => {
    skipped.push({ path, reason });
  };
  const [ttys, links, usbDevices] = await Promise.all([scanTtys(roots.sysfs, skip), byIdLinks(roots.dev, skip), scanUsbDevices(roots.sysfs, skip)]);
  const ports = ttys.map((t) => foundPort(t, join(roots.dev, t.tty), links.get(t.tty) ?? [], 'sysfs'));

  let serialportList: DiscoveryReport['serialportList'] = 'not-asked';
  if (options.serialportList ?? roots === SYSTEM_ROOTS) {
    const listed = await listSerialPorts();
    serialportList = listed.ok ? 'used' : listed.error.code;
    if (listed.ok) ports.push(...portsOnlyListed(ports, listed.value));
    else if (listed.error.code === 'discovery.failed') skip('SerialPort.list()', listed.error.message);
  }

  const withTty = new Set(ports.map((p) => p.usb?.device));
  const notSerial = usbDevices.flatMap((usb): FoundNotSerial[] => {
    const known = withTty.has(usb.device) ? undefined : matchFingerprints(usb).notSerial;
    return known === undefined ? [] : [{ usb, fingerprint: known.fingerprint, label: known.label, why: known.why }];
  });
  return { ports, notSerial, skipped, serialportList };
}

function foundPort(tty: TtyFacts, devPath: string, byId: readonly string[], source: FoundPort['source']): FoundPort {
  const sorted = [...byId].sort();
  const fingerprint = matchFingerprints({ ...tty.usb, driver: tty.driver, byIdNames: sorted.map((p) => basename(p)) });
  return {
    path: sorted[0] ?? devPath,
    tty: tty.tty,
    devPath,
    byId: sorted,
    ...(tty.usb === undefined ? {} : { usb: tty.usb }),
    ...(tty.driver === undefined ? {} : { driver: tty.driver }),
    source,
    fingerprint,
  };
}

/** The ports udev knows that the sysfs scan did not find (none, normally), as found ports. */
export function portsOnlyListed(found: readonly FoundPort[], listed: readonly PortInfo[]): FoundPort[] {
  const known = new Set(found.map((p) => p.devPath));
  return listed
    .filter((info) => !known.has(info.path))
    .map((info) => {
      const usb =
        info.vendorId === undefined || info.productId === undefined
          ? undefined
          : { device: info.locationId ?? '', vendorId: info.vendorId.toLowerCase(), productId: info.productId.toLowerCase(), ...(info.manufacturer === undefined ? {} : { manufacturer: info.manufacturer }), ...(info.serialNumber === undefined ? {} : { serial: info.serialNumber }) };
      const byId = info.pnpId === undefined ? [] : [join(SYSTEM_ROOTS.dev, 'serial', 'by-id', info.pnpId)];
      return foundPort({ tty: basename(info.path), ...(usb === undefined ? {} : { usb }) }, info.path, byId, 'serialport');
    });
}

/**
 * Lists serial ports through `SerialPort.list()`: an optional extra to the sysfs scan, where udev is there.
 * On Linux it spawns `udevadm info -e` (@serialport/bindings-cpp `linux-list.js`). Without udevadm (minimal
 * containers) older releases crashed the process on the spawn error (tessel/t2-cli#1080, "spawn udevadm
 * ENOENT"); 13.0.0 rejects instead. Checking PATH first gives one clear failure either way.
 */
export async function listSerialPorts(): Promise<Result<PortInfo[], Failure<DiscoveryFailureCode>>> {
  if (process.platform === 'linux' && !(await onPath('udevadm'))) {
    return err(failure('discovery.no-udevadm', 'udevadm is not on PATH, so ports cannot be listed; install udev or configure device paths'));
  }
  try {
    return ok(await SerialPort.list());
  } catch (e) {
    return err(failure('discovery.failed', `listing serial ports failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const found = await access(join(dir, command), constants.X_OK).then(
      () => true,
      () => false,
    );
    if (found) return true;
  }
  return false;
}

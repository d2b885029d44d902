/**
 * A fake `/sys` and `/dev` of real files and symlinks, laid out as Linux 6.x lays them out, for discovery tests:
 * - ttyUSB0: a CH340 (1a86:7523, product "USB Serial", no manufacturer), driver ch341-uart, by-id link;
 * - ttyUSB1: an FTDI FT232R (0403:6001, "FTDI" / "FT232R USB UART", serial A50285BI), driver ftdi_sio, by-id link;
 * - ttyACM0: a Honeywell scanner in USB COM mode (0c2e:0b8f), driver cdc_acm, no by-id link;
 * - ttyS0: a PC's built-in UART (pnp, serial-base layer, type 4), no USB parent;
 * - ttyS1: a phantom 8250 slot (type 0), tty0: a virtual terminal (no device link): both not listed;
 * - ttyUSB9: a class entry whose device link is broken; by-id `usb-gone-if00-port0` pointing at nothing;
 * - 1-4: a SAM ID-card reader in USB mode (0400:c35a) with no tty.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface FakeRoots {
  readonly sysfs: string;
  readonly dev: string;
}

export const FAKE = {
  ch340ById: 'usb-1a86_USB_Serial-if00-port0',
  ftdiById: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
  brokenById: 'usb-gone-if00-port0',
} as const;

function file(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${text}\n`);
}

/** A relative symlink at `path` to `target`, as sysfs and udev make them. */
function link(path: string, target: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}

interface UsbDevice {
  readonly name: string;
  readonly ids: readonly [string, string];
  readonly strings?: { manufacturer?: string; product?: string; serial?: string };
}

export function buildFakeSystem(dir: string): FakeRoots {
  const sysfs = join(dir, 'sys');
  const dev = join(dir, 'dev');
  const usbBus = join(sysfs, 'devices', 'pci0000:00', '0000:00:14.0', 'usb1');
  const drivers = (bus: string, name: string): string => {
    const d = join(sysfs, 'bus', bus, 'drivers', name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const subsystem = (name: string): string => {
    const d = join(sysfs, 'bus', name);
    mkdirSync(d, { recursive: true });
    return d;
  };

  const usbDevice = ({ name, ids, strings = {} }: UsbDevice): string => {
    const d = join(usbBus, name);
    file(join(d, 'idVendor'), ids[0]);
    file(join(d, 'idProduct'), ids[1]);
    for (const [key, value] of Object.entries(strings)) file(join(d, key), value);
    link(join(d, 'driver'), drivers('usb', 'usb'));
    link(join(sysfs, 'bus', 'usb', 'devices', name), d);
    return d;
  };
  const iface = (device: string, driver: string): string => {
    const d = `${device}/${device.split('/').pop() ?? ''}:1.0`;
    link(join(d, 'driver'), drivers('usb', driver));
    link(join(sysfs, 'bus', 'usb', 'devices', d.split('/').pop() ?? ''), d);
    return d;
  };
  /** `<sys>/class/tty/<tty>` → `<device>/tty/<tty>`, whose `device` links back to `device`. */
  const ttyOf = (tty: string, device: string): void => {
    const classDevice = join(device, 'tty', tty);
    mkdirSync(classDevice, { recursive: true });
    link(join(classDevice, 'device'), device);
    link(join(sysfs, 'class', 'tty', tty), classDevice);
    file(join(dev, tty), '');
  };

  // CH340 behind usb-serial: device 1-1 → interface 1-1:1.0 (ch341) → port ttyUSB0 (ch341-uart).
  const ch340 = iface(usbDevice({ name: '1-1', ids: ['1a86', '7523'], strings: { product: 'USB Serial' } }), 'ch341');
  const ch340Port = join(ch340, 'ttyUSB0');
  link(join(ch340Port, 'driver'), drivers('usb-serial', 'ch341-uart'));
  ttyOf('ttyUSB0', ch340Port);
  link(join(dev, 'serial', 'by-id', FAKE.ch340ById), join(dev, 'ttyUSB0'));

  const ftdi = iface(usbDevice({ name: '1-2', ids: ['0403', '6001'], strings: { manufacturer: 'FTDI', product: 'FT232R USB UART', serial: 'A50285BI' } }), 'ftdi_sio');
  const ftdiPort = join(ftdi, 'ttyUSB1');
  link(join(ftdiPort, 'driver'), drivers('usb-serial', 'ftdi_sio'));
  ttyOf('ttyUSB1', ftdiPort);
  link(join(dev, 'serial', 'by-id', FAKE.ftdiById), join(dev, 'ttyUSB1'));

  // CDC-ACM: the tty's device is the interface itself.
  ttyOf('ttyACM0', iface(usbDevice({ name: '1-3', ids: ['0c2e', '0b8f'], strings: { manufacturer: 'Honeywell Imaging & Mobility', product: 'Xenon 1900' } }), 'cdc_acm'));

  usbDevice({ name: '1-4', ids: ['0400', 'c35a'], strings: { product: 'IDCard Reader' } });

  // ttyS0: pnp device 00:01 (driver serial) → serial-base controller → serial-base port (driver port).
  const pnp = join(sysfs, 'devices', 'pnp0', '00:01');
  link(join(pnp, 'driver'), drivers('pnp', 'serial'));
  link(join(pnp, 'subsystem'), subsystem('pnp'));
  const basePort = join(pnp, '00:01:0', '00:01:0.0');
  for (const [d, driver] of [
    [join(pnp, '00:01:0'), 'ctrl'],
    [basePort, 'port'],
  ] as const) {
    link(join(d, 'driver'), drivers('serial-base', driver));
    link(join(d, 'subsystem'), subsystem('serial-base'));
  }
  ttyOf('ttyS0', basePort);
  file(join(basePort, 'tty', 'ttyS0', 'type'), '4');

  const phantom = join(sysfs, 'devices', 'platform', 'serial8250', 'serial8250:0', 'serial8250:0.1');
  ttyOf('ttyS1', phantom);
  file(join(phantom, 'tty', 'ttyS1', 'type'), '0');

  mkdirSync(join(sysfs, 'devices', 'virtual', 'tty', 'tty0'), { recursive: true });
  link(join(sysfs, 'class', 'tty', 'tty0'), join(sysfs, 'devices', 'virtual', 'tty', 'tty0'));

  const vanished = join(sysfs, 'devices', 'virtual', 'gone', 'ttyUSB9');
  mkdirSync(vanished, { recursive: true });
  link(join(vanished, 'device'), join(usbBus, '9-9', 'ttyUSB9'));
  link(join(sysfs, 'class', 'tty', 'ttyUSB9'), vanished);

  link(join(dev, 'serial', 'by-id', FAKE.brokenById), join(dev, 'ttyUSB7'));
  return { sysfs, dev };
}

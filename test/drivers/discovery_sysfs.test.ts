/**
 * Discovery without udev: a fake sysfs and /dev of real files and symlinks (fake-sysfs.ts), scanned by
 * drivers/discovery.ts exactly as it scans the real ones.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverDevices, portsOnlyListed, type DiscoveryReport, type FoundPort } from '../../drivers/discovery.js';
import { buildFakeSystem, FAKE, type FakeRoots } from './fake-sysfs.js';

let dir: string;
let roots: FakeRoots;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-fake-sys-'));
  roots = buildFakeSystem(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const portOf = (report: DiscoveryReport, tty: string): FoundPort => {
  const found = report.ports.find((p) => p.tty === tty);
  if (found === undefined) throw new Error(`${tty} not found; found ${report.ports.map((p) => p.tty).join(', ')}`);
  return found;
};

describe('scanning sysfs and /dev/serial/by-id', () => {
  it('finds the hardware ttys and leaves out virtual terminals and empty 8250 slots', async () => {
    const report = await discoverDevices({ roots });
    expect(report.ports.map((p) => p.tty)).toEqual(['ttyACM0', 'ttyS0', 'ttyUSB0', 'ttyUSB1']);
    expect(report.serialportList).toBe('not-asked');
  });

  it('reads a CH340 behind usb-serial: its USB ids and strings two levels up, its driver, its by-id name as the path', async () => {
    const ch340 = portOf(await discoverDevices({ roots }), 'ttyUSB0');
    const byId = join(roots.dev, 'serial', 'by-id', FAKE.ch340ById);
    expect(ch340).toMatchObject({ path: byId, devPath: join(roots.dev, 'ttyUSB0'), byId: [byId], driver: 'ch341-uart', source: 'sysfs' });
    expect(ch340.usb).toEqual({ device: '1-1', vendorId: '1a86', productId: '7523', product: 'USB Serial' });
    expect(ch340.fingerprint.suggestions[0]).toMatchObject({ protocol: 'lcus', fingerprint: 'ch340' });
  });

  it('reads an FTDI with manufacturer, product and serial, and suggests the body-mode thermometer first', async () => {
    const ftdi = portOf(await discoverDevices({ roots }), 'ttyUSB1');
    expect(ftdi.path).toBe(join(roots.dev, 'serial', 'by-id', FAKE.ftdiById));
    expect(ftdi.usb).toEqual({ device: '1-2', vendorId: '0403', productId: '6001', manufacturer: 'FTDI', product: 'FT232R USB UART', serial: 'A50285BI' });
    expect(ftdi.driver).toBe('ftdi_sio');
    expect(ftdi.fingerprint.matched.map((m) => m.id)).toEqual(['ftdi-ft232r', 'ftdi-ft232r-by-id', 'ftdi-ft232r-strings']);
    expect(ftdi.fingerprint.suggestions.map((s) => [s.protocol, s.fingerprint])).toEqual([
      ['body-mode', 'ftdi-ft232r'],
      ['line', 'ftdi-ft232r'],
    ]);
  });

  it('reads a CDC-ACM scanner, whose tty hangs off the interface; without a by-id link its path is the tty', async () => {
    const acm = portOf(await discoverDevices({ roots }), 'ttyACM0');
    expect(acm).toMatchObject({ path: join(roots.dev, 'ttyACM0'), byId: [], driver: 'cdc_acm', usb: { device: '1-3', vendorId: '0c2e' } });
    expect(acm.fingerprint.suggestions).toEqual([expect.objectContaining({ protocol: 'line', role: 'scanner', fingerprint: 'honeywell' })]);
  });

  it('lists a built-in UART with no USB parent, its driver found past the serial-base layer, with nothing suggested', async () => {
    const uart = portOf(await discoverDevices({ roots }), 'ttyS0');
    expect(uart.usb).toBeUndefined();
    expect(uart.driver).toBe('serial');
    expect(uart.fingerprint).toEqual({ matched: [], suggestions: [] });
  });

  it('skips and counts a broken device link and a broken by-id link, and still lists the rest', async () => {
    const report = await discoverDevices({ roots });
    expect(report.skipped.map((s) => s.path).sort()).toEqual([join(roots.dev, 'serial', 'by-id', FAKE.brokenById), join(roots.sysfs, 'class', 'tty', 'ttyUSB9', 'device')]);
    for (const s of report.skipped) expect(s.reason).toMatch(/ENOENT/);
  });

  it('reports a SAM reader in USB mode as found but not a serial device', async () => {
    const report = await discoverDevices({ roots });
    expect(report.notSerial).toEqual([
      { usb: { device: '1-4', vendorId: '0400', productId: 'c35a', product: 'IDCard Reader' }, fingerprint: 'sam-usb', label: 'SAM resident-ID-card reader in USB mode', why: expect.stringContaining('not a serial port') },
    ]);
  });

  it('finds nothing, and reports nothing skipped, where there is no sysfs or /dev at all', async () => {
    const report = await discoverDevices({ roots: { sysfs: join(dir, 'no-sys'), dev: join(dir, 'no-dev') } });
    expect(report).toEqual({ ports: [], notSerial: [], skipped: [], serialportList: 'not-asked' });
  });

  it('skips a folder it cannot read (a symlink loop), says why, and never throws', async () => {
    const sysfs = join(dir, 'looped');
    mkdirSync(join(sysfs, 'class'), { recursive: true });
    symlinkSync('tty', join(sysfs, 'class', 'tty'));
    const report = await discoverDevices({ roots: { sysfs, dev: roots.dev } });
    expect(report.ports).toEqual([]);
    expect(report.skipped).toContainEqual({ path: join(sysfs, 'class', 'tty'), reason: expect.stringMatching(/ELOOP/) });
  });
});

describe('SerialPort.list() as an extra', () => {
  it('adds only the ports the sysfs scan did not find, with their udev by-id name as the path', async () => {
    const report = await discoverDevices({ roots });
    const known = portOf(report, 'ttyUSB0');
    const added = portsOnlyListed(report.ports, [
      { path: known.devPath, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: '1a86', productId: '7523' },
      { path: '/dev/ttyUSB5', manufacturer: 'Prolific Technology Inc.', serialNumber: undefined, pnpId: 'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0', locationId: '1-5', vendorId: '067B', productId: '2303' },
    ]);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      tty: 'ttyUSB5',
      path: '/dev/serial/by-id/usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0',
      source: 'serialport',
      usb: { device: '1-5', vendorId: '067b', productId: '2303', manufacturer: 'Prolific Technology Inc.' },
    });
    expect(added[0]?.fingerprint.suggestions.map((s) => s.protocol)).toEqual(['line', 'sam']);
  });
});

/** `gate devices` as a technician runs it: the compiled CLI in a child process, over a fake sysfs and over this machine's. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI } from '../harness/child-gate.js';
import { buildFakeSystem, FAKE, type FakeRoots } from '../drivers/fake-sysfs.js';

let dir: string;
let roots: FakeRoots;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-devices-cli-'));
  roots = buildFakeSystem(join(dir, 'fake'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const devices = (args: readonly string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [CLI, 'devices', ...args], { encoding: 'utf8', env, timeout: 20_000 });
const fake = (): string[] => ['--sysfs', roots.sysfs, '--dev', roots.dev];

it('lists each port under its by-id path with tty, USB ids, strings, driver, fingerprint and scored protocols', () => {
  const run = devices(fake());
  expect(run.status).toBe(0);
  const ch340 = join(roots.dev, 'serial', 'by-id', FAKE.ch340ById);
  expect(run.stdout).toContain(
    [
      ch340,
      `  tty:      ttyUSB0 (${join(roots.dev, 'ttyUSB0')})`,
      '  usb:      1a86:7523 "USB Serial"',
      '  driver:   ch341-uart',
      `  matched:  ch340 (USB id 1a86:7523); ch340-by-id (by-id name ${FAKE.ch340ById})`,
      '  suggests: lcus 30 (relay): LCUS-1/2/4/8 relay boards are a CH340 behind USB (docs/devices.md §5.1)',
      '            line 30 (scanner): ',
    ].join('\n'),
  );
  expect(run.stdout).toContain(`${join(roots.dev, 'serial', 'by-id', FAKE.ftdiById)}\n  tty:      ttyUSB1`);
  expect(run.stdout).toContain('  usb:      0403:6001 "FTDI" "FT232R USB UART" serial A50285BI\n  driver:   ftdi_sio\n');
  expect(run.stdout).toContain('  suggests: body-mode 45 (thermometer): ');
  expect(run.stdout).toContain(`${join(roots.dev, 'ttyS0')}\n  tty:      ttyS0 (${join(roots.dev, 'ttyS0')})\n  usb:      none (a built-in or platform UART)\n  driver:   serial\n  matched:  no fingerprint\n  suggests: nothing: set its protocol by hand\n`);
  expect(run.stdout).toMatch(/^not a serial device: USB 1-4 0400:c35a "IDCard Reader": SAM resident-ID-card reader in USB mode \(sam-usb\): /m);
  expect(run.stdout).not.toMatch(/ttyS1|tty0\b|ttyUSB9/);
  expect(run.stderr.split('\n').filter((l) => l.startsWith('warning: discovery.skipped: '))).toHaveLength(2);
  expect(run.stderr).toContain('note: a USB port without a /dev/serial/by-id/ name');
});

it('--json prints one line: version 1 and the report, by-id path first', () => {
  const run = devices(['--json', ...fake()]);
  expect(run.status).toBe(0);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  const report = JSON.parse(run.stdout) as { version: number; ports: { tty: string; path: string; fingerprint: { suggestions: { protocol: string; score: number }[] } }[]; notSerial: { fingerprint: string }[]; skipped: unknown[]; serialportList: string };
  expect(report.version).toBe(1);
  expect(report.ports.map((p) => [p.tty, p.path])).toEqual([
    ['ttyACM0', join(roots.dev, 'ttyACM0')],
    ['ttyS0', join(roots.dev, 'ttyS0')],
    ['ttyUSB0', join(roots.dev, 'serial', 'by-id', FAKE.ch340ById)],
    ['ttyUSB1', join(roots.dev, 'serial', 'by-id', FAKE.ftdiById)],
  ]);
  expect(report.ports[3]?.fingerprint.suggestions).toEqual([expect.objectContaining({ protocol: 'body-mode', score: 45 }), expect.objectContaining({ protocol: 'line', score: 45 })]);
  expect(report.notSerial.map((d) => d.fingerprint)).toEqual(['sam-usb']);
  expect(report.skipped).toHaveLength(2);
  expect(report.serialportList).toBe('not-asked');
});

it('says "no serial devices found" and exits 0 when there are none', () => {
  const run = devices(['--sysfs', join(dir, 'empty-sys'), '--dev', join(dir, 'empty-dev')]);
  expect(run).toMatchObject({ status: 0, stdout: 'no serial devices found\n', stderr: '' });
});

it('works on this machine without udevadm on PATH: exit 0, and says SerialPort.list() was not used', () => {
  const emptyBin = join(dir, 'bin');
  const run = devices(['--json'], { ...process.env, PATH: emptyBin });
  expect(run.stderr).not.toMatch(/Error|at .*\.js/);
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as { ports: { devPath: string }[]; serialportList: string };
  expect(report.serialportList).toBe('discovery.no-udevadm');
  for (const port of report.ports) expect(port.devPath).toMatch(/^\/dev\/tty/);
  expect(devices([], { ...process.env, PATH: emptyBin }).status).toBe(0);
});

it('refuses an unknown option with exit 2 and the usage', () => {
  const run = devices(['--jsn']);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('gate devices [--json]');
});

/**
 * `gate devices [--json]`: the serial devices this machine has, each with the path to configure (its by-id
 * name when it has one), what sysfs says about it, the fingerprint it matched and the protocols that suggests,
 * scored (drivers/discovery.ts, src/devices/fingerprint.ts; docs/devices/discovery.md). Works without udev.
 * `--sysfs DIR --dev DIR` scan a copy of /sys and /dev instead (tests, and diagnosing a tree sent from a site).
 * Exit 0 whenever the scan ran, also when nothing was found; entries it could not read are warnings on stderr.
 */
import { parseArgs } from 'node:util';
import { discoverDevices, SYSTEM_ROOTS, type DiscoveryReport, type FoundNotSerial, type FoundPort } from '../../drivers/discovery.js';
import { EXIT_OK, complain, print, withUsage, type CliCommand } from './command.js';

const usage = '  gate devices [--json] [--sysfs DIR --dev DIR]  list serial devices, the fingerprint each matched and the protocols it suggests; --sysfs/--dev scan a copy of /sys and /dev (tests, diagnostics)';

/** `--json` prints this, one line: the report of drivers/discovery.ts with its format's version. */
export const DEVICES_JSON_VERSION = 1;

export const devicesCommand: CliCommand = {
  name: 'devices',
  usage,
  run: (args) =>
    withUsage(usage, async () => {
      const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, sysfs: { type: 'string' }, dev: { type: 'string' } } });
      const roots = values.sysfs === undefined && values.dev === undefined ? SYSTEM_ROOTS : { sysfs: values.sysfs ?? SYSTEM_ROOTS.sysfs, dev: values.dev ?? SYSTEM_ROOTS.dev };
      const report = await discoverDevices({ roots });
      for (const s of report.skipped) complain(`warning: discovery.skipped: ${s.path}: ${s.reason}`);
      if (values.json) print(JSON.stringify({ version: DEVICES_JSON_VERSION, ...report }));
      else printReport(report);
      return EXIT_OK;
    }),
};

function printReport(report: DiscoveryReport): void {
  if (report.ports.length === 0) print('no serial devices found');
  for (const port of report.ports) {
    print('');
    printPort(port);
  }
  if (report.notSerial.length > 0) print('');
  for (const device of report.notSerial) print(notSerialLine(device));
  if (report.ports.some((p) => p.usb !== undefined && p.byId.length === 0)) {
    complain('note: a USB port without a /dev/serial/by-id/ name (is udev running?): its ttyUSB/ttyACM number can change between boots');
  }
}

const quoted = (parts: readonly (string | undefined)[]): string =>
  parts
    .filter((p) => p !== undefined)
    .map((p) => `"${p}"`)
    .join(' ');

function printPort(port: FoundPort): void {
  const { usb, fingerprint } = port;
  print(port.path);
  print(`  tty:      ${port.tty} (${port.devPath})`);
  print(`  usb:      ${usb === undefined ? 'none (a built-in or platform UART)' : `${usb.vendorId}:${usb.productId} ${quoted([usb.manufacturer, usb.product])}${usb.serial === undefined ? '' : ` serial ${usb.serial}`}`}`);
  print(`  driver:   ${port.driver ?? 'unknown'}`);
  print(`  matched:  ${fingerprint.matched.length === 0 ? 'no fingerprint' : fingerprint.matched.map((m) => `${m.id} (${m.evidence})`).join('; ')}`);
  if (fingerprint.suggestions.length === 0) print('  suggests: nothing: set its protocol by hand');
  for (const [i, s] of fingerprint.suggestions.entries()) print(`  ${i === 0 ? 'suggests:' : '         '} ${s.protocol} ${s.score} (${s.role}): ${s.why}`);
}

const notSerialLine = ({ usb, fingerprint, label, why }: FoundNotSerial): string =>
  `not a serial device: USB ${usb.device} ${usb.vendorId}:${usb.productId} ${quoted([usb.manufacturer, usb.product])}: ${label} (${fingerprint}): ${why}`;

/**
 * Serial device paths are normalised (POSIX `path.normalize`, no file system) before the config checks that
 * they are under /dev/ and that no two roles share one; symlink names such as /dev/serial/by-id/… are kept.
 */
import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePosixPath } from '../../src/config/device-path.js';
import { parseConfig, type GateConfig } from '../../src/config/schema.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 2000);
const sim = { device: { kind: 'simulated' } };
const serial = (path: string) => ({ device: { kind: 'serial', path } });
const config = (thermometer: string, scanner?: string) =>
  parseConfig({ lanes: [{ id: 'l1', direction: 'entry', thermometer: serial(thermometer), scanner: scanner === undefined ? sim : serial(scanner), relay: sim }] });
const messages = (r: ReturnType<typeof parseConfig>): string[] => (r.ok ? [] : r.error.map((f) => f.message));
const thermometerPath = (r: ReturnType<typeof parseConfig>): string | undefined => {
  const device = r.ok ? (r.value as GateConfig).lanes[0]?.thermometer.device : undefined;
  return device?.kind === 'serial' ? device.path : undefined;
};

describe('normalisePosixPath', () => {
  it('is node:path posix.normalize, for any path of slashes, dots and names', () => {
    const piece = fc.constantFrom('/', '//', '.', '..', 'dev', 'pts', '3', 'a.b', '...', '\0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = pieces.join('');
        expect(normalisePosixPath(path)).toBe(posix.normalize(path));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('serial device paths in the config', () => {
  it('refuses a path that leaves /dev/ once `..` is resolved', () => {
    for (const path of ['/dev/../tmp/x', '/dev/pts/../../etc/passwd', '/dev/', '/dev/.', '/dev', '/tmp/ttyS0'])
      expect(messages(config(path)), path).toEqual([expect.stringMatching(/^lanes\.0\.thermometer\.device\.path: must be a device file under \/dev\//)]);
  });

  it('refuses a NUL in the path', () => {
    expect(messages(config('/dev/tty\0S0'))).toEqual([expect.stringMatching(/^lanes\.0\.thermometer\.device\.path: /)]);
  });

  it('opens the normalised path: `//` and `.` collapse, `..` that stays under /dev/ resolves', () => {
    expect(thermometerPath(config('/dev//pts/3'))).toBe('/dev/pts/3');
    expect(thermometerPath(config('/dev/./ttyUSB0'))).toBe('/dev/ttyUSB0');
    expect(thermometerPath(config('/dev/pts/../ttyS1'))).toBe('/dev/ttyS1');
  });

  it('sees /dev//pts/3 and /dev/pts/3 as the same port', () => {
    expect(messages(config('/dev//pts/3', '/dev/pts/3'))).toEqual(['lanes.0.scanner.device.path: serial port /dev/pts/3 is used twice']);
  });

  it('keeps udev symlink names as written', () => {
    const byId = '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0';
    expect(thermometerPath(config(byId))).toBe(byId);
    expect(thermometerPath(config('/dev/gate-thermometer'))).toBe('/dev/gate-thermometer');
  });
});

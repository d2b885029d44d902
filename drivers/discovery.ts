import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { SerialPort } from 'serialport';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';

/** path, manufacturer, serialNumber, pnpId (the `/dev/serial/by-id/` name), vendorId, productId … */
export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export type DiscoveryFailureCode = 'discovery.no-udevadm' | 'discovery.failed';

/**
 * Lists serial ports with their USB ids, for matching devices by VID/PID (e.g. LCUS relays are 1A86:7523,
 * docs/devices.md §5.1).
 * On Linux `SerialPort.list()` spawns `udevadm info -e` (@serialport/bindings-cpp `linux-list.js`). Without udevadm
 * (minimal containers) older releases crashed the process on the spawn error (tessel/t2-cli#1080, "spawn udevadm
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

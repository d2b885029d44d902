/**
 * `/dev/serial/by-id/` as udev leaves it: one symlink per USB serial interface, named from the device's own
 * strings (`usb-<vendor>_<model>_<serial>-if<NN>[-port<N>]`), pointing at the tty (`../../ttyUSB0`). These
 * names survive re-plugging and reboots, where ttyUSB numbers do not, so they are the paths to configure.
 * Without udev the folder is simply absent. A link whose target is gone is skipped (and reported).
 */
import { realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { entriesOf, settled, why, type Skip } from './sysfs.js';

/** The by-id links under `<devRoot>/serial/by-id`, as full paths, by the tty name they resolve to. */
export async function byIdLinks(devRoot: string, skip: Skip): Promise<Map<string, string[]>> {
  const dir = join(devRoot, 'serial', 'by-id');
  const links = new Map<string, string[]>();
  for (const name of (await entriesOf(dir, skip)) ?? []) {
    const link = join(dir, name);
    const target = await settled(realpath(link));
    if ('error' in target) {
      skip(link, why(target.error));
      continue;
    }
    const tty = basename(target.value);
    links.set(tty, [...(links.get(tty) ?? []), link]);
  }
  return links;
}

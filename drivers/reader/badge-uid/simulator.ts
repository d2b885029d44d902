import type { Failure, Result } from '../../../src/result.js';
import type { LinkFaults, SimLink } from '../../sim/sim-link.js';
import { LinkSimulator, openLinkSimulator } from '../link-simulator.js';
import type { SimPerson } from '../reader.js';
import { encodeFrame, uidOfNumber, type BadgeUidFormat } from './codec.js';

/**
 * The reader side of a serial badge reader (docs/devices/badge-uid.md §6): `present` sends one frame for the
 * person's badge (`person.badge`, the number as the registers hold it, turned back into a UID by
 * `uidOfNumber`) through the link; a checksum error corrupts the XOR (or, without one, the last UID byte's
 * characters). Nothing is sent for a person without a badge, or a badge number this format cannot produce.
 */
export class BadgeUidSimulator extends LinkSimulator {
  static open(devicePath: string, format: BadgeUidFormat, baudRate = 9600, faults: LinkFaults = {}): Promise<Result<BadgeUidSimulator, Failure>> {
    return openLinkSimulator(devicePath, baudRate, faults, (link) => new BadgeUidSimulator(link, format));
  }

  private constructor(
    link: SimLink,
    private readonly format: BadgeUidFormat,
  ) {
    super(link);
  }

  present(person: SimPerson): Promise<void> {
    const uid = person.badge === undefined ? undefined : uidOfNumber(person.badge, this.format);
    if (uid === undefined) return Promise.resolve();
    // The checksum's bytes sit just before the ETX or CR: one byte in binary, two hex characters otherwise.
    const checksumAt = this.format.framing === 'stx-binary' ? [-2] : [-3, -2];
    return this.link.send(encodeFrame(uid, this.format), { checksumAt });
  }
}

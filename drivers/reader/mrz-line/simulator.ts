import type { Failure, Result } from '../../../src/result.js';
import type { LinkFaults, SimLink } from '../../sim/sim-link.js';
import { LinkSimulator, openLinkSimulator } from '../link-simulator.js';
import type { SimPerson } from '../reader.js';
import { encodeZone } from './codec.js';

/**
 * The reader side of a serial MRZ reader (docs/devices/mrz-line.md §3): `present` sends the person's zone
 * (`person.mrz`) as one burst of CR-terminated lines through the link, so every link fault applies to it (a
 * truncated burst is a zone cut short; a "checksum error" corrupts the composite check digit, the zone's last
 * character). A person without a travel document (no `mrz`) is not read: nothing is sent.
 */
export class MrzLineSimulator extends LinkSimulator {
  static open(devicePath: string, baudRate = 9600, faults: LinkFaults = {}): Promise<Result<MrzLineSimulator, Failure>> {
    return openLinkSimulator(devicePath, baudRate, faults, (link) => new MrzLineSimulator(link));
  }

  private constructor(link: SimLink) {
    super(link);
  }

  present(person: SimPerson): Promise<void> {
    if (person.mrz === undefined) return Promise.resolve();
    return this.link.send(encodeZone(person.mrz), { checksumAt: [-2] });
  }

  /** Sends lines as given, each with CR (a zone cut short, a foreign line), through the link's faults. */
  sendLines(lines: readonly string[]): Promise<void> {
    return this.link.send(encodeZone(lines), { checksumAt: [] });
  }
}

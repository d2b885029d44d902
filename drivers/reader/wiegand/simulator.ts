import type { Failure, Result } from '../../../src/result.js';
import type { LinkFaults, SimLink } from '../../sim/sim-link.js';
import { LinkSimulator, openLinkSimulator } from '../link-simulator.js';
import type { SimPerson } from '../reader.js';
import { cardOfNumber, encodeLine } from './codec.js';
import type { WiegandOptions } from './driver.js';

/**
 * A Wiegand-to-serial converter with a reader behind it (docs/devices/wiegand.md §4): `present` sends the line
 * for the person's badge (`person.badge`, as printed) followed by CR, through the link; a checksum error
 * corrupts the line's last character (the odd-parity bit's digit). Nothing is sent for a person without a
 * badge, or a number no card of these formats has.
 */
export class WiegandSimulator extends LinkSimulator {
  static open(devicePath: string, options: WiegandOptions, baudRate = 9600, faults: LinkFaults = {}): Promise<Result<WiegandSimulator, Failure>> {
    return openLinkSimulator(devicePath, baudRate, faults, (link) => new WiegandSimulator(link, options));
  }

  private constructor(
    link: SimLink,
    private readonly options: WiegandOptions,
  ) {
    super(link);
  }

  present(person: SimPerson): Promise<void> {
    const card = person.badge === undefined ? undefined : cardOfNumber(person.badge, this.options.number);
    if (card === undefined) return Promise.resolve();
    return this.link.send(new TextEncoder().encode(`${encodeLine(card, this.options.encoding)}\r`), { checksumAt: [-2] });
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Failure, Result } from '../../../src/result.js';
import { LinkSimulator, openLinkSimulator } from '../../reader/link-simulator.js';
import type { SimPerson } from '../../reader/reader.js';
import { CommandFinder } from '../../sim/command-finder.js';
import type { LinkFaults, SimLink } from '../../sim/sim-link.js';
import { decodeHoneywellCommand, type HoneywellCommand } from './codec.js';

export interface ScanOptions {
  /** Default CR, the serial-emulation default (docs/devices/line.md §1). */
  readonly terminator?: '\r\n' | '\r' | '\n' | '\t';
  /** Pause between bytes; 0 writes the whole line at once. A real 9600 bit/s link spends ≈1.04 ms per byte. */
  readonly interByteMs?: number;
  /** An AIM symbology identifier to put before the code (`]Q1`), as a scanner with the prefix on does. */
  readonly aimPrefix?: string;
}

/**
 * The scanner side of a serial-emulation scanner on a pty (docs/devices/line.md §4): writes codes as text lines
 * through a SimLink (every link fault applies; unpaced unless `faults.baudRate` is given, as the tests and the
 * demo expect), and records the Honeywell commands it receives (`commands`), answering none (a real scanner
 * beeps or starts reading). Writes never interleave.
 */
export class LineScannerSimulator extends LinkSimulator {
  static open(devicePath: string, faults: LinkFaults = {}): Promise<Result<LineScannerSimulator, Failure>> {
    return openLinkSimulator(devicePath, 9600, { baudRate: 0, ...faults }, (link) => new LineScannerSimulator(link));
  }

  readonly #encoder = new TextEncoder();
  readonly #commands: HoneywellCommand[] = [];
  readonly #finder = new CommandFinder(3, decodeHoneywellCommand);

  private constructor(link: SimLink) {
    super(link);
    link.onData((chunk) => {
      this.#commands.push(...this.#finder.push(chunk));
      this.#commands.splice(0, Math.max(0, this.#commands.length - 1000));
    });
  }

  /** A scan of the person's ID number, as a scanner reading the barcode on a card or a paper slip. */
  present(person: SimPerson): Promise<void> {
    return this.scan(person.idNumber);
  }

  /** Writes `text` as UTF-8 plus the terminator; resolves once written (or lost, if the link is gone). */
  scan(text: string, options: ScanOptions = {}): Promise<void> {
    const bytes = this.#encoder.encode((options.aimPrefix ?? '') + text + (options.terminator ?? '\r'));
    const gap = options.interByteMs ?? 0;
    if (gap === 0) return this.link.send(bytes, { checksumAt: [] });
    return (async () => {
      for (let i = 0; i < bytes.length; i++) {
        if (i > 0) await sleep(gap);
        await this.link.sendRaw(bytes.subarray(i, i + 1));
      }
    })();
  }

  /** The Honeywell commands received so far, in order (the last 1000). */
  commands(): readonly HoneywellCommand[] {
    return this.#commands;
  }
}

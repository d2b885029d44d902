/**
 * What every reader simulator on a SimLink shares: raw writes, the written-read notification and closing go
 * to the link; a protocol's simulator adds `present` (and answers commands, where its device takes any).
 */
import { ok, type Failure, type Result } from '../../src/result.js';
import { openSerialTransport } from '../serial-transport.js';
import { SimLink, type LinkFaults } from '../sim/sim-link.js';
import type { ReaderSimulator, SimPerson } from './reader.js';

export abstract class LinkSimulator implements ReaderSimulator {
  protected constructor(protected readonly link: SimLink) {}

  abstract present(person: SimPerson): Promise<void>;

  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.link.sendRaw(bytes);
  }

  onReadWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.link.onFrameWritten(listener);
  }

   /** Changes the link’s faults from now on (drivers/sim/sim-link.ts). */
  setFaults(faults: LinkFaults): void {
    this.link.setFaults(faults);
  }

  close(): Promise<void> {
    return this.link.close();
  }
}

/** Opens the device side at `devicePath` and builds a simulator over a link paced to `baudRate` by default. */
export async function openLinkSimulator<S>(devicePath: string, baudRate: number, faults: LinkFaults, make: (link: SimLink) => S): Promise<Result<S, Failure>> {
  const transport = await openSerialTransport(devicePath, baudRate);
  return transport.ok ? ok(make(new SimLink(transport.value, { baudRate, ...faults }))) : transport;
}

/**
 * A device protocol as the gate wires it: how to build its driver over a transport, how to start its
 * simulator (for `device.kind: "simulated"`, the demo and the tests), which line speeds to open it at, and
 * what the benchmarks feed its parser. One descriptor per protocol in main/devices/protocols/; the registry
 * (main/devices/protocols/index.ts) lists them. Adding a device: docs/recipes.md.
 */
import type { Failure, Result } from '../../src/result.js';
import type { StreamParser } from '../../drivers/parsed-stream.js';
import type { ReaderDriver, ReaderSimulator } from '../../drivers/reader/reader.js';
import type { ThermometerDriver, ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';

interface ProtocolBase<C> {
  /** The config's `protocol` value. */
  readonly protocol: string;
  /**
   * Line speeds to open the port at, in order: the first at which the device answers is kept (a GY board ships
   * at 9600 or 115200). One entry for a device with a known speed. The simulator is opened at the first.
   */
  readonly baudRates: (config: C) => readonly number[];
  /** For the `device.*` benchmarks: a fresh parser, and a recorded stream of its frames (noise included). */
  readonly bench: { readonly parser: () => StreamParser<unknown, string>; readonly stream: () => Uint8Array };
}

export interface ThermometerProtocol<C> extends ProtocolBase<C> {
  readonly role: 'thermometer';
  readonly driver: (transport: ByteTransport, config: C, clock: () => number) => ThermometerDriver;
  readonly simulator: (devicePath: string, config: C) => Promise<Result<ThermometerSimulator, Failure>>;
}

export interface ReaderProtocol<C> extends ProtocolBase<C> {
  readonly role: 'reader';
  readonly driver: (transport: ByteTransport, config: C, clock: () => number) => ReaderDriver;
  readonly simulator: (devicePath: string, config: C) => Promise<Result<ReaderSimulator, Failure>>;
}

/**
 * A device protocol as the gate wires it: how to build its driver over a transport, how to start its
 * simulator (for `device.kind: "simulated"`, the demo and the tests), which line speeds to open it at, and
 * what the benchmarks feed its parser. One descriptor per protocol in main/devices/protocols/; the registry
 * (main/devices/protocols/index.ts) lists them. Adding a device: docs/recipes.md.
 *
 * Most devices are serial (a ByteTransport, `transport` absent or `serial`); a USB HID device's descriptor
 * says `transport: 'hid'` and builds its driver over a HidTransport (drivers/hid/transport.ts) instead.
 */
import type { Failure, Result } from '../../src/result.js';
import type { StreamParser } from '../../drivers/parsed-stream.js';
import type { ReaderDriver, ReaderSimulator } from '../../drivers/reader/reader.js';
import type { ThermometerDriver, ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';
import type { SimHidDevice } from '../../drivers/hid/sim-transport.js';
import type { HidTransport } from '../../drivers/hid/transport.js';

interface ProtocolBase<C> {
  /** The config's `protocol` value. */
  readonly protocol: string;
  /** Which link the driver is built over: a serial port (ByteTransport). */
  readonly transport?: 'serial';
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

/** A simulated HID device and what drives it: the driver's transport comes from `device.open()`. */
export interface SimulatedHid<S> {
  readonly sim: S;
  readonly device: SimHidDevice;
}

/** A reader on USB HID: found by its ids (and the descriptor's usage page), reopened by them when re-plugged. */
export interface HidReaderProtocol<C> {
  readonly role: 'reader';
  readonly protocol: string;
  readonly transport: 'hid';
  /** The top-level usage page of the interface to open (0x8C for HID POS), when the device has several. */
  readonly usagePage?: number;
  readonly driver: (transport: HidTransport, config: C, clock: () => number) => ReaderDriver;
  readonly simulator: (config: C) => Promise<Result<SimulatedHid<ReaderSimulator>, Failure>>;
  /** For the `device.*` benchmarks: a fresh parser of reports, and recorded reports (malformed ones included). */
  readonly bench: { readonly parser: () => { push(report: Uint8Array, at: number): readonly unknown[] }; readonly reports: () => readonly Uint8Array[] };
}

/** What the registry lists for a reader protocol. */
export type AnyReaderProtocol<C> = ReaderProtocol<C> | HidReaderProtocol<C>;

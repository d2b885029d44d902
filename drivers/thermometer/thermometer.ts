/**
 * What the gate needs from a thermometer of any protocol, and from its simulator. Every thermometer driver
 * (drivers/thermometer/<protocol>/driver.ts) implements `ThermometerDriver`; the lane never sees which one.
 */
import type { DeviceCounters } from '../../src/devices/status.js';
import type { Failure, Result } from '../../src/result.js';
import type { DiscardedBytesAt } from '../parsed-stream.js';

/**
 * One frame as the device reported it, stamped with the driver's clock when the chunk holding its last byte
 * arrived. `basis` says what `objectC` is: `surface` the skin (or whatever is in front), which the lane
 * compensates to body temperature; `body` already compensated by the module itself (a body-mode module),
 * which the lane never compensates again.
 */
export interface ThermometerFrame {
  readonly objectC: number;
  readonly ambientC: number;
  readonly basis: 'surface' | 'body';
  readonly at: number;
}

/**
 * Bytes the parser could not use, or a value the device sent that is not a reading. Reasons are the
 * protocol's own; `sensor-fault` is shared by every protocol: a well-formed frame carrying a value no
 * sensor measures (a bus glitch such as 0xFFFF), counted and never a reading.
 */
export type ThermometerDiscarded = DiscardedBytesAt<string>;

export interface ThermometerDriver {
  /** Puts the device in the mode the gate uses (query mode, body mode…); run after every open, before frames count. */
  init(): Promise<Result<void, Failure>>;
  /** Asks for one frame. A device that only streams resolves ok and sends nothing extra. */
  query(): Promise<Result<void, Failure>>;
  onFrame(listener: (frame: ThermometerFrame) => void): () => void;
  onBadFrame(listener: (bad: ThermometerDiscarded) => void): () => void;
  counters(): DeviceCounters;
  /** Stops listening and closes the transport. */
  close(): Promise<void>;
}

/**
 * What is in front of a simulated sensor. `objectC` is the surface it sees; `bodyC`, when given, is what a
 * module that compensates by itself reports (else it applies its own model to `objectC`).
 */
export interface ThermometerScene {
  readonly objectC: number;
  readonly ambientC: number;
  readonly bodyC?: number;
}

/** A thermometer simulator as the demo and the tests drive it, whatever its protocol. */
export interface ThermometerSimulator {
  setScene(scene: ThermometerScene): void;
  /** Writes bytes as they are, after any frame in progress. */
  injectRaw(bytes: Uint8Array): Promise<void>;
  /** After each frame is written; `at` is the monotonic clock just before its last byte went to the OS. */
  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void;
  close(): Promise<void>;
}

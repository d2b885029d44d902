/**
 * What the gate needs from a relay board, whatever its protocol (LCUS serial, USBRelayN HID), and from its
 * simulator. The lane pulses the gate channel; every channel is driven to its safe state at every open and on
 * every exit path (docs/relay-safety.md).
 */
import type { Failure, Result } from '../../src/result.js';

export interface RelayDriver {
  /** Leaves the channel's safe state for `ms`, returns to it (one queued operation). */
  pulse(channel: number, ms: number): Promise<Result<void, Failure>>;
  /**
   * Holds `channels` out of their safe state (the gate free) until a later call leaves them out: a fire alarm
   * overrides the safe state (docs/inputs.md). Throws RangeError for a channel the board cannot have.
   */
  holdOpen(channels: ReadonlySet<number>): Promise<Result<void, Failure>>;
  /** Drives every channel of the safe-state list to its safe state (held channels: out of it); run at every open. */
  toSafeState(): Promise<Result<void, Failure>>;
  /** Cuts a pulse short, drives the safe state (best effort), closes the transport; idempotent. */
  close(): Promise<void>;
}

/** A command as the simulated board received it. */
export interface ReceivedRelayCommand {
  readonly channel: number;
  readonly on: boolean;
  readonly at: number;
}

/** A relay board simulator as the demo and the tests observe it, whatever its protocol. */
export interface RelaySimulator {
  onCommand(listener: (command: ReceivedRelayCommand) => void): () => void;
  /** The last 1000 valid commands, oldest first. */
  commands(): readonly ReceivedRelayCommand[];
  close(): Promise<void>;
}

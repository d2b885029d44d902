import { ok, type Failure, type Result } from '../../src/result.js';
import { openPtyPair, type PtyPairOptions } from '../pty/socat-pair.js';

/** A simulator running on the device side of its own pty pair. */
export interface SimulatedDevice<T> {
  /** Where the driver opens its port. */
  readonly hostPath: string;
  readonly sim: T;
  /** Closes the simulator, then the pty pair. Close the driver first, or it sees an unplug. */
  close(): Promise<void>;
}

/**
 * Opens a pty pair and `open(devicePath)` on its device side, before any driver opens the host side (bytes
 * written to a pty side nobody has open are lost, see openPtyPair). On failure nothing is left running.
 */
export async function startSimulated<T extends { close(): Promise<void> }>(
  open: (devicePath: string) => Promise<Result<T, Failure>>,
  options: PtyPairOptions = {},
): Promise<Result<SimulatedDevice<T>, Failure>> {
  const pair = await openPtyPair(options);
  if (!pair.ok) return pair;
  const sim = await open(pair.value.devicePath);
  if (!sim.ok) {
    await pair.value.close();
    return sim;
  }
  return ok({
    hostPath: pair.value.hostPath,
    sim: sim.value,
    close: async () => {
      await sim.value.close();
      await pair.value.close();
    },
  });
}

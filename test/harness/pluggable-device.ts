/**
 * A simulated serial device a test can unplug and plug in again: each plug is a new socat pty pair whose host
 * side is linked at the same path (`hostPath`), under /dev/shm so that the gate's config takes it as a device
 * path under /dev/ (a symlink there, as udev's `/dev/serial/by-id/…` names are). Unplugging stops socat, which
 * removes the link: to the gate the path is gone, exactly as a by-id name vanishes with its adapter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulated, type SimulatedDevice } from '../../drivers/sim/simulated-device.js';
import type { Failure, Result } from '../../src/result.js';

/** A folder for device links, under /dev/ and writable without root. */
export function deviceLinkDir(): { readonly dir: string; close(): Promise<void> } {
  const dir = mkdtempSync('/dev/shm/gate-devices-');
  return { dir, close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
}

export class PluggableDevice<S extends { close(): Promise<void> }> {
  #plugged: SimulatedDevice<S> | undefined;

  constructor(
    readonly hostPath: string,
    private readonly open: (devicePath: string) => Promise<Result<S, Failure>>,
  ) {}

  static in<S extends { close(): Promise<void> }>(dir: string, name: string, open: (devicePath: string) => Promise<Result<S, Failure>>): PluggableDevice<S> {
    return new PluggableDevice(join(dir, name), open);
  }

  /** The simulator of the current plug; throws when unplugged (a test bug). */
  get sim(): S {
    if (this.#plugged === undefined) throw new Error(`${this.hostPath} is unplugged`);
    return this.#plugged.sim;
  }

  async plug(): Promise<void> {
    if (this.#plugged !== undefined) throw new Error(`${this.hostPath} is plugged in already`);
    const started = await startSimulated(this.open, { hostPath: this.hostPath });
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
    this.#plugged = started.value;
  }

  async unplug(): Promise<void> {
    const plugged = this.#plugged;
    this.#plugged = undefined;
    await plugged?.close();
  }

  close(): Promise<void> {
    return this.unplug();
  }
}

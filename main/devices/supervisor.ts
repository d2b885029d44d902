/**
 * Keeps one device linked for as long as the gate runs: open → initialise → ready → (link lost) → reopen.
 * Every open goes by the configured path, so a `/dev/serial/by-id/…` name or any other symlink that comes back
 * pointing at a new tty is followed; a USB HID device is found again by its vendor and product id and serial number. A failed open, a failed initialisation and a lost link are all retried with
 * capped exponential backoff: `firstDelayMs`, doubling after each further failure, at most `maxDelayMs`; a
 * ready link starts the sequence again. The initialisation (relay safe state, thermometer query mode) runs at
 * every open, and nothing can use the device until it succeeded.
 *
 * Logs once per change of condition — ready, link lost, offline, a failure with a new code — never once per
 * attempt; `counts()` says how many attempts there were, how many failed and how often a ready link was lost.
 */
import type { DeviceState, LinkCounts } from '../../src/devices/status.js';
import { failure, type Failure, type Result } from '../../src/result.js';
import { Listeners } from '../../drivers/listeners.js';
import type { ByteTransport } from '../../drivers/transport.js';
import type { Log } from '../log.js';

export interface Backoff {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** What the supervisor needs of a transport: to hear that it went away, and to close it. */
export interface Link {
  onClose(listener: (reason: Failure | undefined) => void): () => void;
  close(): Promise<void>;
}

/** Codes of a failed open that mean "nothing there yet" (shown as `offline`, not as an error). */
const ABSENT = new Set(['serial.absent', 'hid.absent']);

export interface SupervisorDeps<D extends { close(): Promise<void> }, T extends Link = ByteTransport> {
  /** Opens the port; `serial.absent` / `hid.absent` mean nothing is there yet (shown as `offline`). */
  readonly open: () => Promise<Result<T, Failure>>;
  /** The driver over a freshly opened transport; it owns the transport from then on. */
  readonly driver: (transport: T) => D;
  /** Brings the device to its starting state; runs at every open, before anything else may use it. */
  readonly init: (device: D) => Promise<Result<void, Failure>>;
  readonly backoff: Backoff;
  /** Bound to the device (lane, role, path) by the caller. */
  readonly log: Log;
  /** After every change of `status()`. */
  readonly onChange: () => void;
}

/** The delay before the `failures`-th consecutive retry (1-based). */
export const retryDelay = (failures: number, backoff: Backoff): number =>
  Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.max(0, failures - 1));

/** A supervised device as the gate uses it, whatever its transport. */
export interface SupervisedDevice<D> {
  start(): Promise<void>;
  status(): DeviceState;
  counts(): LinkCounts;
  current(): D | undefined;
  eachLink(attach: (device: D) => () => void): void;
  close(): Promise<void>;
}

export class DeviceSupervisor<D extends { close(): Promise<void> }, T extends Link = ByteTransport> implements SupervisedDevice<D> {
  readonly #deps: SupervisorDeps<D, T>;
  readonly #readyListeners = new Listeners<[D]>();
  readonly #counts = { attempts: 0, failures: 0, lost: 0 };
  #state: DeviceState = { state: 'opening' };
  /** The failure last logged since the device was last ready: a retry failing the same way is counted, not logged. */
  #lastFailure: DeviceState | undefined;
  #current: D | undefined;
  /** What each `eachLink` callback returned for the current link, undone when it ends. */
  #undo: (() => void)[] = [];
  /** Failures since the device was last ready: sets the next delay. */
  #consecutive = 0;
  #retry: NodeJS.Timeout | undefined;
  #attempt: Promise<void> = Promise.resolve();
  #released: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(deps: SupervisorDeps<D, T>) {
    this.#deps = deps;
  }

  /** Makes the first attempt; resolves once it is over (ready or failed, a retry then scheduled). */
  start(): Promise<void> {
    this.#attempt = this.#try();
    return this.#attempt;
  }

  status(): DeviceState {
    return this.#state;
  }

  counts(): LinkCounts {
    return { ...this.#counts };
  }

  /** The device while its link is ready, else undefined. */
  current(): D | undefined {
    return this.#current;
  }

  /**
   * Runs `attach` with each device as it becomes ready (the current one at once, if any); what `attach` returns
   * runs when that device's link ends, so listeners on a driver stay subscribed exactly as long as it is linked.
   */
  eachLink(attach: (device: D) => () => void): void {
    this.#readyListeners.add((device) => this.#undo.push(attach(device)));
    if (this.#current !== undefined) this.#undo.push(attach(this.#current));
  }

  /** Stops retrying and closes the device (a relay drives its safe state on close); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#retry);
      await this.#attempt;
      const device = this.#current;
      this.#unlink();
      await device?.close();
      await this.#released;
      this.#set({ state: 'disconnected' });
    })();
    return this.#closing;
  }

  async #try(): Promise<void> {
    this.#counts.attempts += 1;
    const opened = await this.#deps.open();
    if (this.#closing !== undefined) return opened.ok ? opened.value.close() : undefined;
    if (!opened.ok) return this.#failed(opened.error);
    const device = this.#deps.driver(opened.value);
    let linked = true;
    opened.value.onClose((reason) => {
      linked = false;
      if (this.#current === device) this.#lost(device, reason);
    });
    this.#set({ state: 'opening' });
    const init = await this.#deps.init(device);
    if (this.#closing !== undefined) return device.close();
    if (!init.ok || !linked) {
      await device.close();
      return this.#failed(init.ok ? failure('serial.disconnected', 'the link went away while the device was initialised') : init.error);
    }
    const failed = this.#consecutive;
    this.#consecutive = 0;
    this.#lastFailure = undefined;
    this.#current = device;
    this.#set({ state: 'ready', since: Date.now() });
    this.#deps.log.info({ failedAttempts: failed, ...this.counts() }, 'device ready');
    this.#readyListeners.emit(device);
  }

  #failed(f: Failure): void {
    this.#counts.failures += 1;
    this.#consecutive += 1;
    const next: DeviceState = ABSENT.has(f.code) ? { state: 'offline', since: Date.now() } : { state: 'error', code: f.code, message: f.message };
    if (!sameCondition(this.#lastFailure, next)) {
      this.#lastFailure = next;
      this.#deps.log.warn({ error: f, ...this.counts() }, next.state === 'offline' ? 'device offline; reopening when it is back' : 'device failed; retrying');
    }
    if (!sameCondition(this.#state, next)) this.#set(this.#lastFailure ?? next);
    this.#schedule(retryDelay(this.#consecutive, this.#deps.backoff));
  }

  #lost(device: D, reason: Failure | undefined): void {
    this.#counts.lost += 1;
    this.#unlink();
    this.#released = device.close();
    const f = reason ?? failure('serial.closed', 'the link was closed');
    this.#deps.log.warn({ error: f, ...this.counts() }, 'device link lost; reopening');
    this.#lastFailure = { state: 'error', code: f.code, message: f.message };
    this.#set(this.#lastFailure);
    this.#schedule(this.#deps.backoff.firstDelayMs);
  }

  #unlink(): void {
    this.#current = undefined;
    for (const undo of this.#undo.splice(0)) undo();
  }

  #schedule(ms: number): void {
    if (this.#closing !== undefined) return;
    this.#retry = setTimeout(() => {
      this.#attempt = this.#try();
    }, ms);
  }

  #set(next: DeviceState): void {
    this.#state = next;
    this.#deps.onChange();
  }
}

/** Offline stays offline, an error with the same code stays that error: a retry failing the same way is not news. */
function sameCondition(a: DeviceState | undefined, b: DeviceState): boolean {
  if (a?.state !== b.state) return false;
  return a.state !== 'error' || b.state !== 'error' || a.code === b.code;
}

import type { DeviceCounters } from '../../../src/devices/status.js';
import { ok, type Failure, type Result } from '../../../src/result.js';
import type { HidTransport } from '../../hid/transport.js';
import { Listeners } from '../../listeners.js';
import { monotonicNow } from '../../monotonic.js';
import type { ReaderDiscarded, ReaderDriver, ReaderRead } from '../../reader/reader.js';
import { HONEYWELL_BEEP, HONEYWELL_HID_MODE, HONEYWELL_VENDOR_ID } from './codec.js';
import { HidPosParser, type HidPosDiscardReason } from './parser.js';

export interface HidPosOptions {
  /**
   * `auto`: a Honeywell (VID 0x0C2E) gets the HID-mode feature report at every `init()` and each read is
   * acknowledged with its beep output report (docs/devices/hid-pos.md §4); `off`: neither, for any scanner.
   */
  readonly honeywell: 'auto' | 'off';
}

/**
 * A HID POS scanner (docs/devices/hid-pos.md) over an injected HidTransport, which it owns. Reads are `text`
 * with the scan's AIM `symbology`; malformed reports and broken scans are discarded events; a scan left
 * incomplete is given up STALE_MS after its last report even when no report follows. Counters: `frames` reads,
 * `badFrames` discarded runs, `discardedBytes` their report bytes.
 */
export class HidPosScanner implements ReaderDriver {
  readonly #parser = new HidPosParser('with-id');
  readonly #reads = new Listeners<[ReaderRead]>();
  readonly #bad = new Listeners<[ReaderDiscarded]>();
  readonly #counters = { frames: 0, badFrames: 0, discardedBytes: 0 };
  readonly #unsubscribe: () => void;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly transport: HidTransport,
    private readonly options: HidPosOptions,
    private readonly clock: () => number = monotonicNow,
  ) {
    this.#unsubscribe = transport.onReport((report) => this.#receive(report));
  }

  /** Whether the Honeywell commands apply to this device. */
  get #honeywell(): boolean {
    return this.options.honeywell === 'auto' && this.transport.info.vendorId === HONEYWELL_VENDOR_ID;
  }

  init(): Promise<Result<void, Failure>> {
    return this.#honeywell ? this.transport.sendFeatureReport(HONEYWELL_HID_MODE) : Promise.resolve(ok(undefined));
  }

  onRead(listener: (read: ReaderRead) => void): () => void {
    return this.#reads.add(listener);
  }

  onBadFrame(listener: (bad: ReaderDiscarded) => void): () => void {
    return this.#bad.add(listener);
  }

  acknowledge(): Promise<Result<void, Failure>> {
    return this.#honeywell ? this.transport.write(HONEYWELL_BEEP) : Promise.resolve(ok(undefined));
  }

  counters(): DeviceCounters {
    return { ...this.#counters };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#expiry);
      this.#unsubscribe();
      await this.transport.close();
    })();
    return this.#closing;
  }

  #receive(report: Uint8Array): void {
    const at = this.clock();
    this.#emit(this.#parser.push(report, at), at);
  }

  #emit(events: ReturnType<HidPosParser['push']>, at: number): void {
    clearTimeout(this.#expiry);
    for (const e of events) {
      if (e.type === 'read') {
        this.#counters.frames += 1;
        this.#reads.emit({ ...e.read, at });
      } else {
        this.#counters.badFrames += 1;
        this.#counters.discardedBytes += e.bytes.length;
        this.#bad.emit({ reason: e.reason satisfies HidPosDiscardReason, bytes: e.bytes, length: e.bytes.length, at });
      }
    }
    const deadline = this.#parser.deadline();
    if (deadline !== undefined && this.#closing === undefined) {
      this.#expiry = setTimeout(() => {
        const now = this.clock();
        this.#emit(this.#parser.expire(now), now);
      }, Math.max(0, deadline - this.clock()) + 1);
    }
  }
}

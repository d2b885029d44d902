/**
 * The bookkeeping both HID transports share: input reports held until the first listener, listeners, and the
 * one close notification. A transport calls `deliver` for each input report and `end` once when its link ends.
 */
import { err, failure, type Failure, type Result } from '../../src/result.js';
import { Listeners } from '../listeners.js';

/** Most reports held for a first listener (a few long scans' worth); beyond it the oldest go. */
const MAX_HELD_REPORTS = 256;

export class ReportLink {
  readonly #reports = new Listeners<[Uint8Array]>();
  readonly #closed = new Listeners<[Failure | undefined]>();
  #held: Uint8Array[] | undefined = [];
  #ended = false;

  constructor(private readonly name: string) {}

  get ended(): boolean {
    return this.#ended;
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    const off = this.#reports.add(listener);
    const held = this.#held;
    this.#held = undefined;
    for (const report of held ?? []) listener(report);
    return off;
  }

  onClose(listener: (reason: Failure | undefined) => void): () => void {
    return this.#closed.add(listener);
  }

  deliver(report: Uint8Array): void {
    if (this.#ended) return;
    if (this.#held === undefined) return this.#reports.emit(report);
    this.#held.push(report);
    if (this.#held.length > MAX_HELD_REPORTS) this.#held.shift();
  }

  /** Marks the link gone and tells the listeners, once; later calls do nothing. */
  end(reason: Failure | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#closed.emit(reason);
  }

  /** The failure of a command on an ended link. */
  closedFailure<T>(): Result<T, Failure> {
    return err(failure('hid.closed', `${this.name} is closed`));
  }
}

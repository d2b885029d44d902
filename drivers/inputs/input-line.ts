/**
 * The gate's wired inputs (fire alarm, passage, door contact, tamper switch), whatever carries them: a relay
 * board's or a serial I/O module's inputs (Modbus RTU, drivers/inputs/modbus-rtu/), or a GPIO line
 * (drivers/inputs/gpio/). docs/inputs.md.
 *
 * A line reports the contact as the wire sees it, never what it means: `closed` (current flows), `open`, or
 * `lost` (the link to the input is gone: the module does not answer, is unplugged, or was never there). What an
 * open or closed contact means (normally-closed or normally-open) is the input's configuration, applied in
 * src/inputs/contact.ts.
 */
import type { ContactState } from '../../src/inputs/contact.js';
import { Listeners } from '../listeners.js';

export type LineState = ContactState;

export interface LineChange {
  readonly state: LineState;
  readonly previous: LineState;
  /** Monotonic ms (drivers/monotonic.ts) when the change was seen. */
  readonly at: number;
}

/** One wired input. Starts `lost` until its source has been read. */
export interface InputLine {
  state(): LineState;
  /** Each change of state(), once; returns unsubscribe. */
  onChange(listener: (change: LineChange) => void): () => void;
}

/** An InputLine whose source sets its state; a repeated state is no change. */
export class SettableLine implements InputLine {
  #state: LineState = 'lost';
  readonly #changes = new Listeners<[LineChange]>();

  state(): LineState {
    return this.#state;
  }

  onChange(listener: (change: LineChange) => void): () => void {
    return this.#changes.add(listener);
  }

  set(state: LineState, at: number): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.#changes.emit({ state, previous, at });
  }
}

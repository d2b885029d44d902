/**
 * The resynchronising loop binary frame parsers share: keep the bytes of an incomplete frame between pushes,
 * discard each run of bytes that cannot start a frame at once (`noise`), and when a frame that starts at a
 * header proves bad, discard one byte and look again from the next, so a good frame that starts inside the bad
 * one is still found. A protocol says where a frame may start and what the bytes at a start are. Never throws
 * as long as those two do not; every byte pushed ends up in exactly one frame or one discarded event, or is
 * still pending, and what is pending is at most what `attempt` waits for.
 */
import { concatBytes } from './bytes.js';
import type { Discarded } from './parsed-stream.js';

/** What the bytes from a possible frame start are: a frame of `length` bytes, a bad one (one byte lost), or too few yet. */
export type Attempt<F, R extends string> =
  | { readonly kind: 'frame'; readonly frame: F; readonly length: number }
  | { readonly kind: 'bad'; readonly reason: R }
  | { readonly kind: 'wait' };

export interface FrameSyntax<F, R extends string> {
  /** The byte every frame starts with: the scan jumps from one to the next. */
  readonly lead: number;
  /** Whether a frame may start at `i` (where `lead` is): the header matches as far as `buf` goes (a header cut off by its end counts). */
  readonly mayStartAt: (buf: Uint8Array, i: number) => boolean;
  /** The bytes from `pos`, where `mayStartAt` held. `wait` only while fewer bytes than the longest frame are there. */
  readonly attempt: (buf: Uint8Array, pos: number) => Attempt<F, R>;
}

export class ResyncScanner<F, R extends string> {
  #pending = new Uint8Array(0);

  constructor(private readonly syntax: FrameSyntax<F, R>) {}

  /** Events hold copies: a caller's chunk (a Buffer serialport may reuse) is never kept. */
  push(chunk: Uint8Array): (F | Discarded<R | 'noise'>)[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: (F | Discarded<R | 'noise'>)[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const start = this.#nextStart(buf, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (pos === buf.length) break;
      const found = this.syntax.attempt(buf, pos);
      if (found.kind === 'wait') break;
      if (found.kind === 'frame') {
        events.push(found.frame);
        pos += found.length;
      } else {
        events.push(discarded(buf, pos, pos + 1, found.reason));
        pos += 1;
      }
    }
    this.#pending = new Uint8Array(buf.subarray(pos));
    return events;
  }

  /** The first possible frame start at or after `from`, or `buf.length`. */
  #nextStart(buf: Uint8Array, from: number): number {
    for (let i = buf.indexOf(this.syntax.lead, from); i !== -1; i = buf.indexOf(this.syntax.lead, i + 1)) {
      if (this.syntax.mayStartAt(buf, i)) return i;
    }
    return buf.length;
  }
}

const discarded = <R extends string>(buf: Uint8Array, from: number, to: number, reason: R): Discarded<R> => ({
  type: 'discarded',
  bytes: new Uint8Array(buf.subarray(from, to)),
  reason,
});

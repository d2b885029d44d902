const CR = 0x0d;
const LF = 0x0a;

/** Longest line kept, in bytes. A QR code holds at most 2953 bytes; 4096 leaves room for AIM prefixes and suffixes. */
export const MAX_LINE_BYTES = 4096;

export type LineDiscardReason = 'overlong' | 'empty' | 'bad-utf8';

export type LineEvent =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'discarded'; readonly bytes: Uint8Array; readonly reason: LineDiscardReason; readonly length?: number };

/**
 * Splits a scanner's serial-emulation output into lines (docs/devices.md §2.4: "each code terminated by CR",
 * NielsLeenheer/WebSerialBarcodeScanner; CR LF and LF are menu options). Never throws.
 *
 * - A line ends at CR, LF or CR LF; a CR LF pair is one terminator even when split across chunks.
 * - `empty`: nothing before a terminator; `bytes` is that terminator byte.
 * - `overlong`: a line past MAX_LINE_BYTES is discarded up to its terminator as ONE event, however many chunks
 *   it spans, emitted when the terminator arrives: `bytes` are its first MAX_LINE_BYTES, `length` its whole size.
 *   Memory stays at MAX_LINE_BYTES, and a flood of any size costs one event per terminator.
 * - `bad-utf8`: the line is not valid UTF-8 (decoded with `fatal: true`).
 * Terminators are framing: they are neither in `text` nor in discarded bytes (except for `empty`).
 */
export class LineParser {
  readonly #line = new Uint8Array(MAX_LINE_BYTES);
  #length = 0;
  /** The size of the overlong line being dropped until its terminator; 0 when none is. */
  #overlong = 0;
  /** The previous chunk ended in CR: an LF opening this one completes the pair. */
  #afterCr = false;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    let pos = 0;
    if (this.#afterCr && chunk.length > 0) {
      this.#afterCr = false;
      if (chunk[0] === LF) pos = 1;
    }
    while (pos < chunk.length) {
      const end = nextTerminator(chunk, pos);
      this.#append(chunk.subarray(pos, end));
      if (end === chunk.length) break;
      const terminator = chunk[end] === LF ? LF : CR;
      this.#finish(terminator, events);
      pos = end + 1;
      if (terminator === CR) {
        if (pos === chunk.length) this.#afterCr = true;
        else if (chunk[pos] === LF) pos += 1;
      }
    }
    return events;
  }

  #append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#overlong > 0) {
      this.#overlong += bytes.length;
    } else if (this.#length + bytes.length <= MAX_LINE_BYTES) {
      this.#line.set(bytes, this.#length);
      this.#length += bytes.length;
    } else {
      const kept = MAX_LINE_BYTES - this.#length;
      this.#line.set(bytes.subarray(0, kept), this.#length);
      this.#overlong = this.#length + bytes.length;
      this.#length = MAX_LINE_BYTES;
    }
  }

  #finish(terminator: number, events: LineEvent[]): void {
    if (this.#overlong > 0) {
      events.push({ type: 'discarded', bytes: this.#line.slice(0, MAX_LINE_BYTES), reason: 'overlong', length: this.#overlong });
      this.#overlong = 0;
      this.#length = 0;
      return;
    }
    const bytes = this.#line.slice(0, this.#length);
    this.#length = 0;
    if (bytes.length === 0) {
      events.push(discarded(Uint8Array.of(terminator), 'empty'));
      return;
    }
    try {
      events.push({ type: 'line', text: this.#decoder.decode(bytes) });
    } catch {
      // TextDecoder with fatal: true throws a TypeError on invalid UTF-8: an expected outcome here.
      events.push(discarded(bytes, 'bad-utf8'));
    }
  }
}

function nextTerminator(chunk: Uint8Array, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const b = chunk[i];
    if (b === CR || b === LF) return i;
  }
  return chunk.length;
}

const discarded = (bytes: Uint8Array, reason: LineDiscardReason): LineEvent => ({ type: 'discarded', bytes, reason });

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

/**
 * What ends a line: `auto` CR, LF or CR LF alike (the default, robust to any newline setting); `cr`, `lf`,
 * `tab` only that byte; `crlf` only the pair (a lone CR or LF is text: a QR code may hold line breaks).
 */
export type LineSuffix = 'auto' | 'cr' | 'lf' | 'crlf' | 'tab';
export const LINE_SUFFIXES = ['auto', 'cr', 'lf', 'crlf', 'tab'] as const satisfies readonly LineSuffix[];

/** The bytes a simulator writes after each code for each suffix (`auto` as CR, the serial-emulation default). */
export const SUFFIX_BYTES: Readonly<Record<LineSuffix, readonly number[]>> = { auto: [CR], cr: [CR], lf: [LF], crlf: [CR, LF], tab: [TAB] };

/** Longest line kept, in bytes. A QR code holds at most 2953 bytes; 4096 leaves room for AIM prefixes and suffixes. */
export const MAX_LINE_BYTES = 4096;

export type LineDiscardReason = 'overlong' | 'empty' | 'bad-utf8';

export type LineEvent =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'discarded'; readonly bytes: Uint8Array; readonly reason: LineDiscardReason; readonly length?: number };

/**
 * Splits a scanner's serial-emulation output into lines (docs/devices/line.md §1: "each code terminated by CR",
 * NielsLeenheer/WebSerialBarcodeScanner; CR LF, LF and TAB are menu options). Never throws.
 *
 * - A line ends at the configured suffix (`auto`: CR, LF or CR LF); a CR LF pair is one terminator even when
 *   split across chunks.
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
  /** The previous chunk ended in CR: an LF opening this one completes the pair (`auto`: skipped; `crlf`: the terminator). */
  #afterCr = false;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly suffix: LineSuffix = 'auto') {}

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    let pos = 0;
    if (this.#afterCr && chunk.length > 0) {
      this.#afterCr = false;
      if (chunk[0] === LF) {
        pos = 1;
        if (this.suffix === 'crlf') this.#finish(Uint8Array.of(CR, LF), events);
      } else if (this.suffix === 'crlf') {
        this.#append(Uint8Array.of(CR)); // a lone CR is text
      }
    }
    while (pos < chunk.length) {
      const end = this.#nextTerminator(chunk, pos);
      this.#append(chunk.subarray(pos, end));
      if (end === chunk.length) break;
      const b = chunk[end];
      if (this.suffix === 'crlf') {
        // `end` is a CR: the pair ends the line; a CR at the chunk's end waits for the next chunk.
        if (end + 1 === chunk.length) {
          this.#afterCr = true;
          break;
        }
        this.#finish(Uint8Array.of(CR, LF), events);
        pos = end + 2;
        continue;
      }
      this.#finish(Uint8Array.of(b ?? CR), events);
      pos = end + 1;
      if (this.suffix === 'auto' && b === CR) {
        if (pos === chunk.length) this.#afterCr = true;
        else if (chunk[pos] === LF) pos += 1;
      }
    }
    return events;
  }

  /** Index of the next terminator (for `crlf`: a CR followed by LF, or a CR at the chunk's end); `chunk.length` if none. */
  #nextTerminator(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.suffix) {
        case 'auto':
          if (b === CR || b === LF) return i;
          break;
        case 'crlf':
          if (b === CR && (i + 1 === chunk.length || chunk[i + 1] === LF)) return i;
          break;
        default:
          if (b === SUFFIX_BYTES[this.suffix][0]) return i;
      }
    }
    return chunk.length;
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

  #finish(terminator: Uint8Array, events: LineEvent[]): void {
    if (this.#overlong > 0) {
      events.push({ type: 'discarded', bytes: this.#line.slice(0, MAX_LINE_BYTES), reason: 'overlong', length: this.#overlong });
      this.#overlong = 0;
      this.#length = 0;
      return;
    }
    const bytes = this.#line.slice(0, this.#length);
    this.#length = 0;
    if (bytes.length === 0) {
      events.push(discarded(terminator, 'empty'));
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

const discarded = (bytes: Uint8Array, reason: LineDiscardReason): LineEvent => ({ type: 'discarded', bytes, reason });

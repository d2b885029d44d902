import type { StreamParser } from '../../parsed-stream.js';
import { readLine, type LineDefect, type LineTerminator, type TemperatureUnit } from './codec.js';

/**
 * Longest line kept, in bytes (terminator excluded). A reading is a few dozen characters; the bound keeps
 * memory fixed and caps what the pattern runs on (docs/devices/ascii-line.md §3).
 */
export const MAX_LINE_BYTES = 256;

const CR = 0x0d;
const LF = 0x0a;

export type AsciiDiscardReason = LineDefect | 'overlong';

export type AsciiLineEvent =
  /** `length`: the bytes the line took, terminator included. */
  | { readonly type: 'frame'; readonly objectC: number; readonly ambientC: number; readonly length: number }
  | { readonly type: 'discarded'; readonly bytes: Uint8Array; readonly reason: AsciiDiscardReason; readonly length?: number };

export interface AsciiLineParserOptions {
  readonly pattern: RegExp;
  readonly unit: TemperatureUnit;
  readonly terminator: LineTerminator;
}

/**
 * Splits a text thermometer's output into lines and reads each under the pattern. Never throws.
 *
 * - A line ends at the terminator's last byte (LF for `CRLF` and `LF`, CR for `CR`); with `CRLF` a CR right
 *   before the LF belongs to the terminator (a lone LF still ends a line).
 * - A line that does not match (an empty one included) is one `no-match` event; a match whose group is not a
 *   decimal number, `bad-number`; a value no IR sensor measures, `sensor-fault` (codec.ts).
 * - A line past MAX_LINE_BYTES is discarded up to its terminator as ONE `overlong` event, emitted when the
 *   terminator arrives: `bytes` are its first MAX_LINE_BYTES, `length` its whole size. The pattern never sees it.
 * - Every discarded event's bytes include the line's terminator, so every byte pushed ends up in exactly one
 *   frame (`length`) or one discarded event, or is still pending (an unfinished line).
 * Bytes are read as Latin-1 (one character per byte), so any byte sequence is a string and nothing can fail to decode.
 */
export class AsciiLineParser implements StreamParser<Extract<AsciiLineEvent, { type: 'frame' }>, AsciiDiscardReason> {
  /** The first MAX_LINE_BYTES bytes of the line being read. */
  readonly #line = new Uint8Array(MAX_LINE_BYTES);
  /** The line's whole size so far; past MAX_LINE_BYTES it is overlong, and only its start is in `#line`. */
  #size = 0;
  readonly #end: number;

  constructor(private readonly options: AsciiLineParserOptions) {
    this.#end = options.terminator === 'CR' ? CR : LF;
  }

  push(chunk: Uint8Array): AsciiLineEvent[] {
    const events: AsciiLineEvent[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const end = chunk.indexOf(this.#end, pos);
      this.#append(chunk.subarray(pos, end === -1 ? chunk.length : end));
      if (end === -1) break;
      events.push(this.#finish());
      pos = end + 1;
    }
    return events;
  }

  #append(bytes: Uint8Array): void {
    const room = MAX_LINE_BYTES - this.#size;
    if (room > 0) this.#line.set(bytes.subarray(0, room), this.#size);
    this.#size += bytes.length;
  }

  /** The line just ended by the terminator's last byte (counted in every event's size). */
  #finish(): AsciiLineEvent {
    const size = this.#size;
    this.#size = 0;
    if (size > MAX_LINE_BYTES) return { type: 'discarded', bytes: this.#line.slice(), reason: 'overlong', length: size + 1 };
    const withEnd = new Uint8Array(size + 1);
    withEnd.set(this.#line.subarray(0, size));
    withEnd[size] = this.#end;
    const textEnd = this.options.terminator === 'CRLF' && size > 0 && this.#line[size - 1] === CR ? size - 1 : size;
    const read = readLine(String.fromCharCode(...this.#line.subarray(0, textEnd)), this.options.pattern, this.options.unit);
    if (!read.ok) return { type: 'discarded', bytes: withEnd, reason: read.error };
    return { type: 'frame', objectC: read.value.objectC, ambientC: read.value.ambientC, length: size + 1 };
  }
}

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
  readonly #line = new Uint8Array(MAX_LINE_BYTES);
  #length = 0;
  /** The whole size of the line being read when it is past MAX_LINE_BYTES; 0 otherwise. */
  #overlong = 0;
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
    if (this.#overlong > 0) {
      this.#overlong += bytes.length;
    } else if (this.#length + bytes.length <= MAX_LINE_BYTES) {
      this.#line.set(bytes, this.#length);
      this.#length += bytes.length;
    } else {
      this.#line.set(bytes.subarray(0, MAX_LINE_BYTES - this.#length), this.#length);
      this.#overlong = this.#length + bytes.length;
      this.#length = MAX_LINE_BYTES;
    }
  }

  /** The line just ended by the terminator's last byte (counted in every event's size). */
  #finish(): AsciiLineEvent {
    const length = this.#length;
    const overlong = this.#overlong;
    this.#length = 0;
    this.#overlong = 0;
    if (overlong > 0) return { type: 'discarded', bytes: this.#line.slice(), reason: 'overlong', length: overlong + 1 };
    const withEnd = new Uint8Array(length + 1);
    withEnd.set(this.#line.subarray(0, length));
    withEnd[length] = this.#end;
    const textEnd = this.options.terminator === 'CRLF' && length > 0 && this.#line[length - 1] === CR ? length - 1 : length;
    const read = readLine(String.fromCharCode(...this.#line.subarray(0, textEnd)), this.options.pattern, this.options.unit);
    if (!read.ok) return { type: 'discarded', bytes: withEnd, reason: read.error };
    return { type: 'frame', objectC: read.value.objectC, ambientC: read.value.ambientC, length: length + 1 };
  }
}

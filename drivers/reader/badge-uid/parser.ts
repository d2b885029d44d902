import type { Discarded } from '../../parsed-stream.js';
import { LineParser, type LineDiscardReason } from '../../scanner/line/parser.js';
import { readEvent, type ReadEvent } from '../parsed-reader.js';
import { badgeNumber, binaryFrameLength, decodePayload, ETX, STX, type BadgeFrameDefect, type BadgeUidFormat } from './codec.js';

/**
 * `noise`: bytes outside any frame; `truncated`: a frame that a new STX interrupted (the rest never came);
 * `bad-frame`: an STX without its ETX where one must be (`stx-binary`); `overlong`: an STX with no ETX within
 * the longest frame; the rest are the payload's defects or, for `hex-line`, LineParser's.
 */
export type BadgeUidDiscardReason = BadgeFrameDefect | LineDiscardReason | 'noise' | 'truncated' | 'bad-frame' | 'overlong';

type Event = ReadEvent | Discarded<BadgeUidDiscardReason>;

/**
 * A badge reader's output, chunked any way, as badge reads (docs/devices/badge-uid.md §5). Never throws;
 * keeps at most one frame's bytes between pushes; every byte ends up in one read or one discarded event, or is
 * still pending (`hex-line`: terminators are framing, as in LineParser).
 *
 * - `stx-hex`: a frame runs from STX to ETX; a second STX before the ETX cuts the first short (`truncated`),
 *   and a frame that would be longer than any this format has is `overlong`.
 * - `stx-binary`: the frame has a fixed length (raw UID bytes may be 02 or 03), so a bad frame costs its STX
 *   byte only and the search resumes at the next byte, as for the thermometer's frames.
 */
export class BadgeUidParser {
  #pending = new Uint8Array(0);
  readonly #lines: LineParser | undefined;
  /** Longest `stx-hex` frame: STX, hex UID and checksum, CR LF, ETX. */
  readonly #maxHexFrame: number;

  constructor(private readonly format: BadgeUidFormat) {
    this.#lines = format.framing === 'hex-line' ? new LineParser('auto') : undefined;
    this.#maxHexFrame = 1 + 2 * (format.uidBytes + 1) + 2 + 1;
  }

  /** Bytes held for a frame not yet complete. */
  pending(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array): Event[] {
    if (this.#lines !== undefined) return this.#lines.push(chunk).map((e) => (e.type === 'line' ? this.#decode(new TextEncoder().encode(e.text)) : e));
    const buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    const events: Event[] = [];
    const pos = this.format.framing === 'stx-hex' ? this.#scanHex(buf, events) : this.#scanBinary(buf, events);
    this.#pending = buf.slice(pos);
    return events;
  }

  #scanHex(buf: Uint8Array, events: Event[]): number {
    let pos = 0;
    for (;;) {
      const start = indexOrEnd(buf, STX, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (pos === buf.length) return pos;
      const end = indexOrEnd(buf, ETX, pos + 1);
      const next = indexOrEnd(buf, STX, pos + 1);
      if (next < end && next - pos <= this.#maxHexFrame) {
        events.push(discarded(buf, pos, next, 'truncated'));
        pos = next;
      } else if (Math.min(end + 1, buf.length) - pos > this.#maxHexFrame) {
        events.push(discarded(buf, pos, pos + this.#maxHexFrame, 'overlong'));
        pos += this.#maxHexFrame;
      } else if (end < buf.length) {
        events.push(this.#decodeAt(buf, pos, end + 1));
        pos = end + 1;
      } else {
        return pos;
      }
    }
  }

  #scanBinary(buf: Uint8Array, events: Event[]): number {
    const length = binaryFrameLength(this.format);
    let pos = 0;
    for (;;) {
      const start = indexOrEnd(buf, STX, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (buf.length - pos < length) return pos;
      if (buf[pos + length - 1] !== ETX) {
        events.push(discarded(buf, pos, pos + 1, 'bad-frame'));
        pos += 1;
        continue;
      }
      const event = this.#decodeAt(buf, pos, pos + length);
      if (event.type === 'read') {
        events.push(event);
        pos += length;
      } else {
        events.push({ ...event, bytes: buf.slice(pos, pos + 1) });
        pos += 1;
      }
    }
  }

  /** The frame `buf[from, to)` (STX … ETX) as a read, or discarded whole with its defect. */
  #decodeAt(buf: Uint8Array, from: number, to: number): Event {
    const event = this.#decode(buf.subarray(from + 1, to - 1));
    return event.type === 'read' ? event : { ...event, bytes: buf.slice(from, to) };
  }

  #decode(payload: Uint8Array): Event {
    const uid = decodePayload(payload, this.format);
    if (uid.ok) return readEvent({ kind: 'badge', number: badgeNumber(uid.value, this.format) });
    return { type: 'discarded', bytes: payload.slice(), reason: uid.error };
  }
}

function indexOrEnd(buf: Uint8Array, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i === -1 ? buf.length : i;
}

const discarded = (buf: Uint8Array, from: number, to: number, reason: BadgeUidDiscardReason): Event => ({ type: 'discarded', bytes: buf.slice(from, to), reason });

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

import { concatBytes } from '../../bytes.js';
import { decodeFrame, HEADER_LENGTH, lengthField, MAX_LEN, MIN_LEN, PREAMBLE } from './codec.js';

export type SamDiscardReason = 'noise' | 'bad-length' | 'bad-checksum' | 'truncated';

export type SamParserEvent =
  /** One checksum-verified frame: what follows LEN, without CHK (a response's SW1 SW2 SW3 DATA, or a command). */
  | { readonly type: 'frame'; readonly payload: Uint8Array }
  | { readonly type: 'discarded'; readonly bytes: Uint8Array; readonly reason: SamDiscardReason };

/** The longest frame the parser waits for; it never holds more than this between pushes. */
export const MAX_FRAME_BYTES = HEADER_LENGTH + MAX_LEN;

/**
 * Turns SAM reader output (or host commands, for the simulator), chunked any way, into frames and discarded
 * runs (docs/devices/sam.md §1). Never throws.
 *
 * - Bytes before a preamble `AA AA AA 96 69` are one `noise` event per run; a preamble cut off by the end of a
 *   chunk is kept for the next.
 * - A LEN outside 3 … 4096 costs the preamble's first byte (`bad-length`), a wrong XOR likewise (`bad-checksum`),
 *   and the scan resumes at the next byte, so a good frame starting inside the bad one is still found.
 * - A frame cut short (a truncated write, an unplug mid-frame) would hold its LEN's worth of the frames after it;
 *   so while a frame is incomplete, a complete, checksum-verified frame starting at a later preamble ends it:
 *   the cut one's bytes up to there are discarded as `truncated`. A well-formed frame whose data happened to hold
 *   a whole valid frame (preamble, LEN and XOR all matching) would be lost this way; 5 preamble bytes and a
 *   checksum make that improbable, and the reader re-sends on the next request.
 * - A cut frame whose LEN, filled up with the next frame's bytes, happens to pass the XOR (1 in 256) looks whole.
 *   When the next frame is complete in the same push and starts inside it, the next frame wins (two real frames
 *   back to back cannot overlap: the preamble does not overlap itself) and the cut one is `truncated`; when the
 *   next frame is not all there yet, the cut one is taken as a frame and the next one is lost.
 * - Bounded memory: at most MAX_FRAME_BYTES are held between pushes.
 * - Every byte pushed ends up in exactly one frame or one discarded event, or is still pending.
 */
export class SamParser {
  #pending = new Uint8Array(0);

  /** Bytes held for the next push: an incomplete frame, at most MAX_FRAME_BYTES − 1. */
  get pendingLength(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array): SamParserEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: SamParserEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = findPreamble(buf, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (buf.length - pos < HEADER_LENGTH) break;
      const len = lengthField(buf.subarray(pos));
      if (len < MIN_LEN || len > MAX_LEN) {
        events.push(discarded(buf, pos, pos + 1, 'bad-length'));
        pos += 1;
        continue;
      }
      const end = pos + HEADER_LENGTH + len;
      if (end > buf.length) {
        const next = completeFrameAfter(buf, pos + 1);
        if (next === undefined) break;
        events.push(discarded(buf, pos, next, 'truncated'));
        pos = next;
        continue;
      }
      const frame = decodeFrame(buf.subarray(pos, end));
      const overlapping = frame.ok ? completeFrameAfter(buf, pos + 1, end, end) : undefined;
      if (overlapping !== undefined) {
        events.push(discarded(buf, pos, overlapping, 'truncated'));
        pos = overlapping;
      } else if (frame.ok) {
        events.push({ type: 'frame', payload: frame.value });
        pos = end;
      } else {
        events.push(discarded(buf, pos, pos + 1, 'bad-checksum'));
        pos += 1;
      }
    }
    this.#pending = buf.slice(pos);
    return events;
  }
}

/** Index of the first preamble at or after `from`; one cut off by the end of `buf` counts. `buf.length` if none. */
function findPreamble(buf: Uint8Array, from: number): number {
  for (let i = buf.indexOf(PREAMBLE[0], from); i !== -1; i = buf.indexOf(PREAMBLE[0], i + 1)) {
    if (PREAMBLE.every((b, k) => i + k >= buf.length || buf[i + k] === b)) return i;
  }
  return buf.length;
}

/**
 * Where the first complete, checksum-verified frame starting at or after `from` (and before `startBefore`)
 * starts, if one does; only frames that end after `endAfter` count.
 */
function completeFrameAfter(buf: Uint8Array, from: number, startBefore = buf.length, endAfter = 0): number | undefined {
  for (let i = findPreamble(buf, from); i < startBefore && buf.length - i >= HEADER_LENGTH; i = findPreamble(buf, i + 1)) {
    const len = lengthField(buf.subarray(i));
    const end = i + HEADER_LENGTH + len;
    if (len >= MIN_LEN && len <= MAX_LEN && end <= buf.length && end > endAfter && decodeFrame(buf.subarray(i, end)).ok) return i;
  }
  return undefined;
}

const discarded = (buf: Uint8Array, from: number, to: number, reason: SamDiscardReason): SamParserEvent => ({
  type: 'discarded',
  bytes: buf.slice(from, to),
  reason,
});

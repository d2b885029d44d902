import { concatBytes } from '../../bytes.js';
import { decodeFrame, FRAME_HEADER, FRAME_LENGTH } from './codec.js';
import { GY_MCU90614, isSensorFault, type GyModel } from './models.js';

export type DiscardReason = 'noise' | 'bad-checksum' | 'bad-length' | 'sensor-fault';

export type ParserEvent =
  | { readonly type: 'frame'; readonly objectC: number; readonly ambientC: number }
  | { readonly type: 'discarded'; readonly bytes: Uint8Array; readonly reason: DiscardReason };

/**
 * Turns GY-MCU90614 output, chunked any way, into frames and discarded runs. Never throws.
 *
 * - Bytes that cannot start a frame (no `5A 5A 45` header) are discarded at once as one `noise` event per run,
 *   so between pushes the parser keeps at most the 8 bytes of an incomplete frame (bounded memory).
 * - A header whose length byte or checksum is wrong costs one byte (`bad-length` / `bad-checksum`) and the scan
 *   resumes at the next byte, so a good frame that starts inside the bad one is still found.
 * - A well-formed frame whose value the model's sensor cannot measure (models.ts `isSensorFault`) is discarded
 *   whole as `sensor-fault`: it is a frame, so the scan goes on after its 9 bytes.
 * - Every byte pushed ends up in exactly one frame or one discarded event, or is still pending.
 */
export class Gy90614Parser {
  #pending = new Uint8Array(0);

  constructor(private readonly model: GyModel = GY_MCU90614) {}

  push(chunk: Uint8Array): ParserEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: ParserEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = findHeader(buf, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (buf.length - pos < FRAME_LENGTH) break;
      const frame = decodeFrame(buf.subarray(pos, pos + FRAME_LENGTH));
      if (frame.ok) {
        const { objectC, ambientC } = frame.value;
        events.push(isSensorFault(frame.value, this.model) ? discarded(buf, pos, pos + FRAME_LENGTH, 'sensor-fault') : { type: 'frame', objectC, ambientC });
        pos += FRAME_LENGTH;
      } else {
        // The header matched, so the defect is the length byte or the checksum.
        events.push(discarded(buf, pos, pos + 1, frame.error === 'bad-checksum' ? 'bad-checksum' : 'bad-length'));
        pos += 1;
      }
    }
    this.#pending = buf.slice(pos);
    return events;
  }
}

/** Index of the first header at or after `from`; a header cut off by the end of `buf` counts. `buf.length` if none. */
function findHeader(buf: Uint8Array, from: number): number {
  const [h0, h1, h2] = FRAME_HEADER;
  for (let i = buf.indexOf(h0, from); i !== -1; i = buf.indexOf(h0, i + 1)) {
    if ((i + 1 >= buf.length || buf[i + 1] === h1) && (i + 2 >= buf.length || buf[i + 2] === h2)) return i;
  }
  return buf.length;
}

const discarded = (buf: Uint8Array, from: number, to: number, reason: DiscardReason): ParserEvent => ({
  type: 'discarded',
  bytes: buf.slice(from, to),
  reason,
});

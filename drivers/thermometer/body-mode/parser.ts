import type { Discarded } from '../../parsed-stream.js';
import { COMMANDS, decodeFrame, decodeMeasurement, HEADER, MAX_LEN, MIN_LEN, type FrameDefect } from './codec.js';

/** Why bytes are not a frame. */
export type FramingReason = 'noise' | Exclude<FrameDefect, 'bad-header'>;

/** A frame: its CMD, its ARGS and all its bytes as received. */
export type FrameEvent = { readonly type: 'frame'; readonly command: number; readonly args: Uint8Array; readonly bytes: Uint8Array } | Discarded<FramingReason>;

/**
 * Finds `AA A5 LEN CMD … SUM 55` frames in bytes chunked any way (docs/devices/body-mode.md §2). Never throws.
 * Both sides use it: the driver for replies (through `BodyModeParser`), the simulator for commands.
 *
 * - Bytes that cannot start a frame (no `AA A5` header) are discarded at once, one `noise` event per run.
 * - A header whose LEN is outside `MIN_LEN … MAX_LEN`, or whose frame fails its checksum or tail, costs one byte
 *   (`bad-length` / `bad-checksum` / `bad-tail`) and the scan resumes at the next byte, so a good frame that
 *   starts inside the bad one is still found.
 * - Between pushes at most `MAX_LEN + 2` bytes of an incomplete frame are kept (bounded memory).
 * - Every byte pushed ends up in exactly one frame or one discarded event, or is still pending.
 */
export class FrameScanner {
  #pending = new Uint8Array(0);

  push(chunk: Uint8Array): FrameEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    const events: FrameEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = findHeader(buf, pos);
      if (start > pos) events.push(discarded(buf, pos, start, 'noise'));
      pos = start;
      if (buf.length - pos < 3) break;
      const len = buf[pos + 2] ?? 0;
      if (len < MIN_LEN || len > MAX_LEN) {
        events.push(discarded(buf, pos, pos + 1, 'bad-length'));
        pos += 1;
        continue;
      }
      if (buf.length - pos < len + 3) break;
      const bytes = buf.subarray(pos, pos + len + 3);
      const frame = decodeFrame(bytes);
      if (frame.ok) {
        events.push({ type: 'frame', command: frame.value.command, args: frame.value.args, bytes: Uint8Array.from(bytes) });
        pos += len + 3;
      } else {
        // The header and LEN were checked above, so the defect is the checksum or the tail.
        events.push(discarded(buf, pos, pos + 1, frame.error === 'bad-tail' ? 'bad-tail' : 'bad-checksum'));
        pos += 1;
      }
    }
    this.#pending = Uint8Array.from(buf.subarray(pos));
    return events;
  }
}

/**
 * Highest values the module's sensor measures: the MLX90614 (the module's I²C variant answers at its address
 * 0x5A) reads objects up to 380 °C and ambient up to 125 °C (docs/devices/body-mode.md §4). Above is a bus
 * glitch (0xFFFF reads 6553.5 °C), never a reading.
 */
export const SENSOR_MAX = { targetC: 380, ambientC: 125 } as const;

export type DiscardReason = FramingReason | 'bad-reply' | 'sensor-fault';

export type ParserEvent =
  | { readonly type: 'measurement'; readonly target: number; readonly targetC: number; readonly ambientC: number }
  /** Any other well-formed frame: a set-target or calibration reply (ARGS[0] its status), or one the gate never asked for. */
  | { readonly type: 'reply'; readonly command: number; readonly args: Uint8Array }
  | Discarded<DiscardReason>;

/**
 * The host side: frames as `FrameScanner` finds them, a measure reply turned into its values. A measure reply
 * without exactly five ARGS is `bad-reply`; one whose values no sensor measures (`SENSOR_MAX`) is `sensor-fault`.
 * Both are discarded whole. Same guarantees as `FrameScanner`.
 */
export class BodyModeParser {
  readonly #frames = new FrameScanner();

  push(chunk: Uint8Array): ParserEvent[] {
    return this.#frames.push(chunk).map((e): ParserEvent => {
      if (e.type === 'discarded') return e;
      if (e.command !== COMMANDS.measure) return { type: 'reply', command: e.command, args: e.args };
      const m = decodeMeasurement(e.args);
      if (m === undefined) return { type: 'discarded', reason: 'bad-reply', bytes: e.bytes };
      if (m.targetC > SENSOR_MAX.targetC || m.ambientC > SENSOR_MAX.ambientC) return { type: 'discarded', reason: 'sensor-fault', bytes: e.bytes };
      return { type: 'measurement', ...m };
    });
  }
}

/** Index of the first `AA A5` at or after `from`; a header cut off by the end of `buf` counts. `buf.length` if none. */
function findHeader(buf: Uint8Array, from: number): number {
  for (let i = buf.indexOf(HEADER[0], from); i !== -1; i = buf.indexOf(HEADER[0], i + 1)) {
    if (i + 1 >= buf.length || buf[i + 1] === HEADER[1]) return i;
  }
  return buf.length;
}

const discarded = (buf: Uint8Array, from: number, to: number, reason: FramingReason): FrameEvent => ({
  type: 'discarded',
  bytes: Uint8Array.from(buf.subarray(from, to)),
  reason,
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

import type { Discarded } from '../../parsed-stream.js';
import { ResyncScanner, type Attempt } from '../../resync-scanner.js';
import { COMMANDS, decodeFrame, decodeMeasurement, HEADER, MAX_LEN, MIN_LEN, type FrameDefect } from './codec.js';

/** Why bytes are not a frame. */
export type FramingReason = 'noise' | Exclude<FrameDefect, 'bad-header'>;

/** A frame: its CMD, its ARGS and all its bytes as received. */
export type FrameEvent = { readonly type: 'frame'; readonly command: number; readonly args: Uint8Array; readonly bytes: Uint8Array } | Discarded<FramingReason>;

/** `AA A5`, as far as `buf` goes (`buf[i]` is `AA`). */
const mayStartAt = (buf: Uint8Array, i: number): boolean => i + 1 >= buf.length || buf[i + 1] === HEADER[1];

function attempt(buf: Uint8Array, pos: number): Attempt<FrameEvent, Exclude<FramingReason, 'noise'>> {
  if (buf.length - pos < 3) return { kind: 'wait' };
  const len = buf[pos + 2] ?? 0;
  if (len < MIN_LEN || len > MAX_LEN) return { kind: 'bad', reason: 'bad-length' };
  if (buf.length - pos < len + 3) return { kind: 'wait' };
  const window = buf.subarray(pos, pos + len + 3);
  const frame = decodeFrame(window);
  // The header and LEN were checked above, so a defect is the checksum or the tail.
  if (!frame.ok) return { kind: 'bad', reason: frame.error === 'bad-tail' ? 'bad-tail' : 'bad-checksum' };
  return { kind: 'frame', frame: { type: 'frame', command: frame.value.command, args: frame.value.args, bytes: new Uint8Array(window) }, length: window.length };
}

/**
 * Finds `AA A5 LEN CMD … SUM 55` frames in bytes chunked any way (docs/devices/body-mode.md §2, §5), with the
 * guarantees of drivers/resync-scanner.ts. Both sides use it: the driver for replies (through `BodyModeParser`),
 * the simulator for commands.
 *
 * - Bytes that cannot start a frame (no `AA A5` header) are discarded at once, one `noise` event per run.
 * - A header whose LEN is outside `MIN_LEN … MAX_LEN`, or whose frame fails its checksum or tail, costs one byte
 *   (`bad-length` / `bad-checksum` / `bad-tail`) and the scan resumes at the next byte.
 * - Between pushes at most `MAX_LEN + 2` bytes of an incomplete frame are kept (bounded memory).
 */
export class FrameScanner {
  readonly #scanner = new ResyncScanner({ lead: HEADER[0], mayStartAt, attempt });

  push(chunk: Uint8Array): FrameEvent[] {
    return this.#scanner.push(chunk);
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

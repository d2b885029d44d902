/**
 * The body-mode IR module's UART protocol (docs/devices/body-mode.md §2, §3; source: the `xiaohu_robot` ROS
 * project's `InfraredTemperatureSensor.cpp`). 38400 8N1 as that project opens it. The same frame goes both ways:
 *
 * | offset        | byte                                                            |
 * |---------------|-----------------------------------------------------------------|
 * | 0, 1          | 0xAA 0xA5 header                                                |
 * | 2             | LEN: bytes from LEN through SUM (1 + 1 + args + 1)              |
 * | 3             | CMD (see `COMMANDS`); a reply repeats its request's CMD         |
 * | 4 … LEN       | ARGS                                                            |
 * | LEN + 1       | SUM = (LEN + CMD + ΣARGS) & 0xFF, header and tail excluded      |
 * | LEN + 2       | 0x55 tail                                                       |
 *
 * So a frame is LEN + 3 bytes. The measure reply's ARGS are `[target, TH, TL, AH, AL]`: T the target
 * temperature and A the ambient, each an unsigned 16-bit big-endian count of 0.1 °C (§4).
 */
import { err, ok, type Result } from '../../../src/result.js';

export const HEADER = [0xaa, 0xa5] as const;
export const TAIL = 0x55;

/** Command byte per name (docs/devices/body-mode.md §3). */
export const COMMANDS = {
  measure: 0x01,
  setTarget: 0x02,
  calibrateLow: 0x03,
  calibrateHigh: 0x04,
  setProtocol: 0x05,
} as const;
export type CommandName = keyof typeof COMMANDS;

/** The set-target argument, and the first byte of every measure reply. */
export const TARGETS = { surface: 0x01, body: 0x02 } as const;

/** A set-target or calibration reply's ARGS[0] when the module did what it was asked. */
export const STATUS_OK = 0x00;

/** LEN of a frame without ARGS. */
export const MIN_LEN = 3;
/**
 * The longest LEN the parser waits for. The longest frame the protocol is known to have is the 11-byte measure
 * reply (LEN 8); a bigger LEN byte after a header is taken as noise rather than awaited, so noise that looks like
 * a header cannot hold real replies back for long (docs/devices/body-mode.md §5).
 */
export const MAX_LEN = 16;
export const MEASURE_ARGS = 5;

/** One well-formed frame. */
export interface Frame {
  readonly command: number;
  readonly args: Uint8Array;
}

/** A measure reply's values: `targetC` is body temperature when `target` is `TARGETS.body`, else surface. */
export interface Measurement {
  readonly target: number;
  readonly targetC: number;
  readonly ambientC: number;
}

export type FrameDefect = 'bad-header' | 'bad-length' | 'bad-checksum' | 'bad-tail';

/** (LEN + CMD + ΣARGS) & 0xFF over a whole frame's bytes 2 … LEN. */
export function frameChecksum(frame: Uint8Array): number {
  const len = frame[2] ?? 0;
  let sum = 0;
  for (let i = 2; i <= len && i < frame.length; i++) sum += frame[i] ?? 0;
  return sum & 0xff;
}

/** `AA A5 LEN CMD ARGS… SUM 55`. Throws RangeError for more ARGS than a LEN byte can count (a caller bug). */
export function encodeFrame(command: number, args: readonly number[] = []): Uint8Array {
  const len = MIN_LEN + args.length;
  if (len > 0xff) throw new RangeError(`${args.length} arguments do not fit a frame`);
  const frame = Uint8Array.from([...HEADER, len, command, ...args, 0, TAIL]);
  frame[len + 1] = frameChecksum(frame);
  return frame;
}

/** Decodes exactly one frame. */
export function decodeFrame(bytes: Uint8Array): Result<Frame, FrameDefect> {
  if (bytes[0] !== HEADER[0] || bytes[1] !== HEADER[1]) return err('bad-header');
  const len = bytes[2] ?? 0;
  if (len < MIN_LEN || bytes.length !== len + 3) return err('bad-length');
  if (bytes[len + 1] !== frameChecksum(bytes)) return err('bad-checksum');
  if (bytes[len + 2] !== TAIL) return err('bad-tail');
  return ok({ command: bytes[3] ?? 0, args: new Uint8Array(bytes.subarray(4, len + 1)) });
}

/** `AA A5 03 01 04 55`. */
export const encodeMeasure = (): Uint8Array => encodeFrame(COMMANDS.measure);

/** Body mode: `AA A5 04 02 02 08 55`; surface: `AA A5 04 02 01 07 55`. */
export const encodeSetTarget = (target: keyof typeof TARGETS): Uint8Array => encodeFrame(COMMANDS.setTarget, [TARGETS[target]]);

/** The measure reply's ARGS, or undefined when there are not exactly five. */
export function decodeMeasurement(args: Uint8Array): Measurement | undefined {
  if (args.length !== MEASURE_ARGS) return undefined;
  return { target: args[0] ?? 0, targetC: uint16(args[1], args[2]) / 10, ambientC: uint16(args[3], args[4]) / 10 };
}

/**
 * A measure reply carrying `m`, rounded to 0.1 °C, e.g. body 36.6 / ambient 25.3 → `AA A5 08 01 02 01 6E 00 FD 77 55`.
 * Throws RangeError outside what an unsigned 16-bit count of 0.1 °C holds (0 … 6553.5 °C): a caller bug.
 */
export function encodeMeasurement(m: Measurement): Uint8Array {
  const t = deci(m.targetC);
  const a = deci(m.ambientC);
  return encodeFrame(COMMANDS.measure, [m.target, t >> 8, t & 0xff, a >> 8, a & 0xff]);
}

/** The highest value a frame carries: 0xFFFF tenths. */
export const FRAME_MAX_C = 6553.5;

const uint16 = (high = 0, low = 0): number => (high << 8) | low;

function deci(celsius: number): number {
  const raw = Math.round(celsius * 10);
  if (!(raw >= 0 && raw <= 0xffff)) throw new RangeError(`${celsius} °C does not fit a body-mode frame`);
  return raw;
}

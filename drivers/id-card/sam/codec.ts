/**
 * The SAM protocol of resident ID card readers (docs/devices/sam.md §1–§2). Commands and responses share one
 * frame:
 *
 * | offset  | bytes                                                                               |
 * |---------|-------------------------------------------------------------------------------------|
 * | 0–4     | preamble `AA AA AA 96 69`                                                           |
 * | 5, 6    | LEN, big-endian: the bytes after the length field, **including** CHK                |
 * | 7 …     | payload: a command `CMD PARA [DATA…]`, or a response `SW1 SW2 SW3 [DATA…]`          |
 * | 6 + LEN | CHK: XOR of LEN_H … the byte before CHK                                             |
 *
 * e.g. find card: `AA AA AA 96 69 00 03 20 01 22` (00 ^ 03 ^ 20 ^ 01 = 22).
 */
import { err, ok, type Result } from '../../../src/result.js';
import { concatBytes } from '../../bytes.js';

export const PREAMBLE = [0xaa, 0xaa, 0xaa, 0x96, 0x69] as const;
/** Preamble and length field: the bytes before the payload. */
export const HEADER_LENGTH = 7;
/**
 * Largest LEN accepted. The largest documented frame is the read-with-fingerprint response (3 + 6 + 256 +
 * 1024 + 1024 + 1 = 2314); anything beyond 4096 is a corrupted length field, and the cap bounds what a parser
 * holds while it waits for a frame's end.
 */
export const MAX_LEN = 4096;
/** Smallest LEN: a command's `CMD PARA` and CHK. */
export const MIN_LEN = 3;

/** Command bytes per name (docs/devices/sam.md §2). */
export const COMMANDS = {
  /** SAM status check (SAM_A状态检测); 0x90 when the security module is fit. */
  samStatus: [0x11, 0xff],
  /** Read the SAM's management id (读SAM_A管理信息). */
  samId: [0x12, 0xff],
  /** Find card (寻卡); 0x9F when a card is in the field. */
  find: [0x20, 0x01],
  /** Select card (选卡). */
  select: [0x20, 0x02],
  /** Read text + photo (读基本信息): the 1295-byte response of §3. */
  readText: [0x30, 0x01],
  /** Read text + photo + fingerprint. */
  readFingerprint: [0x30, 0x10],
  /** Set the maximum RF frame size to 0x50. */
  setMaxRfBytes: [0x61, 0xff, 0x50],
  /** Reset the SAM. [uncertain]: one source lists `10 FF`, BearPi lists 0x01/0xFF (docs/devices/sam.md §2). */
  resetSam: [0x10, 0xff],
} as const satisfies Record<string, readonly number[]>;
export type CommandName = keyof typeof COMMANDS;

/** Why bytes that start with the preamble are not a frame. */
export type FrameDefect = 'bad-preamble' | 'bad-length' | 'bad-checksum';

/** XOR of `bytes[from]` up to, not including, `bytes[to]`. */
export function xorChecksum(bytes: Uint8Array, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** A whole frame around `payload` (MIN_LEN − 1 … MAX_LEN − 1 bytes). Throws RangeError outside that: a caller bug. */
export function encodeFrame(payload: Uint8Array | readonly number[]): Uint8Array {
  const len = payload.length + 1;
  if (len < MIN_LEN || len > MAX_LEN) throw new RangeError(`a SAM payload of ${payload.length} bytes does not fit a frame`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(payload, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

export const encodeCommand = (name: CommandName): Uint8Array => encodeFrame(COMMANDS[name]);

/** LEN of a header (≥ 7 bytes); the caller has checked the preamble. */
export const lengthField = (bytes: Uint8Array): number => ((bytes[5] ?? 0) << 8) | (bytes[6] ?? 0);

/** The payload of exactly one frame. */
export function decodeFrame(bytes: Uint8Array): Result<Uint8Array, FrameDefect> {
  if (bytes.length < HEADER_LENGTH || PREAMBLE.some((b, i) => bytes[i] !== b)) return err('bad-preamble');
  const len = lengthField(bytes);
  if (len < MIN_LEN || len > MAX_LEN || bytes.length !== HEADER_LENGTH + len) return err('bad-length');
  if (bytes[bytes.length - 1] !== xorChecksum(bytes, 5, bytes.length - 1)) return err('bad-checksum');
  return ok(bytes.slice(HEADER_LENGTH, bytes.length - 1));
}

/** The command a payload is, or undefined for bytes no command has. */
export function decodeCommand(payload: Uint8Array): CommandName | undefined {
  return (Object.keys(COMMANDS) as CommandName[]).find((name) => {
    const bytes = COMMANDS[name];
    return bytes.length === payload.length && bytes.every((b, i) => payload[i] === b);
  });
}

/** A response payload: SW1 SW2 SW3 and what follows. SW1 = SW2 = 0 in every documented response; SW3 is the status. */
export interface Response {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export function decodeResponse(payload: Uint8Array): Result<Response, 'bad-length'> {
  if (payload.length < 3) return err('bad-length');
  return ok({ sw1: payload[0] ?? 0, sw2: payload[1] ?? 0, sw3: payload[2] ?? 0, data: payload.subarray(3) });
}

/** A response frame with SW1 = SW2 = 0. */
export const encodeResponse = (sw3: number, data: Uint8Array | readonly number[] = []): Uint8Array => encodeFrame([0x00, 0x00, sw3, ...data]);

export const TEXT_LENGTH = 256;
export const PHOTO_LENGTH = 1024;

/** What a read response (`30 01` or `30 10`) carries after its status. */
export interface ReadInfo {
  readonly text: Uint8Array;
  /** The WLT photo, opaque. */
  readonly photo: Uint8Array;
  /** Only from `30 10`; empty when the card holds none. */
  readonly fingerprint: Uint8Array;
}

const be16 = (data: Uint8Array, at: number): number => ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);

/**
 * Splits a read response's data (after SW3): `30 01` → TEXT_LEN(2) PHOTO_LEN(2) TEXT PHOTO; `30 10` →
 * TEXT_LEN PHOTO_LEN FP_LEN TEXT PHOTO FP (docs/devices/sam.md §3). The text must be 256 bytes; the lengths
 * must add up to the data's size exactly.
 */
export function splitReadInfo(data: Uint8Array, withFingerprint: boolean): Result<ReadInfo, 'bad-read-layout'> {
  const lengths = withFingerprint ? 6 : 4;
  if (data.length < lengths) return err('bad-read-layout');
  const textLength = be16(data, 0);
  const photoLength = be16(data, 2);
  const fpLength = withFingerprint ? be16(data, 4) : 0;
  if (textLength !== TEXT_LENGTH || lengths + textLength + photoLength + fpLength !== data.length) return err('bad-read-layout');
  const photoAt = lengths + textLength;
  return ok({
    text: data.slice(lengths, photoAt),
    photo: data.slice(photoAt, photoAt + photoLength),
    fingerprint: data.slice(photoAt + photoLength),
  });
}

/** A read response's data from its parts (the simulator's side of `splitReadInfo`). */
export function joinReadInfo(info: ReadInfo, withFingerprint: boolean): Uint8Array {
  const lengths = withFingerprint ? [info.text.length, info.photo.length, info.fingerprint.length] : [info.text.length, info.photo.length];
  return concatBytes([Uint8Array.from(lengths.flatMap((n) => [n >> 8, n & 0xff])), info.text, info.photo, ...(withFingerprint ? [info.fingerprint] : [])]);
}

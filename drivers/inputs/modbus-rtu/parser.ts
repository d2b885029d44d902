import { concatBytes } from '../../bytes.js';
import type { Discarded } from '../../parsed-stream.js';
import { EXCEPTION_FLAG, EXCEPTION_LENGTH, READ_DISCRETE_INPUTS, crcHolds, dataBytes, inputBits } from './codec.js';

/** `noise`: bytes that start no answer from this unit; `bad-crc`: an answer's first byte whose CRC failed (the scan resumes one byte on). */
export type ModbusDiscardReason = 'noise' | 'bad-crc';

export type ModbusAnswer =
  | { readonly type: 'inputs'; readonly inputs: readonly boolean[] }
  | { readonly type: 'exception'; readonly code: number };

type Event = ModbusAnswer | Discarded<ModbusDiscardReason>;

/**
 * A module's answers to "read `quantity` discrete inputs" from `unit`, chunked any way (codec.ts). Never throws;
 * keeps at most one answer's bytes between pushes; every byte ends up in one answer or one discarded event, or
 * is still pending. RTU frames are delimited by silence on the line, which a pty does not keep, so an answer is
 * found by its header (unit, function, the expected byte count) and its CRC.
 */
export class ModbusInputsParser {
  #pending = new Uint8Array(0);
  readonly #answerLength: number;

  constructor(
    private readonly unit: number,
    private readonly quantity: number,
  ) {
    this.#answerLength = 5 + dataBytes(quantity);
  }

  pending(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array): Event[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: Event[] = [];
    let pos = 0;
    let noiseFrom = -1;
    const flushNoise = (to: number): void => {
      if (noiseFrom >= 0) events.push({ type: 'discarded', bytes: buf.slice(noiseFrom, to), reason: 'noise' });
      noiseFrom = -1;
    };
    while (pos < buf.length) {
      const length = this.#candidateLength(buf, pos);
      if (length === 0) {
        if (noiseFrom < 0) noiseFrom = pos;
        pos += 1;
        continue;
      }
      if (pos + length > buf.length) break; // a header whose answer is not all here yet
      flushNoise(pos);
      const frame = buf.subarray(pos, pos + length);
      if (!crcHolds(frame)) {
        events.push({ type: 'discarded', bytes: buf.slice(pos, pos + 1), reason: 'bad-crc' });
        pos += 1;
        continue;
      }
      events.push(length === EXCEPTION_LENGTH ? { type: 'exception', code: frame[2] ?? 0 } : { type: 'inputs', inputs: inputBits(frame.subarray(3, length - 2), this.quantity) });
      pos += length;
    }
    flushNoise(pos);
    this.#pending = buf.slice(pos);
    return events;
  }

  /**
   * The length of the answer a header at `pos` announces, 0 when the bytes there cannot start one; a header
   * cut off at the end of `buf` counts as a candidate (its length is then the longest it could be).
   */
  #candidateLength(buf: Uint8Array, pos: number): number {
    if (buf[pos] !== this.unit) return 0;
    const fn = buf[pos + 1];
    if (fn === undefined) return this.#answerLength;
    if (fn === (READ_DISCRETE_INPUTS | EXCEPTION_FLAG)) return EXCEPTION_LENGTH;
    if (fn !== READ_DISCRETE_INPUTS) return 0;
    const count = buf[pos + 2];
    if (count === undefined) return this.#answerLength;
    return count === this.#answerLength - 5 ? this.#answerLength : 0;
  }
}


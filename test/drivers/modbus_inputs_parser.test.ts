import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeException, encodeInputsResponse } from '../../drivers/inputs/modbus-rtu/codec.js';
import { ModbusInputsParser } from '../../drivers/inputs/modbus-rtu/parser.js';
import { concatBytes, hex } from './support.js';

const QUANTITY = 3;
const answer = (inputs: boolean[]) => encodeInputsResponse(1, inputs);
type Events = ReturnType<ModbusInputsParser['push']>;
const pushAll = (p: ModbusInputsParser, chunks: Uint8Array[]): Events => chunks.flatMap((c) => p.push(c));
const inputsOf = (events: Events) => events.flatMap((e) => (e.type === 'inputs' ? [e.inputs] : []));
/** Bytes in answers, in discarded runs, and still pending: every byte pushed is in exactly one. */
function accounted(p: ModbusInputsParser, events: Events, quantity: number): number {
  const answerBytes = 5 + Math.ceil(quantity / 8);
  return events.reduce((n, e) => n + (e.type === 'discarded' ? e.bytes.length : e.type === 'inputs' ? answerBytes : 5), 0) + p.pending();
}

describe('Modbus RTU inputs parser', () => {
  it('one answer; two in one chunk; split at every byte', () => {
    const a = answer([true, false, true]);
    expect(inputsOf(new ModbusInputsParser(1, QUANTITY).push(a))).toEqual([[true, false, true]]);
    expect(inputsOf(new ModbusInputsParser(1, QUANTITY).push(concatBytes([a, answer([false, false, true])])))).toEqual([
      [true, false, true],
      [false, false, true],
    ]);
    for (let cut = 1; cut < a.length; cut++) {
      const p = new ModbusInputsParser(1, QUANTITY);
      expect(inputsOf(pushAll(p, [a.subarray(0, cut), a.subarray(cut)]))).toEqual([[true, false, true]]);
      expect(p.pending()).toBe(0);
    }
  });

  it('skips leading noise, another unit\'s answer and a bad CRC, then takes the good answer', () => {
    const p = new ModbusInputsParser(1, QUANTITY);
    const bad = answer([true, true, true]);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    const events = p.push(concatBytes([hex('FF 00 13'), encodeInputsResponse(2, [true, true, true]), bad, answer([false, true, false])]));
    expect(inputsOf(events)).toEqual([[false, true, false]]);
    expect(events.some((e) => e.type === 'discarded' && e.reason === 'bad-crc')).toBe(true);
    expect(events.some((e) => e.type === 'discarded' && e.reason === 'noise')).toBe(true);
  });

  it('reports an exception answer', () => {
    expect(new ModbusInputsParser(1, QUANTITY).push(encodeException(1, 2))).toEqual([{ type: 'exception', code: 2 }]);
  });

  it('property: for arbitrary byte streams, chunked any way, it never throws and accounts for every byte (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 247 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 24 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }).map((b) => encodeInputsResponse(1, b))), { maxLength: 12 }),
        (unit, quantity, chunks) => {
          const p = new ModbusInputsParser(unit, quantity);
          const events = pushAll(p, chunks);
          expect(accounted(p, events, quantity)).toBe(chunks.reduce((n, c) => n + c.length, 0));
          expect(p.pending()).toBeLessThanOrEqual(5 + Math.ceil(quantity / 8));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('property: answers among noise come out in order, whatever the chunking (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: QUANTITY, maxLength: QUANTITY }), fc.uint8Array({ maxLength: 6 }).map((n) => n.filter((b) => b !== 1))), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }),
        (answers, sizes) => {
          const stream = concatBytes(answers.flatMap(([bits, noise]) => [noise, answer(bits)]));
          const chunks: Uint8Array[] = [];
          for (let i = 0, k = 0; i < stream.length; k++) {
            const n = sizes[k % sizes.length] ?? 1;
            chunks.push(stream.subarray(i, i + n));
            i += n;
          }
          expect(inputsOf(pushAll(new ModbusInputsParser(1, QUANTITY), chunks))).toEqual(answers.map(([bits]) => bits));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

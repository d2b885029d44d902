import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeReport, encodeReport, encodeScan, HONEYWELL_BEEP, HONEYWELL_HID_MODE } from '../../drivers/scanner/hid-pos/codec.js';
import { CAPTURED_REVINF, CAPTURED_REVINF_ACK, MALFORMED_COUNT, MALFORMED_SHORT, SYNTHETIC_HTTP } from '../fixtures/hid-pos-reports.js';
import type { Result } from '../../src/result.js';
import { hex, toHex } from './support.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The decoded report, or a failure naming the defect. */
function decoded<T>(r: Result<T, string>): T {
  if (!r.ok) throw new Error(`expected a report, got ${r.error}`);
  return r.value;
}

describe('HID POS codec', () => {
  it('decodes the reference’s synthetic QR `http` report, and encodes it back byte for byte', () => {
    const r = decoded(decodeReport(SYNTHETIC_HTTP));
    expect({ ...r, data: text(r.data) }).toEqual({ symbology: ']Q1', data: 'http', codeId: 0x73, more: false });
    expect(toHex(SYNTHETIC_HTTP.subarray(0, 9))).toBe('02 04 5D 51 31 68 74 74 70');
    expect(encodeReport(r)).toEqual(SYNTHETIC_HTTP);
  });

  it('reads the published capture: 56 data bytes and the more-follows flag, then the last report; the `]Z6` reply', () => {
    const first = decoded(decodeReport(CAPTURED_REVINF[0] ?? new Uint8Array()));
    expect([first.symbology, first.data.length, first.codeId, first.more]).toEqual([']X0', 56, 0x3f, true]);
    const last = decoded(decodeReport(CAPTURED_REVINF[5] ?? new Uint8Array()));
    expect([last.symbology, text(last.data), last.more]).toEqual([']X0', 'um: N/A\r\n', false]);
    const ack = decoded(decodeReport(CAPTURED_REVINF_ACK));
    expect([ack.symbology, toHex(ack.data), ack.codeId]).toEqual([']Z6', '52 45 56 49 4E 46 06 2E', 0x36]);
  });

  it('WebHID layout: the same report without its ID decodes alike; with the ID it is the wrong length', () => {
    expect(decodeReport(SYNTHETIC_HTTP.subarray(1), 'without-id')).toEqual(decodeReport(SYNTHETIC_HTTP));
    expect(decodeReport(SYNTHETIC_HTTP, 'without-id')).toEqual({ ok: false, error: 'bad-length' });
  });

  it('names each defect', () => {
    const withByte = (at: number, value: number): Uint8Array => {
      const r = SYNTHETIC_HTTP.slice();
      r[at] = value;
      return r;
    };
    expect(decodeReport(MALFORMED_SHORT)).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeReport(MALFORMED_COUNT)).toEqual({ ok: false, error: 'bad-count' });
    expect(decodeReport(withByte(0, 0x01))).toEqual({ ok: false, error: 'bad-report-id' });
    expect(decodeReport(withByte(2, 0x41))).toEqual({ ok: false, error: 'bad-symbology' });
    expect(decodeReport(withByte(63, 2))).toEqual({ ok: false, error: 'bad-flag' });
    // No AIM identifier at all (three zero bytes) is a scanner with the identifier off, not a defect.
    const none = SYNTHETIC_HTTP.slice();
    none.fill(0, 2, 5);
    expect(decoded(decodeReport(none)).symbology).toBeUndefined();
  });

  it('the Honeywell commands are the reference’s bytes', () => {
    expect(HONEYWELL_BEEP).toEqual(hex('FD 03 16 07 0D'));
    expect(HONEYWELL_HID_MODE).toEqual(hex('FE 01'));
  });

  it('a scan of n bytes is ceil(n/56) reports (one for an empty scan), the flag 1 on all but the last', () => {
    const lengths = [0, 1, 56, 57, 112, 113].map((n) => encodeScan({ symbology: ']Q1', data: new Uint8Array(n).fill(0x41), codeId: 0x73 }).map((r) => [r[1], r[63]]));
    expect(lengths).toEqual([[[0, 0]], [[1, 0]], [[56, 0]], [[56, 1], [1, 0]], [[56, 1], [56, 0]], [[56, 1], [56, 1], [1, 0]]]);
  });

  it('round trip: any report encodes and decodes back (property, 10,000 runs)', () => {
    const aim = fc.option(fc.tuple(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0x21, max: 0x7e })).map(([a, b]) => `]${String.fromCharCode(a, b)}`), { nil: undefined });
    fc.assert(
      fc.property(aim, fc.uint8Array({ maxLength: 56 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), (symbology, data, codeId, more) => {
        const report = { symbology, data, codeId, more };
        expect(decoded(decodeReport(encodeReport(report)))).toEqual(report);
      }),
      { numRuns: 10_000 },
    );
  });
});

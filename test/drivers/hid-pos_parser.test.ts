import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeScan, REPORT_LENGTH } from '../../drivers/scanner/hid-pos/codec.js';
import { HidPosParser, MAX_SCAN_BYTES, reportBytesOf, STALE_MS, type HidPosEvent } from '../../drivers/scanner/hid-pos/parser.js';
import { CAPTURED_REVINF, CAPTURED_REVINF_ACK, CAPTURED_REVINF_TEXT, MALFORMED_COUNT, MALFORMED_SHORT, SYNTHETIC_HTTP } from '../fixtures/hid-pos-reports.js';

/** Pushes every report 1 ms apart; the events in order. */
function parse(reports: readonly Uint8Array[], parser = new HidPosParser()): HidPosEvent[] {
  return reports.flatMap((r, i) => parser.push(r, i));
}

const summary = (events: readonly HidPosEvent[]) => events.map((e) => (e.type === 'read' ? { read: e.read, reports: e.reports } : { discarded: e.reason, bytes: e.bytes.length }));
const qr = (text: string) => encodeScan({ symbology: ']Q1', data: new TextEncoder().encode(text), codeId: 0x73 });

describe('HID POS parser', () => {
  it('one report: the reference’s synthetic QR `http`', () => {
    expect(summary(parse([SYNTHETIC_HTTP]))).toEqual([{ read: { kind: 'text', text: 'http', symbology: ']Q1' }, reports: 1 }]);
  });

  it('a scan over several reports (the published capture) is reassembled into one read, then the next single report', () => {
    const parser = new HidPosParser();
    const events = parse([...CAPTURED_REVINF.slice(0, 5)], parser);
    expect(events).toEqual([]);
    expect(parser.pendingReports()).toBe(5);
    const rest = parse([CAPTURED_REVINF[5] ?? new Uint8Array(), CAPTURED_REVINF_ACK], parser);
    expect(summary(rest)).toEqual([
      { read: { kind: 'text', text: CAPTURED_REVINF_TEXT, symbology: ']X0' }, reports: 6 },
      { read: { kind: 'text', text: 'REVINF\u0006.', symbology: ']Z6' }, reports: 1 },
    ]);
    expect(parser.pendingReports()).toBe(0);
  });

  it('a malformed report is discarded with its reason, and the next good one is read', () => {
    expect(summary(parse([MALFORMED_COUNT, MALFORMED_SHORT, SYNTHETIC_HTTP]))).toEqual([
      { discarded: 'bad-count', bytes: REPORT_LENGTH },
      { discarded: 'bad-length', bytes: 20 },
      { read: { kind: 'text', text: 'http', symbology: ']Q1' }, reports: 1 },
    ]);
  });

  it('a malformed report inside a scan gives the scan up: a code with a hole in it is never read', () => {
    const [a, , c] = qr('x'.repeat(150));
    expect(summary(parse([a ?? new Uint8Array(), MALFORMED_SHORT, c ?? new Uint8Array()]))).toEqual([
      { discarded: 'broken-scan', bytes: REPORT_LENGTH },
      { discarded: 'bad-length', bytes: 20 },
      // The last report alone is a complete (short) scan: what the scanner sent last, read as it is.
      { read: { kind: 'text', text: 'x'.repeat(150 - 112), symbology: ']Q1' }, reports: 1 },
    ]);
  });

  it('a scan whose symbology changes midway is given up, and the new report starts anew', () => {
    const [first] = qr('y'.repeat(60));
    expect(summary(parse([first ?? new Uint8Array(), SYNTHETIC_HTTP.map((b, i) => (i === 3 ? 0x45 : b))]))).toEqual([
      { discarded: 'broken-scan', bytes: REPORT_LENGTH },
      { read: { kind: 'text', text: 'http', symbology: ']E1' }, reports: 1 },
    ]);
  });

  it('a scan whose next report comes more than STALE_MS late is given up as incomplete; deadline says when', () => {
    const parser = new HidPosParser();
    const [first] = qr('z'.repeat(60));
    expect(parser.push(first ?? new Uint8Array(), 100)).toEqual([]);
    expect(parser.deadline()).toBe(100 + STALE_MS);
    expect(parser.expire(100 + STALE_MS)).toEqual([]);
    expect(summary(parser.expire(101 + STALE_MS))).toEqual([{ discarded: 'incomplete-scan', bytes: REPORT_LENGTH }]);
    expect(parser.deadline()).toBeUndefined();
  });

  it('reassembly is bounded: a scan past MAX_SCAN_BYTES is discarded, every report of it up to its last, and the next scan is read', () => {
    const long = qr('w'.repeat(MAX_SCAN_BYTES + 500));
    const parser = new HidPosParser();
    const events = parse([...long, SYNTHETIC_HTTP], parser);
    expect(events.filter((e) => e.type === 'read').map((e) => (e.type === 'read' ? e.read : undefined))).toEqual([{ kind: 'text', text: 'http', symbology: ']Q1' }]);
    expect(new Set(events.filter((e) => e.type === 'discarded').map((e) => (e.type === 'discarded' ? e.reason : '')))).toEqual(new Set(['scan-too-long']));
    expect(events.reduce((n, e) => n + reportBytesOf(e), 0)).toBe((long.length + 1) * REPORT_LENGTH);
  });

  it('empty scans and bad UTF-8 are discarded', () => {
    const empty = encodeScan({ symbology: ']Q1', data: new Uint8Array(), codeId: 0x73 });
    const bad = encodeScan({ symbology: ']Q1', data: Uint8Array.of(0xff, 0xfe), codeId: 0x73 });
    expect(summary(parse([...empty, ...bad]))).toEqual([
      { discarded: 'empty', bytes: REPORT_LENGTH },
      { discarded: 'bad-utf8', bytes: REPORT_LENGTH },
    ]);
  });

  it('arbitrary reports (any length, any bytes, good ones among them): never throws; every report is in a read, a discarded event or pending (property, 10,000 runs)', () => {
    const good = fc.string({ maxLength: 200 }).map((t) => qr(t));
    const noise = fc.uint8Array({ maxLength: 80 }).map((r) => [r]);
    const mutated = fc.tuple(fc.string({ maxLength: 120 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([t, at, v]) => qr(t).map((r, i) => (i === 0 ? r.map((b, j) => (j === at % r.length ? v : b)) : r)));
    fc.assert(
      fc.property(fc.array(fc.oneof(good, noise, mutated), { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 3 * STALE_MS }), { maxLength: 40 }), (groups, gaps) => {
        const reports = groups.flat();
        const parser = new HidPosParser();
        let at = 0;
        const events = reports.flatMap((r, i) => parser.push(r, (at += gaps[i] ?? 1)));
        const pending = parser.pendingReports();
        const accounted = events.reduce((n, e) => n + reportBytesOf(e), 0);
        const all = reports.reduce((n, r) => n + r.length, 0);
        const pendingBytes = reports.slice(reports.length - pending).reduce((n, r) => n + r.length, 0);
        expect(accounted + pendingBytes).toBe(all);
      }),
      { numRuns: 10_000 },
    );
  });

  it('round trip: scans of any length (0 to several reports), any symbology, one after another, read back in order (property, 10,000 runs)', () => {
    const aim = fc.tuple(fc.constantFrom('Q', 'C', 'E', 'd', 'X'), fc.integer({ min: 0x30, max: 0x39 })).map(([c, m]) => `]${c}${String.fromCharCode(m)}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(aim, fc.string({ minLength: 1, maxLength: 400 })), { minLength: 1, maxLength: 5 }), (scans) => {
        const reports = scans.flatMap(([symbology, text]) => encodeScan({ symbology, data: new TextEncoder().encode(text), codeId: 0x73 }));
        const reads = parse(reports).map((e) => (e.type === 'read' ? e.read : e.reason));
        expect(reads).toEqual(scans.map(([symbology, text]) => ({ kind: 'text', text, symbology })));
      }),
      { numRuns: 10_000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineParser, MAX_LINE_BYTES, type LineEvent } from '../../drivers/scanner/line/parser.js';
import { concatBytes } from './support.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const feed = (chunks: readonly Uint8Array[]): LineEvent[] => {
  const parser = new LineParser();
  return chunks.flatMap((c) => parser.push(c));
};
const lines = (events: readonly LineEvent[]) => events.flatMap((e) => (e.type === 'line' ? [e.text] : []));

describe('line scanner parser', () => {
  it('ends lines at CR, LF and CR LF alike', () => {
    expect(lines(feed([bytes('A\rB\nC\r\nD\r')]))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('treats a CR LF pair split across chunks as one terminator', () => {
    const events = feed([bytes('110101199003074514\r'), bytes('\nNEXT\r\n')]);
    expect(events).toEqual([
      { type: 'line', text: '110101199003074514' },
      { type: 'line', text: 'NEXT' },
    ]);
  });

  it('keeps the CR LF pair across an empty chunk', () => {
    expect(feed([bytes('A\r'), new Uint8Array(0), bytes('\nB\r')])).toEqual([
      { type: 'line', text: 'A' },
      { type: 'line', text: 'B' },
    ]);
  });

  it('splits a line at every byte offset without changing it', () => {
    const stream = bytes('HC1:6BF+70790T9WJWG.FKY*4GO0.O1CV2 O5 N2FBBRW1*70HS8WY04AC*WIFN0AHCD8KD97TK0F90KECTHGWJC0FDC:5AIA%G7X+AQB9746HS80:54IBQF60R6$A80X6S1BTYACG6M+9XG8KIAWNA91AY%67092L4WJCT3EHS8XJC$+DXJCCWENF6OF63W5NW6WF6%JC QE/IAYJC5LEW34U3ET7DXC9 QE-ED8%E.JCBECB1A-:8$96646AL60A60S6Q$D.UDRYA 96NF6L/5QW6307KQEPD09WEQDD+Q6TW6FA7C466KCN9E%961A6DL6FA7D46JPCT3E5JDLA7$Q6E464W5TG6..DX%DZJC6/DTZ9 QE5$CB$DA/D JC1/D3Z8WED1ECW.CCWE.Y92OAGY8MY9L+9MPCG/D5 C5IA5N9$PC5$CWA76.C3$D:ECDN6TIA*$CTS9V*APWES2\r\n');
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(lines(feed([stream.subarray(0, cut), stream.subarray(cut)])), `cut at ${cut}`).toHaveLength(1);
    }
  });

  it('reports an empty line with the terminator that ended it', () => {
    expect(feed([bytes('A\r\r\nB\n\n')])).toEqual([
      { type: 'line', text: 'A' },
      { type: 'discarded', reason: 'empty', bytes: Uint8Array.of(0x0d) },
      { type: 'line', text: 'B' },
      { type: 'discarded', reason: 'empty', bytes: Uint8Array.of(0x0a) },
    ]);
  });

  it('keeps text that is exactly MAX_LINE_BYTES long', () => {
    const text = 'x'.repeat(MAX_LINE_BYTES);
    expect(lines(feed([bytes(`${text}\r`)]))).toEqual([text]);
  });

  it('discards an overlong line up to its terminator as one event, counting every byte, then goes on', () => {
    const long = new Uint8Array(10_000).fill(0x41);
    const events = feed([long.subarray(0, 3000), long.subarray(3000, 5000), long.subarray(5000), bytes('\r\nOK\r')]);
    expect(events).toEqual([{ type: 'discarded', reason: 'overlong', bytes: long.subarray(0, MAX_LINE_BYTES), length: 10_000 }, { type: 'line', text: 'OK' }]);
  });

  it('discards 20 MB in 4 KiB chunks as one event at its terminator, holding at most MAX_LINE_BYTES', () => {
    const parser = new LineParser();
    const chunk = new Uint8Array(4096).fill(0xff);
    const during = Array.from({ length: 5120 }, () => parser.push(chunk)).flat();
    expect(during).toEqual([]);
    const after = parser.push(bytes('\rQR\r'));
    expect(after).toEqual([{ type: 'discarded', reason: 'overlong', bytes: new Uint8Array(MAX_LINE_BYTES).fill(0xff), length: 5120 * 4096 }, { type: 'line', text: 'QR' }]);
  });

  it('discards invalid UTF-8 and keeps multi-byte characters split across chunks', () => {
    const name = bytes('张伟 ÅÄÖ\r');
    expect(lines(feed([name.subarray(0, 2), name.subarray(2, 5), name.subarray(5)]))).toEqual(['张伟 ÅÄÖ']);
    const events = feed([Uint8Array.of(0x41, 0xc3, 0x28, 0x0d), bytes('B\r')]);
    expect(events[0]).toEqual({ type: 'discarded', reason: 'bad-utf8', bytes: Uint8Array.of(0x41, 0xc3, 0x28) });
    expect(lines(events)).toEqual(['B']);
  });

  it('passes control characters and NUL through as text (validation is the caller’s)', () => {
    expect(lines(feed([Uint8Array.of(0x41, 0x00, 0x1b, 0x09, 0x42, 0x0d)]))).toEqual(['A\u0000\u001b\tB']);
  });

  it('never throws and accounts for every byte but terminators and the unfinished tail (property)', () => {
    // 0xEF is left out so no UTF-8 BOM (EF BB BF), which TextDecoder drops from a line's start, can occur.
    const chunk = fc.uint8Array({ maxLength: 80 }).map((c) => c.map((b) => (b === 0xef ? 0x0d : b)));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (chunks) => {
        const events = feed(chunks);
        const counted = events.reduce((n, e) => n + (e.type === 'line' ? bytes(e.text).length : e.reason === 'empty' ? 0 : (e.length ?? e.bytes.length)), 0);
        const stream = concatBytes(chunks);
        const lastEnd = Math.max(stream.lastIndexOf(0x0d), stream.lastIndexOf(0x0a));
        const payload = stream.subarray(0, lastEnd + 1).filter((b) => b !== 0x0d && b !== 0x0a).length;
        expect(counted).toBe(payload);
      }),
      { numRuns: 10_000 },
    );
  });

  it('recovers every line, however the stream is split and terminated (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s) && !s.startsWith('\uFEFF'));
    const terminator = fc.constantFrom('\r', '\n', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(text, terminator), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 20 }), (scans, cuts) => {
        const stream = concatBytes(scans.map(([t, end]) => bytes(t + end)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p));
        const events = feed(chunks);
        expect(events).toEqual(scans.map(([t]) => ({ type: 'line', text: t })));
      }),
      { numRuns: 5_000 },
    );
  });
});

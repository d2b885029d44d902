import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINE_SUFFIXES, SUFFIX_BYTES, type LineSuffix } from '../../drivers/scanner/line/parser.js';
import { LineScanParser } from '../../drivers/scanner/line/scan-parser.js';
import { concatBytes } from './support.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
type Events = ReturnType<LineScanParser['push']>;
const feed = (suffix: LineSuffix, aim: 'none' | 'strip', chunks: readonly Uint8Array[]): Events => {
  const parser = new LineScanParser(suffix, aim);
  return chunks.flatMap((c) => parser.push(c));
};
const texts = (events: Events) => events.flatMap((e) => (e.type === 'read' && e.read.kind === 'text' ? [e.read] : []));
const END: Readonly<Record<LineSuffix, string>> = { auto: '\r', cr: '\r', lf: '\n', crlf: '\r\n', tab: '\t' };

describe('line scanner parser: suffixes and AIM prefixes (fixtures)', () => {
  it.each(LINE_SUFFIXES)('%s: one code, two in one chunk, split at every byte', (suffix) => {
    const one = bytes(`110101199003074514${END[suffix]}`);
    expect(texts(feed(suffix, 'none', [one]))).toEqual([{ kind: 'text', text: '110101199003074514' }]);
    expect(texts(feed(suffix, 'none', [concatBytes([one, one])]))).toHaveLength(2);
    for (let cut = 0; cut <= one.length; cut++) expect(texts(feed(suffix, 'none', [one.subarray(0, cut), one.subarray(cut)])), `cut ${cut}`).toHaveLength(1);
  });

  it('crlf: a lone CR or LF is part of the code (a multi-line QR code), even split across chunks', () => {
    expect(texts(feed('crlf', 'none', [bytes('A\nB\rC\r'), bytes('D\r'), bytes('\n')]))).toEqual([{ kind: 'text', text: 'A\nB\rC\rD' }]);
  });

  it('cr: LF is text; tab: CR and LF are text', () => {
    expect(texts(feed('cr', 'none', [bytes('A\nB\r')]))).toEqual([{ kind: 'text', text: 'A\nB' }]);
    expect(texts(feed('tab', 'none', [bytes('A\r\nB\t')]))).toEqual([{ kind: 'text', text: 'A\r\nB' }]);
  });

  it('strip: reports the symbology and passes a line without a prefix as it is', () => {
    expect(texts(feed('auto', 'strip', [bytes(']Q1HC1:ABC\r110101199003074514\r')]))).toEqual([
      { kind: 'text', text: 'HC1:ABC', symbology: ']Q1' },
      { kind: 'text', text: '110101199003074514' },
    ]);
    expect(texts(feed('auto', 'none', [bytes(']Q1HC1:ABC\r')]))).toEqual([{ kind: 'text', text: ']Q1HC1:ABC' }]);
  });

  it('leading noise (bad UTF-8), then a good code', () => {
    const events = feed('auto', 'strip', [Uint8Array.of(0xff, 0xfe, 0x0d), bytes(']Q1OK\r')]);
    expect(events.map((e) => (e.type === 'discarded' ? e.reason : 'read'))).toEqual(['bad-utf8', 'read']);
  });
});

describe('line scanner parser: properties', () => {
  const suffix = fc.constantFrom(...LINE_SUFFIXES);
  const text = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((s) => !/[\r\n\t]/.test(s) && !s.startsWith('\uFEFF'));
  const prefix = fc.option(fc.tuple(fc.constantFrom(...'QECdLIZ'), fc.constantFrom(...'0123456')).map(([c, m]) => `]${c}${m}`), { nil: undefined });

  it('round trip: codes with or without AIM prefixes, any suffix, split anywhere, read back (property, 10,000 runs)', () => {
    fc.assert(
      fc.property(suffix, fc.array(fc.tuple(prefix, text), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 15 }), (s, codes, cuts) => {
        // A code that itself opens like a prefix would lose it: keep codes that do not, when no prefix is sent.
        const sent = codes.filter(([p, t]) => p !== undefined || !/^\][A-Za-z][0-9A-Za-z]/.test(t));
        const stream = concatBytes(sent.map(([p, t]) => bytes(`${p ?? ''}${t}${END[s]}`)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const events = feed(s, 'strip', [...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p)));
        expect(texts(events)).toEqual(sent.map(([p, t]) => (p === undefined ? { kind: 'text', text: t } : { kind: 'text', text: t, symbology: p })));
      }),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary bytes in arbitrary chunks, any suffix: never throws; every byte but terminators is read or discarded (property, 10,000 runs)', () => {
    const chunk = fc.uint8Array({ maxLength: 80 }).map((c) => c.map((b) => (b === 0xef ? 0x0d : b)));
    fc.assert(
      fc.property(suffix, fc.array(chunk, { maxLength: 20 }), (s, chunks) => {
        const events = feed(s, 'none', chunks);
        const counted = events.reduce((n, e) => n + (e.type === 'read' ? (e.read.kind === 'text' ? bytes(e.read.text).length : 0) : e.reason === 'empty' ? 0 : (e.length ?? e.bytes.length)), 0);
        const stream = concatBytes(chunks);
        // The bytes up to the last terminator, less the terminators.
        const terminator = SUFFIX_BYTES[s];
        let lastEnd = -1;
        let terminatorBytes = 0;
        for (let i = 0; i < stream.length; i++) {
          const b = stream[i];
          const ends =
            s === 'auto' ? b === 0x0d || b === 0x0a : s === 'crlf' ? b === 0x0d && stream[i + 1] === 0x0a : b === terminator[0];
          if (!ends) continue;
          const size = s === 'crlf' ? 2 : s === 'auto' && b === 0x0d && stream[i + 1] === 0x0a ? 2 : 1;
          terminatorBytes += size;
          lastEnd = i + size - 1;
          i += size - 1;
        }
        expect(counted).toBe(lastEnd + 1 - terminatorBytes);
      }),
      { numRuns: 10_000 },
    );
  });
});

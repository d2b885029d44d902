import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeResponse, joinReadInfo, MAX_LEN } from '../../drivers/id-card/sam/codec.js';
import { MAX_FRAME_BYTES, SamParser, type SamParserEvent } from '../../drivers/id-card/sam/parser.js';
import { concatBytes, hex } from './support.js';

/** Recorded vectors of docs/devices/sam.md §2. */
const FIND_OK = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const STATUS_OK = hex('AA AA AA 96 69 00 04 00 00 90 94');
const FIND_FAILED = hex('AA AA AA 96 69 00 04 00 00 80 84');
/** A whole 1295-byte read reply: space-padded text, photo filler 0x5A (as HslCommunication's tests build one). */
const READ_REPLY = encodeResponse(0x90, joinReadInfo({ text: new Uint8Array(256).map((_, i) => (i % 2 === 0 ? 0x20 : 0)), photo: new Uint8Array(1024).fill(0x5a), fingerprint: new Uint8Array(0) }, false));

const feed = (chunks: readonly Uint8Array[], parser = new SamParser()): SamParserEvent[] => chunks.flatMap((c) => parser.push(c));
const payloads = (events: readonly SamParserEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [[...e.payload]] : []));
const reasons = (events: readonly SamParserEvent[]) => events.flatMap((e) => (e.type === 'discarded' ? [e.reason] : []));
const payloadOf = (frame: Uint8Array) => [...frame.subarray(7, -1)];
/** The bytes each event stands for, in order: a frame re-encoded, a discarded run as it was. */
const replay = (events: readonly SamParserEvent[]) => concatBytes(events.map((e) => (e.type === 'frame' ? encodeFrame(e.payload) : e.bytes)));

/** Splits `stream` at the given fractions of its length. */
function split(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * stream.length)))].sort((a, b) => a - b);
  return [...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p));
}

describe('SAM parser: recorded fixtures', () => {
  it('finds one frame', () => {
    expect(payloads(feed([FIND_OK]))).toEqual([payloadOf(FIND_OK)]);
  });

  it('finds two frames in one chunk', () => {
    expect(payloads(feed([concatBytes([STATUS_OK, FIND_OK])]))).toEqual([payloadOf(STATUS_OK), payloadOf(FIND_OK)]);
  });

  it('reassembles the 1295-byte read reply and a find reply split at every byte', () => {
    const stream = concatBytes([READ_REPLY, FIND_FAILED]);
    for (let cut = 1; cut < stream.length; cut++) {
      const events = feed([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(events.map((e) => e.type), `cut at ${cut}`).toEqual(['frame', 'frame']);
    }
    const bytewise = feed(Array.from(stream, (b) => Uint8Array.of(b)));
    expect(payloads(bytewise)).toEqual([payloadOf(READ_REPLY), payloadOf(FIND_FAILED)]);
  });

  it('discards leading noise as one run, including a lone AA and a partial preamble', () => {
    const events = feed([concatBytes([hex('00 13 AA AA 96 37 AA'), FIND_OK])]);
    expect(events[0]).toMatchObject({ type: 'discarded', reason: 'noise' });
    expect(events[0]?.type === 'discarded' && events[0].bytes.length).toBe(7);
    expect(payloads(events)).toEqual([payloadOf(FIND_OK)]);
  });

  it('keeps a preamble cut off at the end of a chunk for the next one', () => {
    const parser = new SamParser();
    expect(parser.push(hex('AA AA AA 96'))).toEqual([]);
    expect(parser.pendingLength).toBe(4);
    expect(payloads(parser.push(FIND_OK.subarray(4)))).toEqual([payloadOf(FIND_OK)]);
  });

  it('discards a frame with a bad checksum and finds the good one after it', () => {
    const bad = FIND_OK.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
    const events = feed([concatBytes([bad, STATUS_OK])]);
    expect(reasons(events)[0]).toBe('bad-checksum');
    expect(payloads(events)).toEqual([payloadOf(STATUS_OK)]);
    expect(replay(events)).toEqual(concatBytes([bad, STATUS_OK]));
  });

  it('discards a LEN of 0, 2 or more than 4096 at once without waiting for it', () => {
    for (const len of ['00 00', '00 02', '10 01', 'FF FF']) {
      const events = feed([concatBytes([hex(`AA AA AA 96 69 ${len}`), STATUS_OK])]);
      expect(reasons(events)[0], len).toBe('bad-length');
      expect(payloads(events)).toEqual([payloadOf(STATUS_OK)]);
    }
  });

  it('ends a truncated read reply at the next complete frame instead of holding later replies', () => {
    const cut = READ_REPLY.subarray(0, 600);
    const events = feed([cut, FIND_FAILED]);
    expect(reasons(events)).toEqual(['truncated']);
    expect(payloads(events)).toEqual([payloadOf(FIND_FAILED)]);
    expect(replay(events)).toEqual(concatBytes([cut, FIND_FAILED]));
  });

  it('prefers the complete frame that overlaps a cut one whose LEN, filled up, happened to pass the XOR', () => {
    // 15 bytes of a 16-byte frame; its LEN filled up with the next frame's first byte (AA) passes the XOR.
    const cut = hex('AA AA AA 96 69 00 09 89 79 B2 43 2A A7 0B 24');
    const next = encodeFrame([0, 0]);
    const events = feed([concatBytes([cut, next])]);
    expect(reasons(events)).toEqual(['truncated']);
    expect(payloads(events)).toEqual([[0, 0]]);
  });

  it('waits for a frame of the largest LEN and holds no more than it', () => {
    const parser = new SamParser();
    const big = encodeFrame(new Uint8Array(MAX_LEN - 1).fill(7));
    expect(parser.push(big.subarray(0, -1))).toEqual([]);
    expect(parser.pendingLength).toBe(MAX_FRAME_BYTES - 1);
    expect(payloads(parser.push(big.subarray(-1)))).toHaveLength(1);
    expect(parser.pendingLength).toBe(0);
  });
});

/** Pieces a hostile or broken line is made of: noise, preambles, good, corrupted, cut and overlong frames. */
const piece = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(hex('AA AA AA 96 69')),
  fc.constantFrom(FIND_OK, STATUS_OK, FIND_FAILED, READ_REPLY),
  fc.uint8Array({ minLength: 2, maxLength: 60 }).map((p) => encodeFrame(p)),
  fc.tuple(fc.uint8Array({ minLength: 2, maxLength: 60 }), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([p, at, mask]) => {
    const f = encodeFrame(p);
    const i = at % f.length;
    f[i] = (f[i] ?? 0) ^ mask;
    return f;
  }),
  fc.tuple(fc.constantFrom(READ_REPLY, FIND_OK), fc.double({ min: 0, max: 1, noNaN: true })).map(([f, c]) => f.subarray(0, Math.floor(c * f.length))),
  fc.integer({ min: 0, max: 0xffff }).map((len) => hex(`AA AA AA 96 69 ${(len >> 8).toString(16)} ${(len & 0xff).toString(16)}`)),
);

/** Whether a damaged piece at one of `starts`, read on into what follows it in `stream`, passes as a whole frame. */
function looksWhole(stream: Uint8Array, starts: readonly number[]): boolean {
  return starts.some((start) => {
    const len = ((stream[start + 5] ?? 0) << 8) | (stream[start + 6] ?? 0);
    return decodeFrame(stream.subarray(start, start + 7 + len)).ok;
  });
}

describe('SAM parser: properties', () => {
  it('never throws and accounts for every byte, in order (property: sam.parser.accounting, numRuns 10000)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (pieces, cuts) => {
        const stream = concatBytes(pieces);
        const parser = new SamParser();
        const events = feed(split(stream, cuts), parser);
        // frames + discarded + pending = everything fed, byte for byte
        expect(Buffer.from(replay(events)).equals(stream.subarray(0, stream.length - parser.pendingLength))).toBe(true);
        expect(parser.pendingLength).toBeLessThan(MAX_FRAME_BYTES);
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary bytes in arbitrary chunks, memory bounded (property: sam.parser.arbitrary, numRuns 10000)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const parser = new SamParser();
        let accounted = 0;
        for (const chunk of chunks) {
          for (const e of parser.push(chunk)) accounted += e.type === 'frame' ? e.payload.length + 8 : e.bytes.length;
          expect(parser.pendingLength).toBeLessThan(MAX_FRAME_BYTES);
        }
        expect(accounted + parser.pendingLength).toBe(chunks.reduce((n, c) => n + c.length, 0));
      }),
      { numRuns: 10_000 },
    );
  });

  it('recovers every frame between noise, cut and corrupted frames, however split (property: sam.parser.recovery, numRuns 10000)', () => {
    // Payloads and noise without 0xAA, so only the frames themselves hold a preamble.
    const noAa = (max: number, min = 0) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => b.map((x) => (x === 0xaa ? 0xab : x)));
    const damaged = fc.oneof(
      noAa(12),
      fc.tuple(noAa(40, 2), fc.double({ min: 0, max: 0.99, noNaN: true })).map(([p, c]) => {
        const f = encodeFrame(p);
        return f.subarray(0, Math.floor(c * f.length));
      }),
      noAa(40, 2).map((p) => {
        const f = encodeFrame(p);
        f[f.length - 1] = (f[f.length - 1] ?? 0) ^ 0xff;
        return f;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(damaged, noAa(80, 2)), { minLength: 1, maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 16 }), (pieces, cuts) => {
        const segments = pieces.flatMap(([bad, good]) => [bad, encodeFrame(good)]);
        const stream = concatBytes(segments);
        const starts = segments.map((_, k) => segments.slice(0, k).reduce((n, seg) => n + seg.length, 0)).filter((_, k) => k % 2 === 0);
        // Left out: a cut frame whose LEN, filled up with what follows, passes the XOR (1 in 256): it is a frame
        // by every check the line allows (the parser's doc; the fixture above shows the case it can resolve).
        fc.pre(!looksWhole(stream, starts));
        const events = feed(split(stream, cuts));
        expect(payloads(events)).toEqual(pieces.map(([, good]) => [...good]));
      }),
      { numRuns: 10_000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeZone } from '../../drivers/reader/mrz-line/codec.js';
import { MrzLineReader } from '../../drivers/reader/mrz-line/driver.js';
import { MrzZoneParser } from '../../drivers/reader/mrz-line/parser.js';
import type { ReaderDiscarded } from '../../drivers/reader/reader.js';
import { concatBytes, eventually, FakeTransport } from './support.js';

const TD1 = ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** A parser on a clock the test moves. */
function rig(timeoutMs = 1000) {
  let now = 0;
  const parser = new MrzZoneParser(timeoutMs, () => now);
  return {
    parser,
    push: (bytes: Uint8Array) => parser.push(bytes),
    advance: (ms: number) => (now += ms),
  };
}

const zones = (events: readonly unknown[]) => events.flatMap((e) => ((e as { type: string }).type === 'read' ? [(e as { read: { lines: string[] } }).read.lines] : []));
const reasons = (events: readonly unknown[]) => events.flatMap((e) => ((e as { type: string }).type === 'discarded' ? [(e as { reason: string }).reason] : []));

describe('mrz-line parser: recorded fixtures', () => {
  it.each([
    ['TD1', TD1],
    ['TD2', TD2],
    ['TD3', TD3],
  ])('one %s zone', (_name, lines) => {
    expect(zones(rig().push(encodeZone(lines)))).toEqual([lines]);
  });

  it('two zones in one chunk, CR LF and LF terminators alike', () => {
    expect(zones(rig().push(concatBytes([encodeZone(TD3, '\r\n'), encodeZone(TD1, '\n')])))).toEqual([TD3, TD1]);
  });

  it('a zone split at every byte', () => {
    const bytes = encodeZone(TD1);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = rig();
      expect(zones([...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))]), `cut at ${cut}`).toEqual([TD1]);
    }
  });

  it('leading noise is discarded and the zone still read', () => {
    const events = rig().push(concatBytes([Uint8Array.of(0x00, 0xff, 0x41, 0x0d), encodeZone(TD2)]));
    expect(reasons(events)).toEqual(['bad-utf8']);
    expect(zones(events)).toEqual([TD2]);
  });

  it('a zone with a corrupted line, then a good zone', () => {
    const bad = [TD3[0]!, `${TD3[1]!.slice(0, 20)}?${TD3[1]!.slice(21)}`];
    const events = rig().push(concatBytes([encodeZone(bad), encodeZone(TD3)]));
    expect(reasons(events)).toEqual(['zone-cut-short', 'not-mrz-text']);
    expect(zones(events)).toEqual([TD3]);
  });

  it('a line of a wrong length cuts the zone short and is discarded', () => {
    const events = rig().push(encodeZone([TD3[0]!, TD3[1]!.slice(1)]));
    expect(reasons(events)).toEqual(['zone-cut-short', 'bad-line-length']);
  });

  it('a line of another format cuts the waiting zone short', () => {
    const events = rig().push(encodeZone([TD2[0]!, ...TD3]));
    expect(reasons(events)).toEqual(['zone-cut-short']);
    expect(zones(events)).toEqual([TD3]);
  });

  it('the rest of a zone whose first line was lost is not a zone', () => {
    const events = rig().push(encodeZone([TD1[1]!, TD1[2]!, ...TD1]));
    expect(reasons(events)).toEqual(['zone-cut-short', 'zone-cut-short']);
    expect(zones(events)).toEqual([TD1]);
  });

  it('a line later than the timeout starts a new zone; the waiting one is cut short', () => {
    const r = rig(1000);
    expect(r.push(encodeZone([TD3[0]!]))).toEqual([]);
    expect(r.parser.deadline()).toBe(1000);
    r.advance(1001);
    const events = r.push(encodeZone(TD3));
    expect(reasons(events)).toEqual(['zone-cut-short']);
    expect(zones(events)).toEqual([TD3]);
    expect(r.parser.deadline()).toBeUndefined();
  });

  it('an empty line between zones is discarded and cuts nothing', () => {
    const events = rig().push(concatBytes([encodeZone([TD1[0]!]), Uint8Array.of(0x0d), encodeZone(TD1.slice(1))]));
    expect(reasons(events)).toEqual(['empty']);
    expect(zones(events)).toEqual([TD1]);
  });
});

describe('mrz-line driver: a zone cut short with nothing after it', () => {
  it('is discarded once the line timeout passes, without another byte', async () => {
    const transport = new FakeTransport();
    const reader = new MrzLineReader(transport, { lineTimeoutMs: 50 });
    const bad: ReaderDiscarded[] = [];
    reader.onBadFrame((b) => bad.push(b));
    await Promise.resolve();
    transport.feed(encodeZone([TD3[0]!]));
    await eventually(() => bad.length === 1, 2000);
    expect(bad[0]).toMatchObject({ reason: 'zone-cut-short', length: 44 });
    expect(reader.counters()).toEqual({ frames: 0, badFrames: 1, discardedBytes: 44 });
    await reader.close();
  });
});

describe('mrz-line parser: properties', () => {
  const mrzChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<');
  const line = (n: number) => fc.string({ unit: mrzChar, minLength: n, maxLength: n });
  const zone = fc.oneof(
    fc.tuple(line(25), line(30), line(30)).map(([a, b, c]) => [`I<UTO${a}`, b, c]),
    fc.tuple(line(31), line(36)).map(([a, b]) => [`I<UTO${a}`, b]),
    fc.tuple(line(39), line(44)).map(([a, b]) => [`P<UTO${a}`, b]),
  );
  const terminator = fc.constantFrom('\r', '\n', '\r\n');

  it('round trip: any zone, encoded and split anywhere, is read back as it was (property, 10,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(zone, { minLength: 1, maxLength: 4 }), terminator, fc.array(fc.nat(), { maxLength: 12 }), (zs, end, cuts) => {
        const stream = concatBytes(zs.map((z) => encodeZone(z, end)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const r = rig();
        const events = [...points, stream.length].flatMap((p, i, all) => r.push(stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p)));
        expect(zones(events)).toEqual(zs);
        expect(reasons(events)).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary bytes in arbitrary chunks: never throws; every byte but terminators is in a zone or discarded (property, 10,000 runs)', () => {
    // 0xEF is left out so no UTF-8 BOM (EF BB BF), which TextDecoder drops from a line's start, can occur.
    const chunk = fc.uint8Array({ maxLength: 80 }).map((c) => c.map((b) => (b === 0xef ? 0x0d : b)));
    const mixed = fc.oneof(chunk, zone.map((z) => encodeZone(z)));
    fc.assert(
      fc.property(fc.array(mixed, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }), (chunks, gaps) => {
        const r = rig(1000);
        const events = chunks.flatMap((c, i) => {
          r.advance(gaps[i] ?? 0);
          return r.push(c);
        });
        r.advance(2000);
        events.push(...r.push(new Uint8Array(0))); // the waiting lines' time runs out
        const counted = events.reduce((n, e) => {
          if (e.type === 'read') return n + (e.read.kind === 'mrz' ? e.read.lines.join('').length : 0);
          return n + (e.reason === 'empty' ? 0 : (e.length ?? e.bytes.length));
        }, 0);
        const stream = concatBytes(chunks);
        const lastEnd = Math.max(stream.lastIndexOf(0x0d), stream.lastIndexOf(0x0a));
        expect(counted).toBe(stream.subarray(0, lastEnd + 1).filter((b) => b !== 0x0d && b !== 0x0a).length);
        expect(r.parser.deadline()).toBeUndefined();
      }),
      { numRuns: 10_000 },
    );
  });
});

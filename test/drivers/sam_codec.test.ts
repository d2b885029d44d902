import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  decodeCommand,
  decodeFrame,
  decodeResponse,
  encodeCommand,
  encodeFrame,
  encodeResponse,
  joinReadInfo,
  splitReadInfo,
  xorChecksum,
  type CommandName,
} from '../../drivers/id-card/sam/codec.js';
import { SAM_STATUSES, samStatus } from '../../drivers/id-card/sam/status.js';
import { cardTypeOf, encodeForeignBlock, encodeResidentBlock, parseTextBlock } from '../../drivers/id-card/sam/text-block.js';
import { SAMPLE_CARD } from '../fixtures/id-card.js';
import { expectOk, hex, toHex } from './support.js';

/** Every command vector of docs/devices/sam.md §2, as written there. */
const COMMAND_VECTORS: Record<CommandName, string> = {
  samStatus: 'AA AA AA 96 69 00 03 11 FF ED',
  samId: 'AA AA AA 96 69 00 03 12 FF EE',
  find: 'AA AA AA 96 69 00 03 20 01 22',
  select: 'AA AA AA 96 69 00 03 20 02 21',
  readText: 'AA AA AA 96 69 00 03 30 01 32',
  readFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
  setMaxRfBytes: 'AA AA AA 96 69 00 04 61 FF 50 CA',
  resetSam: 'AA AA AA 96 69 00 03 10 FF EC',
};

/** The response vectors of docs/devices/sam.md §2: SW3 and data. */
const RESPONSE_VECTORS = [
  { name: 'status OK', frame: 'AA AA AA 96 69 00 04 00 00 90 94', sw3: 0x90, data: [] },
  { name: 'find OK', frame: 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', sw3: 0x9f, data: [0, 0, 0, 0] },
  { name: 'find failed', frame: 'AA AA AA 96 69 00 04 00 00 80 84', sw3: 0x80, data: [] },
  { name: 'select OK', frame: 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', sw3: 0x90, data: [0, 0, 0, 0, 0, 0, 0, 0] },
] as const;

/** The checksum recomputed by hand from its definition: XOR of LEN_H … the byte before CHK. */
const xorOf = (bytes: readonly number[]): number => bytes.reduce((x, b) => x ^ b, 0);

describe('SAM codec: the reference vectors', () => {
  for (const [name, vector] of Object.entries(COMMAND_VECTORS) as [CommandName, string][]) {
    it(`encodes ${name} as ${vector}, checksum recomputed`, () => {
      const bytes = hex(vector);
      expect(bytes[bytes.length - 1]).toBe(xorOf([...bytes.subarray(5, -1)]));
      expect(toHex(encodeCommand(name))).toBe(vector);
      expect(decodeCommand(expectOk(resultOf(decodeFrame(bytes))))).toBe(name);
    });
  }

  for (const v of RESPONSE_VECTORS) {
    it(`decodes the ${v.name} response, checksum recomputed`, () => {
      const bytes = hex(v.frame);
      expect(bytes[bytes.length - 1]).toBe(xorOf([...bytes.subarray(5, -1)]));
      const response = expectOk(resultOf(decodeResponse(expectOk(resultOf(decodeFrame(bytes))))));
      expect(response).toMatchObject({ sw1: 0, sw2: 0, sw3: v.sw3 });
      expect([...response.data]).toEqual(v.data);
      expect(toHex(encodeResponse(v.sw3, v.data))).toBe(v.frame);
    });
  }

  it('shows the two wrong public vectors are wrong: find card ends in 22, not 21; "20 00" ends in 23, not 22', () => {
    expect(resultOf(decodeFrame(hex('AA AA AA 96 69 00 03 20 01 21')))).toMatchObject({ ok: false, error: { code: 'bad-checksum' } });
    expect(resultOf(decodeFrame(hex('AA AA AA 96 69 00 03 20 00 22')))).toMatchObject({ ok: false, error: { code: 'bad-checksum' } });
    expect(xorOf([0x00, 0x03, 0x20, 0x01])).toBe(0x22);
    expect(xorOf([0x00, 0x03, 0x20, 0x00])).toBe(0x23);
    expect(toHex(encodeFrame([0x20, 0x00]))).toBe('AA AA AA 96 69 00 03 20 00 23');
  });

  it('LEN counts the bytes after it including CHK, big-endian: the read reply is 05 08 (1288), 1295 bytes in all', () => {
    const data = joinReadInfo({ text: new Uint8Array(256), photo: new Uint8Array(1024), fingerprint: new Uint8Array(0) }, false);
    const frame = encodeResponse(0x90, data);
    expect(frame.length).toBe(1295);
    expect(toHex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    expect(frame[1294]).toBe(xorChecksum(frame, 5, 1294));
  });
});

describe('SAM codec: frames', () => {
  it('refuses a wrong preamble, a LEN that does not match the bytes, and a wrong checksum', () => {
    expect(resultOf(decodeFrame(hex('AA AA AB 96 69 00 03 20 01 22')))).toMatchObject({ error: { code: 'bad-preamble' } });
    expect(resultOf(decodeFrame(hex('AA AA AA 96 69 00 04 20 01 22')))).toMatchObject({ error: { code: 'bad-length' } });
    expect(resultOf(decodeFrame(hex('AA AA AA 96 69 00 02 20 21')))).toMatchObject({ error: { code: 'bad-length' } });
    expect(resultOf(decodeFrame(hex('AA AA AA 96 69 00 03 20 01 23')))).toMatchObject({ error: { code: 'bad-checksum' } });
  });

  it('refuses a payload no frame can carry (a caller bug)', () => {
    expect(() => encodeFrame([0x20])).toThrow(RangeError);
    expect(() => encodeFrame(new Uint8Array(4096))).toThrow(RangeError);
    expect(encodeFrame(new Uint8Array(4095)).length).toBe(7 + 4096);
  });

  it('decodes no command from bytes that are not one', () => {
    expect(decodeCommand(Uint8Array.of(0x20, 0x03))).toBeUndefined();
    expect(decodeCommand(Uint8Array.of(0x61, 0xff))).toBeUndefined();
    expect(Object.keys(COMMANDS)).toHaveLength(8);
  });

  it('encode → decode round trip for 10,000 arbitrary payloads (property: sam.codec.roundtrip, numRuns 10000)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 4095 }), (payload) => {
        const frame = encodeFrame(payload);
        const decoded = decodeFrame(frame);
        return decoded.ok && decoded.value.length === payload.length && decoded.value.every((b, i) => b === payload[i]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('any single flipped byte after the preamble is detected (property: sam.codec.flip, numRuns 10000)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (payload, at, mask) => {
        const frame = encodeFrame(payload);
        const i = 5 + (at % (frame.length - 5));
        frame[i] = (frame[i] ?? 0) ^ mask;
        return !decodeFrame(frame).ok;
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('SAM codec: read reply layout', () => {
  it('splits 30 01 data into the 256-byte text and the 1024-byte photo, and refuses lengths that do not add up', () => {
    const text = new Uint8Array(256).fill(0x20);
    const photo = new Uint8Array(1024).fill(0x5a);
    const data = joinReadInfo({ text, photo, fingerprint: new Uint8Array(0) }, false);
    const info = expectOk(resultOf(splitReadInfo(data, false)));
    expect(info.text).toEqual(text);
    expect(info.photo).toEqual(photo);
    expect(resultOf(splitReadInfo(data.subarray(0, -1), false))).toMatchObject({ error: { code: 'bad-read-layout' } });
    const wrongText = data.slice();
    wrongText[1] = 0xff;
    expect(resultOf(splitReadInfo(wrongText, false))).toMatchObject({ error: { code: 'bad-read-layout' } });
  });

  it('splits 30 10 data: FP_LEN at 4–5 of the data (frame bytes 14–15), text after it, an empty fingerprint allowed', () => {
    const text = new Uint8Array(256).fill(1);
    const photo = new Uint8Array(1024).fill(2);
    for (const fingerprint of [new Uint8Array(0), new Uint8Array(1024).fill(3)]) {
      const data = joinReadInfo({ text, photo, fingerprint }, true);
      expect(toHex(encodeResponse(0x90, data).subarray(10, 16))).toBe(`01 00 04 00 ${fingerprint.length === 0 ? '00 00' : '04 00'}`);
      expect(expectOk(resultOf(splitReadInfo(data, true)))).toEqual({ text, photo, fingerprint });
    }
  });
});

describe('SAM status codes (SW3)', () => {
  it('has every code of the reference with its meaning, and keeps others as unknown', () => {
    const codes = [0x90, 0x9f, 0x80, 0x81, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66];
    expect(Object.keys(SAM_STATUSES).map(Number).sort((a, b) => a - b)).toEqual([...codes].sort((a, b) => a - b));
    expect(samStatus(0x31)).toEqual({ code: 0x31, reason: 'card-auth-failed', meaning: 'card authentication by the SAM failed' });
    expect(samStatus(0x9f).reason).toBe('card-found');
    expect(samStatus(0x80).reason).toBe('no-card');
    expect(samStatus(0x60).reason).toBe('sam-self-test-failed');
    const reasons = codes.map((c) => samStatus(c).reason);
    expect(new Set(reasons).size).toBe(codes.length);
    expect(reasons).not.toContain('unknown');
    expect(samStatus(0x55)).toMatchObject({ code: 0x55, reason: 'unknown' });
    expect(samStatus(0x55).meaning).toContain('0x55');
  });
});

/** A block written field by field with UCS-2 LE, the way the reference lays it out, independently of the encoder. */
function handBlock(fields: readonly [number, number, string][]): Uint8Array {
  const block = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) block[i] = 0x20;
  for (const [at, bytes, text] of fields) {
    const b = Buffer.from(text.padEnd(bytes / 2, ' '), 'utf16le');
    block.set(b.subarray(0, bytes), at);
  }
  return block;
}

describe('SAM text block', () => {
  const resident = handBlock([
    [0, 30, '张三'],
    [30, 2, '1'],
    [32, 4, '01'],
    [36, 16, '19491231'],
    [52, 70, '北京市东城区示例胡同1号'],
    [122, 36, '11010519491231002X'],
    [158, 30, '北京市公安局东城分局'],
    [188, 16, '20100101'],
    [204, 16, '长期'],
  ]);

  it('parses a resident card laid out by hand: every field at its offset, space padding trimmed, 长期 kept', () => {
    expect(expectOk(resultOf(parseTextBlock(resident)))).toEqual(SAMPLE_CARD);
    expect(toHex(resident.subarray(204, 208))).toBe('7F 95 1F 67'); // 长 U+957F, 期 U+671F, little-endian
  });

  it('writes the same bytes as the hand layout (encoder used by the simulator)', () => {
    const card = expectOk(resultOf(parseTextBlock(resident)));
    expect(encodeResidentBlock({ ...card, cardType: 'resident' })).toEqual(resident);
  });

  it('reads the type flag at 248–249: J a Hong Kong/Macau/Taiwan permit with the resident layout, I a foreign permanent residence card', () => {
    const permit = handBlock([
      [0, 30, '陈大文'],
      [122, 36, '810000199001010012'],
      [220, 18, 'H12345678'],
      [238, 4, '01'],
      [248, 2, 'J'],
    ]);
    expect(cardTypeOf(permit)).toBe('hmt-permit');
    expect(expectOk(resultOf(parseTextBlock(permit)))).toMatchObject({ cardType: 'hmt-permit', name: '陈大文', idNumber: '810000199001010012' });

    const foreign = handBlock([
      [0, 120, 'SMITH JOHN'],
      [120, 2, '1'],
      [122, 30, 'USA110080101012'],
      [152, 6, 'USA'],
      [158, 30, '史密斯'],
      [188, 16, '20200101'],
      [204, 16, '20300101'],
      [220, 16, '19800101'],
      [236, 4, '01'],
      [240, 8, '1100'],
      [248, 2, 'I'],
    ]);
    expect(expectOk(resultOf(parseTextBlock(foreign)))).toEqual({
      cardType: 'foreign-permanent',
      name: 'SMITH JOHN (史密斯)',
      sex: '1',
      nation: 'USA',
      birth: '19800101',
      address: '',
      idNumber: 'USA110080101012',
      authority: '1100',
      validFrom: '20200101',
      validTo: '20300101',
    });
    const encoded = encodeForeignBlock({ nameEn: 'SMITH JOHN', nameCn: '史密斯', sex: '1', permitNumber: 'USA110080101012', nationality: 'USA', birth: '19800101', validFrom: '20200101', validTo: '20300101', authorityCode: '1100' });
    expect(parseTextBlock(encoded)).toEqual(parseTextBlock(foreign));
  });

  it('takes a zero-filled flag for a resident card, refuses an unknown flag and a block of the wrong size', () => {
    const zeroFlag = resident.slice();
    zeroFlag.fill(0, 220);
    expect(cardTypeOf(zeroFlag)).toBe('resident');
    const odd = resident.slice();
    odd.set([0x5a, 0x00], 248);
    expect(resultOf(parseTextBlock(odd))).toMatchObject({ error: { code: 'unknown-layout' } });
    expect(resultOf(parseTextBlock(resident.subarray(0, 255)))).toMatchObject({ error: { code: 'bad-text-length' } });
  });

  it('never throws on 10,000 arbitrary blocks (property: sam.text.total, numRuns 10000)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) => {
        const r = parseTextBlock(block);
        return r.ok ? typeof r.value.name === 'string' : r.error === 'unknown-layout';
      }),
      { numRuns: 10_000 },
    );
  });
});

/** The codec's errors are bare codes; shape them like Failures for one matcher. */
function resultOf<T>(r: { ok: true; value: T } | { ok: false; error: string }) {
  return r.ok ? { ok: true as const, value: r.value } : { ok: false as const, error: { code: r.error, message: r.error } };
}

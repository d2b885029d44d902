import { describe, expect, it } from 'vitest';
import { canOpenZone, classifyLine, encodeZone } from '../../drivers/reader/mrz-line/codec.js';
import { parseMrz } from '../../src/identity/mrz.js';
import { toHex } from './support.js';

// The specimens of docs/devices/mrz-line.md §1 (ICAO 9303 via cheminfo/mrz; check digits recomputed there).
const SPECIMENS = {
  TD1: ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  TD2: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
  TD3: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
} as const;

describe('mrz-line codec', () => {
  it.each([
    ['TD1', 93],
    ['TD2', 74],
    ['TD3', 90],
  ] as const)('a %s zone is %i bytes on the wire, each line ended by CR, and its check digits hold', (format, size) => {
    const bytes = encodeZone(SPECIMENS[format]);
    expect(bytes.length).toBe(size);
    expect(toHex(bytes.subarray(-3))).toBe(toHex(new TextEncoder().encode(SPECIMENS[format].at(-1)!.slice(-2) + '\r')));
    expect(bytes.filter((b) => b === 0x0d).length).toBe(SPECIMENS[format].length);
    expect(parseMrz(SPECIMENS[format].join('\n'))).toMatchObject({ ok: true, value: { format } });
  });

  it('classifies every specimen line by its length, and only first lines open a zone', () => {
    for (const [format, lines] of Object.entries(SPECIMENS)) {
      lines.forEach((line, i) => {
        expect(classifyLine(line)).toEqual({ ok: true, value: format });
        expect(canOpenZone(line)).toBe(i === 0);
      });
    }
  });

  it.each([
    ['lowercase', 'p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<', 'not-mrz-text'],
    ['a space', 'P<UTO ERIKSSON', 'not-mrz-text'],
    ['43 characters', SPECIMENS.TD3[0].slice(1), 'bad-line-length'],
    ['31 characters', `${SPECIMENS.TD1[0]}<`, 'bad-line-length'],
  ])('refuses a line with %s', (_name, line, defect) => {
    expect(classifyLine(line)).toEqual({ ok: false, error: defect });
  });
});

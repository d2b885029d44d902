/** The person a demo visitor shows each kind of reader: what that kind reads, valid (check digits and all). */
import { describe, expect, it } from 'vitest';
import { randomResidentId, simPersonOf, td1Zone } from '../../main/demo/visitors.js';
import { READER_PROTOCOLS } from '../../main/devices/protocols/index.js';
import { readerKindOf, readersConfig } from '../../src/config/readers.js';
import { mrzCredential } from '../../src/identity/mrz-lines.js';
import { parseMrz } from '../../src/identity/mrz.js';
import { normaliseResidentId } from '../../src/identity/resident-id.js';

const keys = { hmacKey: new Uint8Array(32), refKey: 'install' as const };

describe('simPersonOf', () => {
  /** One simulated reader of every registered protocol, with its defaults. */
  const readers = Object.keys(READER_PROTOCOLS).flatMap((protocol) => readersConfig.parse([{ kind: readerKindOf(protocol), protocol, device: { kind: 'simulated' } }]));

  it('gives every reader the visitor’s valid ID number, a name and a validity; a badge or a zone where it reads one', () => {
    let seed = 3;
    const rand = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const id = randomResidentId(rand);
      for (const reader of readers) {
        const kind = reader.kind;
        const p = simPersonOf(id, reader);
        expect(normaliseResidentId(p.idNumber)).toBe(id);
        expect(p.name).toMatch(/^[A-Z]+ [A-Z]+$/);
        expect(p.validTo).toMatch(/^\d{8}$/);
        expect(p.badge !== undefined, kind).toBe(kind === 'badge');
        expect(p.mrz !== undefined, kind).toBe(kind === 'mrz');
        if (p.badge !== undefined) expect(p.badge).toMatch(/^[0-9A-F,]+$/);
        if (p.mrz !== undefined) expect(mrzCredential(p.mrz.join('\n'), keys)).toMatchObject({ ok: true, value: { kind: 'mrz' } });
      }
    }
  });

  it('makes a TD1 zone whose every check digit holds, and which a wrong digit breaks', () => {
    const zone = td1Zone('11010519491231002X', 'WANG', 'WEI');
    expect(zone.map((l) => l.length)).toEqual([30, 30, 30]);
    expect(parseMrz(zone.join('\n'))).toMatchObject({ ok: true, value: { format: 'TD1', issuingState: 'UTO', documentNumber: 'D12310020', birthDate: '491231' } });
    const broken = [zone[0], `${zone[1]?.slice(0, 29)}${(Number(zone[1]?.slice(29)) + 1) % 10}`, zone[2]];
    expect(parseMrz(broken.join('\n'))).toMatchObject({ ok: false, error: { code: 'mrz.check-digit' } });
  });
});

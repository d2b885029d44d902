/** What `npm run sim` makes of stdin lines: a person (drivers/sim/person-line.ts, its zone from drivers/sim/mrz-zone.ts) and the `:` commands. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatedZone } from '../../drivers/sim/mrz-zone.js';
import { parsePersonLine } from '../../drivers/sim/person-line.js';
import { parseCommand } from '../../main/sim/stdin-commands.js';
import { parseMrz } from '../../src/identity/mrz.js';

describe('a person line', () => {
  it('fills in what is left out: the sample ID, a card valid ten more years, a TD3 zone, no badge', () => {
    const person = parsePersonLine('', new Date('2026-05-01T00:00:00Z'));
    expect(person).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X', validTo: '20361231' } });
    expect(person.ok && person.value.badge).toBeUndefined();
    expect(person.ok && person.value.mrz?.map((l) => l.length)).toEqual([44, 44]);
  });

  it('takes its words in any order and refuses one it cannot read, naming it', () => {
    expect(parsePersonLine('badge=213,02000 110105194912310021 name=Anna_Eriksson mrz=none valid-to=长期')).toEqual({
      ok: true,
      value: { idNumber: '110105194912310021', name: 'Anna Eriksson', validTo: '长期', badge: '213,02000' },
    });
    const bad = parsePersonLine('11010519491231002 mrz=td2');
    expect(bad.ok ? '' : `${bad.error.code}: ${bad.error.message}`).toMatch(/^sim\.bad-person: cannot read "11010519491231002"/);
  });

  it('1000 generated people: their TD1 and TD3 zones parse with every check digit right, birth and expiry from the card (numRuns 1000)', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const person = fc.record({
      idNumber: fc.tuple(digits(6), fc.integer({ min: 1940, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(4)).map(([r, y, m, d, s]) => `${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${s}`),
      name: fc.constantFrom('Anna Maria Eriksson', '张三', 'Li'),
      validTo: fc.constantFrom('20301231', '20450228', '长期'),
    });
    fc.assert(
      fc.property(person, fc.constantFrom('TD1' as const, 'TD3' as const), (p, format) => {
        const doc = parseMrz(simulatedZone(p, format).join('\n'));
        expect(doc.ok ? '' : doc.error.message).toBe('');
        if (!doc.ok) return;
        expect(doc.value.format).toBe(format);
        expect(doc.value.birthDate).toBe(p.idNumber.slice(8, 14));
        expect(doc.value.expiryDate).toBe(p.validTo === '长期' ? '991231' : p.validTo.slice(2));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a : command', () => {
  it('is not one without the colon, and each command parses to what the CLI does', () => {
    expect(parseCommand('36.5 25')).toBeUndefined();
    expect(parseCommand(':silent')).toEqual({ ok: true, value: { kind: 'faults', faults: { silent: true } } });
    expect(parseCommand(' :answer ')).toEqual({ ok: true, value: { kind: 'faults', faults: { silent: false } } });
    expect(parseCommand(':unplug')).toEqual({ ok: true, value: { kind: 'unplug' } });
    expect(parseCommand(':replug')).toEqual({ ok: true, value: { kind: 'replug' } });
    expect(parseCommand(':raw 5a5A 45')).toEqual({ ok: true, value: { kind: 'raw', bytes: Uint8Array.of(0x5a, 0x5a, 0x45) } });
    expect(parseCommand(':faults {"truncateRate": 0.5, "seed": 9}')).toEqual({ ok: true, value: { kind: 'faults', faults: { truncateRate: 0.5, seed: 9 } } });
  });

  it('refuses a wrong one with sim.bad-command and says why', () => {
    const refusal = (line: string): string => {
      const parsed = parseCommand(line);
      return parsed === undefined || parsed.ok ? 'accepted' : `${parsed.error.code}: ${parsed.error.message}`;
    };
    expect(refusal(':raw 5A 5')).toBe('sim.bad-command: :raw takes bytes in hex, e.g. :raw 5A 5A 45');
    expect(refusal(':faults {"silnet": true}')).toMatch(/^sim\.bad-command: :faults .*silnet/);
    expect(refusal(':faults {"chunkSize": 0}')).toMatch(/^sim\.bad-command: :faults chunkSize: /);
    expect(refusal(':faults nope')).toMatch(/^sim\.bad-command: :faults takes a JSON object/);
    expect(refusal(':silent now')).toBe('sim.bad-command: :silent takes nothing after it');
    expect(refusal(':boom')).toMatch(/^sim\.bad-command: unknown command :boom; commands: :silent :answer :faults :unplug :replug :raw$/);
  });
});

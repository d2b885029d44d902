/**
 * A machine-readable zone for a made-up person (ICAO 9303 TD1 and TD3 layouts, as src/identity/mrz.ts reads
 * them), with every check digit right, so a simulated MRZ reader sends what a real document would. The issuing
 * state and nationality are `UTO`, 9303's fictional state; the document number is taken from the ID number.
 */
import { mrzCheckDigit } from '../../src/identity/mrz.js';
import type { SimPerson } from '../reader/reader.js';

export type SimZoneFormat = 'TD1' | 'TD3';

const STATE = 'UTO';

const pad = (text: string, length: number): string => text.padEnd(length, '<').slice(0, length);
const check = (field: string): string => String(mrzCheckDigit(field) ?? 0);

/** `SURNAME<<GIVEN<NAMES` from a Latin name (`Anna Maria Eriksson` → `ERIKSSON<<ANNA<MARIA`), else a stand-in. */
function nameField(name: string): string {
  const words = name.toUpperCase().split(/\s+/).filter((w) => /^[A-Z]+$/.test(w));
  if (words.length === 0 || words.length !== name.trim().split(/\s+/).length) return 'SIMULATED<<VISITOR';
  const surname = words.at(-1) ?? '';
  return words.length === 1 ? surname : `${surname}<<${words.slice(0, -1).join('<')}`;
}

/** The fields both layouts carry, from the person's 18-digit ID number (birth date at 7–14, sex at 17) and validTo. */
function fieldsOf(person: SimPerson): { number: string; birth: string; sex: string; expiry: string; name: string } {
  const id = person.idNumber;
  const expiry = /^\d{8}$/.test(person.validTo) ? person.validTo.slice(2) : '991231'; // 长期 (long-term): the furthest date a zone can print
  return { number: id.slice(8, 17), birth: id.slice(8, 14), sex: Number(id[16]) % 2 === 1 ? 'M' : 'F', expiry, name: nameField(person.name) };
}

/** The person's zone as a passport (TD3, 2 × 44) or an ID card (TD1, 3 × 30). */
export function simulatedZone(person: SimPerson, format: SimZoneFormat): readonly string[] {
  const f = fieldsOf(person);
  const docNumber = f.number + check(f.number);
  const birth = f.birth + check(f.birth);
  const expiry = f.expiry + check(f.expiry);
  if (format === 'TD3') {
    const personal = pad('', 14);
    const head = `${docNumber}${STATE}${birth}${f.sex}${expiry}${personal}${check(personal)}`;
    const composite = head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 43);
    return [pad(`P<${STATE}${f.name}`, 44), head + check(composite)];
  }
  const line1 = pad(`I<${STATE}${docNumber}`, 30);
  const line2head = pad(`${birth}${f.sex}${expiry}${STATE}`, 29);
  const composite = line1.slice(5, 30) + line2head.slice(0, 7) + line2head.slice(8, 15) + line2head.slice(18, 29);
  return [line1, line2head + check(composite), pad(f.name, 30)];
}

/**
 * Made-up visitors for the demo and for load: each is a script the simulators act out at the gate.
 * ID numbers are random but valid (GB 11643 check digit), so they pass the same parser as real cards.
 */
import type { ReaderConfig } from '../../src/config/readers.js';
import { mrzCheckDigit } from '../../src/identity/mrz.js';
import { mod112CheckChar } from '../../src/identity/resident-id.js';
import type { SimPerson } from '../../drivers/reader/reader.js';
import { badgeOf } from './badges.js';

export type VisitorKind = 'normal' | 'fever' | 'remeasure' | 'no-scan' | 'garbled' | 'misread-first';

export interface Visitor {
  readonly kind: VisitorKind;
  /** Text the scanner types, or undefined when the visitor never scans. */
  readonly scan: string | undefined;
  /** Body temperature at each measurement: a re-measure uses the next one. */
  readonly bodyC: readonly [number, number];
  readonly wearsMask: boolean;
  /** A scan the gate refuses, taken before `scan`: it carries a valid ID number that must never be kept (test/privacy). */
  readonly refusedScan?: string;
}

const REGIONS = ['420102', '420103', '420106', '420111', '130102', '130104'] as const;
/**
 * Visitors come in shuffled decks rather than independent draws, so every stretch of ten shows each
 * case; the first deck opens with one of each, so a fresh demo shows an admit and a deny within seconds.
 */
const OPENING: readonly VisitorKind[] = ['normal', 'fever', 'remeasure', 'garbled'];
const DECK: readonly VisitorKind[] = ['normal', 'normal', 'normal', 'normal', 'fever', 'fever', 'remeasure', 'remeasure', 'garbled', 'no-scan', 'misread-first'];

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const between = (rand: () => number, lo: number, hi: number): number => Math.round((lo + rand() * (hi - lo)) * 100) / 100;

export function randomResidentId(rand: () => number): string {
  const y = 1940 + Math.floor(rand() * 66);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const seq = Math.floor(rand() * 1000);
  const first17 = `${pick(rand, REGIONS)}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + (mod112CheckChar(first17) ?? '');
}

/**
 * A scan the gate refuses that still holds a valid ID number (its MOD 11-2 check digit holds): a scanner's
 * GS suffix, an AIM prefix, a label around the number, or a number whose birth date is impossible (month 13).
 * The likeliest leak is the path that refuses a scan, so these must leave no trace of the number.
 */
export function refusedIdScan(id: string, rand: () => number): string {
  const impossibleDate = `${id.slice(0, 10)}13${id.slice(12, 17)}`;
  const forms = [`${id}\u001d`, `]Q1${id}`, `ID:${id};`, impossibleDate + (mod112CheckChar(impossibleDate) ?? '')];
  return pick(rand, forms);
}

export function* visitorKinds(rand: () => number): Generator<VisitorKind, never> {
  yield* OPENING;
  for (;;) {
    const deck = [...DECK];
    for (let i = deck.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [deck[i], deck[j]] = [deck[j] as VisitorKind, deck[i] as VisitorKind];
    }
    yield* deck;
  }
}

export function makeVisitor(kind: VisitorKind, rand: () => number): Visitor {
  const normal = (): number => between(rand, 36.0, 37.0);
  const fever = (): number => between(rand, 37.6, 38.8);
  const id = randomResidentId(rand);
  const scan = kind === 'no-scan' ? undefined : id;
  switch (kind) {
    case 'fever':
      return { kind, scan, bodyC: [fever(), fever()], wearsMask: true };
    case 'misread-first':
      // The scanner's first read is refused; the visitor scans again and goes through as usual.
      return { kind, scan, bodyC: [normal(), normal()], wearsMask: true, refusedScan: refusedIdScan(id, rand) };
    case 'remeasure':
      // Came in from the sun: the first reading is high, the second normal.
      return { kind, scan, bodyC: [between(rand, 37.4, 37.8), normal()], wearsMask: true };
    default:
      return { kind, scan, bodyC: [normal(), normal()], wearsMask: true };
  }
}

const SURNAMES = ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'YANG'] as const;
const GIVEN = ['WEI', 'FANG', 'MIN', 'JING', 'LEI', 'YAN'] as const;

const digit = (field: string): string => String(mrzCheckDigit(field) ?? 0);
const padded = (text: string, length: number): string => text.padEnd(length, '<').slice(0, length);

/**
 * A TD1 (3×30) zone of a made-up ID card with every check digit right (ICAO 9303-5), issued by `UTO` (the
 * standard's own specimen state), its document number derived from the visitor's ID number.
 */
export function td1Zone(idNumber: string, surname: string, given: string): string[] {
  const documentNumber = `D${idNumber.slice(-8).replace('X', '0')}`;
  const line1 = padded(`I<UTO${documentNumber}${digit(documentNumber)}`, 30);
  const birth = idNumber.slice(8, 14);
  const expiry = '351231';
  const head = `${birth}${digit(birth)}X${expiry}${digit(expiry)}UTO`;
  const body = padded(head, 29);
  const line2 = body + digit(line1.slice(5, 30) + body.slice(0, 7) + body.slice(8, 15) + body.slice(18, 29));
  return [line1, line2, padded(`${surname}<<${given}`, 30)];
}

/**
 * The made-up person a reader simulator presents for a visitor who scans: their ID number, a name, a card valid
 * to 2035, and a badge number (in the form `reader` reports one) or a machine-readable zone only where the
 * reader's kind reads one.
 */
export function simPersonOf(idNumber: string, reader: ReaderConfig): SimPerson {
  const kind = reader.kind;
  const n = Number(idNumber.slice(14, 17));
  const surname = SURNAMES[n % SURNAMES.length] ?? 'WANG';
  const given = GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] ?? 'WEI';
  const person = { idNumber, name: `${surname} ${given}`, validTo: '20351231' };
  if (kind === 'badge') return { ...person, badge: badgeOf(Number(idNumber.slice(-7, -1)), reader) };
  if (kind === 'mrz') return { ...person, mrz: td1Zone(idNumber, surname, given) };
  return person;
}

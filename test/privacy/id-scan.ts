/**
 * The privacy scan: where an ID number (18 characters, GB 11643 MOD 11-2 check digit) shows up in text, raw
 * file bytes, or a SQLite database read row by row and column by column.
 *
 * A finding is any 18-character window `[0-9]{17}[0-9Xx]` that is either
 * - `known`: one of the numbers the run is known to have used (any check digit, any case of X), found
 *   wherever it is, with no exemption at all; or
 * - `valid`: passes MOD 11-2, unless every character of the window lies in a stretch of at least 32
 *   characters that is part of a known hash: a value the database holds whole as exactly 64 lowercase hex
 *   characters (a column, or a string in a JSON column), where 18 decimal digits passing the check turn up by
 *   chance (about 1 hash in 1,000). Part of, not all of: free space in a page keeps fragments of old cells,
 *   hashes cut short. So an ID number stored beside a hash (SQLite keeps a row's columns without separators)
 *   is found, and so is a window reaching from a hash into the text next to it. Only a number that is itself
 *   inside a stored hash-shaped value is exempt, and the `known` scan still sees that.
 */
import Database from 'better-sqlite3';
import { mod112CheckChar } from '../../src/identity/resident-id.js';

export interface Finding {
  readonly where: string;
  readonly why: 'known' | 'valid';
  /** The first four characters only: a finding must not leak the number into test output. */
  readonly head: string;
}

export interface ScanContext {
  /** Numbers the run used, upper-case X (`knownSet`). */
  readonly known?: ReadonlySet<string>;
  /** The known hashes, indexed (`indexHashes`; `databaseFindings` returns the database's). */
  readonly hashes?: HashIndex;
}

const HASH = /^[0-9a-f]{64}$/;
const HASH_LENGTH = 64;
/** The shortest stretch of a hash that exempts what lies in it. */
const GRAM = 32;
const WINDOW = 18;

/** Every 32-character stretch of the given hashes. */
export type HashIndex = ReadonlySet<string>;

export function indexHashes(hashes: Iterable<string>): HashIndex {
  const grams = new Set<string>();
  for (const h of hashes) for (let i = 0; i + GRAM <= HASH_LENGTH; i++) grams.add(h.slice(i, i + GRAM));
  return grams;
}

/** Whether every character of text[at, at + 18) lies in a 32-character stretch of a known hash. */
function coveredByHashes(text: string, at: number, hashes: HashIndex): boolean {
  const covered = new Array<boolean>(WINDOW).fill(false);
  for (let p = Math.max(0, at - GRAM + 1); p < at + WINDOW && p + GRAM <= text.length; p++) {
    if (!hashes.has(text.slice(p, p + GRAM))) continue;
    for (let i = Math.max(p, at); i < Math.min(p + GRAM, at + WINDOW); i++) covered[i - at] = true;
  }
  return covered.every(Boolean);
}

export function idNumbersIn(text: string, where: string, { known = new Set(), hashes = new Set() }: ScanContext = {}): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(/(?=([0-9]{17}[0-9Xx]))/g)) {
    const candidate = (m[1] ?? '').toUpperCase();
    const head = candidate.slice(0, 4);
    if (known.has(candidate)) found.push({ where, why: 'known', head });
    else if (mod112CheckChar(candidate.slice(0, 17)) === candidate[17] && !coveredByHashes(text, m.index, hashes)) found.push({ where, why: 'valid', head });
  }
  return found;
}

/** Bytes as text, one character per byte: SQLite stores text as UTF-8, where digits are single bytes. */
export const bytesIn = (bytes: Buffer, where: string, context?: ScanContext): Finding[] => idNumbersIn(bytes.toString('latin1'), where, context);

/** Every string in a JSON document (keys and values, numbers as written), with its path. */
function* jsonStrings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') yield [path, String(value)];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* jsonStrings(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield [`${path}{key}`, k];
      yield* jsonStrings(v, `${path}.${k}`);
    }
  }
}

/** A column value, decoded: text as itself and, if it is JSON, each of its strings; a blob as UTF-8; an integer in decimal. */
function* decoded(value: unknown): Generator<[string, string]> {
  if (value === null) return;
  if (Buffer.isBuffer(value)) {
    yield ['(blob)', value.toString('utf8')];
    return;
  }
  const text = String(value);
  yield ['', text];
  if (typeof value !== 'string' || !/^\s*[[{]/.test(text)) return;
  try {
    yield* jsonStrings(JSON.parse(text), '$');
  } catch {
    // Not JSON: the text itself was scanned.
  }
}

/**
 * Every row of every table (sqlite_schema included), every column, decoded: integers read exactly (an 18-digit
 * number fits an INTEGER), blobs as UTF-8, JSON text string by string. Reads through the WAL of a running gate.
 * Returns the findings and the hashes it saw, indexed, for scanning the raw files, logs and exports beside it.
 */
export function databaseFindings(file: string, known: ReadonlySet<string> = new Set()): { findings: Finding[]; hashes: HashIndex } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const values: [string, string][] = [];
  try {
    db.defaultSafeIntegers(true);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    for (const table of ['sqlite_schema', ...tables]) {
      const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
      rows.forEach((row, i) => {
        for (const [column, value] of Object.entries(row)) {
          for (const [path, text] of decoded(value)) values.push([`${table}.${column} row ${i + 1}${path === '' ? '' : ` ${path}`}`, text]);
        }
      });
    }
  } finally {
    db.close();
  }
  const hashes = indexHashes(new Set(values.map(([, text]) => text).filter((text) => HASH.test(text))));
  return { findings: values.flatMap(([where, text]) => idNumbersIn(text, where, { known, hashes })), hashes };
}

/** The known set as the scan compares it: upper-case X. */
export const knownSet = (ids: readonly string[]): ReadonlySet<string> => new Set(ids.map((id) => id.toUpperCase()));

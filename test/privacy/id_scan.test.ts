/** The privacy scan itself: it finds planted ID numbers, beside hashes included, and exempts only whole hashes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keyedRef } from '../../src/identity/classify.js';
import { mod112CheckChar } from '../../src/identity/resident-id.js';
import { tempDir } from '../journal/helpers.js';
import { bytesIn, databaseFindings, idNumbersIn, indexHashes, knownSet } from './id-scan.js';

const ID = '11010519491231002X';
const ID_DIGITS = '110105194912310038'; // also valid, all digits (so also all hex)
const HASH = keyedRef(new Uint8Array(32).fill(7), 'resident-id', ID);
/** A 64-hex "hash" holding a valid ID number by chance, as about one real hash in a thousand does. */
const LUCKY_HASH = `abc${ID_DIGITS}${'d'.repeat(64 - 3 - 18)}`;

describe('idNumbersIn', () => {
  it('the numbers the scan relies on are valid, and the hash is a hash', () => {
    expect(mod112CheckChar(ID.slice(0, 17))).toBe('X');
    expect(mod112CheckChar(ID_DIGITS.slice(0, 17))).toBe('8');
    expect(HASH).toMatch(/^[0-9a-f]{64}$/);
    expect(LUCKY_HASH).toHaveLength(64);
  });

  it('finds a valid ID number in text, in either case of X, and nothing in a wrong check digit', () => {
    expect(idNumbersIn(`{"id":"${ID.toLowerCase()}"}`, 't')).toEqual([{ where: 't', why: 'valid', head: '1101' }]);
    expect(idNumbersIn(`name,${ID_DIGITS},`, 't')).toHaveLength(1);
    expect(idNumbersIn('name,110105194912310037,', 't')).toEqual([]);
  });

  it('finds an ID number stored right beside a hash, on either side (SQLite keeps columns without separators)', () => {
    const hashes = indexHashes([HASH]);
    expect(idNumbersIn(`${HASH}${ID_DIGITS}`, 't', { hashes })).toHaveLength(1);
    expect(idNumbersIn(`${ID_DIGITS}${HASH}`, 't', { hashes })).toHaveLength(1);
    expect(idNumbersIn(`${HASH}${HASH}${ID_DIGITS}`, 't', { hashes })).toHaveLength(1);
    expect(idNumbersIn(`${HASH}${ID}`, 't', { hashes })).toHaveLength(1);
  });

  it('exempts a chance window only inside a stored hash, alone or beside another; a window reaching past it is found', () => {
    const hashes = indexHashes([HASH, LUCKY_HASH]);
    expect(idNumbersIn(`"${LUCKY_HASH}"`, 't', { hashes })).toEqual([]);
    expect(idNumbersIn(`${HASH}${LUCKY_HASH}${HASH}`, 't', { hashes })).toEqual([]);
    expect(idNumbersIn(`${HASH.slice(20)}${LUCKY_HASH.slice(0, 40)}`, 't', { hashes })).toEqual([]); // fragments, as free space keeps them
    expect(idNumbersIn(`"${LUCKY_HASH}"`, 't', { hashes: indexHashes([HASH]) })).toHaveLength(1); // hash-shaped is not enough
    const endsInHalfAnId = `${'e'.repeat(55)}${ID_DIGITS.slice(0, 9)}`;
    expect(idNumbersIn(`${endsInHalfAnId}${ID_DIGITS.slice(9)}`, 't', { hashes: indexHashes([endsInHalfAnId]) })).toHaveLength(1);
  });

  it('finds a known number anywhere, inside a stored hash too, whatever its check digit', () => {
    expect(idNumbersIn(`"${LUCKY_HASH}"`, 't', { known: knownSet([ID_DIGITS]), hashes: indexHashes([LUCKY_HASH]) })).toEqual([{ where: 't', why: 'known', head: '1101' }]);
    expect(idNumbersIn('x110105194912310037x', 't', { known: knownSet(['110105194912310037']) })).toHaveLength(1);
    expect(idNumbersIn(`x${ID.toLowerCase()}x`, 't', { known: knownSet([ID]) })).toEqual([{ where: 't', why: 'known', head: '1101' }]);
  });
});

describe('databaseFindings', () => {
  it('reads every table row by row and column by column: beside a hash, in JSON escapes, an INTEGER, a blob', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'leak.sqlite');
      const db = new Database(file);
      db.exec('CREATE TABLE residents (ref TEXT PRIMARY KEY, household TEXT NOT NULL) STRICT; CREATE TABLE other (n INTEGER, b BLOB, j TEXT, h TEXT)');
      db.prepare('INSERT INTO residents VALUES (?, ?)').run(HASH, ID_DIGITS);
      db.prepare('INSERT INTO residents VALUES (?, ?)').run(LUCKY_HASH, 'B3-1201');
      db.prepare('INSERT INTO other VALUES (?, ?, ?, ?)').run(110105194912310038n, Buffer.from(`sealed:${ID}`), JSON.stringify({ a: HASH }).replace('}', `,"b":"${[...ID].map((c) => `\\u00${c.charCodeAt(0).toString(16)}`).join('')}"}`), HASH);
      db.close();
      // The raw file holds ref‖household as one run of 82 hex characters.
      const raw = readFileSync(file);
      expect(raw.includes(Buffer.from(`${HASH}${ID_DIGITS}`))).toBe(true);
      const { findings, hashes } = databaseFindings(file);
      expect(findings.map((f) => f.where).sort()).toEqual(['other.b row 1 (blob)', 'other.j row 1 $.b', 'other.n row 1', 'residents.household row 1']);
      expect(hashes).toEqual(indexHashes([HASH, LUCKY_HASH]));
      // Raw bytes: the household beside its ref and the blob; the lucky ref (in the table and its index) only without its hash.
      expect(bytesIn(raw, 'file', { hashes })).toHaveLength(2);
      expect(bytesIn(raw, 'file')).toHaveLength(4);
      expect(databaseFindings(file, knownSet([ID_DIGITS])).findings.map((f) => f.where)).toEqual(expect.arrayContaining(['residents.ref row 2']));
    } finally {
      tmp.remove();
    }
  });
});

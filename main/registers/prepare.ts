/**
 * The row validation of every register document (formats.ts), shared by `gate import` (import.ts) and
 * register bundles (main/bundles/store.ts): a document is checked whole, then written by `writeRegister`
 * (write.ts) inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { parseIssuerKey, type IssuerKey } from '../../src/credentials/issuer-key.js';
import { issueLines } from '../../src/zod-issues.js';
import { keyedRef } from '../../src/identity/classify.js';
import { normaliseResidentId } from '../../src/identity/resident-id.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { storedInstant } from '../journal/time.js';
import { commitDistrictKey, keyFingerprint, writeDistrictKeyFile } from './district-key-file.js';
import { MAX_ROWS, type RegisterKind, districtKeyDoc, quarantineRow, residentRow, riskAreaRow } from './formats.js';

export interface ImportSummary {
  readonly register: RegisterKind;
  /** Rows now in the register (1 for the district key). */
  readonly rows: number;
  /** Rows it held before. */
  readonly replaced: number;
  /** Things the operator should know (a changed district key, say). */
  readonly warnings: readonly string[];
}

/** At most this many row failures are listed; the rest are counted. */
const MAX_LISTED = 50;

type Rows<T> = Result<T[], Failure[]>;

/** Validates every element of `json` (an array) with `parse`, naming failures `row N: field: message`. */
function eachRow<T>(json: unknown, parse: (row: unknown, n: number) => Result<T, string[]>): Rows<T> {
  if (!Array.isArray(json)) return err([failure('import.invalid', '(root): must be a JSON array of rows')]);
  if (json.length > MAX_ROWS) return err([failure('import.invalid', `(root): ${json.length} rows, at most ${MAX_ROWS}`)]);
  const rows: T[] = [];
  const problems: string[] = [];
  json.forEach((raw: unknown, i) => {
    const r = parse(raw, i + 1);
    if (r.ok) rows.push(r.value);
    else problems.push(...r.error.map((m) => `row ${i + 1}: ${m}`));
  });
  if (problems.length === 0) return ok(rows);
  const listed = problems.slice(0, MAX_LISTED).map((m) => failure('import.invalid', m));
  if (problems.length > MAX_LISTED) listed.push(failure('import.invalid', `… and ${problems.length - MAX_LISTED} more`));
  return err(listed);
}

const issues = (e: z.ZodError): string[] => issueLines(e, '(row)');

/** `ref`, or `idNumber` hashed with the district key exactly as a scanned ID card is (classify.ts `keyedRef`). */
function refOf(row: { ref?: string | undefined; idNumber?: string | undefined }, key: Uint8Array | undefined): Result<string, string[]> {
  if (row.ref !== undefined) return ok(row.ref);
  if (key === undefined) return err(['idNumber: import the district key first (gate import district-key), or give ref']);
  const id = normaliseResidentId(row.idNumber ?? '');
  if (id === undefined) return err(['idNumber: the check digit or birth date is wrong']);
  return ok(keyedRef(key, 'resident-id', id));
}

const stored = (iso: string): string => {
  const s = storedInstant(iso);
  if (s === undefined) throw new Error(`validated instant ${iso} has no stored form`);
  return s;
};

/**
 * A validated register document, ready to be written. `before` writes the files its commit will point at
 * (the district key's), before the write transaction; `rows` runs inside it.
 */
export interface Prepared {
  readonly register: RegisterKind;
  before?(dataDir: string): Result<void, Failure>;
  /** Replaces the register's rows (and, for the district key, commits its fingerprint). */
  rows(db: Database): ImportSummary;
}

/**
 * Validates a whole document of register `kind` (formats.ts) — every row, failures `import.invalid` naming
 * the row and field — with `key`, the district key `idNumber` rows are hashed with. Nothing is written.
 */
export function prepareRegister(kind: RegisterKind, json: unknown, key: Uint8Array | undefined): Result<Prepared, Failure[]> {
  switch (kind) {
    case 'residents':
      return prepareResidents(json, key);
    case 'quarantine':
      return prepareQuarantine(json, key);
    case 'risk-areas':
      return prepareRiskAreas(json);
    case 'issuer-keys':
      return prepareIssuerKeys(json);
    case 'district-key':
      return prepareDistrictKey(json, key);
  }
}

const replaceAll = <T>(register: RegisterKind, table: string, insertSql: string, rows: readonly T[], params: (r: T) => unknown[]): Prepared => ({
  register,
  rows: (db) => {
    const replaced = db.prepare(`DELETE FROM ${table}`).run().changes;
    const insert = db.prepare(insertSql);
    for (const r of rows) insert.run(...params(r));
    return { register, rows: rows.length, replaced, warnings: [] };
  },
});

function prepareResidents(json: unknown, key: Uint8Array | undefined): Result<Prepared, Failure[]> {
  const firstRow = new Map<string, number>();
  const rows = eachRow(json, (raw, n) => {
    const p = residentRow.safeParse(raw);
    if (!p.success) return err(issues(p.error));
    const ref = refOf(p.data, key);
    if (!ref.ok) return ref;
    const seen = firstRow.get(ref.value);
    if (seen !== undefined) return err([`${p.data.ref === undefined ? 'idNumber' : 'ref'}: the same person as row ${seen}`]);
    firstRow.set(ref.value, n);
    return ok({ ref: ref.value, household: p.data.household });
  });
  if (!rows.ok) return rows;
  return ok(replaceAll('residents', 'residents', 'INSERT INTO residents (ref, household) VALUES (?, ?)', rows.value, (r) => [r.ref, r.household]));
}

function prepareQuarantine(json: unknown, key: Uint8Array | undefined): Result<Prepared, Failure[]> {
  const rows = eachRow(json, (raw) => {
    const p = quarantineRow.safeParse(raw);
    if (!p.success) return err(issues(p.error));
    const ref = refOf(p.data, key);
    if (!ref.ok) return ref;
    return ok({ ref: ref.value, from: stored(p.data.from), until: p.data.until === undefined || p.data.until === null ? null : stored(p.data.until) });
  });
  if (!rows.ok) return rows;
  return ok(replaceAll('quarantine', 'quarantine', 'INSERT INTO quarantine (ref, from_at, until_at) VALUES (?, ?, ?)', rows.value, (r) => [r.ref, r.from, r.until]));
}

function prepareRiskAreas(json: unknown): Result<Prepared, Failure[]> {
  const rows = eachRow(json, (raw) => {
    const p = riskAreaRow.safeParse(raw);
    return p.success ? ok(p.data) : err(issues(p.error));
  });
  if (!rows.ok) return rows;
  return ok(
    replaceAll('risk-areas', 'risk_areas', 'INSERT INTO risk_areas (area, level, from_day, until_day) VALUES (?, ?, ?, ?)', rows.value, (r) => [
      r.area,
      r.level,
      r.from,
      r.until ?? null,
    ]),
  );
}

/** An array of keys, or one key alone: exactly the `<kid>.public.json` that `gate issuer-keygen` writes. */
function prepareIssuerKeys(json: unknown): Result<Prepared, Failure[]> {
  const firstRow = new Map<string, number>();
  const oneKey = typeof json === 'object' && json !== null && !Array.isArray(json);
  const rows = eachRow(oneKey ? [json] : json, (raw, n): Result<IssuerKey, string[]> => {
    const p = parseIssuerKey(raw);
    if (!p.ok) return err(p.error.map((f) => f.message));
    const seen = firstRow.get(p.value.kid);
    if (seen !== undefined) return err([`kid: the same kid as row ${seen}`]);
    firstRow.set(p.value.kid, n);
    return p;
  });
  if (!rows.ok) return rows;
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return ok(
    replaceAll(
      'issuer-keys',
      'issuer_keys',
      'INSERT INTO issuer_keys (kid, issuer, typs, public_jwk, not_before, not_after) VALUES (?, ?, ?, ?, ?, ?)',
      rows.value,
      (k) => [k.kid, k.issuer, JSON.stringify(k.typs), JSON.stringify(k.publicJwk), iso(k.notBefore), iso(k.notAfter)],
    ),
  );
}

function prepareDistrictKey(json: unknown, previous: Uint8Array | undefined): Result<Prepared, Failure[]> {
  const p = districtKeyDoc.safeParse(json);
  if (!p.success) return err(issues(p.error).map((m) => failure('import.invalid', m)));
  return ok(districtKeyChange(Buffer.from(p.data.key, 'hex'), previous));
}

/** The district key `key` replacing `previous`: its file first, its fingerprint committed with the rows. */
export function districtKeyChange(key: Uint8Array, previous: Uint8Array | undefined): Prepared {
  return {
    register: 'district-key',
    before: (dataDir) => {
      const fp = writeDistrictKeyFile(dataDir, key);
      return fp.ok ? ok(undefined) : fp;
    },
    rows: (db) => {
      commitDistrictKey(db, keyFingerprint(key));
      const changed = previous !== undefined && !Buffer.from(key).equals(previous);
      const held = Number(db.prepare('SELECT (SELECT count(*) FROM residents) + (SELECT count(*) FROM quarantine)').pluck().get());
      const warnings =
        changed && held > 0
          ? [`the district key changed (${keyFingerprint(previous)} → ${keyFingerprint(key)}): re-import residents and quarantine, whose refs were made with the old key`]
          : [];
      return { register: 'district-key', rows: 1, replaced: previous === undefined ? 0 : 1, warnings };
    },
  };
}

/**
 * Register import: validates a whole document (formats.ts), then replaces the register's content in one
 * IMMEDIATE transaction together with a `registers.imported` event and a bump of the registers'
 * generation (settings `registers_generation`, which `SqliteRegisters.reloadIfChanged` watches). Any
 * failing row fails the import and leaves the previous register as it was. The district key goes to its
 * own file beside the journal (main/keys.ts), written inside that transaction before it commits, so a
 * running gate that sees the new generation finds the new key.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { parseIssuerKey, type IssuerKey } from '../../src/credentials/issuer-key.js';
import { issueLines } from '../../src/zod-issues.js';
import { keyedRef } from '../../src/identity/classify.js';
import { normaliseResidentId } from '../../src/identity/resident-id.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { readDistrictKey, writeDistrictKey } from '../keys.js';
import { attempt } from '../journal/errors.js';
import { eventWriter } from '../journal/events.js';
import { dataDirOf } from '../journal/file.js';
import { storedInstant } from '../journal/time.js';
import { MAX_ROWS, type RegisterKind, districtKeyDoc, quarantineRow, residentRow, riskAreaRow } from './formats.js';
import { GENERATION_SETTING } from './settings.js';

/** Every failing row and field is one `import.invalid` failure; storage failures keep their journal codes. */
export type ImportErrorCode = 'import.invalid';

export interface ImportSummary {
  readonly register: RegisterKind;
  /** Rows now in the register (1 for the district key). */
  readonly rows: number;
  /** Rows it held before. */
  readonly replaced: number;
  /** Things the operator should know (a changed district key, say). */
  readonly warnings: readonly string[];
}

export interface ImportOptions {
  /** When, epoch ms (injected clock), for the event. */
  readonly nowMs: number;
  /** Where the document came from, for the event (a file name). */
  readonly source: string;
  /** SHA-256 hex of the document as read, for the event. */
  readonly sha256?: string;
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
 * Imports `json` as register `kind` into the journal database `db` (a writing connection), replacing
 * its previous content. Failures: `import.invalid` (one per failing row and field) and journal errors.
 */
export function importRegister(db: Database, kind: RegisterKind, json: unknown, opts: ImportOptions): Result<ImportSummary, Failure[]> {
  const dataDir = dataDirOf(db);
  const key = readDistrictKey(dataDir);
  if (!key.ok) return err([key.error]);
  const write = prepare(kind, json, key.value);
  if (!write.ok) return write;
  try {
    return importInTransaction(db, kind, write.value, { ...opts, dataDir });
  } catch (e) {
    if (e instanceof FileFailed) return err([e.failure]);
    throw e;
  }
}

/** Carries a failure to write a file beside the journal out of the import transaction, which rolls back. */
class FileFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function importInTransaction(db: Database, kind: RegisterKind, write: Prepared, opts: ImportOptions & { dataDir: string }): Result<ImportSummary, Failure[]> {
  const done = attempt(() =>
    db
      .transaction((): ImportSummary => {
        const summary = write.rows(db);
        const generation = Number(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(GENERATION_SETTING) ?? 0) + 1;
        db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(GENERATION_SETTING, String(generation));
        eventWriter(db)({
          at: new Date(opts.nowMs).toISOString(),
          kind: 'registers.imported',
          detail: { register: kind, rows: summary.rows, replaced: summary.replaced, source: opts.source, sha256: opts.sha256 ?? null, generation },
        });
        const files = write.files?.(opts.dataDir);
        if (files !== undefined && !files.ok) throw new FileFailed(files.error);
        return summary;
      })
      .immediate(),
  );
  return done.ok ? ok(done.value) : err([done.error]);
}

/** A validated register, written inside the import transaction. */
interface Prepared {
  /** Replaces the register's rows. */
  rows(db: Database): ImportSummary;
  /** Writes its files in the journal's folder, last before the commit (a failure rolls the import back). */
  files?(dataDir: string): Result<void, Failure>;
}

/** Validates everything first; the returned writer runs inside the import transaction. */
function prepare(kind: RegisterKind, json: unknown, key: Uint8Array | undefined): Result<Prepared, Failure[]> {
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

/** A short, one-way name for a key, for events and warnings (never the key). */
export const keyFingerprint = (key: Uint8Array): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

function prepareDistrictKey(json: unknown, previous: Uint8Array | undefined): Result<Prepared, Failure[]> {
  const p = districtKeyDoc.safeParse(json);
  if (!p.success) return err(issues(p.error).map((m) => failure('import.invalid', m)));
  const key = Buffer.from(p.data.key, 'hex');
  return ok({
    files: (dataDir) => writeDistrictKey(dataDir, key),
    rows: (db) => {
      const changed = previous !== undefined && !key.equals(previous);
      const held = Number(db.prepare('SELECT (SELECT count(*) FROM residents) + (SELECT count(*) FROM quarantine)').pluck().get());
      const warnings =
        changed && held > 0
          ? [`the district key changed (${keyFingerprint(previous)} → ${keyFingerprint(key)}): re-import residents and quarantine, whose refs were made with the old key`]
          : [];
      return { register: 'district-key', rows: 1, replaced: previous === undefined ? 0 : 1, warnings };
    },
  });
}

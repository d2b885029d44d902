/**
 * The registers over the journal database: residents, quarantine, risk areas, issuer keys — and the
 * district key, from its file beside the journal (district-key-file.ts) — are read into memory (Maps keyed by ref, area and kid: O(1) lookups, no I/O while
 * deciding) at construction and on `reload()`; `exitsSince` is an indexed COUNT over `passages`, which
 * the journal writes with each admitted exit.
 */
import { dirname } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { issueLines } from '../../src/zod-issues.js';
import type { IssuerKey, IssuerKeys } from '../../src/credentials/issuer-key.js';
import type { LiveRegisters, Registers, RiskLevel } from '../../src/registers.js';
import { RISK_LEVELS } from '../../src/registers.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { openJournalDb } from '../journal/db.js';
import { attempt } from '../journal/errors.js';
import { readDistrictKeyInForce } from './district-key-file.js';
import { readGeneration } from './settings.js';

interface Interval {
  readonly from: number;
  /** Exclusive; null: open. */
  readonly until: number | null;
}

interface Listing {
  readonly level: RiskLevel;
  readonly from: string;
  /** Inclusive; null: open. */
  readonly until: string | null;
}

/** One consistent read of every register. */
interface Snapshot {
  readonly generation: number;
  readonly residents: ReadonlyMap<string, string>;
  readonly quarantine: ReadonlyMap<string, readonly Interval[]>;
  readonly riskAreas: ReadonlyMap<string, readonly Listing[]>;
  readonly issuerKeys: ReadonlyMap<string, IssuerKey>;
  readonly districtKey: Uint8Array | undefined;
}

/** How many entries each register holds. */
export interface RegisterCounts {
  readonly generation: number;
  readonly residents: number;
  /** People with at least one quarantine interval. */
  readonly quarantined: number;
  readonly riskAreas: number;
  readonly issuerKeys: number;
  readonly districtKey: boolean;
}

const text = z.string();
const residentRow = z.strictObject({ ref: text, household: text });
const quarantineRow = z.strictObject({ ref: text, from_at: text, until_at: text.nullable() });
const riskRow = z.strictObject({ area: text, level: z.enum(RISK_LEVELS), from_day: text, until_day: text.nullable() });
const keyRow = z.strictObject({ kid: text, issuer: text, typs: text, public_jwk: text, not_before: text.nullable(), not_after: text.nullable() });
const typs = z.array(z.string());
const exitCount = z.int();
const publicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

class BadRow extends Error {}

function instantMs(iso: string, where: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new BadRow(`${where}: "${iso}" is not an instant`);
  return ms;
}

function parsed<T>(schema: z.ZodType<T>, raw: unknown, where: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new BadRow(`${where}: ${issueLines(r.error).join('; ')}`);
  return r.data;
}

function jsonOf(s: string, where: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new BadRow(`${where}: not JSON`);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Reads every register in one read transaction, with the district key that transaction says is in force
 * (its file is written before the change commits). Throws BadRow for a row that does not parse (an edited
 * database).
 */
function readSnapshot(db: Database, dataDir: string): Result<Snapshot, Failure> {
  return db.transaction((): Result<Snapshot, Failure> => {
    const generation = readGeneration(db);
    if (!generation.ok) return generation;
    const districtKey = readDistrictKeyInForce(db, dataDir);
    if (!districtKey.ok) return err(failure('registers.bad-district-key', districtKey.error.message));
    const residents = new Map<string, string>();
    for (const raw of db.prepare('SELECT ref, household FROM residents').iterate()) {
      const r = parsed(residentRow, raw, 'residents');
      residents.set(r.ref, r.household);
    }
    const quarantine = new Map<string, Interval[]>();
    for (const raw of db.prepare('SELECT ref, from_at, until_at FROM quarantine').iterate()) {
      const r = parsed(quarantineRow, raw, 'quarantine');
      pushTo(quarantine, r.ref, { from: instantMs(r.from_at, 'quarantine'), until: r.until_at === null ? null : instantMs(r.until_at, 'quarantine') });
    }
    const riskAreas = new Map<string, Listing[]>();
    for (const raw of db.prepare('SELECT area, level, from_day, until_day FROM risk_areas').iterate()) {
      const r = parsed(riskRow, raw, 'risk_areas');
      pushTo(riskAreas, r.area, { level: r.level, from: r.from_day, until: r.until_day });
    }
    const issuerKeys = new Map<string, IssuerKey>();
    for (const raw of db.prepare('SELECT kid, issuer, typs, public_jwk, not_before, not_after FROM issuer_keys').iterate()) {
      const r = parsed(keyRow, raw, 'issuer_keys');
      const where = `issuer_keys ${r.kid}`;
      const jwk = parsed(publicJwk, jsonOf(r.public_jwk, where), where);
      issuerKeys.set(r.kid, {
        kid: r.kid,
        issuer: r.issuer,
        typs: parsed(typs, jsonOf(r.typs, where), where),
        publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
        notBefore: r.not_before === null ? null : instantMs(r.not_before, where),
        notAfter: r.not_after === null ? null : instantMs(r.not_after, where),
      });
    }
    return ok({ generation: generation.value, residents, quarantine, riskAreas, issuerKeys, districtKey: districtKey.value });
  })();
}

function load(db: Database, dataDir: string): Result<Snapshot, Failure> {
  try {
    const r = attempt(() => readSnapshot(db, dataDir));
    return r.ok ? r.value : r;
  } catch (e) {
    if (e instanceof BadRow) return err(failure('registers.bad-row', e.message));
    throw e;
  }
}

const householdIn = (s: Snapshot, ref: string): string | undefined => s.residents.get(ref);

const quarantinedIn = (s: Snapshot, ref: string, at: number): boolean =>
  (s.quarantine.get(ref) ?? []).some((q) => q.from <= at && (q.until === null || at < q.until));

function riskLevelIn(s: Snapshot, area: string, day: string): RiskLevel | undefined {
  let level: RiskLevel | undefined;
  for (const l of s.riskAreas.get(area) ?? []) {
    if (l.from <= day && (l.until === null || day <= l.until)) {
      if (l.level === 'high') return 'high';
      level = l.level;
    }
  }
  return level;
}

/**
 * `Registers` (src/registers.ts) and `IssuerKeys` (src/credentials/issuer-key.ts) over the journal
 * database. Lookups answer from the snapshot taken at construction or at the last successful
 * `reload()`; a failed reload keeps the previous snapshot. Failures: `registers.bad-row` (a stored row
 * that does not parse: the database was edited), `registers.bad-district-key` (the key file in force is unreadable,
 * missing or not that key), and journal errors.
 */
export class SqliteRegisters implements LiveRegisters, IssuerKeys {
  private snapshot: Snapshot;
  private readonly countExits: Statement;
  private busy: () => boolean = () => false;
  private held = false;

  private constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    first: Snapshot,
  ) {
    this.snapshot = first;
    // Served by passages_household_exits (household, direction, at).
    this.countExits = db.prepare("SELECT count(*) FROM passages WHERE household = ? AND direction = 'exit' AND at >= ?").pluck();
  }

  /**
   * Opens its own readonly connection to the journal at `file` (which the gate has already opened and
   * migrated) and loads every register, and the district key from the journal's folder. `close()` closes
   * that connection.
   */
  static open(file: string): Result<SqliteRegisters, Failure> {
    const db = openJournalDb(file, { readonly: true });
    if (!db.ok) return db;
    const dataDir = dirname(file);
    const first = load(db.value, dataDir);
    if (!first.ok) {
      db.value.close();
      return first;
    }
    return ok(new SqliteRegisters(db.value, dataDir, first.value));
  }

  /** Re-reads every register and the district key file (after an import); on failure the previous snapshot stays in use. */
  reload(): Result<RegisterCounts, Failure> {
    const next = load(this.db, this.dataDir);
    if (!next.ok) return next;
    this.snapshot = next.value;
    return ok(this.counts());
  }

  /**
   * Reloads only if an import happened since the last load (one indexed settings read): cheap enough
   * for a once-a-second timer. `ok(true)` when it reloaded. While `busy` (see {@link holdSwapsWhile}) a change
   * waits: `ok(false)`, and {@link swapHeld} says so until a later call swaps it in.
   */
  reloadIfChanged(): Result<boolean, Failure> {
    const generation = readGeneration(this.db);
    if (!generation.ok) return generation;
    if (generation.value === this.snapshot.generation) return ok(false);
    this.held = this.busy();
    if (this.held) return ok(false);
    const r = this.reload();
    return r.ok ? ok(true) : r;
  }

  /**
   * Changes swap in only while `busy()` is false: the gate passes "some lane is in a session", so the
   * district key a scan is keyed with and the lists a session decides by always come from one snapshot — a
   * key rotation landing between a session's start and its scan would otherwise key the person under the new
   * key and look them up in the old lists (docs/bundles.md §Applying, between sessions).
   */
  holdSwapsWhile(busy: () => boolean): void {
    this.busy = busy;
  }

  /** A change was seen but held back by `holdSwapsWhile`: worth trying again as soon as the lanes are between sessions. */
  swapHeld(): boolean {
    return this.held;
  }

  counts(): RegisterCounts {
    const s = this.snapshot;
    return {
      generation: s.generation,
      residents: s.residents.size,
      quarantined: s.quarantine.size,
      riskAreas: s.riskAreas.size,
      issuerKeys: s.issuerKeys.size,
      districtKey: s.districtKey !== undefined,
    };
  }

  residentHousehold(ref: string): string | undefined {
    return householdIn(this.snapshot, ref);
  }

  quarantined(ref: string, at: number): boolean {
    return quarantinedIn(this.snapshot, ref, at);
  }

  riskLevel(area: string, day: string): RiskLevel | undefined {
    return riskLevelIn(this.snapshot, area, day);
  }

  /**
   * The registers as they are now, for one session: later reloads (a bundle, an import) do not change
   * what it answers. `exitsSince` stays live: exits are the journal's record, not a register.
   */
  frozen(): Registers {
    const s = this.snapshot;
    return {
      residentHousehold: (ref) => householdIn(s, ref),
      quarantined: (ref, at) => quarantinedIn(s, ref, at),
      riskLevel: (area, day) => riskLevelIn(s, area, day),
      exitsSince: (household, since) => this.exitsSince(household, since),
    };
  }

  /**
   * Exits journaled for `household` at or after `since` (epoch ms): on a lane with a passage input the
   * passages it saw (confirmed = 1, written when seen), elsewhere every admitted exit (confirmed = 0, written
   * with the decision). An admit nobody passed on a sensed lane has no row, so it does not count.
   */
  exitsSince(household: string, since: number): number {
    return exitCount.parse(this.countExits.get(household, new Date(since).toISOString()));
  }

  issuerKey(kid: string): IssuerKey | undefined {
    return this.snapshot.issuerKeys.get(kid);
  }

  /** The district HMAC key in force (its fingerprinted file beside the journal): the key for credential `ref`s. A copy. */
  districtKey(): Uint8Array | undefined {
    const k = this.snapshot.districtKey;
    return k === undefined ? undefined : new Uint8Array(k);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The `bundles` table (migration 0007): what is in force per kind and where it came from. Written inside the
 * transaction that changes what is in force (a bundle, `gate import`, the policy file), so the row and the
 * content it describes commit together. Read at open and after each change.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { BUNDLE_KINDS, type BundleKind } from '../../src/bundles/kinds.js';
import { issueLines } from '../../src/zod-issues.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { attempt } from '../journal/errors.js';
import { instant } from '../journal/events.js';
import type { BundleInForce } from './types.js';

/** One row as written: `BundleInForce` with the signing key and, for a policy or notices bundle, its body. */
export interface InForceRow extends BundleInForce {
  /** The key that signed it; null when it did not come as a bundle. */
  readonly kid: string | null;
  /** The body of a policy bundle (its document) or a notices bundle (its notices, a JSON array): what a restart comes up on; null otherwise. */
  readonly body: string | null;
}

const stored = z.strictObject({
  kind: z.enum(BUNDLE_KINDS),
  version: z.int().min(1).nullable(),
  issued_at: z.string().nullable(),
  applied_at: z.string(),
  sha256: z.string(),
  source: z.string(),
  kid: z.string().nullable(),
  body: z.string().nullable(),
});

const ms = (iso: string, where: string): number => {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new BadInForce(`bundles ${where}: "${iso}" is not an instant`);
  return t;
};

class BadInForce extends Error {}

/** Writes (replaces) the row of `row.kind`, inside the caller's write transaction. */
export function writeInForce(db: Database, row: InForceRow): void {
  db.prepare(
    `INSERT INTO bundles (kind, version, issued_at, applied_at, sha256, source, kid, body) VALUES (@kind, @version, @issuedAt, @appliedAt, @sha256, @source, @kid, @body)
     ON CONFLICT (kind) DO UPDATE SET version = excluded.version, issued_at = excluded.issued_at, applied_at = excluded.applied_at,
       sha256 = excluded.sha256, source = excluded.source, kid = excluded.kid, body = excluded.body`,
  ).run({
    ...row,
    issuedAt: row.issuedAt === null ? null : instant(new Date(row.issuedAt).toISOString(), 'issuedAt'),
    appliedAt: instant(new Date(row.appliedAt).toISOString(), 'appliedAt'),
  });
}

/**
 * Every row in force, by kind. Failures: `bundles.bad-row` (a row that does not parse: the database was
 * edited) and journal errors.
 */
export function readInForce(db: Database): Result<ReadonlyMap<BundleKind, InForceRow>, Failure> {
  const read = attempt(() => db.prepare('SELECT kind, version, issued_at, applied_at, sha256, source, kid, body FROM bundles').all());
  if (!read.ok) return read;
  const rows = new Map<BundleKind, InForceRow>();
  try {
    for (const raw of read.value) {
      const r = stored.safeParse(raw);
      if (!r.success) return err(failure('bundles.bad-row', `bundles: ${issueLines(r.error).join('; ')}`));
      const v = r.data;
      rows.set(v.kind, {
        kind: v.kind,
        version: v.version,
        issuedAt: v.issued_at === null ? null : ms(v.issued_at, v.kind),
        appliedAt: ms(v.applied_at, v.kind),
        sha256: v.sha256,
        source: v.source,
        kid: v.kid,
        body: v.body,
      });
    }
  } catch (e) {
    if (e instanceof BadInForce) return err(failure('bundles.bad-row', e.message));
    throw e;
  }
  return ok(rows);
}

/** What is in force, without the policy document (for freshness, the screen, the heartbeat). */
export const publicState = (r: InForceRow): BundleInForce => ({
  kind: r.kind,
  version: r.version,
  issuedAt: r.issuedAt,
  appliedAt: r.appliedAt,
  sha256: r.sha256,
  source: r.source,
});

/**
 * One change of what is in force, and the one transaction that commits a set of them: for each, its own
 * rows, its row in `bundles` and its `bundle.applied` event, all in ONE IMMEDIATE transaction (so a key
 * rotation and its lists commit together or not at all). Files a change's commit points at are written
 * before the transaction (`before`); in-memory swaps run after the commit (`after`).
 */
import type { Database } from 'better-sqlite3';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';
import { attempt } from '../journal/errors.js';
import { eventWriter } from '../journal/events.js';
import type { InForceRow } from './in-force.js';
import { writeInForce } from './in-force.js';

export interface Change {
  readonly kind: BundleKind;
  /** The kind's new row in `bundles`. */
  readonly row: InForceRow;
  /** Extra fields of its `bundle.applied` event (the policy file's `path`). */
  readonly detail?: Readonly<Record<string, string>>;
  /** Before the transaction: files the commit will point at (the new district key). */
  before?(dataDir: string): Result<void, Failure>;
  /** Inside the transaction: the kind's content (register rows, a policy change row). */
  write(db: Database): void;
  /** After the commit: in-memory swaps (the policy in force). */
  after?(): void;
}

export const APPLIED_EVENT = 'bundle.applied';
export const REFUSED_EVENT = 'bundle.refused';

/** Writes every file, then commits every change with its row and event, then runs the `after`s. Nothing commits on a failure. */
export function commitChanges(db: Database, dataDir: string, changes: readonly Change[], previous: ReadonlyMap<BundleKind, InForceRow>, nowMs: number): Result<void, Failure> {
  for (const c of changes) {
    const written = c.before?.(dataDir);
    if (written !== undefined && !written.ok) return written;
  }
  const committed = attempt(() =>
    db
      .transaction(() => {
        const event = eventWriter(db);
        for (const c of changes) {
          c.write(db);
          writeInForce(db, c.row);
          const from = previous.get(c.kind);
          event({
            at: new Date(nowMs).toISOString(),
            kind: APPLIED_EVENT,
            detail: {
              kind: c.kind,
              fromVersion: from?.version ?? null,
              fromSha256: from?.sha256 ?? null,
              toVersion: c.row.version,
              toSha256: c.row.sha256,
              source: c.row.source,
              kid: c.row.kid,
              ...c.detail,
            },
          });
        }
      })
      .immediate(),
  );
  if (!committed.ok) return err(committed.error);
  for (const c of changes) c.after?.();
  return ok(undefined);
}

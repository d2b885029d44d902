/**
 * Register import (`gate import`): validates a whole document (prepare.ts), then replaces the register's
 * content in one IMMEDIATE transaction (write.ts) together with a `registers.imported` event and the
 * kind's row in the bundles in force (version null, source `import:<file>`), so freshness counts from the
 * import. Any failing row fails the import and leaves the previous register as it was. The district key
 * goes to its fingerprinted file beside the journal before the transaction, and its fingerprint is
 * committed inside it (district-key-file.ts).
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { type Failure, type Result, err, ok } from '../../src/result.js';
import { writeInForce } from '../bundles/in-force.js';
import { attempt } from '../journal/errors.js';
import { eventWriter } from '../journal/events.js';
import { dataDirOf } from '../journal/file.js';
import { readDistrictKeyInForce, removeStaleDistrictKeys } from './district-key-file.js';
import type { RegisterKind } from './formats.js';
import { prepareRegister, type ImportSummary } from './prepare.js';
import { writeRegister } from './write.js';

export type { ImportSummary } from './prepare.js';

/** Every failing row and field is one `import.invalid` failure; storage failures keep their journal codes. */
export type ImportErrorCode = 'import.invalid';

export interface ImportOptions {
  /** When, epoch ms (injected clock), for the event. */
  readonly nowMs: number;
  /** Where the document came from, for the event (a file name). */
  readonly source: string;
  /** SHA-256 hex of the document as read, for the event; default: of its canonical JSON. */
  readonly sha256?: string;
}

/**
 * Imports `json` as register `kind` into the journal database `db` (a writing connection), replacing
 * its previous content. Failures: `import.invalid` (one per failing row and field) and journal errors.
 */
export function importRegister(db: Database, kind: RegisterKind, json: unknown, opts: ImportOptions): Result<ImportSummary, Failure[]> {
  const dataDir = dataDirOf(db);
  const key = readDistrictKeyInForce(db, dataDir);
  if (!key.ok) return err([key.error]);
  const prepared = prepareRegister(kind, json, key.value);
  if (!prepared.ok) return prepared;
  const files = prepared.value.before?.(dataDir);
  if (files !== undefined && !files.ok) return err([files.error]);
  const sha256 = opts.sha256 ?? createHash('sha256').update(canonicalize(json)).digest('hex');
  const done = attempt(() =>
    db
      .transaction((): ImportSummary => {
        const { summary, generation } = writeRegister(db, prepared.value);
        eventWriter(db)({
          at: new Date(opts.nowMs).toISOString(),
          kind: 'registers.imported',
          detail: { register: kind, rows: summary.rows, replaced: summary.replaced, source: opts.source, sha256: opts.sha256 ?? null, generation },
        });
        writeInForce(db, { kind, version: null, issuedAt: null, appliedAt: opts.nowMs, sha256, source: `import:${opts.source}`, kid: null, body: null });
        return summary;
      })
      .immediate(),
  );
  if (!done.ok) return err([done.error]);
  removeStaleDistrictKeys(db, dataDir);
  return ok(done.value);
}

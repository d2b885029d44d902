/**
 * The local policy file beside signed policy bundles (docs/bundles.md §The policy file and policy bundles):
 *
 * - the file is journaled with source `file` (its path in the `bundle.applied` event and the log);
 * - config `bundles.policyFile: forbidden` refuses it (`bundle.refused`, code `bundle.file-forbidden`): the
 *   policy in force stays;
 * - at start, a policy bundle in force stays in force unless the file's content changed since it was last
 *   applied (settings `policy_file_sha256`): a technician's edit is a newer intent; an untouched file is not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { LoadedPolicy } from '../../src/policy/load.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { attempt } from '../journal/errors.js';
import { policyChangeWriter } from '../journal/policy-changes.js';
import type { Log } from '../log.js';
import type { PolicyStore } from '../policy/store.js';
import type { Change } from './changes.js';
import type { InForceRow } from './in-force.js';

/** settings key: SHA-256 of the policy file's bytes when it was last applied. */
export const POLICY_FILE_SETTING = 'policy_file_sha256';
export const FILE_SOURCE = 'file';

/** What the policy file's handling needs of the store. */
export interface PolicyFileHost {
  readonly db: Database;
  readonly policies: PolicyStore;
  readonly log: Log;
  readonly fileAllowed: boolean;
  now(): number;
  inForce(): ReadonlyMap<string, InForceRow>;
  commit(changes: readonly Change[]): Result<void, Failure>;
  refuse(kind: 'policy', version: null, f: Failure, source: string, extra: Record<string, string>): void;
}

interface FileRead {
  readonly text: string;
  readonly sha256: string;
}

function readPolicyFile(path: string): Result<FileRead, Failure> {
  try {
    const bytes = readFileSync(path);
    return ok({ text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') });
  } catch (e) {
    return err(failure('policy.unreadable', `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
  }
}

const lastFileSha = (db: Database): string | undefined => {
  const v = attempt(() => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(POLICY_FILE_SETTING));
  return v.ok && typeof v.value === 'string' ? v.value : undefined;
};

const forbidden = (path: string): Failure =>
  failure('bundle.file-forbidden', `${path}: config bundles.policyFile is "forbidden": only signed policy bundles change the policy`);

/** Applies the policy file at `path` (the watcher calls this on an edit). Unchanged content does nothing. */
export function applyPolicyFile(host: PolicyFileHost, path: string): Result<LoadedPolicy, Failure[]> {
  const file = readPolicyFile(path);
  if (!file.ok) {
    host.log.error({ path, error: file.error.message }, 'policy file unreadable; previous policy kept');
    return err([file.error]);
  }
  if (!host.fileAllowed) {
    const f = forbidden(path);
    host.refuse('policy', null, f, FILE_SOURCE, { path });
    return err([f]);
  }
  return applyFileText(host, path, file.value);
}

function applyFileText(host: PolicyFileHost, path: string, file: FileRead): Result<LoadedPolicy, Failure[]> {
  const { policies } = host;
  const next = policies.check(file.text);
  const record = policies.changeRecord(FILE_SOURCE, next);
  if (!next.ok) {
    const journaled = attempt(() => host.db.transaction(policyChangeWriter(host.db)).immediate(record));
    if (!journaled.ok) host.log.error({ error: journaled.error }, 'could not journal a policy change');
    host.log.error({ path, errors: next.error.map((f) => f.message) }, 'policy rejected; previous policy kept');
    return next;
  }
  if (policies.inForce()?.sha256 === next.value.sha256 && host.inForce().get('policy')?.sha256 === file.sha256) return next;
  const committed = host.commit([
    {
      kind: 'policy',
      row: { kind: 'policy', version: null, issuedAt: null, appliedAt: host.now(), sha256: file.sha256, source: FILE_SOURCE, kid: null, body: null },
      detail: { path },
      write: (db) => {
        policyChangeWriter(db)(record);
        db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(POLICY_FILE_SETTING, file.sha256);
      },
      after: () => policies.adopt(next.value, file.text, FILE_SOURCE),
    },
  ]);
  return committed.ok ? next : err([committed.error]);
}

/**
 * The policy a start comes up on: the policy bundle in force, unless the file changed since last applied
 * (and may apply); else the file; else the last good copy. Failures: the file's (a configuration error).
 */
export function startPolicy(host: PolicyFileHost, path: string): Result<LoadedPolicy, Failure[]> {
  const file = readPolicyFile(path);
  const row = host.inForce().get('policy');
  const fileIsNew = file.ok && file.value.sha256 !== lastFileSha(host.db);
  if (row !== undefined && row.version !== null && row.body !== null) {
    if (fileIsNew && !host.fileAllowed) host.refuse('policy', null, forbidden(path), FILE_SOURCE, { path });
    if (!fileIsNew || !host.fileAllowed) {
      const bundle = host.policies.apply(row.body, row.source);
      if (bundle.ok) return bundle;
      host.log.error({ errors: bundle.error.map((f) => f.message) }, 'the policy bundle in force no longer checks; trying the policy file');
    }
  }
  if (!file.ok) return host.policies.startOnLastGood([file.error]);
  if (!host.fileAllowed) {
    const f = forbidden(path);
    if (row?.version === null || row === undefined) host.refuse('policy', null, f, FILE_SOURCE, { path });
    return host.policies.startOnLastGood([f]);
  }
  // The file in force already: the same start as ever, its row (and the age it counts from) untouched.
  if (row?.source === FILE_SOURCE && row.sha256 === file.value.sha256) {
    const same = host.policies.apply(file.value.text, FILE_SOURCE);
    return same.ok ? same : host.policies.startOnLastGood(same.error);
  }
  const applied = applyFileText(host, path, file.value);
  return applied.ok ? applied : host.policies.startOnLastGood(applied.error);
}

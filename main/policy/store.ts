/**
 * The one owner of the policy in force. Every source (the policy file now; signed bundles and the
 * technician's import later) goes through `apply`, which validates (format and notice catalogue), swaps atomically, keeps the previous
 * policy when the new one is invalid, and journals the change either way. Sessions capture the policy
 * when they start, so a swap only ever affects the next session.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Catalogue } from '../../src/notices/catalogue.js';
import { parsePolicy, type LoadedPolicy } from '../../src/policy/load.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures } from '../../src/zod-issues.js';
import type { Log } from '../log.js';

/** One attempt to swap the policy in force, applied or rejected; journaled either way. */
export interface PolicyChange {
  /** ISO instant. */
  readonly at: string;
  /** Where the candidate came from (file path, USB volume, uplink). */
  readonly source: string;
  readonly outcome: 'applied' | 'rejected';
  readonly fromSha256: string | null;
  readonly toSha256: string | null;
  readonly policyId: string | null;
  readonly policyVersion: string | null;
  /** Why it was rejected (field-named errors). */
  readonly detail: string | null;
}

export interface PolicyJournal {
  recordPolicyChange(change: PolicyChange): Result<void, Failure>;
}

export class PolicyStore {
  private policy: LoadedPolicy | undefined;
  private readonly listeners = new Set<(p: LoadedPolicy) => void>();

  constructor(
    private readonly journal: PolicyJournal,
    private readonly log: Log,
    /** Copy of the last policy applied, so a restart with a broken file still has rules to decide by. */
    private readonly lastGoodFile: string,
    /** The notices a policy is checked against (src/policy/compliance.ts). */
    private readonly catalogue: Catalogue,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The policy in force. Throws only if called before any policy was ever applied (a wiring bug). */
  current(): LoadedPolicy {
    if (this.policy === undefined) throw new Error('PolicyStore.current() before any policy was applied');
    return this.policy;
  }

  onChange(listener: (p: LoadedPolicy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates `text` from `source` and, if valid, makes it the policy in force. */
  apply(text: string, source: string): Result<LoadedPolicy, Failure[]> {
    const parsed = parsePolicy(text, this.catalogue);
    const from = this.policy?.sha256 ?? null;
    const at = new Date(this.clock()).toISOString();
    if (!parsed.ok) {
      this.journalChange({ at, source, outcome: 'rejected', fromSha256: from, toSha256: null, policyId: null, policyVersion: null, detail: describeFailures(parsed.error) });
      this.log.error({ source, errors: parsed.error.map((f) => f.message), kept: from }, 'policy rejected; previous policy kept');
      return parsed;
    }
    const next = parsed.value;
    if (next.sha256 === from) return ok(next);
    this.policy = next;
    this.journalChange({ at, source, outcome: 'applied', fromSha256: from, toSha256: next.sha256, policyId: next.doc.id, policyVersion: next.doc.version, detail: null });
    this.saveLastGood(text);
    this.log.info({ source, id: next.doc.id, version: next.doc.version, sha256: next.sha256, previous: from }, 'policy applied');
    for (const l of this.listeners) l(next);
    return ok(next);
  }

  /** Reads a policy file and applies it; on a startup with a broken file, falls back to the last good copy. */
  applyFile(path: string, source = `file:${path}`): Result<LoadedPolicy, Failure[]> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const f = failure('policy.unreadable', `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      this.log.error({ path, error: f.message }, 'policy file unreadable; previous policy kept');
      return this.policy === undefined ? this.fallBack([f]) : err([f]);
    }
    const applied = this.apply(text, source);
    return applied.ok || this.policy !== undefined ? applied : this.fallBack(applied.error);
  }

  private fallBack(errors: Failure[]): Result<LoadedPolicy, Failure[]> {
    let text: string;
    try {
      text = readFileSync(this.lastGoodFile, 'utf8');
    } catch {
      return err(errors);
    }
    const applied = this.apply(text, `last-good:${this.lastGoodFile}`);
    if (applied.ok) this.log.warn({ errors: errors.map((f) => f.message) }, 'started on the last good policy because the configured one is invalid');
    return applied.ok ? applied : err(errors);
  }

  private journalChange(change: PolicyChange): void {
    const r = this.journal.recordPolicyChange(change);
    if (!r.ok) this.log.error({ error: r.error }, 'could not journal a policy change');
  }

  private saveLastGood(text: string): void {
    const tmp = `${this.lastGoodFile}.tmp`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, this.lastGoodFile);
    } catch (e) {
      this.log.warn({ error: (e as Error).message }, 'could not keep a copy of the policy');
    }
  }
}

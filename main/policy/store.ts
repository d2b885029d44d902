/**
 * The one owner of the policy in force. A candidate is validated (format and notice catalogue) before it
 * can be in force; an invalid one leaves the previous policy in force. `apply` validates, swaps and journals
 * the change itself (at start); the BundleStore (main/bundles/store.ts) validates with `check`, journals the
 * change inside its own transaction with what is in force, then `adopt`s it. Sessions capture the policy
 * when they start, so a swap only ever affects the next session.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Catalogue } from '../../src/notices/catalogue.js';
import { checkCompliance } from '../../src/policy/compliance.js';
import { parsePolicy, type LoadedPolicy } from '../../src/policy/load.js';
import { err, type Failure, type Result } from '../../src/result.js';
import { describeFailures } from '../../src/zod-issues.js';
import type { Log } from '../log.js';

/** One attempt to swap the policy in force, applied or rejected; journaled either way. */
export interface PolicyChange {
  /** ISO instant. */
  readonly at: string;
  /** Where the candidate came from: `file` (the local policy file), a bundle's source (`uplink:https`, `cli:<path>`), `last-good:<path>`. */
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
    /** The notices a policy is checked against (src/policy/compliance.ts) until a notices bundle swaps them. */
    private catalogue: Catalogue,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The policy in force. Throws only if called before any policy was ever applied (a wiring bug). */
  current(): LoadedPolicy {
    if (this.policy === undefined) throw new Error('PolicyStore.current() before any policy was applied');
    return this.policy;
  }

  /** The policy in force, or undefined before any was applied. */
  inForce(): LoadedPolicy | undefined {
    return this.policy;
  }

  onChange(listener: (p: LoadedPolicy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The notice catalogue in force: what policies are checked against, and what the screen quotes. */
  notices(): Catalogue {
    return this.catalogue;
  }

  /** Validates `text` (format and notice catalogue) without changing anything. */
  check(text: string): Result<LoadedPolicy, Failure[]> {
    return parsePolicy(text, this.catalogue);
  }

  /** How the policy in force would fall short of `catalogue` (field-named, compliance.ts); none when it complies or none is in force. */
  shortfallsUnder(catalogue: Catalogue): Failure[] {
    return this.policy === undefined ? [] : checkCompliance(this.policy.doc, catalogue);
  }

  /** Makes `catalogue` (checked with `shortfallsUnder`; its bundle committed by the caller) the catalogue in force. */
  adoptCatalogue(catalogue: Catalogue): void {
    this.catalogue = catalogue;
    this.log.info({ notices: catalogue.size }, 'notice catalogue applied');
  }

  /** The change record of swapping to `next` (or of refusing the candidate, `failures`), from `source`. */
  changeRecord(source: string, next: Result<LoadedPolicy, Failure[]>): PolicyChange {
    const at = new Date(this.clock()).toISOString();
    const fromSha256 = this.policy?.sha256 ?? null;
    return next.ok
      ? { at, source, outcome: 'applied', fromSha256, toSha256: next.value.sha256, policyId: next.value.doc.id, policyVersion: next.value.doc.version, detail: null }
      : { at, source, outcome: 'rejected', fromSha256, toSha256: null, policyId: null, policyVersion: null, detail: describeFailures(next.error) };
  }

  /** Validates `text` from `source` and, if valid, makes it the policy in force; journals the change either way (unless it is the policy in force already). */
  apply(text: string, source: string): Result<LoadedPolicy, Failure[]> {
    const parsed = this.check(text);
    if (parsed.ok && parsed.value.sha256 === this.policy?.sha256) return parsed;
    this.journalChange(this.changeRecord(source, parsed));
    if (!parsed.ok) {
      this.log.error({ source, errors: parsed.error.map((f) => f.message), kept: this.policy?.sha256 ?? null }, 'policy rejected; previous policy kept');
      return parsed;
    }
    this.adopt(parsed.value, text, source);
    return parsed;
  }

  /**
   * Makes `next` (validated by `check`; its change journaled by the caller) the policy in force: keeps a copy
   * of `text` as the last good policy, logs, and tells the listeners.
   */
  adopt(next: LoadedPolicy, text: string, source: string): void {
    const previous = this.policy?.sha256 ?? null;
    this.policy = next;
    this.saveLastGood(text);
    this.log.info({ source, id: next.doc.id, version: next.doc.version, sha256: next.sha256, previous }, 'policy applied');
    for (const l of this.listeners) l(next);
  }

  /**
   * Takes `next` as what is in force already (applied and journaled by another process), without journaling,
   * copying or telling anyone: for a tool that changes the policy from outside the gate (`gate bundle apply`).
   */
  seed(next: LoadedPolicy): void {
    this.policy = next;
  }

  /** At a start with no usable policy (`errors` say why): the last good copy, if there is one and it is valid. */
  startOnLastGood(errors: Failure[]): Result<LoadedPolicy, Failure[]> {
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

/**
 * The one place signed bundles are applied (docs/bundles.md §Applying). `offer` checks, in this
 * order, and stops at the first failure:
 *
 * 1. the JWS against the configured keys: size, header, key, signature, claims, key scope (jws.ts codes)
 * 2. the version rule (versions.ts): older, or as old with other content → bundle.rollback; the very
 *    bundle in force → `unchanged`
 * 3. the body against its kind's format (bodies.ts, rotation.ts) → bundle.body-invalid, field-named
 * 4. residents and quarantine: `hashedUnder` is the district key in force → bundle.wrong-district-key;
 *    district-key: this gate's, and it opens → bundle.not-for-this-gate | bundle.unsealable;
 *    notices: the policy in force still loads against the new catalogue → bundle.breaks-policy (notices.ts)
 *
 * then commits in ONE IMMEDIATE transaction (changes.ts): the content, the row in `bundles`, the
 * `bundle.applied` event, the registers' generation; and only after the commit swaps what is in memory (the
 * policy or the notice catalogue in force for the next session; the registers reload). A refusal is journaled `bundle.refused`
 * {kind, version, code, reason, source} and logged, and changes nothing. Offers run one at a time.
 */
import type { Database } from 'better-sqlite3';
import type { BundleKind } from '../../src/bundles/kinds.js';
import type { BundlesConfig } from '../../src/config/bundles.js';
import { withDelivered, type Catalogue } from '../../src/notices/catalogue.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import { policyHash } from '../../src/policy/load.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';
import { attempt } from '../journal/errors.js';
import { eventWriter } from '../journal/events.js';
import { dataDirOf } from '../journal/file.js';
import type { Log } from '../log.js';
import type { PolicyStore } from '../policy/store.js';
import { readDistrictKeyInForce, removeStaleDistrictKeys } from '../registers/district-key-file.js';
import { policyChange, registerChange } from './bodies.js';
import { commitChanges, REFUSED_EVENT, type Change } from './changes.js';
import { publicState, readInForce, type InForceRow } from './in-force.js';
import { readBundle, trustedKeys, type TrustedKey, type VerifiedBundle } from './jws.js';
import { deliveredNotices, noticesChange } from './notices.js';
import { applyPolicyFile, startPolicy, type PolicyFileHost } from './policy-file.js';
import { rotationChanges, type DistrictKeyOpener } from './rotation.js';
import type { BundleInForce, BundleSink, BundleStates, OfferOutcome } from './types.js';
import { versionCheck } from './versions.js';

export interface BundleStoreDeps {
  /** A writing connection to the journal (migrated). The store does not close it. */
  readonly db: Database;
  readonly policies: PolicyStore;
  /** The shipped notices (main/notices/load.ts): what a notices bundle's catalogue is added to. */
  readonly shippedNotices: Catalogue;
  /** The registers a running gate decides by: reloaded right after a register change commits. */
  readonly registers?: { reloadIfChanged(): Result<boolean, Failure> };
  readonly config: { readonly bundles?: BundlesConfig | undefined; readonly uplink?: { readonly gateId: string } | undefined };
  readonly openDistrictKey: DistrictKeyOpener;
  readonly log: Log;
  readonly clock?: () => number;
}

export class BundleStore implements BundleSink, BundleStates {
  private rows: ReadonlyMap<BundleKind, InForceRow>;
  private readonly keys: readonly TrustedKey[];
  private readonly listeners = new Set<() => void>();
  private readonly dataDir: string;
  private readonly now: () => number;
  /** The offer being applied; the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly deps: BundleStoreDeps,
    rows: ReadonlyMap<BundleKind, InForceRow>,
  ) {
    this.rows = rows;
    this.keys = trustedKeys(deps.config.bundles?.keys ?? []);
    this.dataDir = dataDirOf(deps.db);
    this.now = deps.clock ?? Date.now;
  }

  /** Reads what is in force and removes district key files no longer in force. Failures: bundles.bad-row, journal errors. */
  static open(deps: BundleStoreDeps): Result<BundleStore, Failure> {
    const rows = readInForce(deps.db);
    if (!rows.ok) return rows;
    removeStaleDistrictKeys(deps.db, dataDirOf(deps.db));
    return ok(new BundleStore(deps, rows.value));
  }

  inForce(): readonly BundleInForce[] {
    return [...this.rows.values()].map(publicState);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  offer(text: string, source: string): Promise<Result<OfferOutcome, Failure>> {
    const next = this.queue.catch(() => undefined).then(() => this.offerNow(text, source));
    this.queue = next;
    return next;
  }

  /** The policy a start comes up on (policy-file.ts). */
  startPolicy(path: string): Result<LoadedPolicy, Failure[]> {
    return startPolicy(this.fileHost(), path);
  }

  /** The policy file was edited: applies it, unless it is forbidden (policy-file.ts). */
  applyPolicyFile(path: string): Result<LoadedPolicy, Failure[]> {
    return applyPolicyFile(this.fileHost(), path);
  }

  /**
   * Picks up what another process (`gate bundle apply`, `gate import`) committed: re-reads what is in force
   * and adopts a newer notices bundle's catalogue, then a newer policy bundle's document (which may cite
   * those notices). Registers follow their own generation. `ok(true)` if anything changed.
   */
  refresh(): Result<boolean, Failure> {
    const rows = readInForce(this.deps.db);
    if (!rows.ok) return rows;
    const changed = [...rows.value.values()].some((r) => this.rows.get(r.kind)?.sha256 !== r.sha256) || rows.value.size !== this.rows.size;
    if (!changed) return ok(false);
    const notices = rows.value.get('notices');
    const noticesChanged = notices !== undefined && notices.sha256 !== this.rows.get('notices')?.sha256;
    this.rows = rows.value;
    if (noticesChanged) this.adoptDeliveredNotices(notices);
    const policy = rows.value.get('policy');
    const { policies } = this.deps;
    if (policy !== undefined && policy.body !== null && policyHash(JSON.parse(policy.body)) !== policies.inForce()?.sha256) {
      const next = policies.check(policy.body);
      if (next.ok) policies.adopt(next.value, policy.body, policy.source);
      else this.deps.log.error({ errors: next.error.map((f) => f.message) }, 'the policy bundle another process applied does not check here; previous policy kept');
    }
    this.changed();
    return ok(true);
  }

  private async offerNow(text: string, source: string): Promise<Result<OfferOutcome, Failure>> {
    // What another process committed since (the version rule compares with what is in force now).
    const current = this.refresh();
    if (!current.ok) return this.refused(null, null, current.error, source);
    const read = readBundle(text, this.keys);
    if (!read.ok) return this.refused(read.error.claimed?.kind ?? null, read.error.claimed?.version ?? null, read.error, source);
    const bundle = read.value;
    const { kind, version } = bundle.claims;
    const fresh = versionCheck(this.rows.get(kind), bundle);
    if (!fresh.ok) return this.refused(kind, version, fresh.error, source);
    if (fresh.value === 'unchanged') return ok({ outcome: 'unchanged', kind, version });
    const changes = await this.changesFor(bundle, source);
    if (!changes.ok) return this.refused(kind, version, changes.error, source);
    const committed = this.commit(changes.value);
    if (!committed.ok) return this.refused(kind, version, committed.error, source);
    this.deps.log.info({ kind, version, source, kid: bundle.kid, sha256: bundle.sha256 }, 'bundle applied');
    return ok({ outcome: 'applied', kind, version });
  }

  private async changesFor(bundle: VerifiedBundle, source: string): Promise<Result<Change[], Failure>> {
    const nowMs = this.now();
    const key = readDistrictKeyInForce(this.deps.db, this.dataDir);
    if (!key.ok) return key;
    const one = (c: Result<Change, Failure>): Result<Change[], Failure> => (c.ok ? ok([c.value]) : c);
    const kind = bundle.claims.kind;
    switch (kind) {
      case 'policy':
        return one(policyChange(bundle, this.deps.policies, source, nowMs));
      case 'residents':
      case 'quarantine':
      case 'risk-areas':
      case 'issuer-keys':
        return one(registerChange(bundle, kind, key.value, source, nowMs));
      case 'notices':
        return one(noticesChange(bundle, this.deps.policies, this.deps.shippedNotices, source, nowMs));
      case 'district-key':
        return rotationChanges(bundle, {
          keys: this.keys,
          inForce: this.rows,
          gateId: this.deps.config.uplink?.gateId,
          open: this.deps.openDistrictKey,
          currentKey: key.value,
          source,
          nowMs,
        });
    }
  }

  private commit(changes: readonly Change[]): Result<void, Failure> {
    const committed = commitChanges(this.deps.db, this.dataDir, changes, this.rows, this.now());
    if (!committed.ok) return committed;
    const next = new Map(this.rows);
    for (const c of changes) next.set(c.kind, c.row);
    this.rows = next;
    if (changes.some((c) => c.kind === 'district-key')) removeStaleDistrictKeys(this.deps.db, this.dataDir);
    if (changes.some((c) => c.kind !== 'policy' && c.kind !== 'notices')) {
      const reloaded = this.deps.registers?.reloadIfChanged();
      if (reloaded !== undefined && !reloaded.ok) this.deps.log.error({ error: reloaded.error }, 'registers could not be reloaded after a bundle');
    }
    this.changed();
    return ok(undefined);
  }

  /** The catalogue of a notices bundle another process applied (checked there against the policy in force). */
  private adoptDeliveredNotices(row: InForceRow): void {
    const delivered = deliveredNotices(row);
    if (!delivered.ok) return void this.deps.log.error({ error: delivered.error }, 'the notices bundle another process applied does not read here; previous catalogue kept');
    const { catalogue, failures } = withDelivered(this.deps.shippedNotices, delivered.value ?? []);
    for (const f of failures) this.deps.log.error({ code: f.code, path: f.path }, `notices bundle: ${f.message}`);
    this.deps.policies.adoptCatalogue(catalogue);
  }

  private refused(kind: BundleKind | null, version: number | null, f: Failure, source: string, extra: Record<string, string> = {}): Result<never, Failure> {
    this.deps.log.warn({ kind, version, code: f.code, reason: f.message, source, ...extra }, 'bundle refused; what is in force stays');
    const detail = { kind, version, code: f.code, reason: f.message, source, ...extra };
    const journaled = attempt(() => this.deps.db.transaction(eventWriter(this.deps.db)).immediate({ at: new Date(this.now()).toISOString(), kind: REFUSED_EVENT, detail }));
    if (!journaled.ok) this.deps.log.error({ error: journaled.error }, 'could not journal a bundle refusal');
    return err(f);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private fileHost(): PolicyFileHost {
    return {
      db: this.deps.db,
      policies: this.deps.policies,
      log: this.deps.log,
      fileAllowed: this.deps.config.bundles?.policyFile !== 'forbidden',
      now: this.now,
      inForce: () => this.rows,
      commit: (changes) => this.commit(changes),
      refuse: (kind, version, f, source, extra) => void this.refused(kind, version, f, source, extra),
    };
  }
}

/**
 * BundleSinks for the pull tests, standing in for the BundleStore (main/bundles/store.ts, built in parallel):
 * both record every offer. `VerifyingSink` decides as the store does on what jws.ts checks — `readBundle`
 * against its trusted keys (so a wrong key, a bad signature, a kind the key may not sign are real
 * refusals) — and on versions: a newer version is applied, the same bundle is unchanged, an older one or
 * the same version with other content is refused (`bundle.rollback`). It does not read bodies.
 */
import { type TrustedKey, readBundle, trustedKeys } from '../../main/bundles/jws.js';
import type { BundleSink, OfferOutcome } from '../../main/bundles/types.js';
import type { BundleKind } from '../../src/bundles/kinds.js';
import type { BundleKeyConfig } from '../../src/config/bundles.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';

export interface Offer {
  readonly text: string;
  readonly source: string;
  /** The sink's answer. */
  readonly outcome: Result<OfferOutcome, Failure>;
}

export class VerifyingSink implements BundleSink {
  readonly offers: Offer[] = [];
  private keys: TrustedKey[];
  private readonly inForce = new Map<BundleKind, { version: number; sha256: string }>();

  constructor(keys: readonly BundleKeyConfig[]) {
    this.keys = trustedKeys(keys);
  }

  /** The technician adds a key (what a config change and restart would do). */
  trust(keys: readonly BundleKeyConfig[]): void {
    this.keys = [...this.keys, ...trustedKeys(keys)];
  }

  /** The version in force for `kind`, if any. */
  version(kind: BundleKind): number | undefined {
    return this.inForce.get(kind)?.version;
  }

  /** The answers so far, as `applied:policy:2`, `unchanged:…`, or the refusal's code. */
  outcomes(): string[] {
    return this.offers.map((o) => (o.outcome.ok ? `${o.outcome.value.outcome}:${o.outcome.value.kind}:${o.outcome.value.version}` : o.outcome.error.code));
  }

  offer(text: string, source: string): Promise<Result<OfferOutcome, Failure>> {
    const outcome = this.decide(text);
    this.offers.push({ text, source, outcome });
    return Promise.resolve(outcome);
  }

  private decide(text: string): Result<OfferOutcome, Failure> {
    const read = readBundle(text, this.keys);
    if (!read.ok) return read;
    const { kind, version } = read.value.claims;
    const was = this.inForce.get(kind);
    if (was !== undefined && was.version === version && was.sha256 === read.value.sha256) return ok({ outcome: 'unchanged', kind, version });
    if (was !== undefined && was.version >= version) return err(failure('bundle.rollback', `version ${version} of ${kind}, and ${was.version} is in force`));
    this.inForce.set(kind, { version, sha256: read.value.sha256 });
    return ok({ outcome: 'applied', kind, version });
  }
}

/** Takes every offer as applied (kind and version as `answer` says), or throws when told to: the sink's side is not under test. */
export class RecordingSink implements BundleSink {
  readonly offers: { readonly text: string; readonly source: string }[] = [];
  throwNext = false;

  constructor(private readonly answer: { readonly kind: BundleKind; readonly version: number }) {}

  offer(text: string, source: string): Promise<Result<OfferOutcome, Failure>> {
    this.offers.push({ text, source });
    if (this.throwNext) {
      this.throwNext = false;
      throw new Error('a sink bug');
    }
    return Promise.resolve(ok({ outcome: 'applied', ...this.answer }));
  }
}

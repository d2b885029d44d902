/**
 * The contract between where bundles come from (the pull over HTTPS or MQTT, `gate bundle apply`), the one
 * place they are applied (the BundleStore), and who reads their state (freshness, the screen, the heartbeat).
 */
import type { BundleKind } from '../../src/bundles/kinds.js';
import type { Failure, Result } from '../../src/result.js';

/** What is in force for one kind, and where it came from. */
export interface BundleInForce {
  readonly kind: BundleKind;
  /** The bundle's version; null when what is in force did not come as a bundle (the policy file, `gate import`). */
  readonly version: number | null;
  /** The bundle's issue time, epoch ms; null when it did not come as a bundle. Its age counts from here, else from `appliedAt`. */
  readonly issuedAt: number | null;
  /** When this gate applied it, epoch ms. */
  readonly appliedAt: number;
  /** SHA-256 hex of what was applied (the bundle's JWS text, or the file). */
  readonly sha256: string;
  /** `uplink:https`, `uplink:mqtt`, `file` (the policy file), `import:<path>`, `cli:<path>`. */
  readonly source: string;
}

export type OfferOutcome =
  /** Now in force (journaled `bundle.applied`). */
  | { readonly outcome: 'applied'; readonly kind: BundleKind; readonly version: number }
  /** The very bundle in force already (same version and content): nothing to do, nothing journaled. */
  | { readonly outcome: 'unchanged'; readonly kind: BundleKind; readonly version: number };

/**
 * Takes a bundle's JWS text from `source`; a refusal (journaled `bundle.refused`) leaves what is in force
 * untouched. Async because opening a sealed district key (HPKE) is; offers are applied one at a time.
 */
export interface BundleSink {
  offer(text: string, source: string): Promise<Result<OfferOutcome, Failure>>;
}

/** What is in force, for freshness, the screen and the heartbeat. */
export interface BundleStates {
  inForce(): readonly BundleInForce[];
  /** Called after each change of what is in force. */
  onChange(listener: () => void): () => void;
}

/** An in-memory BundleStates for tests, until the real BundleStore (main/bundles/store.ts) is wired: `put` replaces one kind and tells the listeners. */
import type { BundleKind } from '../../src/bundles/kinds.js';
import type { BundleInForce, BundleStates } from '../../main/bundles/types.js';

export class MemoryBundleStates implements BundleStates {
  private readonly byKind = new Map<BundleKind, BundleInForce>();
  private readonly listeners = new Set<() => void>();

  inForce(): readonly BundleInForce[] {
    return [...this.byKind.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A bundle of `kind` now in force: `version` 1… issued at `issuedAt` (null: came without one), applied at `appliedAt`. */
  put(kind: BundleKind, b: { version: number | null; issuedAt: number | null; appliedAt: number }): void {
    this.byKind.set(kind, { kind, ...b, sha256: `${kind}-${String(b.version)}`.padEnd(64, '0'), source: 'test' });
    for (const l of this.listeners) l();
  }
}

/** BundleStates with nothing in force and no changes: what the gate reads until the BundleStore is wired in. */
import type { BundleStates } from './types.js';

export const NOTHING_IN_FORCE: BundleStates = {
  inForce: () => [],
  onChange: () => () => undefined,
};

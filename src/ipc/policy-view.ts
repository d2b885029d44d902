import type { LoadedPolicy } from '../policy/load.js';
import type { PolicyView } from './view.js';

/** What the screen shows of the policy in force: enough to say every rule in plain words, with its source. */
export function policyViewOf(p: LoadedPolicy): PolicyView {
  return {
    id: p.doc.id,
    version: p.doc.version,
    sha256: p.sha256,
    issuer: p.doc.issuer,
    notices: p.doc.notices.map(({ id, title, issuer, date }) => ({ id, title, issuer, date })),
    rules: p.doc.rules,
    clock: { onUntrusted: p.doc.clock.onUntrusted },
    retention: p.doc.retention,
  };
}

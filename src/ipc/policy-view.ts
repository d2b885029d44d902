import { citedClause, quoteOf, type Catalogue } from '../notices/catalogue.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { Citation } from '../policy/schema.js';
import type { PolicyView } from './view.js';

/** Every clause the policy cites, once each, in order of first citation. */
function citedOnce(p: LoadedPolicy): Citation[] {
  const all = [...p.doc.rules.map((r) => r.cites), ...(p.doc.waived ?? []).map((w) => w.cites), p.doc.clock.cites, p.doc.retention.cites];
  const seen = new Set<string>();
  return all.filter((c): c is Citation => {
    if (c === undefined) return false;
    const key = JSON.stringify([c.notice, c.clause]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What the screen shows of the policy in force: enough to say every rule in plain words, with the words of
 * the catalogue clause it comes from (never the policy author's paraphrase). A notice the catalogue lacks
 * (a policy checked for format only) shows by its id, with no quotes.
 */
export function policyViewOf(p: LoadedPolicy, catalogue: Catalogue): PolicyView {
  const cited = citedOnce(p);
  return {
    id: p.doc.id,
    version: p.doc.version,
    sha256: p.sha256,
    issuer: p.doc.issuer,
    notices: p.doc.notices.map((id) => {
      const notice = catalogue.get(id);
      const first = notice?.versions[0]?.language;
      return {
        id,
        title: (first === undefined ? undefined : notice?.title[first]) ?? id,
        issuer: notice?.issuer ?? '',
        date: notice?.date ?? '',
        clauses: cited
          .filter((c) => c.notice === id)
          .map((c) => {
            const found = citedClause(catalogue, c);
            return { id: c.clause, quote: found === undefined ? [] : quoteOf(found.notice, found.clause) };
          }),
      };
    }),
    rules: p.doc.rules,
    waived: p.doc.waived ?? [],
    clock: { onUntrusted: p.doc.clock.onUntrusted },
    retention: p.doc.retention,
  };
}

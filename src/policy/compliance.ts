/**
 * A policy against the notice catalogue, both ways: every citation names a clause the catalogue has, and
 * every check a cited notice makes mandatory is there — a rule of that kind applying at each direction
 * the notice names — unless the policy waives it citing a clause of a later notice that lifts it. Pure:
 * the catalogue is an argument (main/notices/load.ts reads it).
 *
 * Refusals, each naming its field: `policy.no-rules` (rules: a policy with none would admit everyone), `policy.unknown-notice` (notices.N), `policy.unknown-clause`
 * (….cites.clause), `policy.mandatory-check-missing` (rules), `policy.waiver-not-lifting`
 * (waived.N.cites.clause), `policy.waiver-not-later` (waived.N.cites.notice), `policy.waiver-unneeded`
 * (waived.N.kind). The population a mandate names is not checked against a rule's parameters.
 */
import type { Direction } from '../domain.js';
import { citedClause, type Catalogue } from '../notices/catalogue.js';
import type { Mandate, Notice } from '../notices/schema.js';
import { failure, type Failure } from '../result.js';
import type { Citation, Policy, RuleKind } from './schema.js';

/** One mandate of one clause of one of the policy's notices. */
interface Mandated {
  readonly notice: Notice;
  readonly clause: string;
  readonly mandate: Mandate;
}

const at = (path: string, code: string, message: string): Failure => failure(code, `${path}: ${message}`, path);

/** Every citation in the policy with the path of its `cites`. */
function citations(policy: Policy): { cites: Citation; path: string }[] {
  return [
    ...policy.rules.map((r, i) => ({ cites: r.cites, path: `rules.${i}.cites` })),
    ...(policy.waived ?? []).map((w, i) => ({ cites: w.cites, path: `waived.${i}.cites` })),
    ...(policy.clock.cites === undefined ? [] : [{ cites: policy.clock.cites, path: 'clock.cites' }]),
    ...(policy.retention.cites === undefined ? [] : [{ cites: policy.retention.cites, path: 'retention.cites' }]),
  ];
}

function mandatesOf(notices: readonly Notice[]): Mandated[] {
  return notices.flatMap((notice) => notice.clauses.flatMap((c) => c.mandates.map((mandate) => ({ notice, clause: c.id, mandate }))));
}

const uncovered = (policy: Policy, kind: RuleKind, directions: readonly Direction[]): Direction[] =>
  directions.filter((d) => !policy.rules.some((r) => r.kind === kind && r.directions.includes(d)));

/** Every way `policy` falls short of the catalogue; empty when it complies. */
export function checkCompliance(policy: Policy, catalogue: Catalogue): Failure[] {
  const failures: Failure[] = [];
  if (policy.rules.length === 0) failures.push(at('rules', 'policy.no-rules', 'a policy with no rules would admit everyone: give it at least one'));
  const notices: Notice[] = [];
  policy.notices.forEach((id, i) => {
    const notice = catalogue.get(id);
    if (notice === undefined) failures.push(at(`notices.${i}`, 'policy.unknown-notice', `the notice catalogue has no notice "${id}"`));
    else notices.push(notice);
  });
  for (const { cites, path } of citations(policy)) {
    if (catalogue.has(cites.notice) && citedClause(catalogue, cites) === undefined) {
      failures.push(at(`${path}.clause`, 'policy.unknown-clause', `notice "${cites.notice}" has no clause "${cites.clause}" in the catalogue`));
    }
  }
  const mandated = mandatesOf(notices);
  const waived = new Set((policy.waived ?? []).map((w) => w.kind));
  for (const { notice, clause, mandate } of mandated) {
    const missing = waived.has(mandate.kind) ? [] : uncovered(policy, mandate.kind, mandate.directions);
    if (missing.length > 0) {
      failures.push(
        at(
          'rules',
          'policy.mandatory-check-missing',
          `notice "${notice.id}" clause "${clause}" makes "${mandate.kind}" mandatory (${mandate.population}, ${mandate.directions.join(' and ')}); no "${mandate.kind}" rule applies at ${missing.join(' or ')}: add one, or waive it citing a later notice's clause that lifts it`,
        ),
      );
    }
  }
  (policy.waived ?? []).forEach((w, i) => {
    const lifting = citedClause(catalogue, w.cites);
    if (lifting === undefined) return; // reported above as an unknown notice or clause
    if (!lifting.clause.lifts.includes(w.kind)) {
      failures.push(at(`waived.${i}.cites.clause`, 'policy.waiver-not-lifting', `clause "${w.cites.clause}" of notice "${w.cites.notice}" does not lift "${w.kind}" (its catalogue entry's lifts)`));
    }
    const against = mandated.filter((m) => m.mandate.kind === w.kind);
    if (against.length === 0) failures.push(at(`waived.${i}.kind`, 'policy.waiver-unneeded', `none of the policy's notices makes "${w.kind}" mandatory: there is nothing to waive`));
    for (const m of against) {
      if (lifting.notice.date <= m.notice.date) {
        failures.push(
          at(`waived.${i}.cites.notice`, 'policy.waiver-not-later', `notice "${w.cites.notice}" (${lifting.notice.date}) is not later than notice "${m.notice.id}" (${m.notice.date}), which makes "${w.kind}" mandatory`),
        );
      }
    }
  });
  return failures;
}

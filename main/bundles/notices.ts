/**
 * The `notices` bundle: the district's notice catalogue (docs/bundles.md §Kinds and bodies). Its body is an
 * array of `gate.notice/1` documents; the gate's catalogue is the shipped notices plus these (the data
 * folder's hand-placed files count only while no notices bundle was ever applied: main/notices/load.ts).
 * Checked before anything changes, stopping at the first failure:
 *
 * 1. every notice is valid, field-named (`body.2.clauses.0.mandates.0.kind: …`)     → bundle.body-invalid
 * 2. ids unique, and a shipped id only for the shipped notice word for word (`body.3.id: …`) → bundle.body-invalid
 * 3. the policy in force still loads against the new catalogue: its citations and its compliance
 *    (src/policy/compliance.ts), each shortfall named                              → bundle.breaks-policy
 *
 * The body is kept in the kind's row in `bundles` (what a restart's catalogue is read from), and the
 * catalogue is swapped in the PolicyStore after the commit.
 */
import type { Database } from 'better-sqlite3';
import { withDelivered, parseNotice, type Catalogue } from '../../src/notices/catalogue.js';
import type { Notice } from '../../src/notices/schema.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures } from '../../src/zod-issues.js';
import type { Log } from '../log.js';
import { loadCatalogue, type LoadedCatalogue } from '../notices/load.js';
import type { PolicyStore } from '../policy/store.js';
import { bodyFormatFailures } from './body-format.js';
import { bundleRow } from './bodies.js';
import type { Change } from './changes.js';
import { readInForce, type InForceRow } from './in-force.js';
import type { VerifiedBundle } from './jws.js';

/** The notices of a body that passed `bodyFormatFailures` (so each parses). */
const noticesOf = (body: readonly unknown[]): Notice[] => body.flatMap((n) => {
  const parsed = parseNotice(n);
  return parsed.ok ? [parsed.value] : [];
});

/** The catalogue `body` makes with the shipped notices, or the ways it cannot (`bundle.body-invalid`, field-named under `body`). */
function catalogueOfBody(body: unknown, shipped: Catalogue): Result<Catalogue, Failure> {
  const invalid = bodyFormatFailures('notices', body);
  if (invalid.length > 0 || !Array.isArray(body)) return err(failure('bundle.body-invalid', describeFailures(invalid)));
  const { catalogue, failures } = withDelivered(shipped, noticesOf(body));
  if (failures.length > 0) return err(failure('bundle.body-invalid', failures.map((f) => `body.${f.message}`).join('; ')));
  return ok(catalogue);
}

/** A notices bundle: its catalogue in force through `policies`, unless the policy in force would not load against it. */
export function noticesChange(bundle: VerifiedBundle, policies: PolicyStore, shipped: Catalogue, source: string, nowMs: number): Result<Change, Failure> {
  const next = catalogueOfBody(bundle.claims.body, shipped);
  if (!next.ok) return next;
  const shortfalls = policies.shortfallsUnder(next.value);
  if (shortfalls.length > 0) {
    const p = policies.current().doc;
    return err(failure('bundle.breaks-policy', `the policy in force ("${p.id}" version ${p.version}) would not load against this catalogue: ${describeFailures(shortfalls)}`));
  }
  return ok({
    kind: 'notices',
    row: bundleRow(bundle, source, nowMs, JSON.stringify(bundle.claims.body)),
    write: () => undefined,
    after: () => policies.adoptCatalogue(next.value),
  });
}

/**
 * The notices of the notices bundle in force (`row`, its row in `bundles`); undefined when none was ever
 * applied. Failures: `bundles.bad-row` (a stored body that no longer checks: the database was edited).
 */
export function deliveredNotices(row: InForceRow | undefined): Result<Notice[] | undefined, Failure> {
  if (row === undefined) return ok(undefined);
  let body: unknown;
  try {
    body = JSON.parse(row.body ?? 'null');
  } catch {
    body = undefined;
  }
  const invalid = bodyFormatFailures('notices', body);
  if (invalid.length > 0 || !Array.isArray(body)) return err(failure('bundles.bad-row', `bundles notices: the stored body is not a notices body: ${describeFailures(invalid)}`));
  return ok(noticesOf(body));
}

/** The catalogue in force in the journal `db`'s data folder `dataDir` (main/notices/load.ts, with the notices bundle in force). */
export function catalogueInForce(db: Database, dataDir: string, log?: Log): Result<LoadedCatalogue, Failure> {
  const rows = readInForce(db);
  if (!rows.ok) return rows;
  const delivered = deliveredNotices(rows.value.get('notices'));
  if (!delivered.ok) return delivered;
  return ok(loadCatalogue({ dataDir, ...(log === undefined ? {} : { log }), ...(delivered.value === undefined ? {} : { delivered: delivered.value }) }));
}

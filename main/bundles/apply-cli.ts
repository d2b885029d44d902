/**
 * gate bundle apply --file F [--config FILE]
 *
 * The offline way in: offers the bundle (JWS text) in F to the journal of the config's data folder, exactly
 * as a pulled bundle is (main/bundles/store.ts, source `cli:<path>`), all or nothing, journaled like
 * `gate import`. Safe while the gate runs: it picks registers up through their generation, and a policy or
 * a notice catalogue through `BundleStore.refresh` on the same timer. Exit 0 applied or unchanged; 1 refused (the code and
 * reason printed), the file unreadable, or the journal failed; 2 usage or configuration error.

 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { failure, type Failure, type Result } from '../../src/result.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, print, withUsage } from '../cli/command.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { openJournalDb } from '../journal/db.js';
import { attempt } from '../journal/errors.js';
import { JOURNAL_FILE } from '../journal/file.js';
import { policyChangeWriter } from '../journal/policy-changes.js';
import { secureDataDir } from '../keys.js';
import { logger } from '../log.js';
import { PolicyStore, type PolicyChange } from '../policy/store.js';
import { readInForce } from './in-force.js';
import { catalogueInForce } from './notices.js';
import { loadOrCreateGateKey } from './gate-key.js';
import { districtKeyOpener, type DistrictKeyOpener } from './rotation.js';
import { BundleStore } from './store.js';

export const BUNDLE_APPLY_USAGE = '  gate bundle apply --file FILE [--config FILE]';

/** `gate bundle apply` with its arguments after `apply`; `open` opens a district key sealed to this gate (default: with the data folder's gate key). */
export function runBundleApply(args: string[], open?: DistrictKeyOpener): Promise<number> {
  return withUsage(BUNDLE_APPLY_USAGE, async () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { file: { type: 'string' }, config: { type: 'string' } } });
    if (positionals.length > 0 || values.file === undefined) return failWith(EXIT_USAGE, [failure('usage', `usage:\n${BUNDLE_APPLY_USAGE}`)]);
    const file = resolve(values.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return failWith(EXIT_FAILURE, [failure('bundle.unreadable', `${file}: ${(e as Error).message}`)]);
    }
    const config = loadConfig(values.config ?? DEFAULT_CONFIG_FILE);
    if (!config.ok) return failWith(EXIT_USAGE, config.error);
    const journalFile = join(config.value.dataDir, JOURNAL_FILE);
    const dataDir = secureDataDir(dirname(journalFile));
    if (!dataDir.ok) return failWith(EXIT_FAILURE, [dataDir.error]);
    const gateKey = open === undefined ? loadOrCreateGateKey(config.value.dataDir) : undefined;
    if (gateKey !== undefined && !gateKey.ok) return failWith(EXIT_FAILURE, [gateKey.error]);
    const opener = open ?? (gateKey?.ok === true ? districtKeyOpener(gateKey.value) : undefined);
    if (opener === undefined) throw new Error('no district key opener');
    const db = openJournalDb(journalFile);
    if (!db.ok) return failWith(EXIT_FAILURE, [db.error]);
    try {
      const log = logger('gate:bundles');
      const notices = catalogueInForce(db.value, config.value.dataDir, log);
      if (!notices.ok) return failWith(EXIT_FAILURE, [notices.error]);
      const journal = { recordPolicyChange: (c: PolicyChange): Result<void, Failure> => attempt(() => db.value.transaction(policyChangeWriter(db.value)).immediate(c)) };
      const policies = new PolicyStore(journal, log, join(config.value.dataDir, 'policy.last-good.json'), notices.value.catalogue);
      seedPolicy(policies, db.value, config.value.policyFile);
      const store = BundleStore.open({ db: db.value, policies, shippedNotices: notices.value.shipped, config: config.value, openDistrictKey: opener, log });
      if (!store.ok) return failWith(EXIT_FAILURE, [store.error]);
      const r = await store.value.offer(text, `cli:${file}`);
      if (!r.ok) {
        complain(`${file}: refused, what is in force is unchanged`);
        return failWith(EXIT_FAILURE, [r.error]);
      }
      print(`${r.value.outcome} ${r.value.kind} version ${r.value.version} into ${journalFile}`);
      return EXIT_OK;
    } finally {
      db.value.close();
    }
  });
}

/** The policy in force before this bundle (for the policy change's `fromSha256`): the policy bundle's document, else the file. */
function seedPolicy(policies: PolicyStore, db: Parameters<typeof readInForce>[0], policyFile: string): void {
  const rows = readInForce(db);
  const body = rows.ok ? rows.value.get('policy')?.body : undefined;
  let text: string | undefined = body ?? undefined;
  if (text === undefined) {
    try {
      text = readFileSync(policyFile, 'utf8');
    } catch {
      return;
    }
  }
  const current = policies.check(text);
  if (current.ok) policies.seed(current.value);
}

export const applySubcommand: CliCommand = {
  name: 'apply',
  usage: BUNDLE_APPLY_USAGE,
  run: (args) => runBundleApply(args),
};

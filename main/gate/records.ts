/**
 * What the gate records into and decides from: the journal, this install's and the device's keys, the
 * registers over the journal, and the policy in force. Opened together, because none is of use without
 * the journal ("no admit without a durable record"); on any failure nothing of it stays open.
 *
 * A failure is either about storage (the journal or a key file cannot be opened or written: a full disk,
 * an I/O error, a broken file) — a state the gate waits out, out of service — or about configuration (the
 * policy file), which the operator must fix.
 */
import { join } from 'node:path';
import type { ScanKeys } from '../../src/identity/classify.js';
import type { Catalogue } from '../../src/notices/catalogue.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';
import { loadOrCreateGateKey, type GateKey } from '../bundles/gate-key.js';
import { catalogueInForce } from '../bundles/notices.js';
import { BundleStore } from '../bundles/store.js';
import { districtKeyOpener, type DistrictKeyOpener } from '../bundles/rotation.js';
import { policyFileFailure } from '../config/failures.js';
import type { ResolvedConfig } from '../config/load.js';
import { deviceSigner } from '../journal/device-key.js';
import { openJournalDb } from '../journal/db.js';
import { JOURNAL_FILE } from '../journal/file.js';
import { Journal } from '../journal/journal.js';
import { HMAC_KEY_FILE, loadOrCreateKey } from '../keys.js';
import { logger } from '../log.js';
import { PolicyStore } from '../policy/store.js';
import { SqliteRegisters } from '../registers/sqlite-registers.js';
import { explainStorageFailure, type FreeSpace } from '../storage/free-space.js';
import { queueSettings } from '../uplink/uplink.js';

export interface Records {
  readonly journal: Journal;
  /** The one place bundles are applied, and what is in force per kind (main/bundles/store.ts). */
  readonly bundles: BundleStore;
  readonly registers: SqliteRegisters;
  readonly policies: PolicyStore;
  /** The notice catalogue in force, which policies are checked against and quote: read at open, swapped when a notices bundle applies. */
  readonly catalogue: Catalogue;
  /** The policy applied at open. */
  readonly firstPolicy: LoadedPolicy;
  /** The key district keys are sealed to (main/bundles/gate-key.ts). */
  readonly gateKey: GateKey;
  /** The keys behind refs now: the district's once the registers deliver one, else this install's own. */
  keys(): ScanKeys;
  close(): void;
}

export interface RecordsDeps {
  /** Journal.open by default; a test seam for the storage failures the gate must survive. */
  readonly openJournal?: (file: string) => Result<Journal, Failure>;
  readonly freeSpace: FreeSpace;
  /** Opens a district key sealed to this gate; default: with the gate key in the data folder. */
  readonly openDistrictKey?: DistrictKeyOpener;
}

/** A failure the gate waits out (out of service) rather than one the operator must fix in the configuration. */
export const isStorageFailure = (f: Failure): boolean =>
  f.code.startsWith('journal.') || f.code.startsWith('keys.') || f.code.startsWith('registers.') || f.code.startsWith('bundles.');

export function openRecords(config: ResolvedConfig, deps: RecordsDeps): Result<Records, Failure[]> {
  const journalFile = join(config.dataDir, JOURNAL_FILE);
  const storage = (f: Failure): Failure => explainStorageFailure(f, config.dataDir, deps.freeSpace);
  const journal = (deps.openJournal ?? Journal.open)(journalFile);
  if (!journal.ok) return err([storage(journal.error)]);
  const opened: (() => void)[] = [() => journal.value.close()];
  const closeAll = (): void => {
    for (const close of opened.splice(0).reverse()) close();
  };
  const fail = (failures: Failure[]): Result<never, Failure[]> => {
    closeAll();
    return err(failures);
  };
  // Queued from the first record on: what the start journals (the policy file applied) goes up too.
  const queue = journal.value.configureUplink(queueSettings(config.uplink));
  if (!queue.ok) return fail([storage(queue.error)]);
  if (queue.value > 0) logger('gate:uplink').warn({ dropped: queue.value }, 'a lowered backlog cap dropped the oldest waiting records');
  const installKey = loadOrCreateKey(join(config.dataDir, HMAC_KEY_FILE));
  // The device key exists from the first start, so verify has its public key before the first checkpoint.
  const device = deviceSigner(config.dataDir);
  // The gate key too, so `gate bundle gate-key` and the platform have it before the first district key.
  const gateKey = loadOrCreateGateKey(config.dataDir);
  if (!installKey.ok || !device.ok || !gateKey.ok) {
    return fail([installKey, device, gateKey].flatMap((r) => (r.ok ? [] : [storage(r.error)])));
  }
  const registers = SqliteRegisters.open(journalFile);
  if (!registers.ok) return fail([storage(registers.error)]);
  opened.push(() => registers.value.close());
  // The store's own writing connection, like `gate import`'s: its transactions hold the journal's write lock briefly.
  const bundleDb = openJournalDb(journalFile);
  if (!bundleDb.ok) return fail([storage(bundleDb.error)]);
  opened.push(() => bundleDb.value.close());
  const notices = catalogueInForce(bundleDb.value, config.dataDir, logger('gate:notices'));
  if (!notices.ok) return fail([storage(notices.error)]);
  const policies = new PolicyStore(journal.value, logger('gate:policy'), join(config.dataDir, 'policy.last-good.json'), notices.value.catalogue);
  const bundles = BundleStore.open({
    db: bundleDb.value,
    policies,
    shippedNotices: notices.value.shipped,
    registers: registers.value,
    config,
    openDistrictKey: deps.openDistrictKey ?? districtKeyOpener(gateKey.value),
    log: logger('gate:bundles'),
  });
  if (!bundles.ok) return fail([storage(bundles.error)]);
  const first = bundles.value.startPolicy(config.policyFile);
  if (!first.ok) return fail(first.error.map((f) => policyFileFailure(config.policyFile, f)));
  return ok({
    journal: journal.value,
    bundles: bundles.value,
    registers: registers.value,
    policies,
    get catalogue() {
      return policies.notices();
    },
    firstPolicy: first.value,
    gateKey: gateKey.value,
    keys: () => {
      const district = registers.value.districtKey();
      return district === undefined ? { hmacKey: installKey.value, refKey: 'install' } : { hmacKey: district, refKey: 'district' };
    },
    close: closeAll,
  });
}

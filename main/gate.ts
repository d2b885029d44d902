/**
 * The composition root shared by both shells: journal, policy store, devices and lanes, the IPC router,
 * and the view snapshot every screen renders. The Electron kiosk and the headless host differ only in
 * how they carry the contract to the page.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { policyViewOf } from '../src/ipc/policy-view.js';
import type { LoadedPolicy } from '../src/policy/load.js';
import type { GateView } from '../src/ipc/view.js';
import { err, ok, type Failure, type Result } from '../src/result.js';
import { JOURNAL_FILE } from './journal/file.js';
import { deviceSigner } from './journal/device-key.js';
import { Journal } from './journal/journal.js';
import { policyFileFailure } from './config/failures.js';
import type { ResolvedConfig } from './config/load.js';
import { configWarnings } from './config/warnings.js';
import { openLaneDevices, type LaneDevices, type OpenLaneDevices } from './devices.js';
import { declareMask } from './ipc/handlers/declare-mask.js';
import { getView } from './ipc/handlers/get-view.js';
import { createIpcRouter, type IpcRouter } from './ipc/router.js';
import { GuardAuth } from './auth/guards.js';
import { ClockMonitor } from './clock/monitor.js';
import { httpHealthCodeVerifier } from './credentials/online.js';
import { verifyCredential } from './credentials/verify.js';
import { registerPerson } from './ipc/handlers/register-person.js';
import { HMAC_KEY_FILE, loadOrCreateKey, secureDataDir } from './keys.js';
import type { CredentialVerifier } from './lane/ports.js';
import type { ScanKeys } from '../src/identity/classify.js';
import { registrationSealer } from './privacy/sealer.js';
import { SqliteRegisters } from './registers/sqlite-registers.js';
import { Lane } from './lane/lane.js';
import { onLastResort } from './last-resort.js';
import { logger } from './log.js';
import { PolicyStore } from './policy/store.js';

export interface Gate {
  readonly config: ResolvedConfig;
  readonly journalFile: string;
  readonly policies: PolicyStore;
  readonly lanes: ReadonlyMap<string, Lane>;
  readonly devices: ReadonlyMap<string, LaneDevices>;
  readonly router: IpcRouter;
  view(): GateView;
  /** Called with each new snapshot (coalesced: at most one per event-loop turn). */
  onView(listener: (v: GateView) => void): () => void;
  /**
   * Drives every lane's relay to its safe state and keeps it there (nothing pulses after this): the first step
   * of close(), and what a last-resort handler should await before the process exits.
   */
  relaysToSafeState(): Promise<void>;
  close(): Promise<void>;
}


export async function startGate(config: ResolvedConfig, openDevices: OpenLaneDevices = openLaneDevices): Promise<Result<Gate, Failure[]>> {
  const log = logger('gate');
  // The keys live in files beside the journal: the folder is 0700 at every start, whatever it was.
  const dataDir = secureDataDir(config.dataDir);
  if (!dataDir.ok) return err([dataDir.error]);
  const journalFile = join(config.dataDir, JOURNAL_FILE);
  const journal = Journal.open(journalFile);
  if (!journal.ok) return err([journal.error]);
  const key = loadOrCreateKey(join(config.dataDir, HMAC_KEY_FILE));
  // The device key exists from the first start, so verify has its public key before the first checkpoint.
  const device = deviceSigner(config.dataDir);
  if (!key.ok || !device.ok) {
    journal.value.close();
    return err([...(key.ok ? [] : [key.error]), ...(device.ok ? [] : [device.error])]);
  }

  const registers = SqliteRegisters.open(journalFile);
  if (!registers.ok) {
    journal.value.close();
    return err([registers.error]);
  }
  const policies = new PolicyStore(journal.value, logger('gate:policy'), join(config.dataDir, 'policy.last-good.json'));
  const first = policies.applyFile(config.policyFile);
  if (!first.ok) {
    registers.value.close();
    journal.value.close();
    return err(first.error.map((f) => policyFileFailure(config.policyFile, f)));
  }
  const warn = (p: LoadedPolicy): void => configWarnings(config, p).forEach((w) => log.warn({ code: w.code }, w.message));
  warn(first.value);
  policies.onChange(warn);
  const clock = new ClockMonitor({ source: config.clock.source, events: journal.value, onSinkError: (f) => log.error({ error: f }, 'could not journal a clock event') });
  // Refs use the district key once the registers deliver one (lists arrive hashed with it), else this install's own.
  const keys = (): ScanKeys => {
    const district = registers.value.districtKey();
    return district === undefined ? { hmacKey: key.value, refKey: 'install' } : { hmacKey: district, refKey: 'district' };
  };
  const verifier: CredentialVerifier = {
    verify: async (text) => {
      const v = await verifyCredential(text, registers.value, clock.reading().now, { maxTokenAgeHours: config.credentials.maxTokenAgeHours });
      return v.ok ? ok(v.value) : v;
    },
  };
  const onlineConfig = config.credentials.onlineVerifier;
  const online = onlineConfig === undefined ? undefined : httpHealthCodeVerifier({ url: onlineConfig.url, timeoutMs: onlineConfig.timeoutMs });
  const sealer = registrationSealer({ key: config.authorityPublicKey, store: journal.value, clock: Date.now });

  // Revisions start from the wall clock so a page that outlives a gate restart still takes the new views.
  let revision = Date.now();
  const listeners = new Set<(v: GateView) => void>();
  let pending = false;
  const publish = (): void => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      const v = view();
      for (const l of listeners) l(v);
    });
  };

  const lanes = new Map<string, Lane>();
  const devices = new Map<string, LaneDevices>();
  const timers: NodeJS.Timeout[] = [];
  const relaysToSafeState = async (): Promise<void> => void (await Promise.all([...devices.values()].map((d) => d.closeRelay())));
  // Should the process crash (main/last-resort.ts): no lane takes another scan, and every relay goes to its safe state.
  const forgetSafeState = onLastResort(async () => {
    for (const lane of lanes.values()) lane.stop();
    await relaysToSafeState();
  });
  const closeAll = async (): Promise<void> => {
    forgetSafeState();
    await relaysToSafeState();
    for (const t of timers) clearInterval(t);
    clock.stop();
    for (const lane of lanes.values()) lane.stop();
    await Promise.all([...devices.values()].map((d) => d.close()));
    registers.value.close();
    journal.value.close();
  };
  for (const laneConfig of config.lanes) {
    const d = await openDevices(laneConfig, { log: logger('gate:devices'), reopen: config.devices.reopen, onChange: publish });
    if (!d.ok) {
      await closeAll();
      return err([d.error]);
    }
    devices.set(laneConfig.id, d.value);
    const lane = new Lane({
      config: laneConfig,
      timeouts: {
        stepMs: config.session.stepTimeoutMs,
        sessionMs: config.session.sessionTimeoutMs,
        verdictMs: config.session.verdictDisplayMs,
        preIdentityMs: config.session.preIdentityMs,
      },
      policies,
      journal: journal.value,
      thermometer: d.value.thermometer,
      scanner: d.value.scanner,
      relay: d.value.relay,
      keys,
      registers: registers.value,
      credentials: verifier,
      ...(online === undefined ? {} : { onlineHealthCode: online }),
      clockReading: () => clock.reading(),
      log: logger(`gate:lane:${laneConfig.id}`),
      onChange: publish,
    });
    lanes.set(laneConfig.id, lane);
  }
  // Only now, with every lane's relay in its safe state, does any lane take a scan.
  for (const lane of lanes.values()) lane.start();

  function view(): GateView {
    return {
      revision: ++revision,
      lanes: [...lanes.values()].map((l) => l.view()),
      policy: policyViewOf(policies.current()),
      devices: [...devices.values()].flatMap((d) => d.status()),
      clock: clock.status(),
    };
  }
  policies.onChange(publish);
  clock.onChange(publish);
  clock.start();
  timers.push(
    setInterval(() => {
      const r = registers.value.reloadIfChanged();
      if (!r.ok) log.error({ error: r.error }, 'registers could not be reloaded');
      else if (r.value) publish();
    }, REGISTERS_POLL_MS),
    setInterval(() => runPurge(journal.value, policies, clock, log), PURGE_EVERY_MS),
  );
  const watcher = watchPolicyFile(config.policyFile, () => policies.applyFile(config.policyFile), log);

  const router = createIpcRouter(
    {
      'gate:get-view': getView(view),
      'gate:declare-mask': declareMask(lanes),
      'gate:register-person': registerPerson({ lanes, guards: new GuardAuth(config.guards), keys, sealer, clock: () => clock.reading().now }),
    },
    logger('gate:ipc'),
  );
  log.info({ dataDir: config.dataDir, lanes: [...lanes.keys()], policy: first.value.sha256 }, 'gate started');
  return ok({
    config,
    journalFile,
    policies,
    lanes,
    devices,
    router,
    view,
    onView: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    relaysToSafeState,
    close: async () => {
      watcher?.close();
      await closeAll();
    },
  });
}

/** How often a running gate looks for a new import of the registers (one settings row read). */
const REGISTERS_POLL_MS = 2000;
const PURGE_EVERY_MS = 6 * 3_600_000;

/** Retention: old decisions and sealed registrations go, leaving a signed checkpoint; never on a clock that may have jumped ahead. */
function runPurge(journal: Journal, policies: PolicyStore, clock: ClockMonitor, log: ReturnType<typeof logger>): void {
  const reading = clock.reading();
  if (!reading.trusted) return log.warn('purge skipped: the clock is not trusted');
  const r = journal.purge({ olderThanDays: policies.current().doc.retention.days, nowMs: reading.now });
  if (!r.ok) log.error({ error: r.error }, 'purge failed');
  else if (r.value.decisions > 0) log.info({ purged: r.value.decisions, sealed: r.value.sealedRegistrations }, 'retention purge');
}

/** Re-applies the policy file when it changes (editors replace files, so the folder is watched). */
function watchPolicyFile(file: string, reload: () => void, log: ReturnType<typeof logger>): FSWatcher | undefined {
  let timer: NodeJS.Timeout | undefined;
  try {
    return watch(dirname(file), (_event, name) => {
      if (name !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, 150);
    });
  } catch (e) {
    log.warn({ file, error: (e as Error).message }, 'policy file not watched; changes apply on restart');
    return undefined;
  }
}

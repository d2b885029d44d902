/**
 * The composition root shared by both shells: devices, the records (journal, registers, policy), lanes,
 * the IPC router, and the view snapshot every screen renders. The Electron kiosk and the headless host
 * differ only in how they carry the contract to the page.
 *
 * Start-up order: the data folder (0700); every lane's devices, relays first and in their safe state; then
 * the records. Records that cannot be opened for a storage reason (a full disk, an I/O error, a broken
 * file) leave the gate **out of service** — the page says why, the relays stay safe, the devices are still
 * shown — and it retries every `storage.journalRetryMs` until it can serve. Only a configuration failure
 * (the policy file) at the first attempt fails the start. Everything opened is released through one
 * disposal stack, in reverse order, on every early return and on close.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ScanKeys } from '../src/identity/classify.js';
import { policyViewOf } from '../src/ipc/policy-view.js';
import type { GateView, ServiceView } from '../src/ipc/view.js';
import type { LoadedPolicy } from '../src/policy/load.js';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import type { ResolvedConfig } from './config/load.js';
import { configWarnings } from './config/warnings.js';
import { openLaneDevices, type LaneDevices, type OpenLaneDevices } from './devices.js';
import { DisposalStack } from './disposal.js';
import { GateAlarms } from './inputs/alarms.js';
import { ClockMonitor } from './clock/monitor.js';
import type { BundleStates } from './bundles/types.js';
import { clockSources } from './clock/sources.js';
import type { TimeSyncProbe } from './clock/ntp-probe.js';
import { isStorageFailure, openRecords, type Records, type RecordsDeps } from './gate/records.js';
import { serve, type Serving } from './gate/serve.js';
import { getView } from './ipc/handlers/get-view.js';
import { wedgeKeys } from './ipc/handlers/wedge-keys.js';
import { createIpcRouter, type IpcRouter } from './ipc/router.js';
import { JOURNAL_FILE } from './journal/file.js';
import type { Journal } from './journal/journal.js';
import { secureDataDir } from './keys.js';
import { type Lane, sessionUnderWay } from './lane/lane.js';
import { onLastResort } from './last-resort.js';
import { logger } from './log.js';
import { StorageMonitor } from './storage/monitor.js';
import { type BundlePull, startBundlePull } from './bundles/pull.js';
import type { BundleSink } from './bundles/types.js';
import { configuredTransport } from './uplink/transports.js';
import { type GateState, type TransportFactory, type Uplink, startUplink } from './uplink/uplink.js';
import { statfsFreeSpace } from './storage/free-space.js';

export interface Gate {
  readonly config: ResolvedConfig;
  readonly journalFile: string;
  /** The lanes, once the gate is in service (empty before). */
  readonly lanes: ReadonlyMap<string, Lane>;
  readonly devices: ReadonlyMap<string, LaneDevices>;
  readonly router: IpcRouter;
  /** The policy in force; undefined while out of service before any could be applied. */
  policy(): LoadedPolicy | undefined;
  /** The keys scans are keyed with now (the district's or this install's); undefined while out of service. */
  keys(): ScanKeys | undefined;
  /** Resolves once the gate is in service (at once if it already is). */
  whenInService(): Promise<void>;
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

export interface GateDeps extends Partial<RecordsDeps> {
  readonly openDevices?: OpenLaneDevices;
  /** The uplink's transport; by default the one config `uplink.transport` names (main/uplink/transports.ts). */
  readonly makeUplinkTransport?: TransportFactory;
  /** Where pulled bundles go (main/bundles/pull.ts); default: the records' bundle store. */
  readonly bundleSink?: BundleSink;
  /** What is in force of each bundle kind, for freshness; default: the records' bundle store. */
  readonly bundleStates?: BundleStates;
  /** The NTP daemon's status; by default the one config `clock.ntp` names (main/clock/ntp-probe.ts). */
  readonly timeSyncProbe?: TimeSyncProbe;
}

export async function startGate(config: ResolvedConfig, deps: GateDeps = {}): Promise<Result<Gate, Failure[]>> {
  const log = logger('gate');
  const dataDir = secureDataDir(config.dataDir); // the keys live in files beside the journal
  if (!dataDir.ok) return err([dataDir.error]);
  const disposal = new DisposalStack(log);
  const freeSpace = deps.freeSpace ?? statfsFreeSpace;

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

  let serving: Serving | undefined;
  let uplink: Uplink | undefined;
  let bundlePull: BundlePull | undefined;
  let service: ServiceView = { state: 'out-of-service', code: 'starting', since: Date.now() };
  const inService: (() => void)[] = [];
  /** The journal once the records go into service: set before the clock restores its state, so that restore's event is journaled. */
  let opened: Journal | undefined;
  const journal = (): Journal | undefined => opened;
  const events = { recordEvent: (e: Parameters<Journal['recordEvent']>[0]) => journal()?.recordEvent(e) ?? err(failure('gate.out-of-service', 'no journal is open')) };
  const onClockSinkError = (f: Failure): void => (f.code === 'gate.out-of-service' ? undefined : log.error({ error: f }, 'could not journal a clock event'));
  const clock = new ClockMonitor({ source: config.clock.source, events, toleranceMs: config.clock.syncToleranceMs, log: logger('gate:clock'), onSinkError: onClockSinkError });
  disposal.defer(() => clock.stop());
  const sync = clockSources({ config, monitor: clock, events, log: logger('gate:clock'), onSinkError: onClockSinkError, ...(deps.timeSyncProbe === undefined ? {} : { probe: deps.timeSyncProbe }) });
  disposal.defer(() => sync.stop());
  const storage = new StorageMonitor({
    dir: config.dataDir, minFreeMB: config.storage.minFreeMB, everyMs: config.storage.checkEveryMs, freeSpace,
    events: journal, wallNow: () => clock.reading().now, log: logger('gate:storage'), onChange: publish,
  });
  disposal.defer(() => storage.stop());

  const lanes = new Map<string, Lane>();
  const devices = new Map<string, LaneDevices>();
  /** Started once every lane's devices are open; views published before that show no alarm. */
  const alarms = new GateAlarms({
    recordEvent: events.recordEvent,
    wallNow: () => clock.reading().now,
    log: logger('gate:alarms'),
    onChange: publish,
  });
  disposal.defer(async () => void (await Promise.all([...devices.values()].map((d) => d.close()))));
  const relaysToSafeState = async (): Promise<void> => void (await Promise.all([...devices.values()].map((d) => d.closeRelay())));
  // Should the process crash (main/last-resort.ts): no lane takes another scan, and every relay goes to its safe state.
  disposal.defer(
    onLastResort(async () => {
      for (const lane of lanes.values()) lane.stop();
      await relaysToSafeState();
    }),
  );
  for (const laneConfig of config.lanes) {
    const d = await (deps.openDevices ?? openLaneDevices)(laneConfig, { log: logger('gate:devices'), reopen: config.devices.reopen, onChange: publish });
    if (!d.ok) {
      await disposal.dispose();
      return err([d.error]);
    }
    devices.set(laneConfig.id, d.value);
  }
  // The wired inputs' alarms act from here on, in service or not: a fire alarm frees the gates before anything else.
  alarms.start(
    config.lanes.flatMap((l) => {
      const d = devices.get(l.id);
      return d === undefined ? [] : [{ id: l.id, direction: l.direction, inputs: d.inputs.inputs, holdOpen: (open: boolean) => d.holdOpen(open) }];
    }),
  );
  disposal.defer(() => alarms.stop());

  const gateState = (): GateState => ({
    service: service.state === 'in-service' ? service : { state: 'out-of-service', code: service.code },
    lanes: [...lanes.values()].map((l) => ({ id: l.id, state: l.view().screen.kind })),
    clockTrusted: clock.reading().trusted,
    bundles: serving?.freshness.check() ?? [],
  });
  /** Starts the uplink on the records just opened; a transport that cannot be made (a missing credential file) is a configuration failure. */
  const uplinkOn = (records: Records): Result<void, Failure> => {
    const started = startUplink({
      config: config.uplink,
      journal: records.journal,
      journalFile: join(config.dataDir, JOURNAL_FILE),
      makeTransport: deps.makeUplinkTransport ?? configuredTransport,
      gateState,
      wallNow: () => clock.reading().now,
      log: logger('gate:uplink'),
      onChange: publish,
      onSignedTime: sync.onSignedTime,
      visitorPresent: () => sessionUnderWay(lanes),
    });
    if (!started.ok) return started;
    uplink = started.value;
    disposal.defer(() => started.value.stop());
    return bundlesInto(deps.bundleSink ?? records.bundles);
  };
  /** Pulls bundles into `sink` as config `bundles` says (stopped before the records close: intoService); a credential that cannot be read is a configuration failure. */
  const bundlesInto = (sink: BundleSink): Result<void, Failure> => {
    const pull = startBundlePull({ config, sink, log: logger('gate:bundles'), wallNow: () => clock.reading().now, onChange: publish });
    if (!pull.ok) return pull;
    bundlePull = pull.value;
    return ok(undefined);
  };
  const warn = (p: LoadedPolicy): void => configWarnings(config, p).forEach((w) => log.warn({ code: w.code }, w.message));
  /** With every lane's relay in its safe state, the lanes start taking scans. */
  const intoService = (records: Records): void => {
    disposal.defer(() => records.close());
    disposal.defer(() => bundlePull?.stop());
    // Trust survives restarts through the journal (main/clock/monitor.ts restore); persisted once more before it closes.
    opened = records.journal;
    clock.restore(records.journal);
    disposal.defer(() => clock.detach());
    sync.start();
    serving = serve({ config, records, devices, lanes, clock, publish, disposal, bundleStates: deps.bundleStates ?? records.bundles });
    warn(records.firstPolicy);
    records.policies.onChange(warn);
    const was = service;
    service = { state: 'in-service' };
    if (was.state === 'out-of-service' && was.code !== 'starting') {
      log.info({ code: was.code, outOfServiceMs: Date.now() - was.since }, 'back in service');
      events.recordEvent({ at: new Date(clock.reading().now).toISOString(), kind: 'service.resumed', detail: { code: was.code, since: new Date(was.since).toISOString() } });
    }
    log.info({ dataDir: config.dataDir, lanes: [...lanes.keys()], policy: records.firstPolicy.sha256 }, 'gate in service');
    for (const resolve of inService.splice(0)) resolve();
    publish();
  };
  const outOfService = (f: Failure): void => {
    if (service.state === 'out-of-service' && service.code === f.code) return;
    service = { state: 'out-of-service', code: f.code, since: Date.now() };
    log.error({ error: f, retryMs: config.storage.journalRetryMs }, 'out of service: the journal cannot be used; retrying');
    publish();
  };

  clock.start();
  const first = openRecords(config, { ...deps, freeSpace });
  const firstUplink = first.ok ? uplinkOn(first.value) : ok(undefined);
  if (!firstUplink.ok) {
    if (first.ok) first.value.close();
    await disposal.dispose();
    return err([firstUplink.error]);
  }
  if (first.ok) intoService(first.value);
  else if (!first.error.every(isStorageFailure)) {
    await disposal.dispose();
    return err(first.error);
  } else {
    outOfService(first.error[0] ?? failure('journal.io', 'the journal could not be opened'));
    const retry = setInterval(() => {
      const again = openRecords(config, { ...deps, freeSpace });
      if (!again.ok) return outOfService(again.error[0] ?? failure('journal.io', 'the journal could not be opened'));
      clearInterval(retry);
      const up = uplinkOn(again.value);
      if (!up.ok) log.error({ error: up.error }, 'the uplink could not start; records are queued and go up after a restart with a working uplink config');
      intoService(again.value);
    }, config.storage.journalRetryMs);
    disposal.defer(() => clearInterval(retry));
  }
  // Measured once the first attempt is in, so a gate that serves journals its first alarm too.
  storage.start();
  const watcher = watchPolicyFile(config.policyFile, () => serving?.records.bundles.applyPolicyFile(config.policyFile), log);
  disposal.defer(() => watcher?.close());

  function view(): GateView {
    const records = serving?.records;
    const policy = records?.policies.current();
    return {
      revision: ++revision,
      service,
      storage: storage.status(),
      lanes: [...lanes.values()].map((l) => ({ ...l.view(), alarms: alarms.laneAlarms(l.id) })),
      policy: policy === undefined || records === undefined ? null : policyViewOf(policy, records.catalogue),
      devices: [...devices.values()].flatMap((d) => d.status()),
      clock: clock.status(),
      verdictDisplayMs: config.session.verdictDisplayMs,
      fire: alarms.fire(),
      uplink: uplink?.view() ?? null,
      bundlePull: bundlePull?.view() ?? null,
      bundles: serving?.freshness.check() ?? [],
    };
  }
  const notServing = (): Result<never, Failure> => err(failure('gate.out-of-service', 'the gate is out of service'));
  const router = createIpcRouter(
    {
      'gate:get-view': getView(view),
      'gate:declare-mask': (input, caller) => serving?.handlers.declareMask(input, caller) ?? notServing(),
      'gate:list-guards': (input, caller) => serving?.handlers.listGuards(input, caller) ?? notServing(),
      'gate:register-person': (input, caller) => serving?.handlers.registerPerson(input, caller) ?? notServing(),
      // Taken out of service too: a scan's keys must not reach the screen as typing whether or not a lane takes it.
      'gate:wedge-keys': wedgeKeys(devices),
    },
    logger('gate:ipc'),
  );
  return ok({
    config,
    journalFile: join(config.dataDir, JOURNAL_FILE),
    lanes,
    devices,
    router,
    policy: () => serving?.records.policies.current(),
    keys: () => serving?.records.keys(),
    whenInService: () => (service.state === 'in-service' ? Promise.resolve() : new Promise<void>((resolve) => inService.push(resolve))),
    view,
    onView: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    relaysToSafeState,
    close: async () => {
      await relaysToSafeState();
      await disposal.dispose();
    },
  });
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

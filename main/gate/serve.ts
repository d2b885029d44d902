/**
 * The gate in service: one lane per configured lane over its (already open, relay-safe) devices, the
 * guard's and the person's IPC handlers, the registers' reload and the retention purge. Everything it
 * starts is released through the gate's disposal stack.
 */
import { ok } from '../../src/result.js';
import { GuardAuth } from '../auth/guards.js';
import type { ClockMonitor } from '../clock/monitor.js';
import type { ResolvedConfig } from '../config/load.js';
import { httpHealthCodeVerifier } from '../credentials/online.js';
import { verifyCredential } from '../credentials/verify.js';
import type { LaneDevices } from '../devices.js';
import type { DisposalStack } from '../disposal.js';
import { declareMask } from '../ipc/handlers/declare-mask.js';
import { listGuards } from '../ipc/handlers/list-guards.js';
import { registerPerson } from '../ipc/handlers/register-person.js';
import type { Journal } from '../journal/journal.js';
import { passageTrackerFor } from '../inputs/passage-tracker-for.js';
import { Lane, sessionUnderWay } from '../lane/lane.js';
import type { CredentialVerifier } from '../lane/ports.js';
import { logger, type Log } from '../log.js';
import type { PolicyStore } from '../policy/store.js';
import { registrationSealer } from '../privacy/sealer.js';
import type { Records } from './records.js';
import { FreshnessMonitor } from '../bundles/freshness.js';
import type { BundleStates } from '../bundles/types.js';

export interface ServeDeps {
  readonly config: ResolvedConfig;
  readonly records: Records;
  readonly devices: ReadonlyMap<string, LaneDevices>;
  /** Filled here, one lane per configured lane. */
  readonly lanes: Map<string, Lane>;
  readonly clock: ClockMonitor;
  readonly publish: () => void;
  readonly disposal: DisposalStack;
  /** What is in force of each bundle kind (the BundleStore, once wired). */
  readonly bundleStates: BundleStates;
}

export interface Serving {
  readonly records: Records;
  /** Each bundle kind's age against the policy's maximum (the screen, the heartbeat, every decision). */
  readonly freshness: FreshnessMonitor;
  readonly handlers: {
    readonly declareMask: ReturnType<typeof declareMask>;
    readonly listGuards: ReturnType<typeof listGuards>;
    readonly registerPerson: ReturnType<typeof registerPerson>;
  };
}

/** How often a running gate looks for a new import of the registers (one settings row read). */
const REGISTERS_POLL_MS = 2000;
const PURGE_EVERY_MS = 6 * 3_600_000;

export function serve({ config, records, devices, lanes, clock, publish, disposal, bundleStates }: ServeDeps): Serving {
  const log = logger('gate');
  const { journal, registers, policies } = records;
  const freshness = new FreshnessMonitor({ bundles: bundleStates, policies, wallNow: () => clock.reading().now, events: journal, log: logger('gate:bundles'), onChange: publish });
  freshness.start();
  disposal.defer(() => freshness.stop());
  const verifier: CredentialVerifier = {
    verify: async (text) => {
      const v = await verifyCredential(text, registers, clock.reading().now, { maxTokenAgeHours: config.credentials.maxTokenAgeHours });
      return v.ok ? ok(v.value) : v;
    },
  };
  const onlineConfig = config.credentials.onlineVerifier;
  const online = onlineConfig === undefined ? undefined : httpHealthCodeVerifier({ url: onlineConfig.url, timeoutMs: onlineConfig.timeoutMs });
  // Registers (and the district key with them) swap only between sessions; a held change goes in as soon as every lane is.
  registers.holdSwapsWhile(() => sessionUnderWay(lanes));
  const laneChanged = (): void => {
    publish();
    if (!registers.swapHeld()) return;
    const r = registers.reloadIfChanged();
    if (!r.ok) log.error({ error: r.error }, 'registers could not be reloaded');
  };
  for (const laneConfig of config.lanes) {
    const d = devices.get(laneConfig.id);
    if (d === undefined) throw new Error(`lane ${laneConfig.id} has no devices: a wiring bug`);
    const passages = passageTrackerFor(laneConfig, d.inputs.inputs, { journal, wallNow: () => clock.reading().now, log: logger(`gate:lane:${laneConfig.id}`) });
    const lane = new Lane({
      config: laneConfig,
      timeouts: {
        stepMs: config.session.stepTimeoutMs,
        sessionMs: config.session.sessionTimeoutMs,
        verdictMs: config.session.verdictDisplayMs,
        preIdentityMs: config.session.preIdentityMs,
      },
      policies,
      journal,
      thermometer: d.thermometer,
      readers: d.readers,
      relay: d.relay,
      keys: records.keys,
      registers,
      credentials: verifier,
      ...(online === undefined ? {} : { onlineHealthCode: online }),
      clockReading: () => clock.reading(),
      staleBundles: () => freshness.stale(),
      log: logger(`gate:lane:${laneConfig.id}`),
      onChange: laneChanged,
      ...(passages === undefined ? {} : { passages }),
    });
    lanes.set(laneConfig.id, lane);
    disposal.use(lane, (l) => l.stop());
  }
  // Every lane's relay was put in its safe state when its devices opened: the lanes may take scans now.
  for (const lane of lanes.values()) lane.start();
  disposal.defer(policies.onChange(publish));
  // A notices bundle changes what the policy view quotes without changing the policy.
  disposal.defer(records.bundles.onChange(publish));
  const reload = setInterval(() => {
    const r = registers.reloadIfChanged();
    if (!r.ok) log.error({ error: r.error }, 'registers could not be reloaded');
    else if (r.value) publish();
    // A bundle another process applied (`gate bundle apply`): its policy comes into force here.
    const b = records.bundles.refresh();
    if (!b.ok) log.error({ error: b.error }, 'bundles in force could not be re-read');
  }, REGISTERS_POLL_MS);
  const purge = setInterval(() => runPurge(journal, policies, clock, log), PURGE_EVERY_MS);
  disposal.defer(() => {
    clearInterval(reload);
    clearInterval(purge);
  });
  const sealer = registrationSealer({ key: config.authorityPublicKey, store: journal, clock: () => clock.reading().now });
  const guards = new GuardAuth({ guards: config.guards, events: journal, log: logger('gate:auth'), wallNow: () => clock.reading().now });
  disposal.defer(() => guards.flush());
  return {
    records,
    freshness,
    handlers: {
      declareMask: declareMask(lanes),
      listGuards: listGuards(guards),
      registerPerson: registerPerson({ lanes, guards, keys: records.keys, sealer, clock: () => clock.reading().now }),
    },
  };
}

/** Retention: old decisions and sealed registrations go, leaving a signed checkpoint; never on a clock that may have jumped ahead. */
function runPurge(journal: Journal, policies: PolicyStore, clock: ClockMonitor, log: Log): void {
  const reading = clock.reading();
  if (!reading.trusted) return log.warn('purge skipped: the clock is not trusted');
  const r = journal.purge({ olderThanDays: policies.current().doc.retention.days, nowMs: reading.now });
  if (!r.ok) log.error({ error: r.error }, 'purge failed');
  else if (r.value.decisions > 0) log.info({ purged: r.value.decisions, sealed: r.value.sealedRegistrations }, 'retention purge');
}

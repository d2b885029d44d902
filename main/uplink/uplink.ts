/**
 * The gate's uplink, as the composition root sees it: configures the journal's queue from config `uplink`
 * (or turns it off when there is none), opens the forwarder's store and transport, runs the forwarder, and
 * answers the view and the heartbeat. A gate without `uplink` queues nothing and has no view of it.
 */
import type { BundleKind } from '../../src/bundles/kinds.js';
import type { UplinkConfig } from '../../src/config/uplink.js';
import type { UplinkView } from '../../src/ipc/view.js';
import { type Failure, type Result, err, ok } from '../../src/result.js';
import type { Heartbeat } from '../../src/uplink/wire.js';
import { WIRE_VERSION } from '../../src/uplink/wire.js';
import type { Journal } from '../journal/journal.js';
import type { QueueSettings } from '../journal/uplink-queue.js';
import type { Log } from '../log.js';
import { startCheckpointer } from './checkpointer.js';
import { Forwarder } from './forwarder.js';
import { UplinkStore } from './store.js';
import type { UplinkTransport } from './transport.js';

/** Makes the configured transport (reading its credential files); main/uplink/transports.ts. */
export type TransportFactory = (config: UplinkConfig) => Result<UplinkTransport, Failure>;

/** What the heartbeat says about the rest of the gate, at the moment it is sent. */
export interface GateState {
  readonly service: { readonly state: 'in-service' } | { readonly state: 'out-of-service'; readonly code: string };
  readonly lanes: readonly { readonly id: string; readonly state: string }[];
  readonly clockTrusted: boolean;
  /** Each bundle kind in force or dated by the policy (main/bundles/freshness.ts). */
  readonly bundles: readonly { readonly kind: BundleKind; readonly version: number | null; readonly ageMs: number | null; readonly stale: boolean }[];
}

export interface UplinkDeps {
  readonly config: UplinkConfig | undefined;
  readonly journal: Journal;
  readonly journalFile: string;
  readonly makeTransport: TransportFactory;
  readonly gateState: () => GateState;
  readonly wallNow: () => number;
  readonly log: Log;
  readonly onChange: () => void;
  /** The platform's signed times, with the nonce each answers (main/clock/signed-time.ts). */
  readonly onSignedTime?: (time: string, nonce: string) => void;
  /** A person's session is under way on some lane: the forwarder gives way (forwarder.ts `visitorPresent`). */
  readonly visitorPresent?: () => boolean;
}

export interface Uplink {
  view(): UplinkView | null;
  stop(): Promise<void>;
}

const MB = 1024 * 1024;
/** How often the background checkpointer runs: at a fast drain's pace, a few MB of WAL each time. */
const CHECKPOINT_EVERY_MS = 100;

/**
 * Configures the queue and, with an uplink configured, starts forwarding. Fails only when the store cannot be
 * opened (a storage failure) or the transport cannot be made (`config.uplink`: a configuration failure).
 */
/** The queue's settings for config `uplink` (disabled without one). */
export const queueSettings = (config: UplinkConfig | undefined): QueueSettings =>
  config === undefined
    ? { enabled: false, maxRecords: 1, maxBytes: 1, whenFull: 'drop-oldest' }
    : { enabled: true, maxRecords: config.backlog.maxRecords, maxBytes: config.backlog.maxMB * MB, whenFull: config.backlog.whenFull };

export function startUplink(deps: UplinkDeps): Result<Uplink, Failure> {
  const { config, journal } = deps;
  const configured = journal.configureUplink(queueSettings(config));
  if (!configured.ok) return configured;
  if (configured.value > 0) deps.log.warn({ dropped: configured.value }, 'a lowered backlog cap dropped the oldest waiting records');
  if (config === undefined) return ok({ view: () => null, stop: () => Promise.resolve() });

  const store = UplinkStore.open(deps.journalFile, { checkpoints: false });
  if (!store.ok) return store;
  const checkpointer = startCheckpointer(deps.journalFile, CHECKPOINT_EVERY_MS, deps.log);
  const transport = deps.makeTransport(config);
  if (!transport.ok) {
    store.value.close();
    void checkpointer.stop();
    // A credential or CA file that cannot be read is the configuration's fault (`gate start` exits 2).
    return err({ ...transport.error, code: 'config.uplink' });
  }
  const heartbeat = (nonce: string): string => {
    const g = deps.gateState();
    const b = store.value.summary();
    const body: Heartbeat = {
      v: WIRE_VERSION,
      gate: config.gateId,
      epoch: store.value.epoch,
      at: new Date(deps.wallNow()).toISOString(),
      service: g.service.state,
      code: g.service.state === 'out-of-service' ? g.service.code : null,
      lanes: g.lanes.map((l) => ({ id: l.id, state: l.state })),
      backlog: { records: b.records, bytes: b.bytes, oldestAt: b.oldestAt, dropped: b.dropped, setAside: b.setAside },
      clock: { trusted: g.clockTrusted },
      bundles: g.bundles.map((k) => ({ kind: k.kind, version: k.version, ageS: k.ageMs === null ? null : Math.floor(k.ageMs / 1000), stale: k.stale })),
      nonce,
    };
    return JSON.stringify(body);
  };
  const forwarder = new Forwarder({
    store: store.value,
    transport: transport.value,
    config,
    heartbeat,
    wallNow: deps.wallNow,
    log: deps.log,
    onChange: deps.onChange,
    ...(deps.onSignedTime === undefined ? {} : { onSignedTime: deps.onSignedTime }),
    ...(deps.visitorPresent === undefined ? {} : { visitorPresent: deps.visitorPresent }),
  });
  forwarder.start();
  let stopped = false;
  return ok({
    view: (): UplinkView | null => {
      if (stopped) return null;
      const s = forwarder.state();
      const c = forwarder.stats();
      return {
        gateId: config.gateId,
        transport: config.transport.kind,
        link: s.state,
        since: s.state === 'connecting' ? null : s.since,
        failure: s.state === 'offline' ? { code: s.failure.code, message: s.failure.message } : null,
        retryAt: s.state === 'offline' ? s.retryAt : null,
        backlog: (({ enabled: _enabled, ...rest }) => rest)(store.value.summary()),
        acknowledged: c.recordsAcknowledged,
        failures: c.failures,
      };
    },
    stop: async () => {
      stopped = true;
      await forwarder.stop();
      await checkpointer.stop();
      store.value.close();
    },
  });
}

/**
 * Store-and-forward: drains the upstream queue in order, in batches, through one transport, for as long as
 * the gate runs. At least once — a batch is deleted from the queue only by the platform's ack, so a lost
 * answer, a timeout or a killed gate means it goes again (under a new batch id) and the platform
 * de-duplicates on (gate, epoch, seq). The gate keeps deciding meanwhile: every step here is one short
 * synchronous read or write between awaits.
 *
 * Online means the last request succeeded. While offline it probes with the heartbeat, backing off
 * exponentially with ±50 % jitter up to `retry.maxDelayMs` (or the platform's Retry-After, within that); once
 * back, it first announces any records a full backlog dropped (`uplink.overflow`, queued urgent, so it is
 * the next batch), then drains, giving way to the people at the gate (`visitorPresent`). Records the platform
 * rejects are set aside (store.ts) and never block the rest: named in an ack, at once; refused with the whole
 * batch (HTTP 400, 413, 422 without an ack), by halving the batch until the refused record is alone. A lone
 * record the platform calls a duplicate (HTTP 409) has arrived.
 */
import type { UplinkConfig } from '../../src/config/uplink.js';
import type { Ack } from '../../src/uplink/wire.js';
import type { Log } from '../log.js';
import { retryDelayMs } from './backoff.js';
import { Sleeper } from './sleeper.js';
import type { AckOutcome, QueueRow, UplinkStore } from './store.js';
import type { OutgoingBatch, UplinkFailure, UplinkTransport } from './transport.js';
import { newNonce, wireBatch } from './wire-batch.js';

/** How often an idle forwarder looks for new records. */
export const IDLE_POLL_MS = 200;
/** How often a forwarder giving way to a visitor looks whether the session is over. */
const GIVE_WAY_POLL_MS = 20;
/**
 * The longest the forwarder gives way at a time: a gate whose lanes are never between sessions (a rush, a
 * session stuck until its timeout) still sends a batch this often.
 */
export const MAX_GIVE_WAY_MS = 5000;
/** A visitor seen this recently makes the gate busy: batches are spaced to `busyRecordsPerSecond`. */
export const BUSY_WINDOW_MS = 10_000;

export type ForwarderState =
  /** Not reached the platform yet since start. */
  | { readonly state: 'connecting' }
  | { readonly state: 'online'; readonly since: number }
  | { readonly state: 'offline'; readonly since: number; readonly failure: UplinkFailure; readonly retryAt: number };

/** Counters since start, for the view, the heartbeat and the logs. */
export interface ForwarderCounters {
  readonly batchesSent: number;
  readonly recordsAcknowledged: number;
  readonly recordsSetAside: number;
  readonly failures: number;
  /** Acks that named seqs outside their batch (ignored) or acknowledged nothing. */
  readonly oddAcks: number;
}

export interface ForwarderDeps {
  readonly store: UplinkStore;
  readonly transport: UplinkTransport;
  readonly config: Pick<UplinkConfig, 'gateId' | 'batch' | 'retry' | 'heartbeatEveryMs'> & { readonly maxRecordsPerSecond?: number; readonly busyRecordsPerSecond?: number };
  /** The latest heartbeat's JSON text (heartbeat.schema.json) with this `nonce`, made when it is sent. */
  readonly heartbeat: (nonce: string) => string;
  /** Called with the signed time an answer carried (an ack's or a heartbeat answer's `time`) and the nonce of what it answers. */
  readonly onSignedTime?: (time: string, nonce: string) => void;
  /**
   * Whether a person's session is under way on some lane. Meanwhile the forwarder starts no batch, applies no
   * ack and gives back no pages (every one of them a write the session's own commit would wait behind: its
   * fsync of the WAL flushes whatever the forwarder left in it), for at most MAX_GIVE_WAY_MS at a time.
   */
  readonly visitorPresent?: () => boolean;
  /** Wall clock, epoch ms (the gate's clock monitor). */
  readonly wallNow: () => number;
  readonly log: Log;
  /** Called when the state or the counters change. */
  readonly onChange?: () => void;
  /** [0, 1); Math.random by default (tests fix it). */
  readonly random?: () => number;
}

export class Forwarder {
  private running = false;
  private current: ForwarderState = { state: 'connecting' };
  private failuresInARow = 0;
  /** When the last heartbeat went (monotonic ms: a step of the wall clock must not hold heartbeats back). */
  private lastHeartbeatAt = -Infinity;
  /** Everything the last drain freed has been given back (store.maintain). */
  private maintained = false;
  /** When (monotonic ms) a visitor was last seen at the gate. */
  private visitorSeenAt = -Infinity;
  /** While a refused batch is being halved: the most records the next batch may carry. */
  private narrowTo: number | undefined;
  private readonly sleeper = new Sleeper();
  private loop: Promise<void> | undefined;
  private counters: { -readonly [K in keyof ForwarderCounters]: number } = { batchesSent: 0, recordsAcknowledged: 0, recordsSetAside: 0, failures: 0, oddAcks: 0 };

  constructor(private readonly deps: ForwarderDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((e: unknown) => {
      // A bug (the transports return failures as values): logged loudly, and the gate keeps deciding.
      this.deps.log.error({ error: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'the uplink forwarder stopped on a bug');
    });
  }

  /** Stops after the request in flight (its ack, if it comes, is applied) and closes the transport. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
    await this.deps.transport.close();
  }

  /** Looks at the queue now instead of at the next poll or retry (a new record, a test). */
  wake(): void {
    this.sleeper.wake();
  }

  state(): ForwarderState {
    return this.current;
  }

  stats(): ForwarderCounters {
    return { ...this.counters };
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Offline, the heartbeat is the probe; online, it goes every heartbeatEveryMs, draining or idle.
      if (this.current.state !== 'online' || performance.now() - this.lastHeartbeatAt >= this.deps.config.heartbeatEveryMs) {
        if (!(await this.beat())) continue;
        this.succeeded();
      }
      await this.giveWay();
      const now = this.isoNow();
      const overflow = this.deps.store.announceOverflow(now);
      if (overflow !== undefined) this.deps.log.warn({ ...overflow }, 'records were dropped by a full backlog; announcing it first');
      const limits = this.deps.config.batch;
      const rows = this.deps.store.nextBatch(this.narrowTo === undefined ? limits : { ...limits, records: Math.min(limits.records, this.narrowTo) });
      if (rows.length === 0) {
        await this.idle();
        continue;
      }
      this.maintained = false;
      const startedAt = performance.now();
      const batch = wireBatch({ gate: this.deps.config.gateId, epoch: this.deps.store.epoch }, rows, now);
      const sent = await this.deps.transport.send(batch);
      this.counters.batchesSent++;
      if (!sent.ok && (sent.error.code === 'uplink.rejected' || sent.error.code === 'uplink.duplicate')) {
        this.refused(batch, rows, sent.error);
        continue;
      }
      if (!sent.ok) {
        await this.failed(sent.error);
        continue;
      }
      if (sent.value.time !== undefined) this.deps.onSignedTime?.(sent.value.time, batch.nonce);
      await this.giveWay();
      const outcome = this.deps.store.acknowledge(rows, sent.value, this.isoNow());
      this.applied(batch, rows, sent.value, outcome);
      // The ack's transaction and the next batch's read are two steps: whatever the lanes have waiting runs
      // between; and batches are spaced to at most maxRecordsPerSecond.
      await this.pace(rows.length, performance.now() - startedAt);
      if (outcome.acknowledged === 0 && outcome.setAside.length === 0) {
        // A valid ack that takes nothing: the platform is not storing; back off rather than resend at once.
        await this.failed({ code: 'uplink.bad-ack', message: `the ack for batch ${batch.id} accepted none of its ${rows.length} records` });
        continue;
      }
      this.succeeded();
    }
  }

  private applied(batch: OutgoingBatch, rows: readonly QueueRow[], ack: Ack, outcome: AckOutcome): void {
    this.counters.recordsAcknowledged += outcome.acknowledged;
    this.counters.recordsSetAside += outcome.setAside.length;
    if (outcome.foreign > 0 || outcome.acknowledged + outcome.setAside.length === 0) this.counters.oddAcks++;
    for (const r of outcome.setAside) this.deps.log.error({ ...r }, 'the platform rejected a record: set aside');
    if (outcome.foreign > 0) this.deps.log.warn({ batch: batch.id, foreign: outcome.foreign }, 'the ack named records that were not in its batch; ignored');
    this.deps.log.debug({ batch: batch.id, records: rows.length, accepted: ack.accepted, acknowledged: outcome.acknowledged }, 'batch acknowledged');
    this.deps.onChange?.();
  }

  /**
   * The platform refused the whole batch, naming no record: halve it until the record is alone; then a
   * refusal sets it aside with the platform's reason, and a duplicate (409) counts as acknowledged. The link
   * is up (the platform answered), so nothing backs off.
   */
  private refused(batch: OutgoingBatch, rows: readonly QueueRow[], f: UplinkFailure): void {
    const [only] = rows;
    if (rows.length > 1 || only === undefined) {
      this.narrowTo = Math.ceil(rows.length / 2);
      this.deps.log.warn({ batch: batch.id, code: f.code, records: rows.length, next: this.narrowTo }, 'the platform refused a batch; halving it to find the record');
      return this.succeeded();
    }
    this.narrowTo = undefined;
    const reason = (f.reason ?? f.message).slice(0, 500);
    const ack: Ack = f.code === 'uplink.duplicate' ? { v: 1, batch: batch.id, accepted: only.seq, rejected: [] } : { v: 1, batch: batch.id, accepted: null, rejected: [{ seq: only.seq, reason }] };
    this.applied(batch, rows, ack, this.deps.store.acknowledge(rows, ack, this.isoNow()));
    this.succeeded();
  }

  /** Sends the latest heartbeat; false when it failed (and the backoff has been waited). */
  private async beat(): Promise<boolean> {
    this.lastHeartbeatAt = performance.now();
    const nonce = newNonce();
    const r = await this.deps.transport.heartbeat(this.deps.heartbeat(nonce));
    if (!r.ok) await this.failed(r.error);
    else if (r.value !== undefined) this.deps.onSignedTime?.(r.value, nonce);
    return r.ok;
  }

  /** Waits while a visitor is at the gate (deps.visitorPresent), at most MAX_GIVE_WAY_MS; a stop ends it at once. */
  private async giveWay(): Promise<void> {
    const present = this.deps.visitorPresent;
    if (present === undefined) return;
    const until = performance.now() + MAX_GIVE_WAY_MS;
    while (this.running && present()) {
      this.visitorSeenAt = performance.now();
      if (this.visitorSeenAt >= until) return;
      await this.sleep(GIVE_WAY_POLL_MS);
    }
  }

  /** Nothing to send: gives the file back a little of what the drain freed (store.maintain), then waits for the next poll (or a wake). */
  private async idle(): Promise<void> {
    if (!this.maintained) this.maintained = this.deps.store.maintain();
    await this.sleep(IDLE_POLL_MS);
  }

  /** Spaces batches to `maxRecordsPerSecond`, or `busyRecordsPerSecond` within BUSY_WINDOW_MS of a visitor. */
  private async pace(records: number, tookMs: number): Promise<void> {
    const { maxRecordsPerSecond: most, busyRecordsPerSecond: busy } = this.deps.config;
    const perSecond = busy !== undefined && performance.now() - this.visitorSeenAt < BUSY_WINDOW_MS ? Math.min(busy, most ?? busy) : most;
    const waitMs = perSecond === undefined ? 0 : (records * 1000) / perSecond - tookMs;
    await (waitMs >= 1 ? this.sleep(waitMs) : new Promise<void>((resolve) => setImmediate(resolve)));
  }

  private succeeded(): void {
    this.failuresInARow = 0;
    if (this.current.state === 'online') return;
    const was = this.current;
    this.current = { state: 'online', since: this.deps.wallNow() };
    this.deps.log.info(was.state === 'offline' ? { offlineMs: this.deps.wallNow() - was.since } : {}, 'uplink online');
    this.deps.onChange?.();
  }

  private async failed(f: UplinkFailure): Promise<void> {
    this.counters.failures++;
    this.failuresInARow++;
    const delay = retryDelayMs(this.failuresInARow, this.deps.config.retry, this.deps.random ?? Math.random, f.retryAfterMs);
    const since = this.current.state === 'offline' ? this.current.since : this.deps.wallNow();
    if (this.current.state !== 'offline') this.deps.log.warn({ code: f.code, message: f.message }, 'uplink offline');
    this.current = { state: 'offline', since, failure: f, retryAt: this.deps.wallNow() + delay };
    this.deps.log.debug({ code: f.code, message: f.message, retryInMs: delay }, 'uplink request failed');
    this.deps.onChange?.();
    await this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    return this.running ? this.sleeper.sleep(ms) : Promise.resolve();
  }

  private isoNow(): string {
    return new Date(this.deps.wallNow()).toISOString();
  }
}

/**
 * A lane over in-memory ports, on a fake clock pair, for unit tests of what the lane does with time and
 * inputs. The monotonic clock is vitest's faked `performance.now()` (so the lane's timers and its stamps
 * advance together with `vi.advanceTimersByTime`); the wall clock is `wall()`, which a test steps alone.
 * The real-device path (ptys, SQLite, the browser) is covered by test/e2e.
 */
import { testCatalogue } from '../fixtures/notices.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { HealthCodeVerifier } from '../../main/credentials/online.js';
import { Lane } from '../../main/lane/lane.js';
import type { DecisionJournal, DecisionToRecord } from '../../main/lane/ports.js';
import { logger, type Log } from '../../main/log.js';
import { PolicyStore } from '../../main/policy/store.js';
import { laneConfig } from '../../src/config/schema.js';
import { NO_REGISTERS, type LiveRegisters } from '../../src/registers.js';
import { err, failure, ok } from '../../src/result.js';
import { Listeners } from '../../drivers/listeners.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import type { ThermometerDiscarded, ThermometerFrame } from '../../drivers/thermometer/thermometer.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface FakeLane {
  readonly lane: Lane;
  readonly decisions: DecisionToRecord[];
  readonly events: { kind: string; detail: Record<string, unknown> }[];
  readonly pulses: number[];
  /** Unplugs (false) or replugs (true) the relay. */
  setRelayLinked(linked: boolean): void;
  /** Someone stands in front of the thermometer at this object temperature (or walks away: ambient). */
  frame(objectC: number): void;
  /** The lane's scanner (reader `scanner`) typed `text`. */
  scan(text: string): Promise<void>;
  /** A read of one of the lane's readers (`scanner`, a line scanner; `desk`, an ID-card reader), as its driver reports it. */
  read(reader: 'scanner' | 'desk', read: DistributiveOmit<ReaderRead, 'at'>): Promise<void>;
  /** Which readers were asked to acknowledge a read, in order. */
  readonly acknowledged: string[];
  /** The thermometer's driver discarded something (`sensor-fault`: a value no sensor measures). */
  thermometerDiscarded(reason: string): void;
  /** The thermometer's link goes away (its queries fail) until `thermometerBack()`. */
  loseThermometer(): void;
  thermometerBack(): void;
  /** Steps the wall clock alone, as `date -s` or an NTP step does. */
  stepWall(ms: number): void;
  /** Advances both clocks. */
  advance(ms: number): Promise<void>;
  close(): void;
}

export const AMBIENT_C = 24.5;
/** The fake lane's site calibration (config `offsetC`): objectC + OFFSET_C = bodyC. */
export const OFFSET_C = 1;

/** Someone holds still in front of the thermometer long enough for a steady reading of `bodyC`. */
export async function measure(lane: FakeLane, bodyC: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    lane.frame(bodyC - OFFSET_C);
    await lane.advance(200);
  }
}

export interface FakeLaneOptions {
  /** The policy file, or a policy document to write in. */
  readonly policy: string | Record<string, unknown>;
  readonly preIdentityMs?: number;
  /** Every record fails with `journal.full`. */
  readonly journalFails?: boolean;
  /** The upstream backlog is full under `refuse-admit` (Journal.admitsRefused). */
  readonly backlogFull?: boolean;
  readonly online?: HealthCodeVerifier;
  /** Where the lane logs; default a test logger. */
  readonly log?: Log;
  /** The policies the lane decides by, a policy in force already (then `policy` is not applied); default its own. */
  readonly policies?: PolicyStore;
  /** The registers; default none. */
  readonly registers?: LiveRegisters;
}

export function fakeLane(opts: FakeLaneOptions): FakeLane {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  const dir = mkdtempSync(join(tmpdir(), 'lane-test-'));
  const policyFile = typeof opts.policy === 'string' ? opts.policy : join(dir, 'policy.json');
  if (typeof opts.policy !== 'string') writeFileSync(policyFile, JSON.stringify(opts.policy));
  const decisions: DecisionToRecord[] = [];
  const events: FakeLane['events'] = [];
  const pulses: number[] = [];
  let relayLinked = true;
  let wallOffset = Date.parse('2026-11-22T08:00:00Z');
  const wall = (): number => wallOffset + performance.now();
  const journal: DecisionJournal = {
    record: (d) => {
      if (opts.journalFails === true) return err(failure('journal.full', 'disk full'));
      decisions.push(d);
      return ok({ seq: decisions.length, id: d.id, hash: '0'.repeat(64) });
    },
    recordEvent: (e) => {
      events.push({ kind: e.kind, detail: e.detail });
      return ok(undefined);
    },
    admitsRefused: () => opts.backlogFull === true,
  };
  const policies = opts.policies ?? new PolicyStore({ recordPolicyChange: () => ok(undefined) }, logger('test:policy'), join(dir, 'last-good.json'), testCatalogue(), wall);
  if (opts.policies === undefined) {
    const applied = policies.apply(readFileSync(policyFile, 'utf8'), 'file');
    if (!applied.ok) throw new Error(applied.error.map((f) => f.message).join('; '));
  }
  const frames = new Listeners<[ThermometerFrame]>();
  const discarded = new Listeners<[ThermometerDiscarded]>();
  const reads = { scanner: new Listeners<[ReaderRead]>(), desk: new Listeners<[ReaderRead]>() };
  const acknowledged: string[] = [];
  const thermometerLost = new Listeners<[]>();
  let thermometerLinked = true;
  const none = { frames: 0, badFrames: 0, discardedBytes: 0 };
  const config = laneConfig.parse({
    id: 'l1',
    direction: 'entry',
    thermometer: { device: { kind: 'simulated' }, offsetC: OFFSET_C, queryHz: 5 },
    readers: [
      { kind: 'scanner', protocol: 'line', device: { kind: 'simulated' } },
      // Stands for an ID-card reader: the lane sees only the port's kind and id, never the config's protocol.
      { id: 'desk', kind: 'scanner', protocol: 'line', device: { kind: 'simulated' } },
    ],
    relay: { device: { kind: 'simulated' } },
  });
  const lane = new Lane({
    config,
    timeouts: { stepMs: 15_000, sessionMs: 45_000, verdictMs: 3000, preIdentityMs: opts.preIdentityMs ?? 5000 },
    policies,
    journal,
    thermometer: {
      query: async () => (thermometerLinked ? ok(undefined) : err(failure('device.offline', 'the thermometer is not linked'))),
      onFrame: (l) => frames.add(l),
      onBadFrame: (l) => discarded.add(l),
      onLinkLost: (l) => thermometerLost.add(l),
      counters: () => none,
    },
    readers: (['scanner', 'desk'] as const).map((id) => ({
      id,
      kind: id === 'desk' ? ('id-card' as const) : ('scanner' as const),
      onRead: (l: (r: ReaderRead) => void) => reads[id].add(l),
      onBadFrame: () => () => undefined,
      acknowledge: async () => {
        acknowledged.push(id);
        return ok(undefined);
      },
      counters: () => none,
    })),
    relay: {
      pulse: async (channel) => {
        if (!relayLinked) return err(failure('device.offline', 'the relay is not linked'));
        pulses.push(channel);
        return ok(undefined);
      },
      linked: () => relayLinked,
    },
    keys: () => ({ hmacKey: new Uint8Array(32).fill(3), refKey: 'district' }),
    registers: opts.registers ?? NO_REGISTERS,
    credentials: { verify: async () => err(failure('credential.malformed', 'no codes in this test')) },
    ...(opts.online === undefined ? {} : { onlineHealthCode: opts.online }),
    clockReading: () => ({ now: wall(), trusted: true, source: 'test', lastGoodSync: null }),
    log: opts.log ?? logger('test:lane'),
    monotonic: () => performance.now(),
    onChange: () => undefined,
  });
  lane.start();
  return {
    lane,
    decisions,
    events,
    pulses,
    setRelayLinked: (linked) => {
      relayLinked = linked;
    },
    frame: (objectC) => frames.emit({ objectC, ambientC: AMBIENT_C, basis: 'surface', at: performance.now() }),
    scan: async (text) => {
      reads.scanner.emit({ kind: 'text', text, at: performance.now() });
      // Reads are routed on a promise chain: let it run.
      await vi.advanceTimersByTimeAsync(0);
    },
    read: async (reader, read) => {
      reads[reader].emit({ ...read, at: performance.now() } as ReaderRead);
      await vi.advanceTimersByTimeAsync(0);
    },
    acknowledged,
    thermometerDiscarded: (reason) => discarded.emit({ reason, bytes: new Uint8Array(9), length: 9, at: performance.now() }),
    loseThermometer: () => {
      thermometerLinked = false;
      thermometerLost.emit();
    },
    thermometerBack: () => {
      thermometerLinked = true;
    },
    stepWall: (ms) => {
      wallOffset += ms;
    },
    advance: (ms) => vi.advanceTimersByTimeAsync(ms).then(() => undefined),
    close: () => {
      lane.stop();
      vi.useRealTimers();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** View snapshots for the kiosk tests, built from policies and the real engine so they match what the core pushes. */
import { policyViewOf } from '../../src/ipc/policy-view.js';
import type { z } from 'zod';
import type { Direction, Evidence, HealthCodeEvidence, TravelEvidence } from '../../src/domain.js';
import type { clockView, gateView, screenView } from '../../src/ipc/view.js';
import { decide } from '../../src/policy/engine.js';
import { NO_REGISTERS, type Registers } from '../../src/registers.js';
import { screenFor } from '../../src/session/screen.js';
import { TEST_NOTICE_ID, testCatalogue } from '../fixtures/notices.js';
import { NOW, clockAt, demoPolicyJson, loaded, person, withTestNotice } from '../fixtures/policy.js';

export type ViewInput = z.input<typeof gateView>;
export type ScreenInput = z.input<typeof screenView>;
export type ClockInput = z.input<typeof clockView>;
export type PolicyJson = Record<string, unknown>;
export const LANE = 'main-entry';
export const EXIT_LANE = 'side-exit';

type RuleJson = { id: string; kind: string; params: Record<string, unknown>; [k: string]: unknown };
const rulesOf = (json: PolicyJson): RuleJson[] => json['rules'] as RuleJson[];

/** The params of the rule of this kind in a policy document, for a test to change in place. */
export function paramsOf(json: PolicyJson, kind: string): Record<string, unknown> {
  const rule = rulesOf(json).find((r) => r.kind === kind);
  if (rule === undefined) throw new Error(`no ${kind} rule`);
  return rule.params;
}

/**
 * The demo policy plus one rule of every other kind: health code, travel (citing the test notice),
 * residency, home quarantine and exit quota (exit only), opening hours. Test data, not a real notice's rules.
 */
export function allKindsPolicyJson(): PolicyJson {
  const json = withTestNotice(demoPolicyJson());
  const wuhan = (clause: string): { notice: string; clause: string } => ({ notice: 'wuhan-2020-04-02', clause });
  const codes = (clause: string): { notice: string; clause: string } => ({ notice: TEST_NOTICE_ID, clause });
  rulesOf(json).push(
    {
      id: 'health-code',
      kind: 'health-code',
      cites: codes('1'),
      onFail: 'deny',
      params: { outcomes: { green: 'pass', yellow: 'refer', red: 'deny' }, maxAgeHours: 24, accept: ['signed-qr', 'online'], onUnverifiable: 'refer' },
    },
    {
      id: 'travel',
      kind: 'high-risk-travel',
      cites: codes('2'),
      onFail: 'refer',
      params: { levels: ['high', 'medium'], withinDays: 14, accept: ['signed-travel-code', 'declaration'] },
    },
    { id: 'residency', kind: 'residency', cites: wuhan('3'), onFail: 'refer', params: { nonResident: 'refer', exempt: ['medical', 'emergency'] } },
    { id: 'quarantine', kind: 'quarantine-list', cites: wuhan('3'), directions: ['exit'], onFail: 'deny', params: {} },
    {
      id: 'exit-quota',
      kind: 'exit-quota',
      cites: wuhan('4'),
      directions: ['exit'],
      onFail: 'deny',
      params: { maxExits: 1, perDays: 2 },
      localParams: ['maxExits', 'perDays'],
    },
    {
      id: 'hours',
      kind: 'hours',
      cites: wuhan('4'),
      onFail: 'refer',
      params: {
        utcOffsetMinutes: 480,
        windows: [
          { days: [1, 2, 3, 4, 5], from: '06:00', to: '22:00' },
          { days: [6, 7], from: '07:00', to: '20:00' },
        ],
      },
      localParams: ['windows'],
    },
  );
  return json;
}

/** A policy document as the core shows it (the demo policy unless given), with the temperature threshold changed when asked. */
export function policyView(opts: { thresholdC?: number; policy?: PolicyJson } = {}): ViewInput['policy'] {
  const json = opts.policy ?? demoPolicyJson();
  if (opts.thresholdC !== undefined) paramsOf(json, 'temperature')['thresholdC'] = opts.thresholdC;
  return policyViewOf(loaded(json), testCatalogue());
}

export const trustedClock: ClockInput = { trusted: true, source: 'system-ntp', lastGoodSync: NOW, reason: null };
export const untrustedClock: ClockInput = { trusted: false, source: 'rtc', lastGoodSync: NOW - 86_400_000, reason: 'jump-backwards' };

export interface ViewOptions {
  readonly thresholdC?: number;
  readonly policy?: PolicyJson;
  readonly notice?: { code: string; at: number };
  readonly clock?: ClockInput;
  /** The exit lane's screen (`?lane=side-exit`); a relay fault unless given. */
  readonly exitScreen?: ScreenInput;
  readonly exitNotice?: { code: string; at: number };
  readonly service?: ViewInput['service'];
  readonly storage?: ViewInput['storage'];
  /** A minute unless given, so no layout test sees a verdict expire under it. */
  readonly verdictDisplayMs?: number;
  /** The devices of every lane; three on the main lane (one ready, one in error, one disconnected) and the exit lane's relay unless given. */
  readonly devices?: ViewInput['devices'];
}

/** The policy of a view in service (the fixtures always carry one). */
export function policyOf<P>(v: { readonly policy: P | null }): P {
  if (v.policy === null) throw new Error('this view has no policy');
  return v.policy;
}

const NO_COUNTS = { scansRejected: 0, codesRefused: 0, readingsDiscarded: 0, sessionsAbandoned: 0 };

type DeviceInput = ViewInput['devices'][number];
const exitRelay: DeviceInput = { lane: EXIT_LANE, role: 'relay', id: 'relay', path: '/dev/ttyUSB2', link: { state: 'ready', since: NOW }, counters: { frames: 0, badFrames: 0, discardedBytes: 0 } };

/** The six devices of a fully equipped main lane, by id: thermometer, relay and one reader of each kind, two named apart from their kind. */
export const FULL_LANE = [
  ['thermometer', 'thermometer'],
  ['scanner', 'qr-front'],
  ['id-card', 'id-card'],
  ['mrz', 'mrz'],
  ['badge', 'badge-side'],
  ['relay', 'relay'],
] as const;

/**
 * The devices of a view whose main lane has all six of `FULL_LANE`, each ready unless `links` (by id) says
 * otherwise, and whose exit lane has its relay.
 */
export function fullLane(links: Partial<Record<(typeof FULL_LANE)[number][1], DeviceInput['link']>> = {}): ViewInput['devices'] {
  return [
    ...FULL_LANE.map(([role, id], i): DeviceInput => ({
      lane: LANE,
      role,
      id,
      path: `/dev/serial/by-id/usb-${id}-if00-port${i}`,
      link: links[id] ?? { state: 'ready', since: NOW },
      counters: { frames: 0, badFrames: 0, discardedBytes: 0 },
    })),
    exitRelay,
  ];
}

export function view(revision: number, screen: ScreenInput, opts: ViewOptions = {}): ViewInput {
  return {
    revision,
    service: opts.service ?? { state: 'in-service' },
    storage: opts.storage ?? { freeMB: 4096, minFreeMB: 256, alarm: false },
    lanes: [
      { id: LANE, direction: 'entry', screen, notice: opts.notice ?? null, counters: NO_COUNTS },
      { id: EXIT_LANE, direction: 'exit', screen: opts.exitScreen ?? { kind: 'fault', code: 'relay.stuck' }, notice: opts.exitNotice ?? null, counters: NO_COUNTS },
    ],
    policy: policyView({ ...(opts.thresholdC === undefined ? {} : { thresholdC: opts.thresholdC }), ...(opts.policy === undefined ? {} : { policy: opts.policy }) }),
    devices: opts.devices ?? [
      { lane: LANE, role: 'thermometer', id: 'thermometer', path: '/dev/ttyUSB0', link: { state: 'ready', since: NOW }, counters: { frames: 10, badFrames: 0, discardedBytes: 0 } },
      { lane: LANE, role: 'scanner', id: 'scanner', path: 'simulated:scanner', link: { state: 'error', code: 'serial.eio', message: 'I/O error' }, counters: { frames: 3, badFrames: 1, discardedBytes: 7 } },
      { lane: LANE, role: 'relay', id: 'relay', path: '/dev/ttyUSB1', link: { state: 'disconnected' }, counters: { frames: 0, badFrames: 0, discardedBytes: 0 } },
      exitRelay,
    ],
    clock: opts.clock ?? trustedClock,
    verdictDisplayMs: opts.verdictDisplayMs ?? 60_000,
  };
}

export const idle: ScreenInput = { kind: 'idle' };

export function collecting(over: Partial<Extract<ScreenInput, { kind: 'collecting' }>> = {}): ScreenInput {
  return {
    kind: 'collecting',
    identity: 'waiting',
    temperature: 'waiting',
    mask: 'waiting',
    healthCode: 'not-required',
    travel: 'not-required',
    remeasure: false,
    person: null,
    temperatureC: null,
    maskEvidence: null,
    ...over,
  };
}

export interface VerdictOptions {
  readonly seq: number;
  readonly id: string;
  /** The demo policy, limited to spring 2020, so the decision carries `policy-expired`. */
  readonly expired?: boolean;
  readonly policy?: PolicyJson;
  readonly direction?: Direction;
  readonly registers?: Partial<Registers>;
  readonly now?: number;
  readonly clockTrusted?: boolean;
}

/** A verdict screen exactly as the core shows it for this evidence: the real engine and screen projection. */
export function verdict(evidence: Evidence, opts: VerdictOptions): ScreenInput {
  const json = opts.policy ?? demoPolicyJson();
  if (opts.expired === true) json['effective'] = { from: '2020-04-02T00:00:00+08:00', until: '2020-06-01T00:00:00+08:00' };
  const now = opts.now ?? NOW;
  const decision = decide(loaded(json), evidence, {
    direction: opts.direction ?? 'entry',
    clock: clockAt(now, opts.clockTrusted ?? true),
    registers: { ...NO_REGISTERS, ...opts.registers },
  });
  return screenFor({ phase: 'showing', session: 1, until: now + 3000, shown: { kind: 'verdict', recorded: { id: opts.id, seq: opts.seq, decision } } });
}

/** Registers in which `person` lives in household h-1 (exits counted as given) and may be under home quarantine. */
export function residentRegisters(opts: { quarantined?: boolean; exits?: number } = {}): Partial<Registers> {
  return {
    residentHousehold: (ref) => (ref === person.ref ? 'h-1' : undefined),
    quarantined: (ref) => ref === person.ref && opts.quarantined === true,
    exitsSince: () => opts.exits ?? 0,
  };
}

export const healthCode = (colour: 'green' | 'yellow' | 'red', over: Partial<Extract<HealthCodeEvidence, { status: 'verified' }>> = {}): HealthCodeEvidence => ({
  status: 'verified',
  via: 'signed-qr',
  colour,
  subject: person.ref,
  issuer: 'test-issuer',
  issuedAt: NOW - 3_600_000,
  ...over,
});

export const travel = (visited: TravelEvidence['visited'] = []): TravelEvidence => ({ status: 'verified', via: 'signed-travel-code', subject: person.ref, issuedAt: NOW - 60_000, visited });

/** View snapshots for the kiosk tests, built from the demo policy and the real engine so they match what the core pushes. */
import type { z } from 'zod';
import type { Evidence } from '../../src/domain.js';
import type { gateView, screenView } from '../../src/ipc/view.js';
import { decide } from '../../src/policy/engine.js';
import { screenFor } from '../../src/session/screen.js';
import { NOW, demoPolicyJson, loaded } from '../fixtures/policy.js';

export type ViewInput = z.input<typeof gateView>;
export type ScreenInput = z.input<typeof screenView>;
export const LANE = 'main-entry';

/** The demo policy as the core shows it, with the temperature threshold changed when asked. */
export function policyView(thresholdC?: number): ViewInput['policy'] {
  const json = demoPolicyJson();
  const rules = json['rules'] as { kind: string; params: Record<string, unknown> }[];
  if (thresholdC !== undefined) for (const r of rules) if (r.kind === 'temperature') r.params['thresholdC'] = thresholdC;
  const p = loaded(json);
  return {
    id: p.doc.id,
    version: p.doc.version,
    sha256: p.sha256,
    issuer: p.doc.issuer,
    notices: p.doc.notices.map(({ id, title, issuer, date }) => ({ id, title, issuer, date })),
    rules: p.doc.rules,
  };
}

export function view(revision: number, screen: ScreenInput, opts: { thresholdC?: number; notice?: { code: string; at: number } } = {}): ViewInput {
  return {
    revision,
    lanes: [
      { id: LANE, direction: 'entry', screen, notice: opts.notice ?? null },
      { id: 'side-exit', direction: 'exit', screen: { kind: 'fault', code: 'relay.stuck' }, notice: null },
    ],
    policy: policyView(opts.thresholdC),
    devices: [
      { lane: LANE, role: 'thermometer', path: '/dev/ttyUSB0', link: { state: 'ready', since: NOW }, counters: { frames: 10, badFrames: 0, discardedBytes: 0 } },
      { lane: LANE, role: 'scanner', path: 'simulated:scanner', link: { state: 'error', code: 'serial.eio', message: 'I/O error' }, counters: { frames: 3, badFrames: 1, discardedBytes: 7 } },
      { lane: LANE, role: 'relay', path: '/dev/ttyUSB1', link: { state: 'disconnected' }, counters: { frames: 0, badFrames: 0, discardedBytes: 0 } },
      { lane: 'side-exit', role: 'relay', path: '/dev/ttyUSB2', link: { state: 'ready', since: NOW }, counters: { frames: 0, badFrames: 0, discardedBytes: 0 } },
    ],
  };
}

export const idle: ScreenInput = { kind: 'idle' };

export function collecting(over: Partial<Extract<ScreenInput, { kind: 'collecting' }>> = {}): ScreenInput {
  return {
    kind: 'collecting',
    identity: 'waiting',
    temperature: 'waiting',
    mask: 'waiting',
    remeasure: false,
    person: null,
    temperatureC: null,
    maskEvidence: null,
    ...over,
  };
}

/** A verdict screen exactly as the core shows it for this evidence: the real engine and screen projection. */
export function verdict(evidence: Evidence, opts: { seq: number; id: string; expired?: boolean }): ScreenInput {
  const json = demoPolicyJson();
  if (opts.expired === true) json['effective'] = { from: '2020-04-02T00:00:00+08:00', until: '2020-06-01T00:00:00+08:00' };
  const decision = decide(loaded(json), evidence, { direction: 'entry', now: NOW });
  return screenFor({ phase: 'showing', session: 1, until: NOW + 3000, shown: { kind: 'verdict', recorded: { id: opts.id, seq: opts.seq, decision } } });
}

/** Projects a session state onto what the kiosk screen shows. Pure. */
import type { ScreenView } from '../ipc/view.js';
import { temperatureStanding } from '../policy/rules/temperature.js';
import type { EvidenceStep } from '../policy/engine.js';
import type { SessionState } from './types.js';

export function screenFor(state: SessionState): ScreenView {
  switch (state.phase) {
    case 'idle':
      return { kind: 'idle' };
    case 'collecting': {
      const { evidence, plan } = state;
      const standing = plan.temperature === undefined ? 'none' : temperatureStanding(plan.temperature, evidence.temperatures);
      const step = (kind: EvidenceStep, done: boolean): 'waiting' | 'done' | 'not-required' =>
        !plan.required.has(kind) ? 'not-required' : done ? 'done' : 'waiting';
      const last = evidence.temperatures.at(-1);
      return {
        kind: 'collecting',
        identity: step('identity', evidence.identity !== undefined),
        temperature: step('temperature', standing === 'clear' || standing === 'fever'),
        mask: step('mask', evidence.mask !== undefined),
        healthCode: step('health-code', evidence.healthCode !== undefined),
        travel: step('travel', evidence.travel !== undefined),
        remeasure: standing === 'remeasure',
        person: evidence.identity === undefined ? null : { kind: evidence.identity.kind, masked: evidence.identity.masked },
        temperatureC: last === undefined || !Number.isFinite(last.bodyC) ? null : Math.round(last.bodyC * 10) / 10,
        maskEvidence: evidence.mask?.kind ?? null,
      };
    }
    case 'deciding':
      // Recording is synchronous and brief; the screen keeps showing the collected steps as waiting.
      return { kind: 'collecting', identity: 'done', temperature: 'done', mask: 'done', healthCode: 'done', travel: 'done', remeasure: false, person: null, temperatureC: null, maskEvidence: null };
    case 'showing': {
      if (state.shown.kind === 'fault') return { kind: 'fault', code: state.shown.code };
      const { id, seq, decision } = state.shown.recorded;
      return {
        kind: 'verdict',
        verdict: decision.verdict,
        decisionId: id,
        seq,
        rules: decision.rules.map((r) => ({ ...r, values: { ...r.values }, cites: { ...r.cites } })),
        notes: [...decision.notes],
        clockTrusted: decision.clock.trusted,
      };
    }
  }
}

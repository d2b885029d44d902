/** engine.decide.*: the policy engine alone on the demo policy and realistic evidence. */
import { readFileSync } from 'node:fs';
import type { Evidence } from '../src/domain.js';
import { decide } from '../src/policy/engine.js';
import { NO_REGISTERS } from '../src/registers.js';
import { parsePolicy } from '../src/policy/load.js';
import { resourcePath } from '../main/resources.js';
import { percentile, type Emit } from './figure.js';

export async function run(emit: Emit): Promise<void> {
  const policy = parsePolicy(readFileSync(resourcePath('policy', 'demo.json'), 'utf8'));
  if (!policy.ok) throw new Error('demo policy invalid');
  const now = Date.now();
  const ctx = { direction: 'entry' as const, clock: { now, trusted: true, source: 'bench', lastGoodSync: now }, registers: NO_REGISTERS };
  const evidences: Evidence[] = Array.from({ length: 64 }, (_, i) => ({
    identity: { kind: 'resident-id', masked: '4201**********1234', ref: `r${i}` },
    temperatures: i % 4 === 0 ? [{ bodyC: 37.6, objectC: 36.6, ambientC: 24, at: now, device: 't' }, { bodyC: 36.6 + (i % 7) / 10, objectC: 35.6, ambientC: 24, at: now, device: 't' }] : [{ bodyC: 36 + (i % 10) / 10, objectC: 35, ambientC: 24, at: now, device: 't' }],
    ...(i % 9 === 0 ? {} : { mask: { kind: 'self-declared' as const, at: now } }),
  }));
  for (let i = 0; i < 20_000; i++) decide(policy.value, evidences[i % 64] as Evidence, ctx);
  const samples: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const t = process.hrtime.bigint();
    decide(policy.value, evidences[i % 64] as Evidence, ctx);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  emit({ name: 'engine.decide.p50', value: percentile(samples, 50), unit: 'ms', runs: samples.length });
  emit({ name: 'engine.decide.p99', value: percentile(samples, 99), unit: 'ms', runs: samples.length });
}

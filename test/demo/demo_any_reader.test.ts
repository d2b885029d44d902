/**
 * "The demo can be pointed at any of these simulators by config alone": for every registered reader protocol
 * and thermometer protocol, a gate configured with that simulated device and the demo driver on it shows an
 * admit and a deny in the export, with nothing but the config telling the demo what the devices are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../drivers/seeded-random.js';
import { DemoDriver } from '../../main/demo/driver.js';
import { READER_PROTOCOLS, THERMOMETER_PROTOCOLS } from '../../main/devices/protocols/index.js';
import { logger } from '../../main/log.js';
import { readerKindOf } from '../../src/config/readers.js';
import { exported } from '../harness/export.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate, type TestGateOptions } from '../harness/gate.js';
import { checksPolicyJson } from '../fixtures/policy.js';

/** A sequence whose normal visitors were all denied on body-basis thermometers while the demo left their offset uncorrected. */
const SEED = 3;
let gate: TestGate | undefined;
let demo: DemoDriver | undefined;
afterEach(async () => {
  await demo?.stop();
  await gate?.close();
  gate = demo = undefined;
});

/** The checks policy, its identity rule taking every credential a reader can give. */
function everyCredentialPolicy(): Record<string, unknown> {
  const json = checksPolicyJson();
  const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'identity' ? { ...r, params: { accept: ['resident-id', 'mrz', 'staff-badge', 'manual'] } } : r));
  return { ...json, rules };
}

async function demoShowsAdmitAndDeny(opts: TestGateOptions): Promise<void> {
  gate = await startTestGate({ policyJson: everyCredentialPolicy(), session: { verdictDisplayMs: 1000 }, ...opts });
  const reader = gate.sims.readers[0];
  if (reader === undefined) throw new Error('no simulated reader');
  // Seeded: which visitors come is fixed, so an admit and a deny are a few visitors away whatever the machine's
  // load (with Math.random a run of visitors who time out, 8 s each, could outlast the wait on a loaded CI).
  demo = new DemoDriver(gate.lane, { thermometer: gate.sims.thermometer, reader }, { offsetC: OFFSET_C, intervalMs: 200, log: logger('test:demo'), rand: seededRandom(SEED) });
  demo.start();
  const g = gate;
  const verdicts = await waitFor('an admit and a deny in the export', () => {
    const seen = new Set(exported(g.journalFile).map((d) => d.verdict));
    return seen.has('admit') && seen.has('deny') ? seen : undefined;
  }, 45_000);
  expect([...verdicts]).toEqual(expect.arrayContaining(['admit', 'deny']));
}

describe.each(Object.keys(READER_PROTOCOLS))('the demo on a simulated %s reader', (protocol) => {
  it('acts visitors out through it to decisions', { timeout: 60_000 }, async () => {
    await demoShowsAdmitAndDeny({ readers: [{ kind: readerKindOf(protocol), protocol, device: { kind: 'simulated' } }] });
  });
});

describe.each(Object.keys(THERMOMETER_PROTOCOLS))('the demo on a simulated %s thermometer', (protocol) => {
  it('acts visitors out through it to decisions', { timeout: 60_000 }, async () => {
    await demoShowsAdmitAndDeny({ thermometer: { protocol } });
  });
});

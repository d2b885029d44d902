/**
 * A lane's identity readers and its thermometer end to end, whatever their protocols: simulators speaking real
 * bytes over socat ptys, the real serialport binding, the real lane and SQLite journal, decisions read back
 * through the export. Parametrised over the registry, so a protocol merged later is covered by adding it there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { READER_PROTOCOLS, THERMOMETER_PROTOCOLS } from '../../main/devices/protocols/index.js';
import { simPersonOf, td1Zone } from '../../main/demo/visitors.js';
import { readerKindOf } from '../../src/config/readers.js';
import type { ReaderKind } from '../../src/devices/status.js';
import { mrzCredential } from '../../src/identity/mrz-lines.js';
import { maskResidentId } from '../../src/identity/resident-id.js';
import type { SimPerson } from '../../drivers/reader/reader.js';
import { exported, type ExportedDecision } from '../harness/export.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate, type TestGateOptions } from '../harness/gate.js';
import { checksPolicyJson } from '../fixtures/policy.js';

const AMBIENT_C = 24.5;
const NOBODY = { objectC: AMBIENT_C, ambientC: AMBIENT_C };
/** What a thermometer of any protocol sees of a person whose body temperature (after the site offset) is `bodyC`. */
const person = (bodyC: number) => ({ objectC: bodyC - OFFSET_C, ambientC: AMBIENT_C, bodyC: bodyC - OFFSET_C });
const IDS = ['11010519491231002X', '440524188001010014', '53010219200508011X'] as const;

/** The checks policy, its identity rule taking every credential a reader can give. */
function everyCredentialPolicy(): Record<string, unknown> {
  const json = checksPolicyJson();
  const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'identity' ? { ...r, params: { accept: ['resident-id', 'mrz', 'staff-badge', 'manual'] } } : r));
  return { ...json, rules };
}

/** The kind a protocol's config member fixes (`line` → `scanner`). */
function kindOf(protocol: string): ReaderKind {
  const kind = readerKindOf(protocol);
  if (kind === undefined) throw new Error(`no config member for reader protocol ${protocol}`);
  return kind;
}

/** The subject the export must show for `p` read by a reader of `kind`. */
function subjectOf(kind: ReaderKind, p: SimPerson): { kind: string; masked: string } {
  if (kind === 'badge') return { kind: 'staff-badge', masked: `badge …${p.badge?.slice(-4) ?? ''}` };
  if (kind === 'mrz') {
    const c = mrzCredential((p.mrz ?? []).join('\n'), { hmacKey: new Uint8Array(32), refKey: 'install' });
    if (!c.ok) throw new Error(`the demo's zone does not parse: ${c.error.message}`);
    return { kind: 'mrz', masked: c.value.masked };
  }
  return { kind: 'resident-id', masked: maskResidentId(p.idNumber) };
}

let gate: TestGate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});

async function start(opts: TestGateOptions): Promise<TestGate> {
  gate = await startTestGate({ policyJson: everyCredentialPolicy(), session: { stepTimeoutMs: 4000, sessionTimeoutMs: 10_000, verdictDisplayMs: 1000 }, ...opts });
  gate.sims.thermometer.setScene(NOBODY);
  return gate;
}

const decisions = (g: TestGate): ExportedDecision[] => exported(g.journalFile);

/** Waits for the lane to show someone identified, measures them, taps the mask button, waits for the `n`-th decision. */
async function decide(g: TestGate, n: number, bodyC = 36.6): Promise<ExportedDecision> {
  await waitFor('the session to open', () => g.lane.view().screen.kind === 'collecting');
  g.sims.thermometer.setScene(person(bodyC));
  await waitFor('the mask to be asked for', () => g.lane.declareMask().ok);
  const row = await waitFor(`decision ${n}`, () => decisions(g)[n - 1]);
  g.sims.thermometer.setScene(NOBODY);
  await waitFor('the verdict to clear', () => g.lane.view().screen.kind === 'idle', 5000);
  return row;
}

const temperatureOf = (d: ExportedDecision) => d.rules.find((r) => r.id === 'temperature');

describe('one lane with three readers at once', () => {
  it('takes a visitor at each of them into its one session stream, and never joins MRZ lines from two readers', { timeout: 60_000 }, async () => {
    const line = (id: string) => ({ id, kind: 'scanner', protocol: 'line', device: { kind: 'simulated' } });
    const g = await start({ readers: [line('front'), line('side'), line('desk')] });
    expect(g.sims.readers.map((r) => r.id)).toEqual(['front', 'side', 'desk']);
    const chips = g.app.gate.devices.get('t1')?.status().map((d) => `${d.role}:${d.id}`);
    expect(chips).toEqual(['thermometer:thermometer', 'scanner:front', 'scanner:side', 'scanner:desk', 'relay:relay']);

    for (const [i, reader] of g.sims.readers.entries()) {
      await reader.sim.present(simPersonOf(IDS[i] ?? '', reader.config));
      const row = await decide(g, i + 1);
      expect(row).toMatchObject({ verdict: 'admit', subject: { kind: 'resident-id', masked: maskResidentId(IDS[i] ?? '') } });
    }

    // Two travellers hold their cards to two readers at once: lines of both zones arrive interleaved.
    const typed = (reader: number, text: string) => g.sims.readers[reader]?.sim.injectRaw(new TextEncoder().encode(`${text}\r`));
    const a = td1Zone(IDS[0], 'WANG', 'WEI');
    const b = td1Zone(IDS[1], 'LI', 'FANG');
    for (let i = 0; i < 3; i++) {
      await typed(0, a[i] ?? '');
      if (i < 2) await typed(1, b[i] ?? '');
    }
    const row = await decide(g, 4);
    expect(row.subject).toEqual(subjectOf('mrz', { idNumber: IDS[0], name: '', validTo: '', mrz: a }));
    // The second traveller's zone is still missing its last line: nothing of it was decided, nothing was rejected.
    expect(decisions(g)).toHaveLength(4);
    expect(g.lane.view().counters.scansRejected).toBe(0);
  });
});

describe.each(Object.keys(READER_PROTOCOLS))('reader protocol %s', (protocol) => {
  it('identifies a visitor presented through its simulator; the decision is in the export', { timeout: 30_000 }, async () => {
    const kind = kindOf(protocol);
    const g = await start({ readers: [{ kind, protocol, device: { kind: 'simulated' } }] });
    const reader = g.sims.readers[0];
    if (reader === undefined) throw new Error('no simulated reader');
    const visitor = simPersonOf(IDS[2], reader.config);
    await reader.sim.present(visitor);
    const row = await decide(g, 1);
    expect(row).toMatchObject({ lane: 't1', verdict: 'admit', ending: 'complete', subject: subjectOf(kind, visitor) });
    expect(JSON.stringify(decisions(g))).not.toContain(IDS[2]);
  });
});

describe.each(Object.keys(THERMOMETER_PROTOCOLS))('thermometer protocol %s', (protocol) => {
  it('brings a visitor’s reading to the decision', { timeout: 30_000 }, async () => {
    const g = await start({ thermometer: { protocol } });
    await g.sims.scanner.scan(IDS[0]);
    const row = await decide(g, 1, 38.3);
    expect(row.verdict).toBe('deny');
    const readings = temperatureOf(row)?.values['readingsC'] as number[];
    expect(readings.length).toBeGreaterThan(0);
    for (const c of readings) expect(Math.abs(c - 38.3)).toBeLessThanOrEqual(0.2);
  });

  it('never makes a reading of nobody: streaming only the room’s temperature, the visitor is decided without one', { timeout: 30_000 }, async () => {
    const g = await start({ thermometer: { protocol } });
    await g.sims.scanner.scan(IDS[1]);
    await waitFor('the session to open', () => g.lane.view().screen.kind === 'collecting');
    g.lane.declareMask();
    const row = await waitFor('the step timeout’s decision', () => decisions(g)[0], 15_000);
    expect(row).toMatchObject({ verdict: 'refer', ending: 'step-timeout' });
    expect(temperatureOf(row)).toMatchObject({ outcome: 'MISSING_EVIDENCE', values: { readingsC: [] } });
    // The thermometer answered all along: frames came, none became a reading.
    const status = g.app.gate.devices.get('t1')?.status().find((d) => d.role === 'thermometer');
    expect(status?.counters.frames).toBeGreaterThan(5);
  });
});

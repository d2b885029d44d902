/**
 * USB HID devices end to end, simulated at the report level through the same HidTransport the real drivers get
 * from node-hid: a HID POS scan admits a visitor and a USBRelay board opens the gate for them, the real lane and
 * SQLite journal between them, the decision read back through the export; the scanner unplugged and plugged
 * back in is reopened by its ids and reads again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HidPosSimulator } from '../../drivers/scanner/hid-pos/simulator.js';
import type { HidRelaySimulator } from '../../drivers/relay/hid-relay/simulator.js';
import { maskResidentId } from '../../src/identity/resident-id.js';
import { exported } from '../harness/export.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';

const AMBIENT_C = 24.5;
const NOBODY = { objectC: AMBIENT_C, ambientC: AMBIENT_C };
const VISITOR = { objectC: 36.6 - OFFSET_C, ambientC: AMBIENT_C, bodyC: 36.6 - OFFSET_C };
const IDS = ['11010519491231002X', '440524188001010014'] as const;
const HID_POS = { kind: 'scanner', protocol: 'hid-pos', device: { kind: 'simulated' } };

let gate: TestGate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});

async function start(relay?: Record<string, unknown>): Promise<TestGate> {
  gate = await startTestGate({ readers: [HID_POS], session: { stepTimeoutMs: 4000, sessionTimeoutMs: 10_000, verdictDisplayMs: 1000 }, ...(relay === undefined ? {} : { relay }) });
  gate.sims.thermometer.setScene(NOBODY);
  return gate;
}

const scannerOf = (g: TestGate): HidPosSimulator => {
  const sim = g.sims.readers[0]?.sim;
  if (sim === undefined) throw new Error('no simulated HID POS scanner');
  return sim as HidPosSimulator;
};

/** Scans the visitor's ID number as a HID POS scanner sends it, measures them, taps the mask button; the `n`-th decision. */
async function admit(g: TestGate, id: string, n: number) {
  await scannerOf(g).present({ idNumber: id, name: 'WANG WEI', validTo: '20351231' });
  await waitFor('the session to open', () => g.lane.view().screen.kind === 'collecting');
  g.sims.thermometer.setScene(VISITOR);
  await waitFor('the mask to be asked for', () => g.lane.declareMask().ok);
  const row = await waitFor(`decision ${n}`, () => exported(g.journalFile)[n - 1]);
  g.sims.thermometer.setScene(NOBODY);
  await waitFor('the verdict to clear', () => g.lane.view().screen.kind === 'idle', 5000);
  return row;
}

describe('USB HID devices at the gate', () => {
  it('a HID POS scan (simulated at the report level) admits a visitor, read back through the export; the scanner beeps', { timeout: 30_000 }, async () => {
    const g = await start();
    const status = g.app.gate.devices.get('t1')?.status().find((d) => d.role === 'scanner');
    expect(status).toMatchObject({ path: 'simulated:hid:0c2e:0b8f:SIM0001', link: { state: 'ready' } });
    const row = await admit(g, IDS[0], 1);
    expect(row).toMatchObject({ lane: 't1', verdict: 'admit', ending: 'complete', subject: { kind: 'resident-id', masked: maskResidentId(IDS[0]) } });
    expect(JSON.stringify(exported(g.journalFile))).not.toContain(IDS[0]);
    await waitFor('the good-read beep', () => scannerOf(g).beeps() >= 1);
  });

  it('the HID POS scanner unplugged goes offline, and plugged back in is reopened and admits the next visitor', { timeout: 30_000 }, async () => {
    const g = await start();
    const scanner = () => g.app.gate.devices.get('t1')?.status().find((d) => d.role === 'scanner');
    scannerOf(g).device.unplug();
    await waitFor('the scanner to go offline', () => scanner()?.link.state === 'offline');
    scannerOf(g).device.replug();
    await waitFor('the scanner to be ready again', () => scanner()?.link.state === 'ready');
    expect(scanner()?.linkCounts.lost).toBe(1);
    expect(await admit(g, IDS[1], 1)).toMatchObject({ verdict: 'admit', subject: { masked: maskResidentId(IDS[1]) } });
  });

  it('a lane with a USBRelay board: safe state at start, the admit pulses the gate channel and returns it to its safe state, and the gate’s close drives it again', { timeout: 30_000 }, async () => {
    const g = await start({ protocol: 'hid-relay', channel: 2, safeState: ['off', 'off'], pulseMs: 150 });
    const board = g.sims.relay as HidRelaySimulator;
    expect(g.app.gate.devices.get('t1')?.status().find((d) => d.role === 'relay')).toMatchObject({ path: 'simulated:hid:16c0:05df', link: { state: 'ready' } });
    expect(board.commands().map((c) => [c.channel, c.on])).toEqual([
      [1, false],
      [2, false],
    ]);
    const row = await admit(g, IDS[0], 1);
    expect(row.verdict).toBe('admit');
    await waitFor('the pulse to end', () => board.commands().length >= 4);
    const [on, off] = board.commands().slice(2);
    expect([on?.channel, on?.on, off?.channel, off?.on]).toEqual([2, true, 2, false]);
    expect((off?.at ?? 0) - (on?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect([board.isOn(1), board.isOn(2)]).toEqual([false, false]);
    await g.close();
    gate = undefined;
    expect(board.commands().slice(-2).map((c) => [c.channel, c.on])).toEqual([
      [1, false],
      [2, false],
    ]);
  });
});

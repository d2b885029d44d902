/**
 * Passage, door and tamper inputs end to end (docs/inputs.md): a simulated Modbus RTU input module on its own
 * socat pty, read by the real driver; the real journal and the gate's view.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedInput } from '../../main/inputs/open-inputs.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions, readEvents } from '../harness/journal.js';

const AMBIENT = { objectC: 25, ambientC: 24.5 };
const at = (bodyC: number) => ({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });
const WINDOW_MS = 1500;
const HELD_OPEN_MS = 1000;
const module = (input: number) => ({ kind: 'modbus-rtu', device: { kind: 'simulated' }, input });

let gate: TestGate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});

async function start(): Promise<{ gate: TestGate; passage: SimulatedInput; door: SimulatedInput; tamper: SimulatedInput }> {
  gate = await startTestGate({
    lanes: [
      {
        id: 'out',
        direction: 'exit',
        inputs: [
          { kind: 'passage', source: module(0), windowMs: WINDOW_MS },
          { kind: 'door', source: module(1), heldOpenMs: HELD_OPEN_MS },
          { kind: 'tamper', source: module(2) },
        ],
      },
    ],
  });
  gate.sims.thermometer.setScene(AMBIENT);
  const sims = gate.app.gate.devices.get('out')?.inputs.simulators ?? [];
  const [passage, door, tamper] = sims;
  if (passage === undefined || door === undefined || tamper === undefined) throw new Error('inputs not simulated');
  passage.setContact(false); // a PASS output is open at rest
  const g = gate;
  await waitFor('the module answering', () => g.app.gate.devices.get('out')?.inputs.inputs.every((i) => i.line.state() !== 'lost'));
  return { gate, passage, door, tamper };
}

/** One person admitted at the exit (from the idle screen); resolves with the decision's seq once it is committed. */
async function admit(g: TestGate, idNumber: string): Promise<number> {
  await waitFor('idle', () => (g.lane.view().screen.kind === 'idle' ? true : undefined));
  const before = readDecisions(g.journalFile).length;
  await g.sims.scanner.scan(idNumber);
  g.sims.thermometer.setScene(at(36.6));
  await waitFor('identified', () => (g.lane.view().screen.kind === 'collecting' ? true : undefined));
  expect(g.lane.declareMask().ok).toBe(true);
  const row = await waitFor('the admit', () => readDecisions(g.journalFile)[before]);
  expect(row.verdict).toBe('admit');
  g.sims.thermometer.setScene(AMBIENT);
  return row.seq;
}

const passages = (file: string): { decision_seq: number; confirmed: number }[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT decision_seq, confirmed FROM passages ORDER BY id').all() as never;
  } finally {
    db.close();
  }
};

describe('gate inputs, end to end', () => {
  it('an admit followed by a passage is a confirmed passage; one with none in the window is recorded not passed', async () => {
    const { gate, passage } = await start();
    const first = await admit(gate, '11010519491231002X');
    passage.setContact(true); // the turnstile's PASS contact closes for the passage
    await waitFor('the passage confirmed', () => readEvents(gate.journalFile, ['passage.confirmed'])[0]);
    passage.setContact(false);
    expect(passages(gate.journalFile)).toEqual([{ decision_seq: first, confirmed: 1 }]);

    const second = await admit(gate, '11010519491231002X');
    const missed = await waitFor('the window to end', () => readEvents(gate.journalFile, ['passage.not-passed'])[0], WINDOW_MS + 5000);
    expect(missed.detail).toMatchObject({ lane: 'out', seq: second, afterMs: WINDOW_MS });
    // The decision rows stay as they were: two admits; only the first has a passage.
    expect(readDecisions(gate.journalFile).map((d) => d.verdict)).toEqual(['admit', 'admit']);
    expect(passages(gate.journalFile)).toEqual([{ decision_seq: first, confirmed: 1 }]);

    passage.setContact(true); // nobody was admitted: someone pushed through
    await waitFor('an unexpected passage', () => readEvents(gate.journalFile, ['passage.unexpected'])[0]);
  });

  it('a door held open longer than heldOpenMs, and an opened tamper switch, are alarms: journaled and in the view', async () => {
    const { gate, door, tamper } = await start();
    door.setContact(false);
    const alarm = await waitFor('the door alarm', () => gate.app.gate.view().lanes[0]?.alarms.find((a) => a.kind === 'door-held-open'));
    expect(alarm).toMatchObject({ input: 1, cause: 'signal' });
    tamper.setContact(false);
    await waitFor('the tamper alarm', () => gate.app.gate.view().lanes[0]?.alarms.find((a) => a.kind === 'tamper'));
    // A banner, not a block: the lane still takes people.
    expect(gate.lane.view().screen.kind).toBe('idle');
    door.setContact(true);
    tamper.setContact(true);
    await waitFor('both cleared', () => (gate.app.gate.view().lanes[0]?.alarms.length === 0 ? true : undefined));
    const events = readEvents(gate.journalFile, ['alarm.door-held-open', 'alarm.tamper']);
    expect(events.map((e) => [e.kind, e.detail['phase']])).toEqual([
      ['alarm.door-held-open', 'start'],
      ['alarm.tamper', 'start'],
      ['alarm.door-held-open', 'end'],
      ['alarm.tamper', 'end'],
    ]);
  });

  it('a door shut again before heldOpenMs raises nothing', async () => {
    const { gate, door } = await start();
    door.setContact(false);
    await waitFor('the module to have seen it', () => gate.app.gate.devices.get('out')?.inputs.inputs[1]?.line.state() === 'open');
    door.setContact(true);
    await waitFor('the module to have seen it shut', () => gate.app.gate.devices.get('out')?.inputs.inputs[1]?.line.state() === 'closed');
    // Past heldOpenMs since it opened: the timer was cancelled.
    const since = Date.now();
    await waitFor('heldOpenMs to pass', () => Date.now() - since > HELD_OPEN_MS + 100);
    expect(readEvents(gate.journalFile, ['alarm.door-held-open'])).toEqual([]);
  });
});

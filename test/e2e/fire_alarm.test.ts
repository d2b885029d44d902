/**
 * The fire alarm end to end (docs/inputs.md): a Modbus RTU input module simulated on its own socat pty, read by
 * the real driver through the real serialport binding; the LCUS relay boards simulated on theirs; the real
 * journal. Latency is measured from the simulated input's change to the relay command arriving at the simulated
 * board over its pty, both on the process's monotonic clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { SimulatedInput } from '../../main/inputs/open-inputs.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions, readEvents } from '../harness/journal.js';

const AMBIENT = { objectC: 25, ambientC: 24.5 };
const at = (bodyC: number) => ({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });
const RESTORE_MS = 300;
/** The bound: exits free within 200 ms of the input opening. */
const FREE_WITHIN_MS = 200;

let gate: TestGate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});

const fireInputWith = (source: Record<string, unknown>) => ({ kind: 'fire-alarm', source: { kind: 'modbus-rtu', device: { kind: 'simulated' }, input: 0, ...source }, restoreMs: RESTORE_MS });
/**
 * The tests of the loop opening give the module a long lostAfterMs: at the default 300 ms, a stall of the test
 * process under a loaded CI machine reads as a lost link, which raises the alarm (and frees the exits) before the
 * loop opens, so no command comes after `opened`. Only the lost-link test keeps the default.
 */
const fireInput = fireInputWith({ lostAfterMs: 5000 });

async function start(input: Record<string, unknown> = fireInput): Promise<{ gate: TestGate; fire: SimulatedInput }> {
  gate = await startTestGate({
    lanes: [
      { id: 'in', direction: 'entry', inputs: [input] },
      { id: 'out', direction: 'exit' },
    ],
  });
  for (const id of ['in', 'out']) gate.laneById(id).sims.thermometer.setScene(AMBIENT);
  const fire = gate.app.gate.devices.get('in')?.inputs.simulators[0];
  if (fire === undefined) throw new Error('the fire input is not simulated');
  await waitFor('the input module answering', () => gate?.app.gate.devices.get('in')?.inputs.inputs[0]?.line.state() === 'closed');
  return { gate, fire };
}

/** The first command on the lane's gate channel at or after `since` (monotonic ms) that puts it `on`. */
const onCommandAfter = (g: TestGate, lane: string, since: number) => () => g.laneById(lane).sims.relay.commands().find((c) => c.channel === 1 && c.on && c.at >= since);
const lastCommand = (g: TestGate, lane: string) => g.laneById(lane).sims.relay.commands().at(-1);

describe('fire alarm, end to end', () => {
  it('frees every lane within 200 ms of the loop opening, journals it, shows it, and returns the gates to normal when the loop closes', async () => {
    const { gate, fire } = await start();
    expect(gate.app.gate.view().fire).toBeNull();

    const opened = monotonicNow();
    fire.setContact(false);
    const freedIn = await waitFor('lane in freed', onCommandAfter(gate, 'in', opened));
    const freedOut = await waitFor('lane out freed', onCommandAfter(gate, 'out', opened));
    const latencies = [freedIn.at - opened, freedOut.at - opened];
    console.log(`fire alarm: loop opened → relay command at the board: ${latencies.map((l) => l.toFixed(1)).join(' ms, ')} ms`);
    for (const l of latencies) expect(l).toBeLessThan(FREE_WITHIN_MS);

    const view = await waitFor('the fire alarm in the view', () => gate.app.gate.view().fire ?? undefined);
    expect(view.freed.sort()).toEqual(['in', 'out']);
    expect(view.inputs).toEqual([{ lane: 'in', input: 0, cause: 'signal' }]);
    const [started] = readEvents(gate.journalFile, ['alarm.fire']);
    expect(started?.detail).toMatchObject({ phase: 'start', lane: 'in', input: 0, cause: 'signal' });

    const closed = monotonicNow();
    fire.setContact(true);
    const safeAgain = await waitFor('lane out back to its safe state', () => gate.laneById('out').sims.relay.commands().find((c) => c.channel === 1 && !c.on && c.at >= closed));
    // Not before the loop has stayed closed for restoreMs.
    expect(safeAgain.at - closed).toBeGreaterThanOrEqual(RESTORE_MS - 5);
    await waitFor('lane in back to its safe state', () => (lastCommand(gate, 'in')?.on === false ? true : undefined));
    await waitFor('the alarm gone from the view', () => gate.app.gate.view().fire === null);
    const events = readEvents(gate.journalFile, ['alarm.fire']);
    expect(events.map((e) => e.detail['phase'])).toEqual(['start', 'end']);
    expect(events[1]?.detail['durationMs']).toBeGreaterThanOrEqual(RESTORE_MS);
  });

  it('overrides a denial in progress: the session is still decided and journaled as a denial, and the exit stays free', async () => {
    const { gate, fire } = await start();
    const out = gate.laneById('out');
    await out.sims.scanner.scan('440524188001010014');
    out.sims.thermometer.setScene(at(38.2));
    await waitFor('a re-measure prompt', () => {
      const s = out.lane.view().screen;
      return s.kind === 'collecting' && s.remeasure;
    });
    const opened = monotonicNow();
    fire.setContact(false);
    const freed = await waitFor('the exit freed', onCommandAfter(gate, 'out', opened));
    expect(freed.at - opened).toBeLessThan(FREE_WITHIN_MS);
    out.sims.thermometer.setScene(at(38.4));
    await waitFor('the denial', () => (out.lane.view().screen.kind === 'verdict' ? true : undefined));
    const decision = readDecisions(gate.journalFile).find((d) => d.body.subject?.masked.startsWith('4405') === true);
    expect(decision?.verdict).toBe('deny');
    // Nothing since the alarm put the exit back: its last command is still "free".
    expect(lastCommand(gate, 'out')).toMatchObject({ channel: 1, on: true });
    expect(gate.app.gate.view().lanes.find((l) => l.id === 'out')?.screen.kind).toBe('verdict');
    expect(gate.app.gate.view().fire?.freed).toContain('out');
  });

  it('takes a lost link to the fire input as an alarm', async () => {
    const { gate, fire } = await start(fireInputWith({}));
    const silenced = monotonicNow();
    fire.setSilent(true);
    const freed = await waitFor('lane out freed', onCommandAfter(gate, 'out', silenced));
    // Within the source's lostAfterMs (default 300) and a poll.
    expect(freed.at - silenced).toBeLessThan(300 + 50 + FREE_WITHIN_MS);
    await waitFor('the alarm journaled', () => readEvents(gate.journalFile, ['alarm.fire'])[0]);
    expect(readEvents(gate.journalFile, ['alarm.fire'])[0]?.detail).toMatchObject({ phase: 'start', cause: 'lost' });
    expect(gate.app.gate.view().fire?.inputs[0]?.cause).toBe('lost');
    fire.setSilent(false);
    await waitFor('the alarm over once the module answers again', () => gate.app.gate.view().fire === null);
  });

  it('an admit during the alarm sends no pulse that could lock the freed gate again', async () => {
    const { gate, fire } = await start();
    const out = gate.laneById('out');
    const opened = monotonicNow();
    fire.setContact(false);
    await waitFor('the exit freed', onCommandAfter(gate, 'out', opened));
    const before = out.sims.relay.commands().length;
    await out.sims.scanner.scan('11010519491231002X');
    out.sims.thermometer.setScene(at(36.6));
    await waitFor('identified', () => (out.lane.view().screen.kind === 'collecting' ? true : undefined));
    expect(out.lane.declareMask().ok).toBe(true);
    await waitFor('the admit', () => {
      const s = out.lane.view().screen;
      return s.kind === 'verdict' && s.verdict === 'admit' ? true : undefined;
    });
    expect(readDecisions(gate.journalFile).at(-1)?.verdict).toBe('admit');
    // The pulse it asked for changed nothing on the held channel: from the alarm to its end, the board got only "back to safe".
    const closed = monotonicNow();
    fire.setContact(true);
    await waitFor('the exit back to its safe state', () => out.sims.relay.commands().find((c) => !c.on && c.at >= closed));
    expect(out.sims.relay.commands().slice(before).map((c) => [c.channel, c.on])).toEqual([[1, false]]);
  });
});

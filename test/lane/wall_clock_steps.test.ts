/**
 * The lane's timers and windows run on the monotonic clock: stepping the wall clock (as `date -s` or an NTP
 * step does) changes no timeout, window or binding. Reproduces the field report: X's 36.5 °C taken without
 * an ID, the wall clock stepped back 10 minutes, Y scanning 9 s later and reading 38.6 °C — Y must be judged
 * on Y's own reading, with or without the step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checksPolicyJson } from '../fixtures/policy.js';
import { AMBIENT_C, fakeLane, measure, type FakeLane } from './fake-lane.js';

const Y_ID = '11010519491231002X';
const TEN_MINUTES = 600_000;

let f: FakeLane | undefined;
afterEach(() => f?.close());

/** What a run decided and journaled, without its timestamps and ids. */
const outcome = (lane: FakeLane) => ({
  decisions: lane.decisions.map((d) => ({ verdict: d.decision.verdict, ending: d.ending, rules: d.decision.rules.map((r) => [r.id, r.outcome, r.values]) })),
  events: lane.events.map((e) => [e.kind, e.detail]),
  pulses: lane.pulses.length,
});

/** X measures without scanning and (if `xLeaves`) walks off; 9 s later Y scans and measures 38.6 °C twice. */
async function xThenY(stepWall: (lane: FakeLane) => void, xLeaves: boolean) {
  const lane = (f = fakeLane({ policy: checksPolicyJson() }));
  await measure(lane, 36.5);
  if (xLeaves) lane.frame(AMBIENT_C);
  stepWall(lane);
  await lane.advance(9000);
  await lane.scan(Y_ID);
  await lane.advance(1100); // the selector's pause before a fresh reading
  await measure(lane, 38.6);
  await lane.advance(1100);
  await measure(lane, 38.6);
  const r = outcome(lane);
  lane.close();
  f = undefined;
  return r;
}

describe('stepping the wall clock', () => {
  it.each([
    ['X is seen to leave', true],
    ['the thermometer never sees X leave', false],
  ])('never lets Y pass on X’s reading (%s), and changes nothing the lane decides', async (_case, xLeaves) => {
    const steady = await xThenY(() => undefined, xLeaves);
    const back = await xThenY((lane) => lane.stepWall(-TEN_MINUTES), xLeaves);
    const forward = await xThenY((lane) => lane.stepWall(+TEN_MINUTES), xLeaves);
    expect(steady.decisions).toHaveLength(1);
    expect(steady.decisions[0]).toMatchObject({ verdict: 'deny', ending: 'complete' });
    expect(steady.decisions[0]?.rules.find(([id]) => id === 'temperature')?.[2]).toMatchObject({ readingsC: [38.6, 38.6] });
    expect(steady.pulses).toBe(0);
    expect(steady.events).toEqual([['reading.discarded', { lane: 'l1', readings: 1, why: xLeaves ? 'left' : 'stale' }]]);
    expect(back).toEqual(steady);
    expect(forward).toEqual(steady);
  });

  it('fires the step timeout after exactly stepMs of monotonic time, however the wall clock moves', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson() }));
    await lane.scan(Y_ID);
    lane.stepWall(-TEN_MINUTES);
    await lane.advance(7000);
    lane.stepWall(+3_600_000);
    await lane.advance(15_000 - 7000 - 1);
    expect(lane.decisions).toHaveLength(0);
    await lane.advance(1);
    expect(lane.decisions.map((d) => [d.decision.verdict, d.ending])).toEqual([['refer', 'step-timeout']]);
  });

  it('binds a reading taken within preIdentityMs of the scan, whatever the wall clock did in between', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson(), preIdentityMs: 3000 }));
    await measure(lane, 36.5); // two steady frames make a reading: it is taken 200 ms in; measure ends at 600 ms
    lane.stepWall(-TEN_MINUTES);
    await lane.advance(3000 - 400); // the scan lands exactly preIdentityMs after the reading
    await lane.scan(Y_ID);
    expect(lane.lane.view().screen).toMatchObject({ kind: 'collecting', temperature: 'done', person: { kind: 'resident-id' } });
    expect(lane.events).toEqual([]);
    expect(lane.lane.declareMask().ok).toBe(true);
    expect(lane.decisions.map((d) => d.decision.verdict)).toEqual(['admit']);
  });
});

/**
 * A thermometer whose link goes away mid-session (unplugged; it reopens by itself): nobody can be seen to leave
 * it, so its loss counts as the person having left. A reading taken before anyone was identified is nobody's
 * after the gap, and the lane's failing polls are logged once per change, with their count, not once each.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checksPolicyJson, demoPolicyOnly } from '../fixtures/policy.js';
import { fakeLane, measure, type FakeLane } from './fake-lane.js';

const Y_ID = '11010519491231002X';

// Identity and temperature decide: a bound reading admits at once.
const policy = demoPolicyOnly(['identity', 'temperature']);

let f: FakeLane | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

/** X measures 36.5 °C without scanning; the thermometer is lost (or not) and back; Y scans 2 s later and stays put. */
async function xThenY(lose: boolean): Promise<FakeLane> {
  const lane = (f = fakeLane({ policy }));
  await measure(lane, 36.5);
  if (lose) lane.loseThermometer();
  await lane.advance(1000);
  lane.thermometerBack();
  await lane.advance(1000);
  await lane.scan(Y_ID);
  await lane.advance(100);
  return lane;
}

describe('the thermometer lost mid-session', () => {
  it('without a loss, a reading from 2 s before the identity counts (the window this guards)', async () => {
    const lane = await xThenY(false);
    expect(lane.decisions.map((d) => d.decision.verdict)).toEqual(['admit']);
    expect(lane.pulses).toHaveLength(1);
  });

  it('drops the reading taken before the identity, journaled as left, and admits no one on it', async () => {
    const lane = await xThenY(true);
    expect(lane.events).toContainEqual({ kind: 'reading.discarded', detail: { lane: 'l1', readings: 1, why: 'left' } });
    await lane.advance(20_000); // the step timeout: decided on what it has, which is no temperature
    expect(lane.decisions.map((d) => [d.decision.verdict, d.ending])).toEqual([['refer', 'step-timeout']]);
    expect(lane.pulses).toEqual([]);
  });

  it('keeps the readings of someone already identified (the demo policy: they tap the mask button after the loss)', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson() }));
    await lane.scan(Y_ID);
    await measure(lane, 36.5);
    lane.loseThermometer();
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(0);
    expect(lane.decisions.map((d) => d.decision.verdict)).toEqual(['admit']);
  });

  it('logs failing polls once when they start and once when they end, with the count', async () => {
    const lines: { msg: string; failedPolls?: number }[] = [];
    const log = pino({ level: 'info', base: null }, { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) });
    const lane = (f = fakeLane({ policy, log }));
    lane.loseThermometer();
    await lane.advance(3000); // 5 polls a second
    lane.thermometerBack();
    await lane.advance(400);
    const polls = lines.filter((l) => l.msg.startsWith('thermometer quer'));
    expect(polls.map((l) => l.msg)).toEqual(['thermometer query failed; further failures are counted', 'thermometer queries go through again']);
    expect(polls[1]?.failedPolls).toBe(15);
  });
});

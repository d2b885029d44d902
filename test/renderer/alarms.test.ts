/** The fire alarm screen and the lane alarm banner, in Chromium, fed view snapshots through a fake window.gate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateView } from '../../src/ipc/view.js';
import { NOW, fullEvidence } from '../fixtures/policy.js';
import { startKiosk, type Kiosk } from './browser.js';
import { EXIT_LANE, LANE, collecting, idle, verdict, view, type ViewInput } from './views.js';

let kiosk: Kiosk;
beforeAll(async () => {
  kiosk = await startKiosk();
});
afterAll(async () => {
  await kiosk.close();
});

const withFire = (v: ViewInput): ViewInput => ({ ...v, fire: { since: NOW, inputs: [{ lane: LANE, input: 0, cause: 'signal' }], freed: [LANE, EXIT_LANE] } });
const withLaneAlarms = (v: ViewInput, kinds: ('door-held-open' | 'tamper')[]): ViewInput => ({
  ...v,
  lanes: v.lanes.map((l, i) => (i === 0 ? { ...l, alarms: kinds.map((kind, input) => ({ kind, input, cause: 'signal' as const, since: NOW })) } : l)),
});

describe('kiosk: gate input alarms', () => {
  it('the views with alarms are what the contract accepts', () => {
    expect(gateView.safeParse(withFire(view(1, idle))).success).toBe(true);
    expect(gateView.safeParse(withLaneAlarms(view(1, idle), ['tamper'])).success).toBe(true);
  });

  it('a fire alarm replaces whatever screen shows, on every lane, in both languages; it goes when the alarm ends', async () => {
    for (const [search, screen] of [
      ['', collecting()],
      [`?lane=${EXIT_LANE}`, verdict(fullEvidence(), { seq: 1, id: 'd1' })],
    ] as const) {
      const k = await kiosk.open({ search });
      await k.push(withFire(view(1, screen, { exitScreen: screen })));
      const alarm = k.page.getByTestId('screen-fire-alarm');
      await alarm.waitFor();
      const text = await alarm.innerText();
      expect(text).toContain('火警');
      expect(text).toContain('Fire alarm');
      expect(await k.page.getByTestId('screen-collecting').count()).toBe(0);
      expect(await k.page.getByTestId('verdict').count()).toBe(0);
      await k.shot(`fire-alarm${search === '' ? '' : '-exit'}`);
      await k.push(view(2, idle, { exitScreen: idle }));
      await k.page.getByTestId('screen-idle').waitFor();
      expect(await alarm.count()).toBe(0);
    }
  });

  it('door held open and tamper show as a banner over the lane\'s screen, which still shows its verdict', async () => {
    const k = await kiosk.open();
    await k.push(withLaneAlarms(view(1, verdict(fullEvidence(), { seq: 1, id: 'd1' })), ['door-held-open', 'tamper']));
    const banner = k.page.getByTestId('alarm-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-alarms')).toBe('door-held-open tamper');
    const text = await banner.innerText();
    expect(text).toContain('门未关闭');
    expect(text).toContain('The kiosk has been opened');
    await k.page.getByTestId('verdict').waitFor();
    await k.shot('alarm-banner');
    await k.push(view(2, idle));
    await k.page.getByTestId('screen-idle').waitFor();
    expect(await banner.count()).toBe(0);
  });
});

/** The kiosk screen in Chromium, fed view snapshots through a fake window.gate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateView } from '../../src/ipc/view.js';
import { NOW, fullEvidence, person, reading } from '../fixtures/policy.js';
import { startKiosk, type Kiosk, type KioskPage } from './browser.js';
import { LANE, collecting, idle, verdict, view } from './views.js';

let kiosk: Kiosk;
beforeAll(async () => {
  kiosk = await startKiosk();
});
afterAll(async () => {
  await kiosk.close();
});

const text = (k: KioskPage, testid: string): Promise<string> => k.page.getByTestId(testid).innerText();

async function openWith(first: unknown, opts?: Parameters<Kiosk['open']>[0]): Promise<KioskPage> {
  const k = await kiosk.open(opts);
  await k.push(first);
  return k;
}

describe('kiosk screen', () => {
  it('builds its fixtures from views the contract accepts', () => {
    expect(gateView.safeParse(view(1, idle)).success).toBe(true);
    expect(gateView.safeParse(view(1, collecting())).success).toBe(true);
    expect(gateView.safeParse(view(1, verdict(fullEvidence(), { seq: 1, id: 'd1' }))).success).toBe(true);
  });

  it('idle: says the rules in force in plain words generated from the policy, with their citations', async () => {
    const k = await openWith(view(1, idle));
    await expect.poll(() => text(k, 'prompt')).toContain('请出示证件或扫码');
    const rules = await text(k, 'rules');
    expect(rules).toContain('体温低于 37.3 °C');
    expect(rules).toContain('Body temperature below 37.3 °C');
    expect(rules).toContain('须佩戴口罩');
    expect(rules).toContain('Mask required');
    expect(rules).toContain('居民身份证、工作证或人工登记');
    expect(rules).toContain('resident ID card, staff badge or guard registration');
    expect(rules).toContain('武汉市新冠肺炎疫情防控指挥部关于建立疫情防控长效机制持续做好小区封控管理工作的通知 · 四、严格规范小区出入管理：体温必测');
    expect(rules).toContain('Set locally, not by the notice');
    const policy = view(1, idle).policy;
    const footer = await text(k, 'policy-line');
    expect(footer).toContain(`${policy.id}`);
    expect(footer).toContain(`Version ${policy.version}`);
    expect(footer).toContain(policy.sha256.slice(0, 12));
    expect(footer).not.toContain(policy.sha256.slice(0, 13));
    const devices = k.page.getByTestId('devices').locator('li');
    expect(await devices.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-role')}:${e.getAttribute('data-state')}`))).toEqual([
      'thermometer:ready',
      'scanner:error',
      'relay:disconnected',
    ]);
    await k.shot('idle');
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.shot('idle-portrait');

    await k.push(view(2, idle, { thresholdC: 37.5 }));
    await expect.poll(() => text(k, 'rules')).toContain('Body temperature below 37.5 °C');
    expect(await text(k, 'rules')).not.toContain('37.3');
    expect(k.errors).toEqual([]);
  });

  it('idle: points out a rejected scan for a few seconds', async () => {
    const k = await openWith(view(1, idle, { notice: { code: 'scan.bad-check-digit', at: Date.now() } }));
    await expect.poll(() => text(k, 'scan-notice')).toContain('证件号码有误');
    await k.shot('idle-scan-notice');
    await k.push(view(2, idle, { notice: { code: 'scan.unrecognised', at: Date.now() - 60_000 } }));
    await expect.poll(() => k.page.getByTestId('scan-notice').count()).toBe(0);
  });

  it('collecting: shows each step and the next instruction, and the mask button declares for this lane', async () => {
    const k = await openWith(view(1, collecting()));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('scan');
    expect(await text(k, 'prompt')).toContain('Please scan your ID or code');

    await k.push(view(2, collecting({ identity: 'done', person: { kind: 'resident-id', masked: person.masked } })));
    await expect.poll(() => text(k, 'prompt')).toContain('Please hold your wrist to the thermometer');
    expect(await text(k, 'person')).toBe(person.masked);
    await k.shot('collecting-measure');

    await k.push(view(3, collecting({ identity: 'done', remeasure: true, temperatureC: 37.6, person: { kind: 'resident-id', masked: person.masked } })));
    await expect.poll(() => text(k, 'prompt')).toContain('请重新测温');
    expect(await text(k, 'temperature')).toContain('37.6 °C');

    await k.push(view(4, collecting({ identity: 'done', temperature: 'done', temperatureC: 36.6, person: { kind: 'resident-id', masked: person.masked } })));
    const button = k.page.getByTestId('declare-mask');
    await expect.poll(() => button.innerText()).toContain('我已佩戴口罩');
    const steps = await k.page.getByTestId('steps').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(steps).toEqual(['done', 'done', 'waiting']);
    await k.shot('collecting-mask');
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.shot('collecting-mask-portrait');

    await button.click();
    await expect.poll(async () => (await k.invocations()).filter((i) => i.channel === 'gate:declare-mask')).toEqual([
      { channel: 'gate:declare-mask', input: { lane: LANE } },
    ]);
    expect(k.errors).toEqual([]);
  });

  it('admit: green, no reasons, and marks the paint of the decision', async () => {
    const k = await openWith(view(1, verdict(fullEvidence(), { seq: 122, id: 'dec-admit' })));
    const v = k.page.getByTestId('verdict');
    await expect.poll(() => v.getAttribute('data-verdict')).toBe('admit');
    expect(await v.innerText()).toContain('请通行');
    expect(await k.page.getByTestId('reasons').count()).toBe(0);
    expect(await text(k, 'record')).toContain('Record #122');
    await expect.poll(() => k.page.evaluate(() => performance.getEntriesByName('verdict-painted:dec-admit', 'mark').length)).toBe(1);
    await k.shot('verdict-admit');
    expect(k.errors).toEqual([]);
  });

  it('deny: red, with the failed temperature rule and the missing mask in plain words with their values', async () => {
    const evidence = { identity: person, temperatures: [reading(37.8), reading(37.9, NOW + 2000)] };
    const k = await openWith(view(1, verdict(evidence, { seq: 123, id: 'dec-deny' })));
    const v = k.page.getByTestId('verdict');
    await expect.poll(() => v.getAttribute('data-verdict')).toBe('deny');
    const reasons = await text(k, 'reasons');
    expect(reasons).toContain('体温 37.9 °C，不低于 37.3 °C');
    expect(reasons).toContain('Temperature 37.9 °C is not below 37.3 °C');
    expect(reasons).toContain('未确认佩戴口罩');
    expect(reasons).toContain('Mask not confirmed');
    expect(reasons).not.toContain('未识别身份');
    expect(await text(k, 'record')).toContain('记录 #123');
    await k.shot('verdict-deny');
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.shot('verdict-deny-portrait');
  });

  it('refer: amber, with missing evidence and the policy-expired note', async () => {
    const k = await openWith(view(1, verdict({ temperatures: [], mask: { kind: 'self-declared', at: NOW } }, { seq: 124, id: 'dec-refer', expired: true })));
    const v = k.page.getByTestId('verdict');
    await expect.poll(() => v.getAttribute('data-verdict')).toBe('refer');
    expect(await v.innerText()).toContain('请等待工作人员');
    const reasons = await text(k, 'reasons');
    expect(reasons).toContain('未识别身份');
    expect(reasons).toContain('未测得体温');
    expect(reasons).toContain('No temperature reading');
    expect(reasons).toContain('防控规则已过期');
    expect(reasons).not.toContain('口罩');
    await k.shot('verdict-refer');
  });

  it('fault: says so, with the code', async () => {
    const k = await openWith(view(1, { kind: 'fault', code: 'journal.write-failed' }));
    await expect.poll(() => text(k, 'screen-fault')).toContain('系统故障，请联系工作人员');
    expect(await text(k, 'screen-fault')).toContain('journal.write-failed');
    await k.shot('fault');
  });

  it('shows the lane named by ?lane=', async () => {
    const k = await openWith(view(1, idle), { search: '?lane=side-exit' });
    await expect.poll(() => text(k, 'screen-fault')).toContain('relay.stuck');
  });

  it('ignores a snapshot older than the one shown', async () => {
    const k = await openWith(view(5, verdict(fullEvidence(), { seq: 1, id: 'dec-5' })));
    await expect.poll(() => k.page.getByTestId('verdict').count()).toBe(1);
    await k.push(view(4, idle));
    await k.settle();
    expect(await k.page.getByTestId('screen-idle').count()).toBe(0);
    await k.push(view(6, idle));
    await expect.poll(() => k.page.getByTestId('screen-idle').count()).toBe(1);
  });

  it('keeps the last good view when a malformed one arrives', async () => {
    const k = await openWith(view(1, collecting()));
    await expect.poll(() => k.page.getByTestId('screen-collecting').count()).toBe(1);
    await k.push({ revision: 9, lanes: 'nope' });
    await k.push({ ...view(10, idle), lanes: [{ id: LANE, direction: 'entry', screen: { kind: 'party' }, notice: null }] });
    await k.push(null);
    await k.settle();
    expect(await k.page.getByTestId('screen-collecting').count()).toBe(1);
    await k.push(view(11, { kind: 'fault', code: 'x' }));
    await expect.poll(() => k.page.getByTestId('screen-fault').count()).toBe(1);
    expect(k.errors).toEqual([]);
  });
});

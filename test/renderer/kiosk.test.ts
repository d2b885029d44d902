/** The kiosk screen in Chromium, fed view snapshots through a fake window.gate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateView } from '../../src/ipc/view.js';
import { NOW, demoPolicyJson, fullEvidence, person, reading } from '../fixtures/policy.js';
import { startKiosk, type Kiosk, type KioskPage } from './browser.js';
import {
  EXIT_LANE,
  FULL_LANE,
  LANE,
  allKindsPolicyJson,
  collecting,
  fullLane,
  healthCode,
  idle,
  paramsOf,
  policyOf,
  residentRegisters,
  travel,
  untrustedClock,
  verdict,
  view,
  type PolicyJson,
} from './views.js';

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

/** Evidence that passes every entry rule of the all-kinds policy for a resident. */
const allGood = () => ({ ...fullEvidence(), healthCode: healthCode('green'), travel: travel() });

/** The all-kinds policy with `edit` applied. */
function allKinds(edit: (json: PolicyJson) => void = () => undefined): PolicyJson {
  const json = allKindsPolicyJson();
  edit(json);
  return json;
}

/** The rule list shrinks its type a step per frame until it fits: wait for that, then take the screenshot. */
async function shotWhenFitted(k: KioskPage, name: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 20; i++) {
    await k.settle();
    const fit = (await k.page.getByTestId('rules').getAttribute('data-fit')) ?? '';
    if (fit === last) break;
    last = fit;
  }
  await k.shot(name);
}

/** Whether every rule item lies wholly inside the window: nothing in force may be cut off. */
async function allRulesOnScreen(k: KioskPage): Promise<string[]> {
  return k.page.getByTestId('rule').evaluateAll((els) =>
    els.filter((e) => {
      const r = e.getBoundingClientRect();
      const box = e.closest('[data-testid="rules"]')?.getBoundingClientRect();
      return r.top < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || (box !== undefined && r.bottom > box.bottom + 0.5);
    }).map((e) => e.getAttribute('data-rule') ?? '?'),
  );
}

/**
 * Of the elements `selector` matches, each one not wholly inside the window (`off:`) and each pair that lies
 * on top of one another (`overlap:`), named by what they show.
 */
function misplaced(k: KioskPage, selector: string): Promise<string[]> {
  return k.page.locator(selector).evaluateAll((els) => {
    const nameOf = (e: Element): string =>
      e.getAttribute('data-rule') ?? e.getAttribute('data-note') ?? e.getAttribute('data-id') ?? e.getAttribute('data-summary') ?? e.getAttribute('data-testid') ?? e.classList[0] ?? e.tagName;
    const boxes = els.map((e) => ({ name: nameOf(e), r: e.getBoundingClientRect() }));
    const out = boxes.filter(({ r }) => r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5).map((b) => `off:${b.name}`);
    const overlaps = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).filter((b) => a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom).map((b) => `overlap:${a.name}/${b.name}`),
    );
    return [...out, ...overlaps];
  });
}

/** Each device chip on the page as `role:id:state` (the one all-ready chip as `all-ready`), and its words. */
function chips(k: KioskPage): Promise<{ chip: string; text: string }[]> {
  return k.page.getByTestId('devices').locator('li').evaluateAll((els) =>
    els.map((e) => ({
      chip: e.getAttribute('data-summary') ?? `${e.getAttribute('data-role')}:${e.getAttribute('data-id')}:${e.getAttribute('data-state')}`,
      text: (e as HTMLElement).innerText.replace(/\s+/g, ' '),
    })),
  );
}

describe('kiosk screen', () => {
  it('builds its fixtures from views the contract accepts', () => {
    expect(gateView.safeParse(view(1, idle)).success).toBe(true);
    expect(gateView.safeParse(view(1, collecting())).success).toBe(true);
    expect(gateView.safeParse(view(1, verdict(fullEvidence(), { seq: 1, id: 'd1' }))).success).toBe(true);
    const all = allKindsPolicyJson();
    const exit = verdict(allGood(), { seq: 2, id: 'd2', policy: allKindsPolicyJson(), direction: 'exit', registers: residentRegisters({ quarantined: true }) });
    expect(gateView.safeParse(view(1, idle, { policy: all, clock: untrustedClock, exitScreen: exit })).success).toBe(true);
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
    expect(rules).toContain('① 武汉市新冠肺炎疫情防控指挥部关于创建疫情防控长效机制不断做好小区封控管理工作的资讯');
    expect(rules).toContain('四、严格和标准小区出入管控。'); // the clause in the notice's own words, from the catalogue
    expect(await k.page.locator('[data-rule="temperature"] .cite').innerText()).toBe('① 4');
    expect(await k.page.getByTestId('clause').count()).toBe(1); // four rules cite clause 4: it is quoted once
    expect(rules).toContain('Set locally, not by the notice');
    const policy = policyOf(view(1, idle));
    const footer = await text(k, 'policy-line');
    expect(footer).toContain(`${policy.id}`);
    expect(footer).toContain(`Version ${policy.version}`);
    expect(footer).toContain(policy.sha256.slice(0, 12));
    expect(footer).not.toContain(policy.sha256.slice(0, 13));
    // Only the devices that are not ready: the thermometer is, so it has no chip.
    expect((await chips(k)).map((c) => c.chip)).toEqual(['scanner:scanner:error', 'relay:relay:disconnected']);
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
    const steps = await k.page.getByTestId('steps').locator('li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')}:${e.getAttribute('data-state')}`));
    expect(steps).toEqual(['step-identity:done', 'step-healthCode:not-required', 'step-travel:not-required', 'step-temperature:done', 'step-mask:waiting']);
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
    const k = await openWith(view(1, verdict(fullEvidence(), { seq: 122, id: 'dec-admit', registers: residentRegisters() })));
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

  it('out of service: says so, why in words, with the devices still listed; back in service, the idle screen', async () => {
    const k = await openWith({ ...view(1, idle, { service: { state: 'out-of-service', code: 'journal.full', since: NOW } }), policy: null, lanes: [] });
    const screen = k.page.getByTestId('screen-out-of-service');
    await expect.poll(() => screen.getAttribute('data-code')).toBe('journal.full');
    expect(await screen.innerText()).toContain('暂停服务，请联系工作人员');
    expect(await screen.innerText()).toContain('Out of service — please see the guard');
    expect(await screen.innerText()).toContain("the gate's storage is full");
    expect(await k.page.getByTestId('devices').locator('li').count()).toBeGreaterThan(0);
    await k.shot('out-of-service');
    await k.push(view(2, idle));
    await k.page.getByTestId('screen-idle').waitFor();
    expect(k.errors).toEqual([]);
  });

  describe('a lane with six devices (thermometer, relay and four readers)', () => {
    const SIZES = [
      { width: 1280, height: 800 },
      { width: 800, height: 1280 },
    ] as const;
    /** What the idle screen must keep apart and inside the window: the invitation, every device chip, the small print. */
    const IDLE_PARTS = '.prompt, .device, [data-testid="retention"], [data-testid="policy-line"]';
    /** Every device not ready, each way a link can be (a USB hub pulled out, a gate starting up). */
    const down = {
      thermometer: { state: 'offline', since: NOW },
      'qr-front': { state: 'error', code: 'serial.eio', message: 'I/O error' },
      'id-card': { state: 'offline', since: NOW },
      mrz: { state: 'opening' },
      'badge-side': { state: 'offline', since: NOW },
      relay: { state: 'disconnected' },
    } as const;

    /** At each kiosk size, under the demo policy and under every rule kind (the two-column layout): nothing off screen, nothing on top of another. */
    async function idleFitsEverywhere(name: string, devices: ReturnType<typeof fullLane>): Promise<void> {
      for (const [revision, policy] of [demoPolicyJson(), allKinds()].entries()) {
        const k = await openWith(view(revision + 1, idle, { devices, policy }));
        for (const size of SIZES) {
          await k.page.setViewportSize(size);
          await shotWhenFitted(k, `idle-six-devices-${name}-${revision}-${size.width}x${size.height}`);
          expect(await misplaced(k, IDLE_PARTS), `${size.width}x${size.height}`).toEqual([]);
          await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
        }
        expect(k.errors).toEqual([]);
      }
    }

    it('idle, every device ready: one chip says so in both languages, not six', async () => {
      const k = await openWith(view(1, idle, { devices: fullLane() }));
      await expect.poll(() => chips(k)).toEqual([{ chip: 'all-ready', text: '设备正常 Devices ready' }]);
      await idleFitsEverywhere('ready', fullLane());
    });

    it('idle, the badge reader unplugged: that chip only, named by its id; plugged back, the one ready chip again', async () => {
      const k = await openWith(view(1, idle, { devices: fullLane({ 'badge-side': { state: 'offline', since: NOW } }) }));
      await expect.poll(() => chips(k)).toEqual([{ chip: 'badge:badge-side:offline', text: '门禁卡读卡器 badge-side 未接入 Badge reader badge-side not plugged in' }]);
      await k.shot('idle-badge-offline');
      await k.push(view(2, idle, { devices: fullLane() }));
      await expect.poll(async () => (await chips(k)).map((c) => c.chip)).toEqual(['all-ready']);
      expect(k.errors).toEqual([]);
    });

    it('idle, a lane that reports no devices: no chip, since nothing says they are ready', async () => {
      const k = await openWith(view(1, idle, { devices: fullLane().filter((d) => d.lane !== LANE) }));
      await k.page.getByTestId('screen-idle').waitFor();
      await k.settle();
      expect(await chips(k)).toEqual([]);
      expect(k.errors).toEqual([]);
    });

    it('idle, all six down: a chip for each, all on screen with every rule', async () => {
      const k = await openWith(view(1, idle, { devices: fullLane(down) }));
      await expect.poll(async () => (await chips(k)).map((c) => c.chip)).toEqual([
        'thermometer:thermometer:offline',
        'scanner:qr-front:error',
        'id-card:id-card:offline',
        'mrz:mrz:opening',
        'badge:badge-side:offline',
        'relay:relay:disconnected',
      ]);
      await idleFitsEverywhere('down', fullLane(down));
    });

    it('out of service: every one of the six listed, each in both languages, all on screen at both sizes', async () => {
      for (const [revision, devices] of [fullLane(), fullLane(down)].entries()) {
        const k = await openWith({ ...view(revision + 1, idle, { service: { state: 'out-of-service', code: 'journal.full', since: NOW }, devices }), policy: null, lanes: [] });
        await expect.poll(async () => (await chips(k)).map((c) => c.chip.split(':')[1])).toEqual(FULL_LANE.map(([, id]) => id));
        for (const { text: words } of await chips(k)) expect(words).toMatch(/^\p{Script=Han}.* [A-Z]/u);
        for (const size of SIZES) {
          await k.page.setViewportSize(size);
          await k.settle();
          await k.shot(`out-of-service-six-devices-${revision}-${size.width}x${size.height}`);
          expect(await misplaced(k, '.out-of-service > .icon, .out-of-service > .bi, [data-testid="detail"], .device'), `${size.width}x${size.height}`).toEqual([]);
        }
        expect(k.errors).toEqual([]);
      }
    });
  });

  it('idle: a storage alarm before the disk is full', async () => {
    const k = await openWith(view(1, idle, { storage: { freeMB: 120.5, minFreeMB: 256, alarm: true } }));
    const banner = k.page.getByTestId('storage-warning');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Storage is running low — please tell the guard');
    expect(await banner.innerText()).toContain('120 MB free, below 256 MB');
    await k.push(view(2, idle));
    await expect.poll(() => banner.count()).toBe(0);
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

  it('idle: a mandatory check a later notice lifted shows as waived, with the lifting clause quoted', async () => {
    const waiving = allKinds((j) => {
      j['rules'] = (j['rules'] as { kind: string }[]).filter((r) => r.kind !== 'mask');
      j['waived'] = [{ kind: 'mask', cites: { notice: 'test-no-mandates', clause: 'lift-mask' } }];
    });
    const k = await openWith(view(1, idle, { policy: waiving, exitScreen: idle }));
    const waiver = k.page.locator('[data-testid="waiver"][data-kind="mask"]');
    await expect.poll(() => waiver.count()).toBe(1);
    expect(await waiver.innerText()).toContain('佩戴口罩');
    expect(await waiver.innerText()).toContain('② lift-mask');
    expect(await text(k, 'sources')).toContain('三、口罩不再必戴（测试用条款）');
    expect(await text(k, 'rules')).not.toContain('须佩戴口罩');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
    expect(k.errors).toEqual([]);
  });

  it('idle: every rule kind in plain words from the policy data, only on the directions it applies to, all on screen', async () => {
    const k = await openWith(view(1, idle, { policy: allKinds(), exitScreen: idle }));
    await expect.poll(() => k.page.getByTestId('rule').count()).toBe(8);
    const rules = await text(k, 'rules');
    for (const words of [
      '健康码绿码通行，黄码请等待工作人员，红码禁止通行；码须为 24 小时内',
      'Green code passes, yellow: see the guard, red: refused; code set within 24 h',
      '14 天内到过高、中风险地区者请等待工作人员',
      'Anyone who was in a high- or medium-risk area in the last 14 days: see the guard',
      '本小区居民通行；非居民请登记',
      'Residents pass; others register with the guard',
      'Also pass once registered: medical staff and emergency services',
      '开放时间：周一至周五 06:00–22:00；周六、周日 07:00–20:00',
      'Open Mon–Fri 06:00–22:00; Sat, Sun 07:00–20:00',
      '非本小区居民须登记姓名、电话、去往地址',
      'Non-residents: name, phone and destination recorded',
    ]) {
      expect(rules).toContain(words);
    }
    // Eight rules: each notice is named once with the cited clauses in its own words, and each rule cites its clause by the notice's number.
    const sources = await text(k, 'sources');
    expect(sources).toContain('① 武汉市新冠肺炎疫情防控指挥部关于创建疫情防控长效机制不断做好小区封控管理工作的资讯');
    expect(sources).toContain('对进出小区人员严格进行身份必问、消息必录、体温必测、口罩必戴的要求');
    expect(sources).toContain('identity must ask, information must be recorded, temperature must be measured, and masks must be worn');
    expect(sources).toContain('（译文 · translation）');
    expect(sources).toContain('② 健康码与行程码查验要求（测试用）');
    expect(sources).toContain('一、健康码查验（测试用条款）');
    expect(await k.page.locator('[data-rule="health-code"] .cite').innerText()).toBe('② 1');
    expect(await k.page.locator('[data-rule="temperature"] .cite').innerText()).toBe('① 4');
    // Home quarantine and the exit quota apply to exits only: not said at the entry lane.
    expect(rules).not.toContain('居家隔离');
    expect(rules).not.toContain('per household');
    expect(await k.page.locator('[data-rule="hours"] [data-testid="local-params"]').innerText()).toContain('本处设定（非通知原文）：开放时间 · Set locally: the opening hours');
    await shotWhenFitted(k, 'idle-all-kinds');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
    await k.shot('idle-all-kinds-portrait');

    // A changed parameter changes the words.
    await k.push(
      view(2, idle, {
        policy: allKinds((j) => {
          Object.assign(paramsOf(j, 'health-code'), { outcomes: { green: 'pass', yellow: 'deny', red: 'deny' }, maxAgeHours: 48 });
          Object.assign(paramsOf(j, 'registration'), { nonResidents: ['name', 'id-number'] });
          Object.assign(paramsOf(j, 'hours'), { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '18:00' }] });
        }),
      }),
    );
    await expect.poll(() => text(k, 'rules')).toContain('Green code passes, yellow or red: refused; code set within 48 h');
    const changed = await text(k, 'rules');
    expect(changed).toContain('健康码绿码通行，黄码、红码禁止通行；码须为 48 小时内');
    expect(changed).toContain('Non-residents: name and ID number recorded');
    expect(changed).toContain('开放时间：每天 08:00–18:00');
    expect(changed).not.toContain('24 h');
    expect(k.errors).toEqual([]);
  });

  it('idle at the exit lane: home quarantine and the household exit quota, from their parameters', async () => {
    const k = await openWith(view(1, idle, { policy: allKinds(), exitScreen: idle }), { search: `?lane=${EXIT_LANE}` });
    await expect.poll(() => text(k, 'rules')).toContain('居家隔离人员不得外出');
    const rules = await text(k, 'rules');
    expect(rules).toContain('People under home quarantine may not go out');
    expect(rules).toContain('每户每 2 天限 1 人次外出');
    expect(rules).toContain('One exit per household every 2 days');
    expect(await k.page.locator('[data-rule="exit-quota"] [data-testid="local-params"]').innerText()).toContain('the number of exits, the counting period');
    await shotWhenFitted(k, 'idle-exit');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await shotWhenFitted(k, 'idle-exit-portrait');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);

    await k.push(view(2, idle, { policy: allKinds((j) => Object.assign(paramsOf(j, 'exit-quota'), { maxExits: 2, perDays: 7 })), exitScreen: idle }));
    await expect.poll(() => text(k, 'rules')).toContain('Up to 2 exits per household every 7 days');
    expect(await text(k, 'rules')).toContain('每户每 7 天限 2 人次外出');
    expect(k.errors).toEqual([]);
  });

  it('notices: a rejected credential in words for its code, and generic words for a code the screen does not know', async () => {
    const k = await openWith(view(1, idle, { notice: { code: 'credential.expired', at: Date.now() } }));
    const notice = k.page.getByTestId('scan-notice');
    await expect.poll(() => notice.getAttribute('data-code')).toBe('credential.expired');
    expect(await notice.innerText()).toContain('二维码已过期');
    expect(await notice.innerText()).toContain('This code has expired');
    await k.shot('notice-expired');

    await k.push(view(2, collecting({ identity: 'done', person: { kind: 'resident-id', masked: person.masked } }), { notice: { code: 'credential.unknown-issuer', at: Date.now() } }));
    await expect.poll(() => notice.getAttribute('data-code')).toBe('credential.unknown-issuer');
    expect(await notice.innerText()).toContain('二维码来源无法识别');
    expect(await notice.innerText()).toContain('This code is from an unknown issuer');
    await k.shot('notice-unknown-issuer-collecting');

    await k.push(view(3, idle, { notice: { code: 'credential.quantum-flux', at: Date.now() } }));
    await expect.poll(() => notice.getAttribute('data-code')).toBe('credential.quantum-flux');
    expect(await notice.innerText()).toContain('无法识别');
    expect(await notice.innerText()).toContain('Not recognised');
    expect(await notice.innerText()).toContain('credential.quantum-flux');
    expect(k.errors).toEqual([]);
  });

  it('collecting: a code shown before the ID waits for it, and the screen asks for the ID by name', async () => {
    const k = await openWith(view(1, collecting({ identity: 'waiting', healthCode: 'done', travel: 'not-required', person: null })));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('scan-id');
    expect(await text(k, 'prompt')).toContain('请出示身份证件');
    expect(await text(k, 'prompt')).toContain('Now show your ID');
    expect(await k.page.getByTestId('declare-mask').count()).toBe(0);
    await k.push(view(2, collecting({ identity: 'waiting', healthCode: 'waiting', temperature: 'waiting', travel: 'not-required', person: null })));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('scan');
    expect(k.errors).toEqual([]);
  });

  it('collecting: asks for the health code and then the travel code when the policy needs them', async () => {
    const k = await openWith(view(1, collecting({ identity: 'done', healthCode: 'waiting', travel: 'waiting', person: { kind: 'resident-id', masked: person.masked } })));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('health-code');
    expect(await text(k, 'prompt')).toContain('请出示健康码');
    expect(await text(k, 'prompt')).toContain('Please show your health code');
    expect(await k.page.getByTestId('step-healthCode').getAttribute('data-state')).toBe('waiting');
    expect(await k.page.getByTestId('step-healthCode').getAttribute('class')).toContain('step-current');
    await k.shot('collecting-health-code');
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.shot('collecting-health-code-portrait');

    await k.push(view(2, collecting({ identity: 'done', healthCode: 'done', travel: 'waiting', person: { kind: 'resident-id', masked: person.masked } })));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('travel');
    expect(await text(k, 'prompt')).toContain('请出示行程码');
    expect(await text(k, 'prompt')).toContain('Please show your travel code');
    expect(await k.page.getByTestId('step-healthCode').getAttribute('data-state')).toBe('done');
    expect(await k.page.getByTestId('step-travel').innerText()).toContain('Travel code');

    await k.push(view(3, collecting({ identity: 'done', healthCode: 'done', travel: 'done', person: { kind: 'resident-id', masked: person.masked } })));
    await expect.poll(() => k.page.getByTestId('prompt').getAttribute('data-prompt')).toBe('measure');
    expect(k.errors).toEqual([]);
  });

  it('deny: a red health code, in plain words', async () => {
    const screen = verdict({ ...allGood(), healthCode: healthCode('red') }, { seq: 201, id: 'dec-red', policy: allKindsPolicyJson(), registers: residentRegisters() });
    const k = await openWith(view(1, screen, { policy: allKinds() }));
    await expect.poll(() => k.page.getByTestId('verdict').getAttribute('data-verdict')).toBe('deny');
    const reason = k.page.locator('[data-testid="reason"][data-rule="health-code"]');
    expect(await reason.innerText()).toContain('健康码为红码');
    expect(await reason.innerText()).toContain('Your health code is red');
    expect(await reason.innerText()).toContain('健康码与行程码查验要求（测试用） · 1');
    expect(await k.page.getByTestId('reason').count()).toBe(1);
    expect(await k.page.getByTestId('clock-note').count()).toBe(0);
    await k.shot('verdict-health-code-red');
  });

  it('deny at the exit: under home quarantine and the household exit quota used', async () => {
    const screen = verdict(allGood(), { seq: 202, id: 'dec-exit', policy: allKindsPolicyJson(), direction: 'exit', registers: residentRegisters({ quarantined: true, exits: 1 }) });
    const k = await openWith(view(1, idle, { policy: allKinds(), exitScreen: screen }), { search: `?lane=${EXIT_LANE}` });
    await expect.poll(() => k.page.getByTestId('verdict').getAttribute('data-verdict')).toBe('deny');
    // At an exit a refusal is not "Entry refused".
    expect(await k.page.locator('.verdict-head').innerText()).toContain('You may not go out');
    expect(await k.page.locator('.verdict-head').innerText()).not.toContain('Entry');
    const reasons = await text(k, 'reasons');
    expect(reasons).toContain('居家隔离期间不得外出');
    expect(reasons).toContain('You are under home quarantine and may not go out');
    expect(reasons).toContain('本户 2 天内已外出 1 次（限 1 次）');
    expect(reasons).toContain('Your household has used 1 of 1 exit in 2 days');
    await k.shot('verdict-exit-quarantine-quota');
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.shot('verdict-exit-quarantine-quota-portrait');
  });

  it('refer: not a resident and not registered, sent to the guard', async () => {
    const screen = verdict(allGood(), { seq: 203, id: 'dec-visitor', policy: allKindsPolicyJson() });
    const k = await openWith(view(1, screen, { policy: allKinds() }));
    await expect.poll(() => k.page.getByTestId('verdict').getAttribute('data-verdict')).toBe('refer');
    const reasons = await text(k, 'reasons');
    expect(reasons).toContain('非本小区居民，请到岗亭登记');
    expect(reasons).toContain('Not recorded: name, phone and destination. Please register with the guard');
    await k.shot('verdict-refer-visitor');
  });

  it('clock: a banner while the clock is untrusted, and a note on a verdict decided on it', async () => {
    const k = await openWith(view(1, idle, { policy: allKinds(), clock: untrustedClock }));
    const banner = k.page.getByTestId('clock-warning');
    await expect.poll(() => banner.count()).toBe(1);
    expect(await banner.innerText()).toContain('系统时间未校准，部分规则将转人工');
    expect(await banner.innerText()).toContain("The gate's clock is not verified; some rules will be referred to the guard");
    expect(await banner.getAttribute('data-reason')).toBe('jump-backwards');
    await shotWhenFitted(k, 'idle-clock-untrusted');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await shotWhenFitted(k, 'idle-clock-untrusted-portrait');
    await expect.poll(() => allRulesOnScreen(k)).toEqual([]);

    await k.push(view(2, collecting(), { clock: untrustedClock }));
    await expect.poll(() => k.page.getByTestId('screen-collecting').count()).toBe(1);
    expect(await banner.innerText()).toContain('系统时间未校准');
    await k.page.setViewportSize({ width: 1280, height: 800 });
    await k.shot('collecting-clock-untrusted');

    await k.push(view(3, collecting()));
    await expect.poll(() => banner.count()).toBe(0);

    const screen = verdict(allGood(), { seq: 204, id: 'dec-clock', policy: allKindsPolicyJson(), registers: residentRegisters(), clockTrusted: false });
    await k.push(view(4, screen, { policy: allKinds(), clock: untrustedClock }));
    await expect.poll(() => k.page.getByTestId('verdict').getAttribute('data-verdict')).toBe('refer');
    expect(await text(k, 'clock-note')).toContain("Decided while the gate's clock was not verified");
    const reasons = await text(k, 'reasons');
    expect(reasons).toContain('系统时间未校准，无法核验健康码');
    expect(reasons).toContain("The gate's clock is not verified, so the health code could not be checked");
    expect(await banner.count()).toBe(0);
    await k.shot('verdict-clock-untrusted');
    expect(k.errors).toEqual([]);
  });
  it('refer: someone who showed nothing, on an untrusted clock under an expired policy — every reason on screen', async () => {
    const screen = verdict({ temperatures: [] }, { seq: 205, id: 'dec-nothing', policy: allKindsPolicyJson(), expired: true, clockTrusted: false });
    const k = await openWith(view(1, screen, { policy: allKinds(), clock: untrustedClock }));
    await expect.poll(() => k.page.getByTestId('reason').count()).toBe(9);
    await k.shot('verdict-many-reasons');
    // The verdict itself, every reason, the clock note and the record number: all inside the window, none on top of another.
    const offScreen = (): Promise<string[]> => misplaced(k, '.verdict-head, [data-testid="reason"], [data-testid="clock-note"], [data-testid="record"]');
    expect(await offScreen()).toEqual([]);
    const reasons = await text(k, 'reasons');
    for (const words of ['未识别身份', '未测得体温', '未确认佩戴口罩', '系统时间未校准，无法核验健康码', '系统时间未校准，无法核验行程', '无法确认是否本小区居民', '未登记信息，请到岗亭登记', '系统时间未校准，无法核验开放时间', '防控规则已过期']) {
      expect(reasons).toContain(words);
    }
    await k.page.setViewportSize({ width: 800, height: 1280 });
    await k.settle();
    await k.shot('verdict-many-reasons-portrait');
    expect(await offScreen()).toEqual([]);
    expect(k.errors).toEqual([]);
  });
});

/** The kiosk's sentences and view bookkeeping, without a browser. */
import { describe, expect, it } from 'vitest';
import { gateView, type PolicyView } from '../../src/ipc/view.js';
import { noticeWords } from '../../renderer/i18n/notices.js';
import { celsius, openingHours, phrases, utcOffset, weekdays } from '../../renderer/i18n/phrases.js';
import { DEVICE_ROLES } from '../../src/devices/status.js';
import { describeReason, failedRules } from '../../renderer/i18n/reasons.js';
import { describeRule, localNote, retentionOf, ruleDetail } from '../../renderer/i18n/rules.js';
import type { Rule } from '../../src/policy/schema.js';
import { nextView, pickLane } from '../../renderer/state/view.js';
import { NOW, fullEvidence, other, person, reading } from '../fixtures/policy.js';
import { allKindsPolicyJson, collecting, healthCode, idle, paramsOf, policyOf, residentRegisters, travel, verdict, view, type PolicyJson, type VerdictOptions } from './views.js';

const policy = policyOf(gateView.parse(view(1, idle)));

function reasonsUnder(p: PolicyView, screen: ReturnType<typeof verdict>, direction: 'entry' | 'exit' = 'entry'): { zh: string; en: string }[] {
  const parsed = gateView.parse(view(1, screen)).lanes[0]?.screen;
  if (parsed?.kind !== 'verdict') throw new Error('not a verdict');
  return failedRules(parsed.rules).map((r) => describeReason(r, { policy: p, direction }));
}
const reasons = (screen: ReturnType<typeof verdict>): string[] => reasonsUnder(policy, screen).map((r) => r.en);

/** The all-kinds policy, edited by `edit`, as the screen receives it. */
function allKinds(edit: (json: PolicyJson) => void = () => undefined): { json: PolicyJson; view: PolicyView } {
  const json = allKindsPolicyJson();
  edit(json);
  return { json, view: policyOf(gateView.parse(view(1, idle, { policy: structuredClone(json) }))) };
}
const ruleOfKind = (p: PolicyView, kind: Rule['kind']): Rule => {
  const r = p.rules.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no ${kind}`);
  return r;
};
const sentence = (p: PolicyView, kind: Rule['kind']): { zh: string; en: string } => describeRule(ruleOfKind(p, kind));

/** Evidence that passes every entry rule of the all-kinds policy except what a test takes away. */
const allGood = () => ({ ...fullEvidence(), healthCode: healthCode('green'), travel: travel() });

describe('kiosk words', () => {
  it('formats °C with one decimal at least and two at most', () => {
    expect([37, 37.3, 37.25, 37.256].map(celsius)).toEqual(['37.0', '37.3', '37.25', '37.26']);
  });

  it('describes each rule from its parameters', () => {
    const rules = policyOf(gateView.parse(view(1, idle, { thresholdC: 37.25 }))).rules;
    expect(rules.map((r) => describeRule(r).en)).toEqual([
      'Identity by resident ID card, staff badge or guard registration',
      'Non-residents: name, phone and destination recorded',
      'Body temperature below 37.25 °C (1 more try if high)',
      'Mask required',
    ]);
  });

  it('describes the health code from its colour outcomes, freshness and accepted ways', () => {
    const { view: p } = allKinds();
    expect(sentence(p, 'health-code')).toEqual({
      zh: '健康码绿码通行，黄码请等待工作人员，红码禁止通行；码须为 24 小时内',
      en: 'Green code passes, yellow: see the guard, red: refused; code set within 24 h',
    });
    expect(ruleDetail(ruleOfKind(p, 'health-code'))?.en).toBe('Checked by the health-code QR or an online check; if the online check fails: see the guard');
    const { view: q } = allKinds((j) => {
      Object.assign(paramsOf(j, 'health-code'), { outcomes: { green: 'pass', yellow: 'pass', red: 'refer' }, maxAgeHours: 72, accept: ['signed-qr'] });
    });
    expect(sentence(q, 'health-code')).toEqual({ zh: '健康码绿码、黄码通行，红码请等待工作人员；码须为 72 小时内', en: 'Green or yellow code passes, red: see the guard; code set within 72 h' });
    expect(ruleDetail(ruleOfKind(q, 'health-code'))?.en).toBe('Checked by the health-code QR');
  });

  it('describes travel, residency, quarantine, exit quota, hours and registration from their parameters', () => {
    const { view: p } = allKinds();
    expect(sentence(p, 'high-risk-travel')).toEqual({ zh: '14 天内到过高、中风险地区者请等待工作人员', en: 'Anyone who was in a high- or medium-risk area in the last 14 days: see the guard' });
    expect(ruleDetail(ruleOfKind(p, 'high-risk-travel'))?.en).toBe('Shown by travel code or your own declaration');
    expect(sentence(p, 'residency')).toEqual({ zh: '本小区居民通行；非居民请登记', en: 'Residents pass; others register with the guard' });
    expect(ruleDetail(ruleOfKind(p, 'residency'))).toEqual({ zh: '登记为医护人员、应急救援的也可通行', en: 'Also pass once registered: medical staff and emergency services' });
    expect(sentence(p, 'quarantine-list')).toEqual({ zh: '居家隔离人员不得外出', en: 'People under home quarantine may not go out' });
    expect(sentence(p, 'exit-quota')).toEqual({ zh: '每户每 2 天限 1 人次外出', en: 'One exit per household every 2 days' });
    expect(localNote(ruleOfKind(p, 'exit-quota'))).toBe('外出次数上限、计数天数为本处设定，非通知原文 · Set locally, not by the notice: the number of exits, the counting period');
    expect(sentence(p, 'hours')).toEqual({ zh: '开放时间：周一至周五 06:00–22:00；周六、周日 07:00–20:00', en: 'Open Mon–Fri 06:00–22:00; Sat, Sun 07:00–20:00' });
    expect(ruleDetail(ruleOfKind(p, 'hours'))).toBeUndefined();
    expect(sentence(p, 'registration')).toEqual({ zh: '非本小区居民须登记姓名、电话、去往地址', en: 'Non-residents: name, phone and destination recorded' });

    const { view: q } = allKinds((j) => {
      Object.assign(paramsOf(j, 'high-risk-travel'), { levels: ['high'], withinDays: 7 });
      Object.assign(paramsOf(j, 'residency'), { nonResident: 'deny', exempt: [] });
      Object.assign(paramsOf(j, 'exit-quota'), { maxExits: 3, perDays: 1 });
      Object.assign(paramsOf(j, 'hours'), { utcOffsetMinutes: 60, windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '12:00' }, { days: [7, 1, 2, 3, 4, 5, 6], from: '14:00', to: '18:00' }] });
      Object.assign(paramsOf(j, 'registration'), { nonResidents: ['name', 'id-number'], residents: ['phone'] });
      const rules = j['rules'] as { kind: string; directions?: string[]; onFail?: string }[];
      const quarantine = rules.find((r) => r.kind === 'quarantine-list')!;
      quarantine.directions = ['entry', 'exit'];
      quarantine.onFail = 'refer';
    });
    expect(sentence(q, 'high-risk-travel').en).toBe('Anyone who was in a high-risk area in the last 7 days: see the guard');
    expect(sentence(q, 'residency').en).toBe('Residents pass; others are refused');
    expect(ruleDetail(ruleOfKind(q, 'residency'))).toBeUndefined();
    expect(sentence(q, 'quarantine-list')).toEqual({ zh: '居家隔离人员进出请等待工作人员', en: 'People under home quarantine must see the guard to come in or go out' });
    expect(sentence(q, 'exit-quota')).toEqual({ zh: '每户每天限 3 人次外出', en: 'Up to 3 exits per household per day' });
    expect(sentence(q, 'hours')).toEqual({ zh: '开放时间：每天 08:00–12:00、14:00–18:00', en: 'Open daily 08:00–12:00, 14:00–18:00' });
    expect(ruleDetail(ruleOfKind(q, 'hours'))?.en).toBe('Times are UTC+1');
    expect(sentence(q, 'registration').en).toBe('Non-residents: name and ID number recorded; Residents: phone recorded');
  });

  it('names weekdays, opening windows and UTC offsets compactly', () => {
    expect([[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5], [6, 7], [1, 3, 5], [5, 6, 7, 1]].map((d) => weekdays(d).en)).toEqual(['daily', 'Mon–Fri', 'Sat, Sun', 'Mon, Wed, Fri', 'Mon, Fri–Sun']);
    expect(weekdays([1, 2, 3]).zh).toBe('周一至周三');
    expect(openingHours([{ days: [6], from: '09:00', to: '11:00' }]).zh).toBe('周六 09:00–11:00');
    expect([480, -300, 330, 0].map(utcOffset)).toEqual(['UTC+8', 'UTC−5', 'UTC+5:30', 'UTC+0']);
  });

  it('explains a fever, a pending re-measure, an invalid reading and a refused credential', () => {
    expect(reasons(verdict({ identity: person, temperatures: [reading(37.8), reading(38.1)] }, { seq: 1, id: 'a', registers: residentRegisters() }))).toEqual([
      'Temperature 38.1 °C is not below 37.3 °C',
      'Mask not confirmed',
    ]);
    expect(reasons(verdict({ ...fullEvidence(37.6) }, { seq: 2, id: 'b', registers: residentRegisters() }))).toEqual(['Temperature 37.6 °C was high and was not measured again']);
    expect(reasons(verdict({ ...fullEvidence(), temperatures: [reading(50)] }, { seq: 3, id: 'c', registers: residentRegisters() }))).toEqual(['The temperature reading was not valid']);
    const qr = { ...fullEvidence(), identity: { kind: 'qr-pass' as const, masked: 'qr …1234', ref: 'r', refKey: 'district' as const } };
    expect(reasons(verdict(qr, { seq: 4, id: 'd', registers: residentRegisters() }))).toEqual([
      'A QR pass is not accepted here; use resident ID card, staff badge or guard registration',
      'Not recorded: name, phone and destination. Please register with the guard', // the pass's holder is not on the register
    ]);
    expect(reasons(verdict({ ...fullEvidence(), mask: { kind: 'camera-detected', at: NOW } }, { seq: 5, id: 'e', registers: residentRegisters() }))).toEqual([]);
  });

  describe('reasons under every rule kind', () => {
    const { view: p } = allKinds();
    const resident = residentRegisters();
    const under = (evidence: Parameters<typeof verdict>[0], opts: Partial<VerdictOptions> = {}, direction: 'entry' | 'exit' = 'entry') =>
      reasonsUnder(p, verdict(evidence, { seq: 1, id: 'x', policy: allKindsPolicyJson(), registers: resident, direction, ...opts }), direction);
    const en = (...args: Parameters<typeof under>): string[] => under(...args).map((r) => r.en);

    it('admits a resident who shows everything', () => {
      expect(en(allGood())).toEqual([]);
    });

    it('health code: the colour, stale, someone else’s, not checkable online, not shown', () => {
      expect(under({ ...allGood(), healthCode: healthCode('red') })).toEqual([{ zh: '健康码为红码', en: 'Your health code is red' }]);
      expect(en({ ...allGood(), healthCode: healthCode('yellow') })).toEqual(['Your health code is yellow']);
      expect(under({ ...allGood(), healthCode: healthCode('green', { issuedAt: NOW - 30 * 3_600_000 }) })).toEqual([
        { zh: '健康码已过时（30 小时前更新，须为 24 小时内）', en: 'The health code is out of date (set 30 h ago; must be within 24 h)' },
      ]);
      expect(en({ ...allGood(), healthCode: healthCode('green', { subject: other.ref }) })).toEqual(['This health code belongs to someone else']);
      expect(under({ ...allGood(), healthCode: { status: 'unverifiable', via: 'online', reason: 'timeout' } })).toEqual([
        { zh: '健康码无法联网核验（超时）', en: 'The health code could not be checked online (it timed out)' },
      ]);
      const { healthCode: _code, ...noCode } = allGood();
      expect(en(noCode)).toEqual(['No health code was shown']);
    });

    it('a refused code, someone else’s travel code, and a holder that cannot be checked', () => {
      expect(under({ ...allGood(), healthCode: { status: 'refused', refusal: 'credential.expired' } })).toEqual([{ zh: '二维码已过期', en: 'This code has expired' }]);
      expect(en({ ...allGood(), travel: { status: 'refused', refusal: 'credential.bad-signature' } })).toEqual(['This code is not valid']);
      expect(en({ ...allGood(), refusedPass: { status: 'refused', refusal: 'credential.unknown-issuer' } })).toEqual(['This code is from an unknown issuer']);
      expect(en({ ...allGood(), travel: { ...travel(), subject: other.ref } })).toEqual(['This travel code belongs to someone else']);
      expect(en({ ...allGood(), identity: { ...person, refKey: 'install' } })).toEqual([
        'Could not check the health code is yours (no district key on this gate)',
        'Could not check the travel code is yours (no district key on this gate)',
      ]);
    });

    it('travel: each risk-area hit with its area code and day', () => {
      const high = new Set(['420102']);
      const registers = { ...resident, riskLevel: (area: string) => (high.has(area) ? ('high' as const) : area === '110105' ? ('medium' as const) : undefined) };
      const visited = [
        { area: '420102', lastDay: '2026-11-20' },
        { area: '310101', lastDay: '2026-11-19' },
        { area: '110105', lastDay: '2026-11-18' },
      ];
      expect(under({ ...allGood(), travel: travel(visited) }, { registers })).toEqual([
        {
          zh: '2026-11-20 到过高风险地区（420102）；2026-11-18 到过中风险地区（110105）',
          en: 'Was in a high-risk area (420102) on 2026-11-20; was in a medium-risk area (110105) on 2026-11-18',
        },
      ]);
      const { travel: _travel, ...noTravel } = allGood();
      expect(en(noTravel)).toEqual(['No travel code was shown']);
    });

    it('residency and registration: not a resident, details not recorded → register with the guard', () => {
      expect(under(allGood(), { registers: {} })).toEqual([
        { zh: '未登记姓名、电话、去往地址，请到岗亭登记', en: 'Not recorded: name, phone and destination. Please register with the guard' },
        { zh: '非本小区居民，请到岗亭登记', en: 'Not a resident here. Please register with the guard' },
      ]);
      const registered = { ...allGood(), registration: { fields: ['name', 'phone'] as const, category: 'visitor' as const, sealedId: 's', by: 'g' } };
      expect(en({ ...registered, registration: { ...registered.registration, fields: [...registered.registration.fields] } }, { registers: {} })).toEqual([
        'Not recorded: destination. Please register with the guard',
        'Not a resident here (registered under: visitors). Please register with the guard',
      ]);
    });

    it('exit: under home quarantine, household exit quota used', () => {
      expect(under(allGood(), { registers: residentRegisters({ quarantined: true, exits: 1 }) }, 'exit')).toEqual([
        { zh: '居家隔离期间不得外出', en: 'You are under home quarantine and may not go out' },
        { zh: '本户 2 天内已外出 1 次（限 1 次）', en: 'Your household has used 1 of 1 exit in 2 days' },
      ]);
    });

    it('hours: the time it is, against the opening hours', () => {
      // NOW is Sunday 17:00 in Beijing; five hours later the gate is closed.
      expect(under(allGood(), { now: NOW + 5 * 3_600_000 })).toEqual([
        {
          zh: '现在是周日 22:00，不在开放时间内（周一至周五 06:00–22:00；周六、周日 07:00–20:00）',
          en: 'It is Sun 22:00, outside opening hours (Mon–Fri 06:00–22:00; Sat, Sun 07:00–20:00)',
        },
      ]);
    });

    it('untrusted clock: each time-dependent rule says the clock is not verified', () => {
      const words = under(allGood(), { clockTrusted: false });
      expect(words.map((w) => w.zh)).toEqual(['系统时间未校准，无法核验健康码', '系统时间未校准，无法核验行程', '系统时间未校准，无法核验开放时间']);
      for (const w of words) expect(w.en).toMatch(/^The gate's clock is not verified, so .+ could not be checked$/);
    });
  });

  it('reads rule values defensively: nonsense values still give words', () => {
    const odd = { id: 'r', outcome: 'FAILED', effect: 'deny', cites: { notice: 'n', clause: 'c' } } as const;
    for (const kind of ['health-code', 'high-risk-travel', 'residency', 'quarantine-list', 'exit-quota', 'hours', 'registration', 'something-new']) {
      for (const values of [{}, { hits: 'x', missing: 3, used: 'a', colour: 7, time: null, weekday: 99, stale: true, ageHours: 'x' }]) {
        const words = describeReason({ ...odd, kind, values }, { policy, direction: 'entry' });
        expect(words.zh.length, kind).toBeGreaterThan(0);
        expect(words.en.length, kind).toBeGreaterThan(0);
        expect(`${words.zh}${words.en}`, kind).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('has words for every credential and scan failure code, and generic ones for any other code', () => {
    expect(noticeWords('credential.expired').text).toEqual({ zh: '二维码已过期', en: 'This code has expired' });
    expect(noticeWords('credential.unknown-issuer').text).toEqual({ zh: '二维码来源无法识别', en: 'This code is from an unknown issuer' });
    expect(noticeWords('credential.bad-signature').text).toEqual({ zh: '二维码无效', en: 'This code is not valid' });
    const codes = [
      'credential.not-yet-valid',
      'credential.too-old',
      'credential.issued-in-future',
      'credential.malformed',
      'mrz.check-digit',
      'mrz.format',
      'scan.unrecognised',
      'scan.bad-check-digit',
      'scan.empty',
      'scan.too-long',
      'scan.control-chars',
    ];
    for (const code of codes) {
      const w = noticeWords(code);
      expect(w.known, code).toBe(true);
      expect(w.text.zh, code).not.toBe('无法识别');
    }
    expect(new Set(codes.slice(0, 6).map((c) => noticeWords(c).text.en)).size).toBe(6);
    expect(noticeWords('credential.something-else')).toMatchObject({ known: false, text: { zh: '无法识别', en: 'Not recognised' } });
    expect(noticeWords('toString').known).toBe(false);
  });

  it('says how long records are kept, and whether a notice or the operator set it', () => {
    expect(phrases.retention(30, false)).toBe('记录保存 30 天（本处设定） · Records are kept 30 days (set locally)');
    expect(phrases.retention(14, true)).toBe('记录保存 14 天 · Records are kept 14 days');
    expect(retentionOf(policy)).toEqual({ days: policy.retention.days, cited: false });
    const withRetention: PolicyView = { ...policy, retention: { days: 14, cites: { notice: 'n', clause: 'c' } } };
    expect(retentionOf(withRetention)).toEqual({ days: 14, cited: true });
  });

  it('names each device chip by its role, and a reader also by its id where that says more', () => {
    expect(phrases.device('thermometer', 'ready', 'thermometer')).toEqual({ zh: '测温仪 正常', en: 'Thermometer ready' });
    expect(phrases.device('id-card', 'ready', 'id-card')).toEqual({ zh: '身份证阅读器 正常', en: 'ID card reader ready' });
    expect(phrases.device('scanner', 'offline', 'scanner-2')).toEqual({ zh: '扫码器 scanner-2 未接入', en: 'Scanner scanner-2 not plugged in' });
    for (const role of DEVICE_ROLES) expect(phrases.device(role, 'ready').en, role).not.toMatch(new RegExp(`^${role} `));
  });

  it('keeps the last good view against stale and malformed snapshots', () => {
    const v5 = gateView.parse(view(5, idle));
    expect(nextView(null, view(5, idle))).toEqual(v5);
    expect(nextView(v5, view(4, collecting()))).toBe(v5);
    expect(nextView(v5, { revision: 6 })).toBe(v5);
    expect(nextView(v5, view(6, collecting()))?.revision).toBe(6);
    expect(nextView(v5, view(5, collecting()))?.lanes[0]?.screen.kind).toBe('collecting');
  });

  it('shows the first lane, or the one named by ?lane=', () => {
    const v = gateView.parse(view(1, idle));
    expect(pickLane(v, '')?.id).toBe('main-entry');
    expect(pickLane(v, '?lane=side-exit')?.id).toBe('side-exit');
    expect(pickLane(v, '?lane=nowhere')).toBeUndefined();
  });
});

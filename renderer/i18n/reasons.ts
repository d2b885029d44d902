/**
 * Why a verdict is not "admit", in plain words with the values the rule looked at (src/policy/rules/*).
 * Rule values arrive as JSON from the core, so every field is read defensively.
 */
import type { Direction } from '../../src/domain.js';
import type { GateView, PolicyView } from '../../src/ipc/view.js';
import { noticeWords } from './notices.js';
import { allOf, anyOf, capitalised, celsius, label, openingHours } from './phrases.js';
import { directionWords, riskAreas } from './rules.js';
import { bi, strings, type Bilingual } from './strings.js';

type VerdictScreen = Extract<GateView['lanes'][number]['screen'], { kind: 'verdict' }>;
export type RuleResultView = VerdictScreen['rules'][number];

/** What a reason may look up besides the rule's own values: the policy it was decided under, the lane's direction. */
export interface ReasonContext {
  readonly policy: PolicyView;
  readonly direction: Direction;
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Readonly<Record<string, unknown>> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const seeGuard = strings.registerWithGuard;

/** The policy's rule this result came from, if it is still listed with the same kind. */
function ruleOf<K extends PolicyView['rules'][number]['kind']>(result: RuleResultView, policy: PolicyView, kind: K): Extract<PolicyView['rules'][number], { kind: K }> | undefined {
  const rule = policy.rules.find((r) => r.id === result.id);
  return rule?.kind === kind ? (rule as Extract<PolicyView['rules'][number], { kind: K }>) : undefined;
}

/** The latest reading the thermometer rule could use: inside the plausible range of the rule with that id, if it is still listed. */
function lastPlausible(result: RuleResultView, policy: PolicyView, readings: number[]): number | undefined {
  const range = ruleOf(result, policy, 'temperature')?.params.plausibleC;
  return readings.filter((c) => range === undefined || (c >= range.min && c <= range.max)).at(-1);
}

function temperatureReason(result: RuleResultView, policy: PolicyView): Bilingual {
  const readings = numbers(result.values['readingsC']);
  const threshold = result.values['thresholdC'];
  const last = lastPlausible(result, policy, readings);
  if (readings.length === 0 && result.outcome === 'MISSING_EVIDENCE') return bi('未测得体温', 'No temperature reading');
  if (last === undefined) return bi('体温读数无效，请联系工作人员', 'The temperature reading was not valid');
  const t = celsius(last);
  if (result.outcome === 'MISSING_EVIDENCE') return bi(`体温 ${t} °C 偏高，未完成复测`, `Temperature ${t} °C was high and was not measured again`);
  if (typeof threshold !== 'number') return bi(`体温 ${t} °C 偏高`, `Temperature ${t} °C is too high`);
  const th = celsius(threshold);
  return bi(`体温 ${t} °C，不低于 ${th} °C`, `Temperature ${t} °C is not below ${th} °C`);
}

/** A signed code the gate refused, in the words of the scan notice for its refusal code. */
function refusedReason(v: RuleResultView['values']): Bilingual | undefined {
  const code = str(v['refused']);
  return code === undefined ? undefined : noticeWords(code).text;
}

/** A code whose holder could not be checked: not bound to anyone yet, or no district key to compare refs with. */
function subjectCheckReason(v: RuleResultView['values'], what: Bilingual): Bilingual | undefined {
  switch (str(v['subjectCheck'])) {
    case 'no-identity':
      return bi(`${what.zh}未能与身份证件核对`, `The ${what.en} was not matched to an ID`);
    case 'no-district-key':
      return bi(`无法核对${what.zh}是否本人的（未配置区县密钥）`, `Could not check the ${what.en} is yours (no district key on this gate)`);
    default:
      return undefined;
  }
}

function identityReason(result: RuleResultView): Bilingual {
  const refused = refusedReason(result.values);
  if (refused !== undefined) return refused;
  if (result.outcome === 'MISSING_EVIDENCE') return bi('未识别身份', 'No ID was scanned');
  const document = result.values['document'];
  if (typeof document === 'object' && document !== null && 'expired' in document && document.expired === true) {
    const validTo = 'validTo' in document && typeof document.validTo === 'string' ? document.validTo : '?';
    return bi(`身份证已过期（有效期至${validTo}）`, `Your ID card expired (valid to ${validTo})`);
  }
  const credential = result.values['credential'];
  const used = label(strings.credential, typeof credential === 'string' ? credential : '?');
  const accepted = anyOf(texts(result.values['accepted']).map((k) => label(strings.credential, k)));
  return bi(`不接受${used.zh}，请用${accepted.zh}`, `A ${used.en} is not accepted here; use ${accepted.en}`);
}

function maskReason(result: RuleResultView): Bilingual {
  if (result.outcome === 'MISSING_EVIDENCE') return bi('未确认佩戴口罩', 'Mask not confirmed');
  const accepted = anyOf(texts(result.values['accepted']).map((k) => label(strings.maskEvidence, k)));
  return bi(`佩戴口罩须经${accepted.zh}`, `Your mask must be checked by ${accepted.en}`);
}

/** In the evaluator's order: not an accepted way, not this person's, stale, then the colour itself. */
function healthCodeReason(result: RuleResultView): Bilingual {
  const v = result.values;
  const refused = refusedReason(v) ?? subjectCheckReason(v, bi('健康码', 'health code'));
  if (refused !== undefined) return refused;
  if (result.outcome === 'MISSING_EVIDENCE') {
    const why = str(v['unverifiable']);
    if (why === undefined) return bi('未出示健康码', 'No health code was shown');
    const reason = label(strings.unverifiable, why);
    return bi(`健康码无法联网核验（${reason.zh}）`, `The health code could not be checked online (${reason.en})`);
  }
  if (v['accepted'] !== undefined) {
    const via = label(strings.healthCodeVia, str(v['via']) ?? '?');
    const accepted = anyOf(texts(v['accepted']).map((k) => label(strings.healthCodeVia, k)));
    return bi(`不接受以${via.zh}核验健康码，须经${accepted.zh}`, `A health code by ${via.en} is not accepted here; it must be ${accepted.en}`);
  }
  if (v['subjectMismatch'] === true) return bi('健康码不是本人的', 'This health code belongs to someone else');
  if (v['stale'] === true) {
    const age = num(v['ageHours']);
    const max = num(v['maxAgeHours']);
    const ago = age === undefined ? bi('', '') : bi(`${age} 小时前更新`, `set ${age} h ago`);
    const limit = max === undefined ? bi('', '') : bi(`须为 ${max} 小时内`, `must be within ${max} h`);
    const detail = [ago, limit].filter((d) => d.zh !== '');
    return detail.length === 0
      ? bi('健康码已过时', 'The health code is out of date')
      : bi(`健康码已过时（${detail.map((d) => d.zh).join('，')}）`, `The health code is out of date (${detail.map((d) => d.en).join('; ')})`);
  }
  const colour = str(v['colour']);
  if (colour === undefined) return bi('健康码未通过', 'The health code did not pass');
  const c = label(strings.colour, colour);
  return bi(`健康码为${c.zh}`, `Your health code is ${c.en}`);
}

function travelReason(result: RuleResultView, policy: PolicyView): Bilingual {
  const v = result.values;
  const refused = refusedReason(v) ?? subjectCheckReason(v, bi('行程码', 'travel code'));
  if (refused !== undefined) return refused;
  if (result.outcome === 'MISSING_EVIDENCE') return bi('未出示行程码', 'No travel code was shown');
  if (v['subjectMismatch'] === true) return bi('行程码不是本人的', 'This travel code belongs to someone else');
  if (v['accepted'] !== undefined) {
    const accepted = anyOf(texts(v['accepted']).map((k) => label(strings.travelVia, k)));
    return bi(`行程须凭${accepted.zh}证明`, `Travel must be shown by ${accepted.en}`);
  }
  const hits = (Array.isArray(v['hits']) ? v['hits'] : []).map(record);
  if (hits.length === 0) {
    const days = num(v['withinDays']) ?? ruleOf(result, policy, 'high-risk-travel')?.params.withinDays;
    return days === undefined ? bi('到过风险地区', 'Was in a risk area') : bi(`${days} 天内到过风险地区`, `Was in a risk area in the last ${days} days`);
  }
  const shown = hits.slice(0, 3).map((h) => {
    const area = str(h['area']) ?? '?';
    const day = str(h['lastDay']) ?? '?';
    const level = riskAreas([str(h['level']) ?? '?']);
    return bi(`${day} 到过${level.zh}（${area}）`, `was in ${level.en} (${area}) on ${day}`);
  });
  const more = hits.length - shown.length;
  const zh = `${shown.map((s) => s.zh).join('；')}${more > 0 ? `；另有 ${more} 处` : ''}`;
  const en = `${shown.map((s) => s.en).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  return bi(zh, capitalised(en));
}

function residencyReason(result: RuleResultView): Bilingual {
  if (result.outcome === 'MISSING_EVIDENCE') return bi('无法确认是否本小区居民', 'Could not tell whether you live here');
  const category = str(result.values['category']);
  const as = category === undefined ? undefined : label(strings.visitor, category);
  const base = as === undefined ? bi('非本小区居民', 'Not a resident here') : bi(`非本小区居民（登记类别：${as.zh}）`, `Not a resident here (registered under: ${as.en})`);
  return result.effect === 'refer' ? bi(`${base.zh}，${seeGuard.zh}`, `${base.en}. ${seeGuard.en}`) : base;
}

function quarantineReason(result: RuleResultView, direction: Direction): Bilingual {
  if (result.outcome === 'MISSING_EVIDENCE') return bi('无法核对居家隔离名单', 'Could not check the home quarantine list');
  const way = directionWords([direction]);
  return bi(`居家隔离期间不得${way.zh}`, `You are under home quarantine and may not ${way.en}`);
}

function exitQuotaReason(result: RuleResultView): Bilingual {
  if (result.outcome === 'MISSING_EVIDENCE') return bi('无法核对本户外出次数', "Could not check your household's exits");
  const used = num(result.values['used']);
  const max = num(result.values['maxExits']);
  const days = num(result.values['perDays']);
  if (used === undefined || max === undefined || days === undefined) return bi('本户外出次数已用完', 'Your household has used its exits');
  const period = bi(days === 1 ? '今天' : ` ${days} 天内`, days === 1 ? 'today' : `in ${days} days`);
  return bi(`本户${period.zh}已外出 ${used} 次（限 ${max} 次）`, `Your household has used ${used} of ${max} ${max === 1 ? 'exit' : 'exits'} ${period.en}`);
}

function hoursReason(result: RuleResultView, policy: PolicyView): Bilingual {
  const time = str(result.values['time']);
  const weekday = num(result.values['weekday']);
  const day = weekday === undefined ? undefined : label(strings.weekday as Readonly<Record<string, Bilingual>>, String(weekday));
  const now = time === undefined ? bi('现在', 'Now') : bi(`现在是${day?.zh ?? ''} ${time}`, `It is ${day === undefined ? '' : `${day.en} `}${time}`);
  const rule = ruleOf(result, policy, 'hours');
  const open = rule === undefined ? undefined : openingHours(rule.params.windows);
  const base = bi(`${now.zh}，不在开放时间内`, `${now.en}, outside opening hours`);
  return open === undefined ? base : bi(`${base.zh}（${open.zh}）`, `${base.en} (${open.en})`);
}

function registrationReason(result: RuleResultView): Bilingual {
  const missing = texts(result.values['missing']).map((f) => label(strings.field, f));
  if (missing.length === 0) return bi(`未登记信息，${seeGuard.zh}`, `Your details were not recorded. ${seeGuard.en}`);
  const fields = allOf(missing);
  return bi(`未登记${fields.zh}，${seeGuard.zh}`, `Not recorded: ${fields.en}. ${seeGuard.en}`);
}

/** A time-dependent rule the engine did not evaluate because the clock could not be trusted. */
function untrustedClockReason(result: RuleResultView): Bilingual {
  const what = Object.hasOwn(strings.timeDependent, result.kind) ? strings.timeDependent[result.kind as keyof typeof strings.timeDependent] : undefined;
  return what === undefined
    ? strings.clockUntrusted
    : bi(`${strings.clockUntrusted.zh}，无法核验${what.zh}`, `${strings.clockUntrusted.en}, so ${what.en} could not be checked`);
}

/** One sentence for a rule that FAILED or had MISSING_EVIDENCE. */
export function describeReason(result: RuleResultView, { policy, direction }: ReasonContext): Bilingual {
  if (result.values['clock'] === 'untrusted') return untrustedClockReason(result);
  switch (result.kind) {
    case 'temperature':
      return temperatureReason(result, policy);
    case 'identity':
      return identityReason(result);
    case 'mask':
      return maskReason(result);
    case 'health-code':
      return healthCodeReason(result);
    case 'high-risk-travel':
      return travelReason(result, policy);
    case 'residency':
      return residencyReason(result);
    case 'quarantine-list':
      return quarantineReason(result, direction);
    case 'exit-quota':
      return exitQuotaReason(result);
    case 'hours':
      return hoursReason(result, policy);
    case 'registration':
      return registrationReason(result);
    default:
      return result.outcome === 'FAILED'
        ? bi(`未满足规则 ${result.id}`, `Rule ${result.id} not met`)
        : bi(`规则 ${result.id} 缺少依据`, `No evidence for rule ${result.id}`);
  }
}

/** The rules that made the verdict what it is, in policy order. */
export function failedRules(rules: readonly RuleResultView[]): RuleResultView[] {
  return rules.filter((r) => r.outcome === 'FAILED' || r.outcome === 'MISSING_EVIDENCE');
}

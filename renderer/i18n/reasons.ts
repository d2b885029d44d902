/**
 * Why a verdict is not "admit", in plain words with the values the rule looked at (src/policy/rules/*).
 * Rule values arrive as JSON from the core, so every field is read defensively.
 */
import type { GateView, PolicyView } from '../../src/ipc/view.js';
import { anyOf, celsius, label } from './phrases.js';
import { bi, strings, type Bilingual } from './strings.js';

type VerdictScreen = Extract<GateView['lanes'][number]['screen'], { kind: 'verdict' }>;
export type RuleResultView = VerdictScreen['rules'][number];

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : []);

/** The latest reading the thermometer rule could use: inside the plausible range of the rule with that id, if it is still listed. */
function lastPlausible(result: RuleResultView, policy: PolicyView, readings: number[]): number | undefined {
  const rule = policy.rules.find((r) => r.id === result.id);
  const range = rule?.kind === 'temperature' ? rule.params.plausibleC : undefined;
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

function identityReason(result: RuleResultView): Bilingual {
  if (result.outcome === 'MISSING_EVIDENCE') return bi('未识别身份', 'No ID was scanned');
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

/** One sentence for a rule that FAILED or had MISSING_EVIDENCE. */
export function describeReason(result: RuleResultView, policy: PolicyView): Bilingual {
  switch (result.kind) {
    case 'temperature':
      return temperatureReason(result, policy);
    case 'identity':
      return identityReason(result);
    case 'mask':
      return maskReason(result);
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

/** The rules in force, in plain words generated from the policy data (never written out by hand). */
import type { PolicyView } from '../../src/ipc/view.js';
import type { Rule } from '../../src/policy/schema.js';
import { anyOf, celsius, label } from './phrases.js';
import { bi, strings, type Bilingual } from './strings.js';

export function describeRule(rule: Rule): Bilingual {
  switch (rule.kind) {
    case 'identity': {
      const accepted = anyOf(rule.params.accept.map((k) => label(strings.credential, k)));
      return bi(`凭${accepted.zh}核验身份`, `Identity by ${accepted.en}`);
    }
    case 'temperature': {
      const t = celsius(rule.params.thresholdC);
      const n = rule.params.remeasures;
      return n === 0
        ? bi(`体温低于 ${t} °C`, `Body temperature below ${t} °C`)
        : bi(`体温低于 ${t} °C（偏高可复测 ${n} 次）`, `Body temperature below ${t} °C (${n} more ${n === 1 ? 'try' : 'tries'} if high)`);
    }
    case 'mask': {
      if (rule.params.accept.includes('self-declared')) return bi('须佩戴口罩', 'Mask required');
      const by = anyOf(rule.params.accept.map((k) => label(strings.maskEvidence, k)));
      return bi(`须佩戴口罩，由${by.zh}`, `Mask required, checked by ${by.en}`);
    }
  }
}

/** Small print naming the values the operator set with no notice behind them: never passed off as cited. */
export function localNote(rule: Rule): string | undefined {
  if (rule.localParams.length === 0) return undefined;
  const params = rule.localParams.map((p) => label(strings.param, p));
  const zh = params.map((p) => p.zh).join('、');
  const en = params.map((p) => p.en).join(', ');
  return `${zh}为本处设定，非通知原文 · Set locally, not by the notice: ${en}`;
}

/** "notice title · clause" in small print; the notice's id stands in when the policy does not list it. */
export function citation(cites: { readonly notice: string; readonly clause: string }, policy: PolicyView): string {
  const title = policy.notices.find((n) => n.id === cites.notice)?.title ?? cites.notice;
  return `${title} · ${cites.clause}`;
}

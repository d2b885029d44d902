/** The rules in force, in plain words generated from the policy data (never written out by hand). */
import { HEALTH_CODE_COLOURS, type Direction } from '../../src/domain.js';
import type { PolicyView } from '../../src/ipc/view.js';
import type { Rule, RuleOf } from '../../src/policy/schema.js';
import { allOf, anyOf, capitalised, celsius, label, openingHours, utcOffset } from './phrases.js';
import { bi, strings, type Bilingual } from './strings.js';

/** China Standard Time; any other offset is worth saying. */
const CST_MINUTES = 480;

/** "外出" / "go out", or both ways: "进出" / "come in or go out". */
export function directionWords(directions: readonly Direction[]): Bilingual {
  const entry = directions.includes('entry');
  const exit = directions.includes('exit');
  if (entry && exit) return bi('进出', 'come in or go out');
  return strings.direction[exit ? 'exit' : 'entry'];
}

/** "绿码通行，黄码请等待工作人员，红码禁止通行" / "Green code passes, yellow: see the guard, red: refused". */
function colourOutcomes(outcomes: RuleOf<'health-code'>['params']['outcomes']): Bilingual {
  const groups = (['pass', 'refer', 'deny'] as const)
    .map((o) => ({ outcome: o, colours: HEALTH_CODE_COLOURS.filter((c) => outcomes[c] === o).map((c) => strings.colour[c]) }))
    .filter((g) => g.colours.length > 0);
  const zh = groups.map((g) => `${g.colours.map((c) => c.zh).join('、')}${strings.colourOutcome[g.outcome].zh}`).join('，');
  const en = groups
    .map((g, i) => {
      const who = i === 0 ? `${capitalised(anyOf(g.colours).en)} code` : anyOf(g.colours).en;
      return g.outcome === 'pass' ? `${who} ${strings.colourOutcome.pass.en}` : `${who}: ${strings.colourOutcome[g.outcome].en}`;
    })
    .join(', ');
  return bi(zh, en);
}

/** "高、中风险地区" / "a high- or medium-risk area". */
export function riskAreas(levels: readonly string[]): Bilingual {
  const names = levels.map((l) => label(strings.riskLevel, l));
  const en = names.length === 1 ? `a ${names[0]?.en ?? ''}-risk area` : `a ${anyOf(names.map((n) => bi(n.zh, `${n.en}-`))).en}risk area`;
  return bi(`${names.map((n) => n.zh).join('、')}风险地区`, en);
}

function healthCode(rule: RuleOf<'health-code'>): Bilingual {
  const { outcomes, maxAgeHours: h } = rule.params;
  const colours = colourOutcomes(outcomes);
  return bi(`健康码${colours.zh}；码须为 ${h} 小时内`, `${colours.en}; code set within ${h} h`);
}

function exitQuota(rule: RuleOf<'exit-quota'>): Bilingual {
  const { maxExits: n, perDays: d } = rule.params;
  return bi(
    `每户每${d === 1 ? '天' : ` ${d} 天`}限 ${n} 人次外出`,
    `${n === 1 ? 'One exit' : `Up to ${n} exits`} per household ${d === 1 ? 'per day' : `every ${d} days`}`,
  );
}

function registration(rule: RuleOf<'registration'>): Bilingual {
  const { nonResidents, residents } = rule.params;
  if (nonResidents.length === 0 && residents.length === 0) return bi('无需登记个人信息', 'No personal details are recorded');
  const fields = (f: readonly string[]): Bilingual => allOf(f.map((k) => label(strings.field, k)));
  const parts: Bilingual[] = [];
  if (nonResidents.length > 0) parts.push(bi(`非本小区居民须登记${fields(nonResidents).zh}`, `Non-residents: ${fields(nonResidents).en} recorded`));
  if (residents.length > 0) parts.push(bi(`居民须登记${fields(residents).zh}`, `Residents: ${fields(residents).en} recorded`));
  return bi(parts.map((p) => p.zh).join('；'), parts.map((p) => p.en).join('; '));
}

/** The rule in one sentence, from its kind and parameters. */
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
    case 'health-code':
      return healthCode(rule);
    case 'high-risk-travel': {
      const { withinDays: d, levels } = rule.params;
      const areas = riskAreas(levels);
      const effect = strings.effect[rule.onFail];
      return bi(`${d} 天内到过${areas.zh}者${effect.zh}`, `Anyone who was in ${areas.en} in the last ${d} ${d === 1 ? 'day' : 'days'}: ${effect.en}`);
    }
    case 'residency':
      return rule.params.nonResident === 'refer'
        ? bi('本小区居民通行；非居民请登记', 'Residents pass; others register with the guard')
        : bi('本小区居民通行；非居民禁止通行', 'Residents pass; others are refused');
    case 'quarantine-list': {
      const way = directionWords(rule.directions);
      return rule.onFail === 'deny'
        ? bi(`居家隔离人员不得${way.zh}`, `People under home quarantine may not ${way.en}`)
        : bi(`居家隔离人员${way.zh}请等待工作人员`, `People under home quarantine must see the guard to ${way.en}`);
    }
    case 'exit-quota':
      return exitQuota(rule);
    case 'hours': {
      const open = openingHours(rule.params.windows);
      return bi(`开放时间：${open.zh}`, `Open ${open.en}`);
    }
    case 'registration':
      return registration(rule);
  }
}

/** A second, smaller line for the parameters the sentence leaves out: how evidence is accepted, exemptions, time zone. */
export function ruleDetail(rule: Rule): Bilingual | undefined {
  switch (rule.kind) {
    case 'health-code': {
      const by = anyOf(rule.params.accept.map((k) => label(strings.healthCodeVia, k)));
      const base = bi(`凭${by.zh}核验`, `Checked by ${by.en}`);
      if (!rule.params.accept.includes('online')) return base;
      const fallback = strings.effect[rule.params.onUnverifiable];
      return bi(`${base.zh}；联网查询失败时${fallback.zh}`, `${base.en}; if the online check fails: ${fallback.en}`);
    }
    case 'high-risk-travel': {
      const by = anyOf(rule.params.accept.map((k) => label(strings.travelVia, k)));
      return bi(`凭${by.zh}`, `Shown by ${by.en}`);
    }
    case 'residency': {
      if (rule.params.exempt.length === 0) return undefined;
      const who = rule.params.exempt.map((k) => label(strings.visitor, k));
      return bi(`登记为${who.map((w) => w.zh).join('、')}的也可通行`, `Also pass once registered: ${allOf(who).en}`);
    }
    case 'hours':
      return rule.params.utcOffsetMinutes === CST_MINUTES ? undefined : bi(`时间按 ${utcOffset(rule.params.utcOffsetMinutes)} 计`, `Times are ${utcOffset(rule.params.utcOffsetMinutes)}`);
    case 'identity':
    case 'temperature':
    case 'mask':
    case 'quarantine-list':
    case 'exit-quota':
    case 'registration':
      return undefined;
  }
}

/** Small print naming the values the operator set with no notice behind them: never passed off as cited. `short` for a crowded list. */
export function localNote(rule: Rule, short = false): string | undefined {
  if (rule.localParams.length === 0) return undefined;
  const params = rule.localParams.map((p) => label(strings.param, p));
  const zh = params.map((p) => p.zh).join('、');
  const en = params.map((p) => p.en).join(', ');
  return short ? `本处设定（非通知原文）：${zh} · Set locally: ${en}` : `${zh}为本处设定，非通知原文 · Set locally, not by the notice: ${en}`;
}

/** A notice's title; its id stands in when the policy does not list it. */
export function noticeTitle(id: string, policy: PolicyView): string {
  return policy.notices.find((n) => n.id === id)?.title ?? id;
}

/** The cited clause in the notice's own words (from the catalogue), in each language received; empty when the view has none. */
export function clauseQuote(cites: { readonly notice: string; readonly clause: string }, policy: PolicyView): PolicyView['notices'][number]['clauses'][number]['quote'] {
  return policy.notices.find((n) => n.id === cites.notice)?.clauses.find((c) => c.id === cites.clause)?.quote ?? [];
}

/** "notice title · clause" in small print. */
export function citation(cites: { readonly notice: string; readonly clause: string }, policy: PolicyView): string {
  return `${noticeTitle(cites.notice, policy)} · ${cites.clause}`;
}

/** The policy's retention period, when the view carries it (`retention: {days, cites?}`); read defensively. */
export function retentionOf(policy: PolicyView): { days: number; cited: boolean } {
  return { days: policy.retention.days, cited: policy.retention.cites !== undefined };
}

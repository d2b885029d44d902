import type { JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Direction } from '../../src/domain.js';
import type { PolicyView } from '../../src/ipc/view.js';
import { clauseQuote, describeRule, localNote, noticeTitle, ruleDetail } from '../i18n/rules.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';

/** The rules that apply at a lane of this direction, in policy order. */
export function rulesAt(policy: PolicyView, direction: Direction): PolicyView['rules'] {
  return policy.rules.filter((r) => r.directions.includes(direction));
}

/** More rules than this and the list goes compact: two columns where the screen is wide, each notice named once. */
export const FEW_RULES = 4;

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
/** ① … ⑳, then [21]: the mark a compact citation refers to its notice by. */
export function noticeMark(i: number): string {
  return CIRCLED[i] ?? `[${i + 1}]`;
}

/**
 * Smallest scale the list shrinks to. The type stops earlier, at its readable-at-arm's-length floors in
 * styles.css (reached near 0.57); from there down only the spacing between and inside the rules closes up.
 */
const MIN_FIT = 0.3;
const FIT_STEP = 0.05;

/**
 * Every rule in force must be on screen: nothing may be cut off. The list starts at full size and steps its
 * type down until it fits its box (again from full size whenever the rules or the window change).
 */
function useFit(rulesKey: string): { ref: { current: HTMLElement | null }; fit: number; overflow: boolean } {
  const ref = useRef<HTMLElement | null>(null);
  const [size, setSize] = useState(() => `${window.innerWidth}x${window.innerHeight}`);
  const key = `${rulesKey}@${size}`;
  const [state, setState] = useState({ key, fit: 1 });
  useLayoutEffect(() => {
    const onResize = (): void => setSize(`${window.innerWidth}x${window.innerHeight}`);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const [overflow, setOverflow] = useState(false);
  const fit = state.key === key ? state.fit : 1;
  useLayoutEffect(() => {
    const el = ref.current;
    if (state.key !== key) {
      setState({ key, fit: 1 });
      return;
    }
    const over = el !== null && el.scrollHeight > el.clientHeight + 1;
    if (over && fit > MIN_FIT) setState({ key, fit: Math.max(MIN_FIT, Math.round((fit - FIT_STEP) * 100) / 100) });
    // Still too many at the smallest readable size: the list scrolls rather than hiding a rule.
    else setOverflow(over);
  });
  return { ref, fit, overflow };
}

/** The rules that apply at this lane, each in plain words with the notice clause it comes from. */
export function RuleList({ policy, direction }: { policy: PolicyView; direction: Direction }): JSX.Element {
  const rules = rulesAt(policy, direction);
  const compact = rules.length > FEW_RULES;
  // Each cited notice is named once, numbered in order of first citation, with the cited clauses in its own
  // words (never the policy author's paraphrase); a rule then cites "① clause". The quotes come after the
  // rules, so a long clause never pushes a rule off screen.
  const waived = policy.waived;
  const cited = [...rules.map((r) => r.cites), ...waived.map((w) => w.cites)];
  const sources = [...new Set(cited.map((c) => c.notice))];
  const clausesOf = (notice: string): string[] => [...new Set(cited.filter((c) => c.notice === notice).map((c) => c.clause))];
  const cite = (c: { readonly notice: string; readonly clause: string }): string => `${noticeMark(sources.indexOf(c.notice))} ${c.clause}`;
  const { ref, fit, overflow } = useFit(`${policy.sha256}:${direction}`);
  return (
    <section
      class={`rules${compact ? ' rules-compact' : ''}${overflow ? ' rules-overflow' : ''}`}
      data-testid="rules"
      data-fit={fit}
      data-overflow={overflow}
      ref={ref}
      style={{ '--fit': fit }}
    >
      <h2>
        <Bi text={rules.length === 0 ? strings.noRules : strings.rulesHeading} size="body" />
      </h2>
      <ul>
        {rules.map((r) => {
          const local = localNote(r, compact);
          const detail = ruleDetail(r);
          return (
            <li key={r.id} data-testid="rule" data-rule={r.id} data-kind={r.kind}>
              <Bi text={describeRule(r)} size="large" />
              {detail !== undefined && (
                <span class="rule-detail" data-testid="rule-detail">
                  <Bi text={detail} size="small" />
                </span>
              )}
              <span class="rule-meta">
                <small class="cite">{cite(r.cites)}</small>
                {local !== undefined && (
                  <small class="local" data-testid="local-params">
                    {local}
                  </small>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {waived.length > 0 && (
        <section class="waived" data-testid="waived">
          <Bi text={strings.waivedHeading} size="small" />
          <ul>
            {waived.map((w) => (
              <li key={w.kind} data-testid="waiver" data-kind={w.kind}>
                <Bi text={strings.ruleKind[w.kind]} size="small" />
                <small class="cite">{cite(w.cites)}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ol class="sources" data-testid="sources">
        {sources.map((id, i) => (
          <li key={id}>
            <small class="cite">
              {noticeMark(i)} {noticeTitle(id, policy)}
            </small>
            {clausesOf(id).map((clause) => (
              <blockquote key={clause} class="clause" data-testid="clause" data-notice={id} data-clause={clause}>
                {clauseQuote({ notice: id, clause }, policy).map((q) => (
                  <small key={q.language} lang={q.language} class="quote">
                    {q.text}
                    {q.translation && ` （${strings.translationMark.zh} · ${strings.translationMark.en}）`}
                  </small>
                ))}
              </blockquote>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

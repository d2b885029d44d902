import type { JSX } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import type { Direction, Verdict as VerdictKind } from '../../src/domain.js';
import type { PolicyView } from '../../src/ipc/view.js';
import { Bi } from '../components/bi.js';
import { Icon, type IconName } from '../components/icons.js';
import { phrases } from '../i18n/phrases.js';
import { describeReason, failedRules } from '../i18n/reasons.js';
import { citation } from '../i18n/rules.js';
import { strings } from '../i18n/strings.js';
import { speak } from '../speech.js';
import type { ScreenOf } from './types.js';

const icons: Record<VerdictKind, IconName> = { admit: 'check', deny: 'cross', refer: 'alert' };

/** More reasons than this and they go smaller, in two columns where the screen is wide. */
const MANY_REASONS = 3;

/** Once per decision: mark the frame that paints it (the ui.commit_to_paint figure), and say the verdict aloud. */
function useVerdictEffects(decisionId: string, words: string, muted: boolean): void {
  useLayoutEffect(() => {
    // Layout effects run right after the DOM is updated; the next animation frame is the one that paints it.
    const frame = requestAnimationFrame(() => performance.mark(`verdict-painted:${decisionId}`));
    return () => cancelAnimationFrame(frame);
  }, [decisionId]);
  useEffect(() => {
    if (!muted) speak(words);
  }, [decisionId, words, muted]);
}

/** The whole screen in the verdict's colour, with every failed or unproven rule and decision note underneath. */
export function Verdict({ screen, policy, direction, muted }: { screen: ScreenOf<'verdict'>; policy: PolicyView; direction: Direction; muted: boolean }): JSX.Element {
  const words = (direction === 'exit' ? strings.verdictAtExit : strings.verdict)[screen.verdict];
  useVerdictEffects(screen.decisionId, words.zh, muted);
  const reasons = failedRules(screen.rules);
  const context = { policy, direction };
  const count = reasons.length + screen.notes.length;
  const many = count > MANY_REASONS;
  return (
    <main
      class={`screen verdict verdict-${screen.verdict}${many ? ' verdict-many' : ''}`}
      data-testid="verdict"
      data-verdict={screen.verdict}
      data-decision={screen.decisionId}
    >
      <section class="verdict-head" role="status" aria-live="assertive">
        <Icon name={icons[screen.verdict]} ring />
        <Bi text={words} size="giant" />
      </section>
      {count > 0 && (
        <ul class="reasons" data-testid="reasons">
          {reasons.map((r) => (
            <li key={`rule:${r.id}`} data-testid="reason" data-rule={r.id} data-outcome={r.outcome}>
              <Bi text={describeReason(r, context)} size={many ? 'body' : 'large'} />
              <small class="cite">{many ? r.cites.clause : citation(r.cites, policy)}</small>
            </li>
          ))}
          {screen.notes.map((n) => (
            <li key={`note:${n}`} data-testid="reason" data-note={n}>
              <Bi text={strings.note[n]} size={many ? 'body' : 'large'} />
            </li>
          ))}
        </ul>
      )}
      {!screen.clockTrusted && (
        <p class="clock-note" data-testid="clock-note">
          <Bi text={strings.clockNote} size="small" />
        </p>
      )}
      <p class="record" data-testid="record">
        <Bi text={phrases.record(screen.seq)} size="small" />
      </p>
    </main>
  );
}

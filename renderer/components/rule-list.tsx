import type { JSX } from 'preact';
import type { Direction } from '../../src/domain.js';
import type { PolicyView } from '../../src/ipc/view.js';
import { citation, describeRule, localNote } from '../i18n/rules.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';

/** The rules that apply at this lane, each in plain words with the notice clause it comes from. */
export function RuleList({ policy, direction }: { policy: PolicyView; direction: Direction }): JSX.Element {
  const rules = policy.rules.filter((r) => r.directions.includes(direction));
  return (
    <section class="rules" data-testid="rules">
      <h2>
        <Bi text={rules.length === 0 ? strings.noRules : strings.rulesHeading} size="body" />
      </h2>
      <ul>
        {rules.map((r) => {
          const local = localNote(r);
          return (
            <li key={r.id} data-testid="rule" data-rule={r.id}>
              <Bi text={describeRule(r)} size="large" />
              <small class="cite">{citation(r.cites, policy)}</small>
              {local !== undefined && (
                <small class="local" data-testid="local-params">
                  {local}
                </small>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

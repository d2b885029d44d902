import type { JSX } from 'preact';
import type { ClockView } from '../../src/ipc/view.js';
import { clockReason } from '../i18n/notices.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';
import { Icon } from './icons.js';

/** While the gate's clock cannot be trusted, time-dependent rules go to `clock.onUntrusted`: say so before anyone scans. */
export function ClockBanner({ clock }: { clock: ClockView }): JSX.Element | null {
  if (clock.trusted) return null;
  const why = clock.reason === null ? undefined : clockReason(clock.reason);
  return (
    <section class="clock-warning" role="status" data-testid="clock-warning" data-reason={clock.reason ?? ''}>
      <Icon name="clock" />
      <div class="clock-words">
        <Bi text={strings.clockWarning} size="body" />
        {why !== undefined && (
          <small class="clock-reason">
            {strings.clockReason.zh}：{why.zh} · {strings.clockReason.en}: {why.en}
          </small>
        )}
      </div>
    </section>
  );
}

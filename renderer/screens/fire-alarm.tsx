import type { JSX } from 'preact';
import type { FireAlarmView } from '../../src/ipc/view.js';
import { Bi } from '../components/bi.js';
import { Icon } from '../components/icons.js';
import { strings } from '../i18n/strings.js';

/** A fire alarm, over every other screen of every kiosk (docs/inputs.md): the gates are held open; nothing is asked of anyone. */
export function FireAlarm({ fire }: { fire: FireAlarmView }): JSX.Element {
  return (
    <main class="screen message fire-alarm" data-testid="screen-fire-alarm" data-freed={fire.freed.join(' ')} role="alert" aria-live="assertive">
      <Icon name="alert" ring />
      <Bi text={strings.fireAlarm} size="huge" />
      <p class="detail">
        <Bi text={strings.fireAlarmDetail} size="body" />
      </p>
    </main>
  );
}

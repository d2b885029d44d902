import type { JSX } from 'preact';
import type { LaneAlarmView } from '../../src/ipc/view.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';
import { Icon } from './icons.js';

/**
 * The lane's door-held-open and tamper alarms: a banner along the bottom of whatever screen shows, never instead
 * of it — the person at the gate still gets their verdict; the alarm is for the guard.
 */
export function AlarmBanner({ alarms }: { alarms: readonly LaneAlarmView[] }): JSX.Element | null {
  if (alarms.length === 0) return null;
  const kinds = [...new Set(alarms.map((a) => a.kind))];
  return (
    <aside class="alarm-banner" role="status" data-testid="alarm-banner" data-alarms={kinds.join(' ')}>
      {kinds.map((kind) => (
        <div class="alarm-line" key={kind}>
          <Icon name="alert" />
          <Bi text={strings.laneAlarm[kind]} size="body" />
        </div>
      ))}
    </aside>
  );
}

import type { JSX } from 'preact';
import type { DeviceStatus } from '../../src/devices/status.js';
import type { LaneView, PolicyView } from '../../src/ipc/view.js';
import { Bi } from '../components/bi.js';
import { DeviceRow } from '../components/device-row.js';
import { Icon } from '../components/icons.js';
import { RuleList } from '../components/rule-list.js';
import { ScanNotice } from '../components/scan-notice.js';
import { phrases } from '../i18n/phrases.js';
import { strings } from '../i18n/strings.js';

/** Nobody at the gate: invite the next person and say what will be checked, and under which notice. */
export function Idle({ lane, policy, devices }: { lane: LaneView; policy: PolicyView; devices: readonly DeviceStatus[] }): JSX.Element {
  return (
    <main class="screen idle" data-testid="screen-idle">
      <section class="prompt" aria-live="polite" data-testid="prompt">
        <Icon name="scan" />
        <Bi text={strings.scanPrompt} size="huge" />
      </section>
      <ScanNotice notice={lane.notice} />
      <RuleList policy={policy} direction={lane.direction} />
      <footer class="status">
        <DeviceRow devices={devices} />
        <p class="policy-line" data-testid="policy-line">
          {phrases.policy(policy.id, policy.version, policy.sha256)}
        </p>
      </footer>
    </main>
  );
}

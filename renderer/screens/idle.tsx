import type { JSX } from 'preact';
import type { DeviceStatus } from '../../src/devices/status.js';
import type { BundleView, ClockView, LaneView, PolicyView, StorageView } from '../../src/ipc/view.js';
import { Bi } from '../components/bi.js';
import { BundleBanner } from '../components/bundle-banner.js';
import { ClockBanner } from '../components/clock-banner.js';
import { DeviceSummary } from '../components/device-row.js';
import { Icon } from '../components/icons.js';
import { FEW_RULES, RuleList, rulesAt } from '../components/rule-list.js';
import { ScanNotice } from '../components/scan-notice.js';
import { StorageBanner } from '../components/storage-banner.js';
import { phrases } from '../i18n/phrases.js';
import { retentionOf } from '../i18n/rules.js';
import { strings } from '../i18n/strings.js';

/** Nobody at the gate: invite the next person and say what will be checked, and under which notice. */
export function Idle({
  lane,
  policy,
  devices,
  clock,
  storage,
  bundles,
}: {
  lane: LaneView;
  policy: PolicyView;
  devices: readonly DeviceStatus[];
  clock: ClockView;
  storage: StorageView;
  bundles: readonly BundleView[];
}): JSX.Element {
  const retention = retentionOf(policy);
  const many = rulesAt(policy, lane.direction).length > FEW_RULES;
  return (
    <main class={`screen idle${many ? ' idle-many' : ''}`} data-testid="screen-idle">
      <ClockBanner clock={clock} />
      <StorageBanner storage={storage} />
      <BundleBanner bundles={bundles} />
      <section class="prompt" aria-live="polite" data-testid="prompt">
        <Icon name="scan" />
        <Bi text={strings.scanPrompt} size="huge" />
      </section>
      <ScanNotice notice={lane.notice} />
      <RuleList policy={policy} direction={lane.direction} />
      <footer class="status">
        <DeviceSummary devices={devices} />
        <p class="retention" data-testid="retention" data-days={retention.days}>
          {phrases.retention(retention.days, retention.cited)}
        </p>
        {bundles.length > 0 && (
          <p class="retention" data-testid="bundle-ages">
            {phrases.bundleAges(bundles)}
          </p>
        )}
        <p class="policy-line" data-testid="policy-line">
          {phrases.policy(policy.id, policy.version, policy.sha256)}
        </p>
      </footer>
    </main>
  );
}

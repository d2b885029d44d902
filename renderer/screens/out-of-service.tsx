import type { JSX } from 'preact';
import type { DeviceStatus } from '../../src/devices/status.js';
import { Bi } from '../components/bi.js';
import { DeviceRow } from '../components/device-row.js';
import { Icon } from '../components/icons.js';
import { label } from '../i18n/phrases.js';
import { strings } from '../i18n/strings.js';

/**
 * The gate takes nobody (its journal cannot be written: no admit without a durable record; or this screen
 * lost the core, `bridge.lost`). Says so, and why (`code`) in the guard's small print; the devices stay listed
 * so a technician sees what is connected.
 */
export function OutOfService({ code, devices }: { code: string; devices: readonly DeviceStatus[] }): JSX.Element {
  return (
    <main class="screen message out-of-service" data-testid="screen-out-of-service" data-code={code} role="alert">
      <Icon name="alert" ring />
      <Bi text={strings.outOfService} size="huge" />
      <p class="detail" data-testid="detail">
        <Bi text={label(strings.serviceReason, code)} size="body" />
      </p>
      <footer class="status">
        <DeviceRow devices={devices} />
      </footer>
    </main>
  );
}

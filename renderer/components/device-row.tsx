import type { JSX } from 'preact';
import type { DeviceStatus } from '../../src/devices/status.js';
import { phrases } from '../i18n/phrases.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';

/** Every device of this lane, one small chip each (each reader its own), coloured by link state: what the guard reads. */
export function DeviceRow({ devices }: { devices: readonly DeviceStatus[] }): JSX.Element {
  return (
    <ul class="devices" data-testid="devices">
      {devices.map((d) => (
        <li key={`${d.lane}:${d.id}`} class={`device link-${d.link.state}`} data-role={d.role} data-id={d.id} data-state={d.link.state}>
          <Bi text={phrases.device(d.role, d.link.state, d.id)} size="small" />
        </li>
      ))}
    </ul>
  );
}

/**
 * The devices as the person at the gate sees them: one "devices ready" chip while every device of the lane is
 * ready, otherwise a chip for each device that is not (so something wrong shows, and the guard sees what to
 * check), never an inventory. A lane reporting no devices shows no chip: nothing says they are ready.
 */
export function DeviceSummary({ devices }: { devices: readonly DeviceStatus[] }): JSX.Element {
  const notReady = devices.filter((d) => d.link.state !== 'ready');
  if (devices.length === 0 || notReady.length > 0) return <DeviceRow devices={notReady} />;
  return (
    <ul class="devices" data-testid="devices">
      <li class="device link-ready" data-summary="all-ready" data-state="ready">
        <Bi text={strings.devicesReady} size="small" />
      </li>
    </ul>
  );
}

import type { JSX } from 'preact';
import type { DeviceStatus } from '../../src/devices/status.js';
import { phrases } from '../i18n/phrases.js';
import { Bi } from './bi.js';

/** One small chip per device of this lane (each reader its own), coloured by link state. */
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

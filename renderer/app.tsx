import type { JSX } from 'preact';
import type { GateApi } from '../src/ipc/contract.js';
import type { DeviceStatus } from '../src/devices/status.js';
import type { GateView, LaneView, PolicyView } from '../src/ipc/view.js';
import type { BridgeLink } from './bridge/link.js';
import { phrases } from './i18n/phrases.js';
import { strings } from './i18n/strings.js';
import { AlarmBanner } from './components/alarm-banner.js';
import { Collecting } from './screens/collecting.js';
import { FireAlarm } from './screens/fire-alarm.js';
import { Idle } from './screens/idle.js';
import { Message } from './screens/message.js';
import { OutOfService } from './screens/out-of-service.js';
import { Verdict } from './screens/verdict.js';
import { isMuted } from './speech.js';
import { laneDevices, pickLane } from './state/view.js';
import { useGateView } from './state/use-gate-view.js';
import { useLink } from './state/use-link.js';
import { useExpiringVerdicts } from './state/verdict-expiry.js';

/**
 * The kiosk: one lane (the first, or `?lane=<id>`), shown as the core's latest snapshot says — unless the page
 * no longer hears the core, when nothing of that snapshot is shown any more.
 */
export function App({ gate, link, search }: { gate: GateApi; link: BridgeLink; search: string }): JSX.Element {
  const view = useExpiringVerdicts(useGateView(gate, link));
  const linked = useLink(link);
  if (linked === 'lost') return <OutOfService code="bridge.lost" devices={[]} />;
  if (view === null) return <Message testid="screen-connecting" text={strings.connecting} />;
  // Life safety first: over every other screen, in service or not.
  if (view.fire !== null) return <FireAlarm fire={view.fire} />;
  const devices = laneDevices(view, search);
  const policy = view.policy;
  if (view.service.state === 'out-of-service' || policy === null) return <OutOfService code={view.service.state === 'out-of-service' ? view.service.code : 'starting'} devices={devices} />;
  const lane = pickLane(view, search);
  if (lane === undefined) return <Message testid="screen-no-lane" text={strings.noLane} />;
  return (
    <>
      <LaneScreen gate={gate} view={view} lane={lane} policy={policy} devices={devices} search={search} />
      <AlarmBanner alarms={lane.alarms} />
    </>
  );
}

function LaneScreen({ gate, view, lane, policy, devices, search }: { gate: GateApi; view: GateView; lane: LaneView; policy: PolicyView; devices: DeviceStatus[]; search: string }): JSX.Element {
  const screen = lane.screen;
  switch (screen.kind) {
    case 'idle':
      return <Idle lane={lane} policy={policy} devices={devices} clock={view.clock} storage={view.storage} bundles={view.bundles} />;
    case 'collecting':
      return <Collecting gate={gate} lane={lane} screen={screen} clock={view.clock} />;
    case 'verdict':
      return <Verdict screen={screen} policy={policy} direction={lane.direction} muted={isMuted(search)} />;
    case 'fault':
      return <Message testid="screen-fault" text={strings.fault} detail={phrases.faultCode(screen.code)} />;
  }
}

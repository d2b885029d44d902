/**
 * The trusted sources that restore the clock's trust after a jump (docs/bundles.md §Time), as the gate wires
 * them: the NTP daemon's status (config `clock.ntp`, polled while untrusted) and the platform's signed time
 * (keys of config `bundles.keys` with the `time` scope), sharing one record of refusals.
 */
import type { Failure } from '../../src/result.js';
import type { ResolvedConfig } from '../config/load.js';
import { trustedKeys } from '../bundles/jws.js';
import type { Log } from '../log.js';
import type { ClockEventSink, ClockMonitor } from './monitor.js';
import { NtpSync } from './ntp-sync.js';
import { type TimeSyncProbe, systemTimeSyncProbe } from './ntp-probe.js';
import { SignedTimeVerifier } from './signed-time.js';
import { SyncRefusals } from './sync-refusals.js';

export interface ClockSourcesDeps {
  readonly config: Pick<ResolvedConfig, 'clock' | 'bundles'>;
  readonly monitor: ClockMonitor;
  readonly events: ClockEventSink;
  readonly log: Log;
  readonly onSinkError: (f: Failure) => void;
  /** Default: the system's, per `clock.ntp`. */
  readonly probe?: TimeSyncProbe;
}

export interface ClockSources {
  /** Starts polling NTP (once now, then while untrusted). */
  start(): void;
  stop(): void;
  /** For the uplink: a signed time and the nonce of what it answered. */
  readonly onSignedTime: (time: string, nonce: string) => void;
}

export function clockSources(deps: ClockSourcesDeps): ClockSources {
  const wallNow = (): number => deps.monitor.reading().now;
  const refusals = new SyncRefusals({ events: deps.events, wallNow, log: deps.log, onSinkError: deps.onSinkError });
  const ntp = new NtpSync({ probe: deps.probe ?? systemTimeSyncProbe(deps.config.clock.ntp), monitor: deps.monitor, everyMs: deps.config.clock.ntpCheckEveryMs, refusals, log: deps.log });
  const signed = new SignedTimeVerifier({ keys: trustedKeys(deps.config.bundles?.keys ?? []), monitor: deps.monitor, wallNow, refusals });
  return {
    start: () => ntp.start(),
    stop: () => ntp.stop(),
    onSignedTime: (time, nonce) => void signed.accept(time, nonce),
  };
}

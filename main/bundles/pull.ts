/**
 * Where this gate's bundles come down from (docs/bundles.md §Transport), chosen once at start from config:
 *
 * - no `bundles`: nothing is pulled;
 * - `bundles.url`: HTTPS from it (pull-https.ts), with the uplink's HTTPS credentials when the uplink is HTTPS
 *   (pinned CA, client certificate, bearer token) and none otherwise;
 * - else an HTTPS uplink: HTTPS from its origin + `/bundles` (`https://platform.example/gates/records` →
 *   `https://platform.example/bundles`), with its credentials;
 * - else an MQTT uplink: retained messages on its broker (pull-mqtt.ts), which needs `bundles.district`;
 * - else (no uplink): nothing is pulled, and a warning says so at start.
 *
 * Every bundle goes to the sink (main/bundles/types.ts), which alone decides and journals. A credential file
 * that cannot be read, or an MQTT pull without `bundles.district`, is a `config.bundles` failure naming the field.
 */
import type { BundlesConfig } from '../../src/config/bundles.js';
import { REQUEST_TIMEOUT_MS, type UplinkConfig, uplinkRetry } from '../../src/config/uplink.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import type { Log } from '../log.js';
import { httpsClient } from '../uplink/https-client.js';
import { mqttConnectOptions } from '../uplink/mqtt-options.js';
import { HttpsPull } from './pull-https.js';
import { MqttPull, bundleTopics } from './pull-mqtt.js';
import { type BundlePullView, PullTally } from './pull-tally.js';
import type { BundleSink } from './types.js';

export interface BundlePullDeps {
  /** The resolved config (credential paths absolute). */
  readonly config: { readonly bundles?: BundlesConfig | undefined; readonly uplink?: UplinkConfig | undefined };
  readonly sink: BundleSink;
  readonly log: Log;
  /** Called when the view changes. */
  readonly onChange?: () => void;
  /** Wall clock, epoch ms (the gate's clock monitor); Date.now by default. */
  readonly wallNow?: () => number;
  /** [0, 1) for the backoff's jitter; Math.random by default. */
  readonly random?: () => number;
}

export interface BundlePull {
  /** Null when nothing is pulled. */
  view(): BundlePullView | null;
  stop(): Promise<void>;
}

const NOTHING: BundlePull = { view: () => null, stop: () => Promise.resolve() };

/** The path HTTPS bundles live under at the uplink's origin when `bundles.url` is not given. */
export const DEFAULT_BUNDLES_PATH = '/bundles';

export function startBundlePull(deps: BundlePullDeps): Result<BundlePull, Failure> {
  const { bundles, uplink } = deps.config;
  if (bundles === undefined) return ok(NOTHING);
  const transport = uplink?.transport;
  const wallNow = deps.wallNow ?? Date.now;
  const retry = uplink?.retry ?? uplinkRetry.parse(undefined);
  const configFailure = (f: Failure): Result<never, Failure> => err({ ...f, code: 'config.bundles' });
  const tally = (via: BundlePullView['via']): PullTally => new PullTally({ via, sink: deps.sink, log: deps.log, wallNow, onChange: deps.onChange });

  const https = transport?.kind === 'https' ? transport : undefined;
  const url = bundles.url ?? (https !== undefined && URL.canParse(https.url) ? `${new URL(https.url).origin}${DEFAULT_BUNDLES_PATH}` : undefined);
  if (url !== undefined) {
    const client = httpsClient({ ...https, url }, bundles.url === undefined ? 'uplink.transport.url' : 'bundles.url');
    if (!client.ok) return configFailure(client.error);
    const t = tally('https');
    const pull = new HttpsPull({ client: client.value, tally: t, pullEveryMs: bundles.pullEveryMs, timeoutMs: transport?.timeoutMs ?? REQUEST_TIMEOUT_MS, retry, wallNow, random: deps.random });
    pull.start();
    deps.log.info({ url }, 'pulling bundles over HTTPS');
    return ok({ view: () => t.view(), stop: () => pull.stop() });
  }
  if (transport?.kind === 'mqtt' && uplink !== undefined) {
    if (bundles.district === undefined) {
      return configFailure(failure('config.bundles', 'bundles.district is required to pull bundles over MQTT (the district topics are named by it)', 'bundles.district'));
    }
    const options = mqttConnectOptions(transport, uplink.gateId);
    if (!options.ok) return configFailure(options.error);
    const t = tally('mqtt');
    const topics = bundleTopics(transport.topicPrefix, bundles.district, uplink.gateId);
    const pull = new MqttPull({ url: transport.url, connectOptions: options.value, gateId: uplink.gateId, topics, tally: t, retry, random: deps.random });
    pull.start();
    deps.log.info({ url: transport.url, topics: [...topics.keys()] }, 'pulling bundles over MQTT');
    return ok({ view: () => t.view(), stop: () => pull.stop() });
  }
  deps.log.warn({ code: 'bundles.no-source' }, 'bundles are configured but there is no uplink and no bundles.url: none is pulled (only `gate bundle apply` brings them)');
  return ok(NOTHING);
}

/**
 * The gate's one configuration schema. Every field documents itself (description, unit, range) so
 * `z.toJSONSchema(configSchema)` yields resources/config/config.schema.json and docs/config.md
 * (`npm run docs`). Paths are resolved by main/ against the config file's folder; nothing here touches
 * a file system.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../domain.js';
import { err, ok, type Failure, type Result } from '../result.js';
import { quantity } from '../schema-meta.js';
import { fieldFailures } from '../zod-issues.js';
import { deviceRef, type DeviceRef } from './device-ref.js';
import { laneInputs } from './inputs.js';
import { readersConfig, withReaderIds } from './readers.js';
import { lineReaderConfig } from './readers/line.js';
import type { PageKeyboard } from './readers/wedge.js';
import { shortId } from './short-id.js';
import { thermometerConfig } from './thermometer.js';
import type { HidDeviceRef } from './hid-device-ref.js';
import { relayChannels } from './relay-common.js';
import { uplinkConfig } from './uplink.js';
import { bundlesConfig } from './bundles.js';
import { hidRelayConfig } from './relays/hid-relay.js';
export { deviceRef, type DeviceRef } from './device-ref.js';
import { PIN_HASH_FORMAT, SCRYPT_LIMITS, parsePinHash } from './pin-hash.js';


/** Before lanes had `readers`: the lane's one line scanner. Still accepted, as `readers: [{"kind": "scanner", "protocol": "line", "device": …}]`. */
const legacyScannerConfig = z
  .strictObject({
    device: deviceRef,
    protocol: z.literal('line').default('line').describe('A scanner that sends each code as one line of text (ID card, MRZ, QR).'),
  })
  .describe(
    'Deprecated: write `readers` instead. The lane’s one line scanner; read as `readers: [{"kind": "scanner", "protocol": "line", "device": …}]`. A lane gives `readers` or `scanner`, not both.',
  );

export { RELAY_STATES } from './relay-common.js';

const lcusRelayConfig = z
  .strictObject({
    device: deviceRef,
    protocol: z.literal('lcus').default('lcus').describe('The LCUS USB relay board protocol (a CH340 serial port); the default.'),
    ...relayChannels,
  })
  .describe('An LCUS serial relay board.');

export const relayConfig = z.discriminatedUnion('protocol', [lcusRelayConfig, hidRelayConfig]).describe('The gate relay of this lane; `protocol` says which board (default `lcus`).');


/** A lane as written: `readers`, or the deprecated `scanner`. */
const laneFields = z
  .strictObject({
    id: shortId.describe('Names the lane in the journal, the export and on the screen: 1–32 lowercase letters, digits or "-".'),
    direction: z.enum(DIRECTIONS).describe('Which way people pass this lane; rules apply by their `directions`.'),
    thermometer: thermometerConfig,
    readers: readersConfig.optional(),
    scanner: legacyScannerConfig.optional(),
    relay: relayConfig,
    inputs: laneInputs,
  })
  .superRefine((lane, ctx) => {
    if (lane.readers !== undefined && lane.scanner !== undefined) ctx.addIssue({ code: 'custom', message: 'give `readers` or the deprecated `scanner`, not both', path: ['scanner'] });
    if (lane.readers === undefined && lane.scanner === undefined) ctx.addIssue({ code: 'custom', message: 'a lane needs `readers` (1 to 4 identity readers)', path: ['readers'] });
  })
  .describe('One lane: a thermometer, its identity readers and a relay serving one direction, and its wired inputs.');

/** A lane as the gate uses it: a deprecated `scanner` becomes the lane's one reader. */
function migrated({ scanner, readers, ...lane }: z.output<typeof laneFields>) {
  // The line member's defaults (suffix, prefix, trigger, beep) are what the old scanner did; its device was checked already, so this parse cannot fail.
  const legacy = scanner === undefined ? [] : [lineReaderConfig.parse({ kind: 'scanner', protocol: 'line', device: scanner.device })];
  return { ...lane, readers: readers ?? withReaderIds(legacy) };
}

/** Each device of a lane with its serial path, named by the field it was written in. */
function serialPaths(lane: z.output<typeof laneFields>, at: number): { path: string; at: (string | number)[] }[] {
  const devices: { ref: DeviceRef | HidDeviceRef | PageKeyboard; at: (string | number)[] }[] = [
    { ref: lane.thermometer.device, at: ['thermometer'] },
    ...(lane.readers ?? []).map((r, j) => ({ ref: r.device, at: ['readers', j] })),
    ...(lane.scanner === undefined ? [] : [{ ref: lane.scanner.device, at: ['scanner'] }]),
    { ref: lane.relay.device, at: ['relay'] },
  ];
  return devices.flatMap((d) => (d.ref.kind === 'serial' ? [{ path: d.ref.path, at: [at, ...d.at, 'device', 'path'] }] : []));
}

export const laneConfig = laneFields.transform(migrated);
export type LaneConfig = z.output<typeof laneConfig>;

const lanesConfig = z
  .array(laneFields)
  .min(1)
  .max(8)
  // On the lanes as written, so a path used twice is named by the field that holds it (`scanner` in an old config).
  .superRefine((lanes, ctx) => {
    const seen = new Set<string>();
    for (const p of lanes.flatMap(serialPaths)) {
      if (seen.has(p.path)) ctx.addIssue({ code: 'custom', message: `serial port ${p.path} is used twice`, path: p.at });
      seen.add(p.path);
    }
    // The page has one keyboard: every wedge plugged into the machine types into it, so one reader takes its keys.
    const wedges = lanes.flatMap((lane, i) => (lane.readers ?? []).flatMap((r, j) => (r.protocol === 'wedge' ? [[i, 'readers', j, 'device']] : [])));
    for (const at of wedges.slice(1)) ctx.addIssue({ code: 'custom', message: 'only one reader can take the page keyboard (`protocol: "wedge"`): every wedge scanner types into the same page', path: at });
  })
  .transform((lanes) => lanes.map(migrated))
  .describe('The lanes of this gate, 1 to 8; lane ids and serial paths (thermometer, every reader, relay) must be unique.');

export const configSchema = z
  .strictObject({
    $schema: z.string().min(1).optional().describe('The JSON Schema of this file, for editors (e.g. "./config.schema.json"); the gate ignores it.'),
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe('Folder of the journal, keys and the last good policy; relative to the config file. Default: `$GATE_DATA_DIR` when set (it also overrides this field), else `./data` under the working directory.'),
    policyFile: z.string().min(1).optional().describe('The policy in force, watched and re-applied when edited; relative to the config file. Default: the embedded demo policy.'),
    host: z
      .strictObject({
        port: quantity(z.int().min(0).max(65_535), undefined, 'The headless host’s port on 127.0.0.1 (kiosk page and WebSocket bridge); 0 picks a free one.').default(7373),
      })
      .default({ port: 7373 })
      .describe('The headless host (used where Electron cannot run).'),
    session: z
      .strictObject({
        stepTimeoutMs: quantity(z.int().min(2000).max(300_000), 'ms', 'How long a session waits for the next piece of evidence before it decides on what it has (ending `step-timeout`; with nobody identified it ends with no decision); at most `sessionTimeoutMs`.').default(20_000),
        sessionTimeoutMs: quantity(z.int().min(5000).max(600_000), 'ms', 'The longest one person’s session may last from its first evidence (ending `session-timeout`).').default(60_000),
        verdictDisplayMs: quantity(z.int().min(1000).max(60_000), 'ms', 'How long a verdict stays on screen; readings meanwhile belong to the person just decided.').default(4000),
        preIdentityMs: quantity(
          z.int().min(0).max(30_000),
          'ms',
          'How long before an identity a temperature reading may have been taken and still count for that person (and only if nobody was seen to leave the thermometer in between).',
        ).default(5000),
      })
      .default({ stepTimeoutMs: 20_000, sessionTimeoutMs: 60_000, verdictDisplayMs: 4000, preIdentityMs: 5000 })
      .describe('Timing of one person’s checkpoint session.'),
    lanes: lanesConfig,
    guards: z
      .array(
        z
          .strictObject({
            id: shortId.describe('The guard’s id, recorded with each registration they make.'),
            name: z.string().trim().min(1).max(32).optional().describe('The name the touchscreen’s guard list shows (ids and names are all it shows); default the id.'),
            pinHash: z
              .string()
              .regex(PIN_HASH_FORMAT, 'scrypt$N$r$p$salt$hash, from `gate hash-pin`')
              .superRefine((text, ctx) => {
                const parsed = parsePinHash(text);
                // The format has its own message above; this adds only the parameters' bounds.
                if (!parsed.ok && PIN_HASH_FORMAT.test(text)) ctx.addIssue({ code: 'custom', message: parsed.error });
              })
              .describe(
                `The scrypt hash of the guard’s PIN (\`scrypt$N$r$p$salt$hash\`), from \`gate hash-pin < pin.txt\`; never the PIN itself. N a power of two from 2^${SCRYPT_LIMITS.minLog2N} and below 2^(16·r), r from 1 to ${SCRYPT_LIMITS.maxR}, p from 1 to ${SCRYPT_LIMITS.maxP}, at most ${SCRYPT_LIMITS.maxMemoryBytes / 1024 / 1024} MiB of memory (128·r·(N+p+2) bytes) and N·r·p at most 2^${Math.log2(SCRYPT_LIMITS.maxCost)}.`,
              ),
          })
          .describe('A guard who may register people by hand.'),
      )
      .max(64)
      .default([])
      .describe('Guards who may register people by hand (and, later, override verdicts); at most 64, ids unique. A guard picks their name from the list and types their PIN. Five wrong PINs for one guard within 5 minutes lock that guard (no other) for 5 minutes; after each wrong PIN the screen that sent it waits 1 s, doubling to 30 s.'),
    authorityPublicKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)')
      .optional()
      .describe('The health authority’s HPKE (X25519) public key, base64url of the 32 raw bytes, from `gate authority-keygen`: registrations are sealed to it. Without it, registration is refused.'),
    storage: z
      .strictObject({
        minFreeMB: quantity(z.int().min(1).max(1_000_000), 'MB', 'Free space on the journal’s file system below which the kiosk shows a storage alarm (and a `storage.low` event is journaled), before the disk is full.').default(256),
        checkEveryMs: quantity(z.int().min(1000).max(3_600_000), 'ms', 'How often free space is measured.').default(30_000),
        journalRetryMs: quantity(z.int().min(500).max(300_000), 'ms', 'While the journal cannot be opened (a full disk, a broken file), the gate is out of service and tries again this often; it comes back in service by itself.').default(5000),
      })
      .default({ minFreeMB: 256, checkEveryMs: 30_000, journalRetryMs: 5000 })
      .describe('The journal’s storage: the free-space alarm, and retrying the journal while it cannot be opened.'),
    clock: z
      .strictObject({
        source: z.string().min(1).max(32).default('system-ntp').describe('How this machine keeps time, recorded with every decision: `system-ntp`, `rtc`, `gps`, `manual` (free text, 1–32 characters).'),
        ntp: z
          .enum(['auto', 'timedatectl', 'chrony', 'off'])
          .default('auto')
          .describe('Where the NTP daemon’s synchronised status is read, to trust the clock again after a jump (docs/bundles.md §Time): `chrony` (`chronyc -c tracking`: its offset must be within `syncToleranceMs`), `timedatectl` (the kernel’s synchronised flag), `auto` (chrony, else timedatectl, whichever answers), `off` (never).'),
        ntpCheckEveryMs: quantity(z.int().min(1000).max(3_600_000), 'ms', 'How often the NTP status is read while the clock is untrusted (and once at start).').default(30_000),
        syncToleranceMs: quantity(z.int().min(10).max(60_000), 'ms', 'A trusted source (NTP, the platform’s signed time) restores trust only when it agrees with the wall clock within this.').default(2000),
      })
      .default({ source: 'system-ntp', ntp: 'auto', ntpCheckEveryMs: 30_000, syncToleranceMs: 2000 })
      .describe('The gate’s clock.'),
    credentials: z
      .strictObject({
        maxTokenAgeHours: quantity(z.int().min(1).max(720), 'h', 'A signed QR code issued longer ago than this is refused.').default(168),
        onlineVerifier: z
          .strictObject({
            url: z.url().describe('Where health codes that cannot be verified offline are checked.'),
            timeoutMs: quantity(z.int().min(100).max(10_000), 'ms', 'How long to wait for the answer; then the code is unverifiable and the rule’s `onUnverifiable` applies.').default(1500),
          })
          .optional()
          .describe('Online health-code check for codes that cannot be verified offline; without it, such codes are unverifiable.'),
      })
      .default({ maxTokenAgeHours: 168 })
      .describe('Signed QR credentials.'),
    devices: z
      .strictObject({
        reopen: z
          .strictObject({
            firstDelayMs: quantity(z.int().min(50).max(5000), 'ms', 'How long after a device’s link is lost, or its first open fails, the gate tries to open it again.').default(250),
            maxDelayMs: quantity(z.int().min(1000).max(60_000), 'ms', 'Each further failed try doubles the wait, up to this long; the gate keeps trying until it stops.').default(10_000),
          })
          .default({ firstDelayMs: 250, maxDelayMs: 10_000 })
          .describe('Reopening serial devices by their path when they come back (unplugged and plugged in again, a by-id name reappearing).'),
      })
      .default({ reopen: { firstDelayMs: 250, maxDelayMs: 10_000 } })
      .describe('How the gate keeps its devices linked.'),
    uplink: uplinkConfig.optional(),
    bundles: bundlesConfig.optional(),
    demo: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Drive the simulated devices with a stream of made-up visitors.'),
        intervalMs: quantity(z.int().min(200).max(600_000), 'ms', 'Pause between visitors.').default(2500),
      })
      .default({ enabled: false, intervalMs: 2500 })
      .describe('Demo visitors, for trying the gate without people.'),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.lanes.forEach((lane, i) => {
      if (ids.has(lane.id)) ctx.addIssue({ code: 'custom', message: `duplicate lane id "${lane.id}"`, path: ['lanes', i, 'id'] });
      ids.add(lane.id);
    });
    const guardIds = new Set<string>();
    c.guards.forEach((guard, i) => {
      if (guardIds.has(guard.id)) ctx.addIssue({ code: 'custom', message: `duplicate guard id "${guard.id}"`, path: ['guards', i, 'id'] });
      guardIds.add(guard.id);
    });
    if (c.session.stepTimeoutMs > c.session.sessionTimeoutMs) {
      ctx.addIssue({ code: 'custom', message: 'must not exceed session.sessionTimeoutMs', path: ['session', 'stepTimeoutMs'] });
    }
    if (c.devices.reopen.firstDelayMs > c.devices.reopen.maxDelayMs) {
      ctx.addIssue({ code: 'custom', message: 'must not exceed devices.reopen.maxDelayMs', path: ['devices', 'reopen', 'firstDelayMs'] });
    }
  })
  .meta({ title: 'Gate terminal configuration', description: 'The configuration of one gate terminal (docs/config.md).' });

export type GateConfig = z.infer<typeof configSchema>;

/** Validates parsed config JSON; errors name the field (`lanes.0.relay.pulseMs: …`). */
export function parseConfig(json: unknown): Result<GateConfig, Failure[]> {
  const parsed = configSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(fieldFailures('config.invalid', parsed.error));
}

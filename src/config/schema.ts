/**
 * The gate's one configuration schema. Defaults sit beside each field; units and ranges inline.
 * Paths are resolved by main/ against the config file's folder; nothing here touches a file system.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../domain.js';
import { err, ok, type Failure, type Result } from '../result.js';
import { fieldFailures } from '../zod-issues.js';

/** A serial device the gate opens, or a simulator it starts itself on a socat pty pair. */
export const deviceRef = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('serial'),
    /** e.g. `/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0` — by-id paths survive re-plugging. */
    path: z.string().min(1).max(4096).regex(/^\/dev\//, 'must be a device path under /dev/'),
    /** [1200 … 921600] bit/s */
    baudRate: z.int().min(1200).max(921_600).default(9600),
  }),
  z.strictObject({ kind: z.literal('simulated') }),
]);
export type DeviceRef = z.infer<typeof deviceRef>;

export const thermometerConfig = z.strictObject({
  device: deviceRef,
  protocol: z.literal('gy-mcu90614').default('gy-mcu90614'),
  /** Query rate. The vendor text: "the query frequency should be lower than 10 Hz". [1 … 9] Hz */
  queryHz: z.int().min(1).max(9).default(5),
  /** Object temperature at which someone is taken to be in front of the sensor. [20 … 40] °C */
  presenceMinC: z.number().min(20).max(40).default(30),
  /** Consecutive readings within `stableToleranceC` before one is accepted. [1 … 10] */
  stableFrames: z.int().min(1).max(10).default(2),
  /** [0.05 … 2] °C */
  stableToleranceC: z.number().min(0.05).max(2).default(0.3),
  /** Added to the sensor's object temperature to estimate body temperature (site calibration). [-5 … 8] °C */
  offsetC: z.number().min(-5).max(8).default(0),
});

export const scannerConfig = z.strictObject({
  device: deviceRef,
  protocol: z.literal('line').default('line'),
});

export const relayConfig = z.strictObject({
  device: deviceRef,
  protocol: z.literal('lcus').default('lcus'),
  /** [1 … 8] */
  channel: z.int().min(1).max(8).default(1),
  /** Turnstile manuals: minimum pulse ≈100 ms, controller default 200 ms. [100 … 5000] ms */
  pulseMs: z.int().min(100).max(5000).default(200),
});

export const laneConfig = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  direction: z.enum(DIRECTIONS),
  thermometer: thermometerConfig,
  scanner: scannerConfig,
  relay: relayConfig,
});
export type LaneConfig = z.infer<typeof laneConfig>;

export const configSchema = z
  .strictObject({
    /** Where the journal lives; relative to the config file. Default: `$GATE_DATA_DIR`, else `./data`. */
    dataDir: z.string().min(1).optional(),
    /** Policy file; relative to the config file. Default: the embedded demo policy. */
    policyFile: z.string().min(1).optional(),
    host: z
      .strictObject({
        /** Loopback port for the headless host; 0 picks a free one. [0 … 65535] */
        port: z.int().min(0).max(65_535).default(7373),
      })
      .default({ port: 7373 }),
    session: z
      .strictObject({
        /** [2000 … 300000] ms */
        stepTimeoutMs: z.int().min(2000).max(300_000).default(20_000),
        /** [5000 … 600000] ms */
        sessionTimeoutMs: z.int().min(5000).max(600_000).default(60_000),
        /** [1000 … 60000] ms */
        verdictDisplayMs: z.int().min(1000).max(60_000).default(4000),
        /** [0 … 30000] ms */
        preIdentityMs: z.int().min(0).max(30_000).default(5000),
      })
      .default({ stepTimeoutMs: 20_000, sessionTimeoutMs: 60_000, verdictDisplayMs: 4000, preIdentityMs: 5000 }),
    lanes: z.array(laneConfig).min(1).max(8),
    /** Guards who may register people by hand and, later, override verdicts. PINs are stored as scrypt hashes (`gate hash-pin`). */
    guards: z
      .array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/), pinHash: z.string().regex(/^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[0-9a-f]{32}\$[0-9a-f]{64}$/, 'scrypt$N$r$p$salt$hash, from `gate hash-pin`') }))
      .max(64)
      .default([]),
    /** The health authority's HPKE (X25519) public key, base64url of the 32 raw bytes: registrations are sealed to it. */
    authorityPublicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)').optional(),
    clock: z
      .strictObject({
        /** How this machine keeps time, recorded with every decision: `system-ntp`, `rtc`, `gps`, `manual`. */
        source: z.string().min(1).max(32).default('system-ntp'),
      })
      .default({ source: 'system-ntp' }),
    credentials: z
      .strictObject({
        /** A signed QR code issued longer ago than this is refused. [1 … 720] h */
        maxTokenAgeHours: z.int().min(1).max(720).default(168),
        /** Online health-code check for codes that cannot be verified offline. */
        onlineVerifier: z.strictObject({ url: z.url(), timeoutMs: z.int().min(100).max(10_000).default(1500) }).optional(),
      })
      .default({ maxTokenAgeHours: 168 }),
    demo: z
      .strictObject({
        /** Drive the simulated devices with a stream of made-up visitors. */
        enabled: z.boolean().default(false),
        /** Pause between visitors. [200 … 600000] ms */
        intervalMs: z.int().min(200).max(600_000).default(2500),
      })
      .default({ enabled: false, intervalMs: 2500 }),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.lanes.forEach((lane, i) => {
      if (ids.has(lane.id)) ctx.addIssue({ code: 'custom', message: `duplicate lane id "${lane.id}"`, path: ['lanes', i, 'id'] });
      ids.add(lane.id);
    });
    if (c.session.stepTimeoutMs > c.session.sessionTimeoutMs) {
      ctx.addIssue({ code: 'custom', message: 'must not exceed session.sessionTimeoutMs', path: ['session', 'stepTimeoutMs'] });
    }
    const paths = c.lanes.flatMap((l, i) =>
      (['thermometer', 'scanner', 'relay'] as const).flatMap((role) =>
        l[role].device.kind === 'serial' ? [{ path: l[role].device.path, at: ['lanes', i, role, 'device', 'path'] }] : [],
      ),
    );
    const seen = new Set<string>();
    for (const p of paths) {
      if (seen.has(p.path)) ctx.addIssue({ code: 'custom', message: `serial port ${p.path} is used twice`, path: p.at });
      seen.add(p.path);
    }
  });

export type GateConfig = z.infer<typeof configSchema>;

/** Validates parsed config JSON; errors name the field (`lanes.0.relay.pulseMs: …`). */
export function parseConfig(json: unknown): Result<GateConfig, Failure[]> {
  const parsed = configSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(fieldFailures('config.invalid', parsed.error));
}

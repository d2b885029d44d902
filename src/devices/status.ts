import { z } from 'zod';

/** What an identity reader reads: codes as text (`scanner`), resident ID cards, machine-readable zones, badges. */
export const READER_KINDS = ['scanner', 'id-card', 'mrz', 'badge'] as const;
export type ReaderKind = (typeof READER_KINDS)[number];

/** A lane's devices by what they do: its thermometer, each reader by its kind, its relay, and each module its wired inputs come from. */
export const DEVICE_ROLES = ['thermometer', ...READER_KINDS, 'relay', 'inputs'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** The ids of a lane's one thermometer and one relay; a reader's id (config `readers[].id`) is neither. */
export const LANE_DEVICE_IDS = ['thermometer', 'relay'] as const;

/**
 * A device's link state as the technician screen and the logs see it. A serial device is reopened by itself
 * (main/devices/supervisor.ts): `offline` and `error` are retried with backoff until the gate stops.
 * - `opening`: the port is being opened, or is open and the device is being initialised (relay safe state,
 *   thermometer query mode); nothing uses it yet.
 * - `ready`: open and initialised, since `since` (epoch ms).
 * - `offline`: the device's path is not there (unplugged, a by-id name gone), since `since` (epoch ms).
 * - `error`: the path is there but opening it, initialising the device or the link failed (`code`).
 * - `disconnected`: closed by the gate, which is stopping.
 */
export const deviceState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('disconnected') }),
  z.strictObject({ state: z.literal('opening') }),
  z.strictObject({ state: z.literal('ready'), since: z.number() }),
  z.strictObject({ state: z.literal('offline'), since: z.number() }),
  z.strictObject({ state: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type DeviceState = z.infer<typeof deviceState>;

/** Counters every driver keeps; `discarded` counts bytes the parser could not use (garbled, bad checksum). */
export const deviceCounters = z.strictObject({
  frames: z.number().int().nonnegative(),
  badFrames: z.number().int().nonnegative(),
  discardedBytes: z.number().int().nonnegative(),
});
export type DeviceCounters = z.infer<typeof deviceCounters>;

/** How often the gate tried to open a device's link, how many of those tries failed, and how often a ready link went away. */
export const linkCounts = z.strictObject({
  attempts: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative(),
});
export type LinkCounts = z.infer<typeof linkCounts>;

export const deviceStatus = z.strictObject({
  lane: z.string(),
  role: z.enum(DEVICE_ROLES),
  /** Names the device within its lane: `thermometer`, `relay`, or the reader's id (`scanner`, `scanner-2`, `id-card`…). */
  id: z.string(),
  /** Serial path, or `simulated:<name>` for a simulator the gate started itself. */
  path: z.string(),
  link: deviceState,
  linkCounts: linkCounts.default({ attempts: 0, failures: 0, lost: 0 }),
  counters: deviceCounters,
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

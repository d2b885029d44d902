import { z } from 'zod';

export const DEVICE_ROLES = ['thermometer', 'scanner', 'relay'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** A device's link state as the technician screen and the logs see it. */
export const deviceState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('disconnected') }),
  z.strictObject({ state: z.literal('connecting') }),
  z.strictObject({ state: z.literal('ready'), since: z.number() }),
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

export const deviceStatus = z.strictObject({
  lane: z.string(),
  role: z.enum(DEVICE_ROLES),
  /** Serial path, or `simulated:<name>` for a simulator the gate started itself. */
  path: z.string(),
  link: deviceState,
  counters: deviceCounters,
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

/**
 * The thermometer of a lane: one member per protocol (`protocol` picks it; absent means `gy-mcu90614`, as
 * every config before the protocol list had it). Every member shares the reading selector's settings
 * (`thermometerCommon`); a member adds only what its protocol needs. Adding a protocol: docs/recipes.md.
 */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';
import { deviceRef } from './device-ref.js';

/** What every thermometer protocol shares: where it is, how often it is asked, and how a person's reading is picked. */
export const thermometerCommon = {
  device: deviceRef,
  queryHz: quantity(z.int().min(1).max(9), 'Hz', 'How often the sensor is asked for a reading; the vendor says "lower than 10 Hz".').default(5),
  presenceMinC: quantity(z.number().min(20).max(40), '°C', 'An object temperature at or above this means someone is in front of the sensor.').default(30),
  stableFrames: quantity(z.int().min(1).max(10), undefined, 'How many consecutive readings within `stableToleranceC` of each other make one accepted measurement.').default(2),
  stableToleranceC: quantity(z.number().min(0.05).max(2), '°C', 'How far apart readings may be and still count as steady.').default(0.3),
  offsetC: quantity(z.number().min(-5).max(8), '°C', 'Site calibration: added to the sensor’s object temperature to estimate body temperature.').default(0),
} as const;

export const gyMcu90614Config = z
  .strictObject({
    protocol: z.literal('gy-mcu90614').default('gy-mcu90614').describe('The GY-MCU90614 (MLX90614 infrared sensor) serial protocol (docs/devices.md §1.2).'),
    ...thermometerCommon,
  })
  .describe('A GY-MCU90614 board.');

export const thermometerConfig = z.discriminatedUnion('protocol', [gyMcu90614Config]).describe('The infrared thermometer of this lane; `protocol` says which kind.');
export type ThermometerConfig = z.infer<typeof thermometerConfig>;

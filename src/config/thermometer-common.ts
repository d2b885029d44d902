/**
 * The settings every thermometer protocol's config member shares (src/config/thermometers/<protocol>.ts). Its
 * own module, not src/config/thermometer.ts: that one imports every member for the union, so a member importing
 * it back would be an import cycle (a member's top level would read `thermometerCommon` before it exists).
 */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';
import { deviceRef } from './device-ref.js';

/**
 * The technician's surface→body model for sensors that report surface temperature (docs/devices.md §1.5). A
 * body-mode module's readings are already body temperature and never get it. `none` (the default) keeps every
 * existing site's readings as they were.
 */
export const compensation = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none') }).describe('Surface temperature is taken as it is; only `offsetC` is added.'),
    z
      .strictObject({
        kind: z.literal('linear'),
        factor: quantity(
          z.number().min(0).max(1),
          undefined,
          'F in body = surface + (surface − ambient)·F; a fever-screening study fitted 0.16 (0.1575 … 0.2236) and says it depends on device and site.',
        ),
      })
      .describe('body = surface + (surface − ambient)·factor, then `offsetC` is added.'),
  ])
  .describe('How surface readings become body temperature: `{"kind": "none"}` or `{"kind": "linear", "factor": 0.16}`. Never applied to a body-mode module’s readings.');

/** What every thermometer protocol shares: where it is, how often it is asked, and how a person's reading is picked. */
export const thermometerCommon = {
  device: deviceRef,
  queryHz: quantity(z.int().min(1).max(9), 'Hz', 'How often the sensor is asked for a reading; the vendor says "lower than 10 Hz".').default(5),
  presenceMinC: quantity(z.number().min(20).max(40), '°C', 'An object temperature at or above this means someone is in front of the sensor.').default(30),
  stableFrames: quantity(z.int().min(1).max(10), undefined, 'How many consecutive readings within `stableToleranceC` of each other make one accepted measurement.').default(2),
  stableToleranceC: quantity(z.number().min(0.05).max(2), '°C', 'How far apart readings may be and still count as steady.').default(0.3),
  offsetC: quantity(
    z.number().min(-5).max(8),
    '°C',
    'Site calibration, set by a technician per device: added to every reading after `compensation` (a body-mode module’s already-compensated value included) to estimate body temperature.',
  ).default(0),
  compensation: compensation.default({ kind: 'none' }),
} as const;

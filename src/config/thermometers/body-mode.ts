/** A body-mode IR module (`AA A5 LEN CMD … SUM 55`, docs/devices/body-mode.md): it compensates to body temperature itself. */
import { z } from 'zod';
import { thermometerCommon } from '../thermometer-common.js';

export const bodyModeConfig = z
  .strictObject({
    protocol: z
      .literal('body-mode')
      .describe(
        'A body-mode IR module (`AA A5 … 55` frames, docs/devices/body-mode.md): set to body mode at every open, asked for one measurement at a time. Its readings are already body temperature, so `compensation` never applies to them (`offsetC` does). Opened at 38400 bit/s unless `device.baudRate` names another speed than 9600 (see docs/devices/body-mode.md §8).',
      ),
    ...thermometerCommon,
  })
  .describe('A body-mode IR thermometer module.');
export type BodyModeConfig = z.infer<typeof bodyModeConfig>;

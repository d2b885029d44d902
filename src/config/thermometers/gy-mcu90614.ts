/** A GY-MCU90614 board (MLX90614 sensor, `5A 5A 45 04 …` frames, docs/devices/gy-mcu90614.md). */
import { z } from 'zod';
import { thermometerCommon } from '../thermometer-common.js';

export const gyMcu90614Config = z
  .strictObject({
    protocol: z
      .literal('gy-mcu90614')
      .default('gy-mcu90614')
      .describe('The GY-MCU90614 (MLX90614 infrared sensor) serial protocol (docs/devices.md §1.2).'),
    ...thermometerCommon,
  })
  .describe('A GY-MCU90614 board.');
export type GyMcu90614Config = z.infer<typeof gyMcu90614Config>;

/** A GY-MCU90615 board (MLX90615 sensor, the GY-MCU90614's frames, docs/devices/gy-mcu90614.md §3). */
import { z } from 'zod';
import { thermometerCommon } from '../thermometer-common.js';

export const gyMcu90615Config = z
  .strictObject({
    protocol: z
      .literal('gy-mcu90615')
      .describe(
        'The GY-MCU90615 (MLX90615 infrared sensor) serial protocol: the GY-MCU90614 frames, narrower sensor ranges (docs/devices/gy-mcu90614.md §3). Opened at 115200, then at 9600 if no good frame arrives, whatever `device.baudRate` says (its pages give both speeds).',
      ),
    ...thermometerCommon,
  })
  .describe('A GY-MCU90615 board.');
export type GyMcu90615Config = z.infer<typeof gyMcu90615Config>;

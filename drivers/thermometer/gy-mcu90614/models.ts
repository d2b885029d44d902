/**
 * The GY boards that share the GY-MCU90614 frame (docs/devices/gy-mcu90614.md §1, §2): what their sensor can
 * measure, and the line speeds they ship at. One parser, driver and simulator serve both; the model says which.
 */
import type { Reading } from './codec.js';

/** Inclusive, °C. */
export interface RangeC {
  readonly min: number;
  readonly max: number;
}

export interface GyModel {
  /** The config's `protocol` value. */
  readonly protocol: 'gy-mcu90614' | 'gy-mcu90615';
  readonly sensor: 'MLX90614' | 'MLX90615';
  /** What the sensor measures (its datasheet); a frame outside is a `sensor-fault`. */
  readonly objectC: RangeC;
  readonly ambientC: RangeC;
  /** Line speeds to try, the documented default first (docs/devices/gy-mcu90614.md §3). */
  readonly baudRates: readonly [number, number];
}

/** MLX90614: Ta −40…125 °C, To −70…380 °C (datasheet rev 13); a frame carries at most 327.67 °C anyway. */
export const GY_MCU90614: GyModel = {
  protocol: 'gy-mcu90614',
  sensor: 'MLX90614',
  objectC: { min: -70, max: 380 },
  ambientC: { min: -40, max: 125 },
  baudRates: [9600, 115200],
};

/** MLX90615: Ta −40…85 °C, To −40…115 °C; its board's pages say 115200 and, elsewhere, 9600. */
export const GY_MCU90615: GyModel = {
  protocol: 'gy-mcu90615',
  sensor: 'MLX90615',
  objectC: { min: -40, max: 115 },
  ambientC: { min: -40, max: 85 },
  baudRates: [115200, 9600],
};

/**
 * The 16-bit word 0xFFFF read as signed centi-degrees: −0.01 °C. All ones is what an I²C read returns when
 * nothing drives the bus (the sensor did not answer); a board that forwards such a read sends this word
 * (docs/devices/gy-mcu90614.md §4).
 */
export const ALL_ONES_C = -0.01;

const within = (value: number, range: RangeC): boolean => value >= range.min && value <= range.max;

/**
 * Whether a well-formed frame carries a value this sensor cannot have measured: outside its ranges (the
 * sensor's own all-ones read, 0xFFFF·0.02 − 273.15 = 1037.55 °C, wraps to −273.17 °C in an int16 frame),
 * or the all-ones word itself.
 */
export function isSensorFault(reading: Reading, model: GyModel): boolean {
  if (reading.objectC === ALL_ONES_C || reading.ambientC === ALL_ONES_C) return true;
  return !within(reading.objectC, model.objectC) || !within(reading.ambientC, model.ambientC);
}

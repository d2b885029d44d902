/** The GY boards' models and fast-check readings for them, shared by the GY-MCU90614/90615 tests. */
import fc from 'fast-check';
import type { Reading } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { ALL_ONES_C, GY_MCU90614, GY_MCU90615, type GyModel, type RangeC } from '../../drivers/thermometer/gy-mcu90614/models.js';

export const GY_MODELS: readonly GyModel[] = [GY_MCU90614, GY_MCU90615];

/** A frame carries int16 centi-degrees. */
const FRAME_RANGE = { min: -0x8000, max: 0x7fff } as const;
const ALL_ONES_RAW = Math.round(ALL_ONES_C * 100);

/** Centi-degrees inside `range` (and a frame), never the all-ones word. */
const rawWithin = (range: RangeC): fc.Arbitrary<number> =>
  fc.integer({ min: Math.max(FRAME_RANGE.min, Math.ceil(range.min * 100)), max: Math.min(FRAME_RANGE.max, Math.floor(range.max * 100)) }).filter((r) => r !== ALL_ONES_RAW);

/** Centi-degrees a frame can carry that the sensor cannot measure (below or above `range`). */
const rawOutside = (range: RangeC): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: FRAME_RANGE.min, max: Math.ceil(range.min * 100) - 1 }),
    ...(range.max * 100 < FRAME_RANGE.max ? [fc.integer({ min: Math.floor(range.max * 100) + 1, max: FRAME_RANGE.max })] : []),
  );

/** Readings the model's sensor can report. */
export const measurable = (model: GyModel): fc.Arbitrary<Reading> =>
  fc.record({ objectC: rawWithin(model.objectC).map((r) => r / 100), ambientC: rawWithin(model.ambientC).map((r) => r / 100) });

/** Well-formed frames' readings that no such sensor measures: a value out of its range, or the all-ones word. */
export const unmeasurable = (model: GyModel): fc.Arbitrary<Reading> =>
  fc.oneof(
    fc.record({ objectC: rawOutside(model.objectC).map((r) => r / 100), ambientC: rawWithin(model.ambientC).map((r) => r / 100) }),
    fc.record({ objectC: rawWithin(model.objectC).map((r) => r / 100), ambientC: rawOutside(model.ambientC).map((r) => r / 100) }),
    fc.record({ objectC: fc.constant(ALL_ONES_C), ambientC: rawWithin(model.ambientC).map((r) => r / 100) }),
    fc.record({ objectC: rawWithin(model.objectC).map((r) => r / 100), ambientC: fc.constant(ALL_ONES_C) }),
  );

/**
 * The thermometer of a lane: one member per protocol (`protocol` picks it; absent means `gy-mcu90614`, as
 * every config before the protocol list had it). Every member shares the reading selector's settings
 * (`thermometerCommon`); a member adds only what its protocol needs. Adding a protocol: docs/recipes.md.
 */
import { z } from 'zod';
import { asciiLineConfig } from './thermometers/ascii-line.js';
import { bodyModeConfig } from './thermometers/body-mode.js';
import { gyMcu90614Config } from './thermometers/gy-mcu90614.js';
import { gyMcu90615Config } from './thermometers/gy-mcu90615.js';

export { thermometerCommon } from './thermometer-common.js';

export const thermometerConfig = z.discriminatedUnion('protocol', [gyMcu90614Config, gyMcu90615Config, bodyModeConfig, asciiLineConfig]).describe('The infrared thermometer of this lane; `protocol` says which kind.');
export type ThermometerConfig = z.infer<typeof thermometerConfig>;

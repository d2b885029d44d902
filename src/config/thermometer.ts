/**
 * The thermometer of a lane: one member per protocol (`protocol` picks it; absent means `gy-mcu90614`, as
 * every config before the protocol list had it). Every member shares the reading selector's settings
 * (`thermometerCommon`); a member adds only what its protocol needs. Adding a protocol: docs/recipes.md.
 */
import { z } from 'zod';
import { gyMcu90614Config } from './thermometers/gy-mcu90614.js';

export { thermometerCommon } from './thermometer-common.js';

export const thermometerConfig = z.discriminatedUnion('protocol', [gyMcu90614Config]).describe('The infrared thermometer of this lane; `protocol` says which kind.');
export type ThermometerConfig = z.infer<typeof thermometerConfig>;

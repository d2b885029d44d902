/** The GY-MCU90615 as the gate wires it (docs/devices/gy-mcu90614.md §3). */
import type { GyMcu90615Config } from '../../../src/config/thermometers/gy-mcu90615.js';
import { GY_MCU90615 } from '../../../drivers/thermometer/gy-mcu90614/models.js';
import { gyProtocol } from './gy-family.js';

/**
 * 115200 then 9600, whatever `device.baudRate` says: the board's pages give both speeds, and the config's 9600
 * default cannot be told from a 9600 that was meant (docs/devices/gy-mcu90614.md §3).
 */
export const gyMcu90615BaudRates = (_config: GyMcu90615Config): readonly number[] => GY_MCU90615.baudRates;

export const gyMcu90615Protocol = gyProtocol(GY_MCU90615, gyMcu90615BaudRates);

/** The GY-MCU90614 as the gate wires it (docs/devices/gy-mcu90614.md). */
import type { GyMcu90614Config } from '../../../src/config/thermometers/gy-mcu90614.js';
import { GY_MCU90614 } from '../../../drivers/thermometer/gy-mcu90614/models.js';
import { gyProtocol } from './gy-family.js';

/**
 * The configured speed first (9600 unless set; a simulator runs at 9600), then the board's other speed, 115200:
 * a board switched with `A5 AF 54` keeps that speed after a power cycle (docs/devices/gy-mcu90614.md §3).
 */
export function gyMcu90614BaudRates(config: GyMcu90614Config): readonly number[] {
  const first = config.device.kind === 'serial' ? config.device.baudRate : GY_MCU90614.baudRates[0];
  return [...new Set([first, ...GY_MCU90614.baudRates])];
}

export const gyMcu90614Protocol = gyProtocol(GY_MCU90614, gyMcu90614BaudRates);

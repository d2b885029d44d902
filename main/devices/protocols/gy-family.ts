/** What the GY-MCU90614 and GY-MCU90615 descriptors share: one driver, simulator and parser, told which model. */
import type { DeviceRef } from '../../../src/config/device-ref.js';
import { encodeFrame } from '../../../drivers/thermometer/gy-mcu90614/codec.js';
import { GyMcu90614 } from '../../../drivers/thermometer/gy-mcu90614/driver.js';
import type { GyModel } from '../../../drivers/thermometer/gy-mcu90614/models.js';
import { Gy90614Parser } from '../../../drivers/thermometer/gy-mcu90614/parser.js';
import { GyMcu90614Simulator } from '../../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ThermometerProtocol } from '../protocol.js';

/** Frames of varying readings, a burst of noise (no 0x5A) after every 25th, and one sensor-fault frame. */
function benchStream(): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < 400; i++) {
    parts.push(...encodeFrame({ objectC: 30 + (i % 800) / 100, ambientC: 20 + (i % 500) / 100 }));
    if (i % 25 === 24) parts.push(0x00, 0xff, 0x13, 0xa5, 0x45, 0x00, 0x00);
  }
  parts.push(...encodeFrame({ objectC: -273.17, ambientC: 25 }));
  return Uint8Array.from(parts);
}

/** The descriptor of one GY board; `baudRates` says which speeds to probe, in order. */
export function gyProtocol<C extends { readonly protocol: GyModel['protocol']; readonly device: DeviceRef }>(
  model: GyModel,
  baudRates: (config: C) => readonly number[],
): ThermometerProtocol<C> {
  return {
    protocol: model.protocol,
    role: 'thermometer',
    baudRates,
    bench: { parser: () => new Gy90614Parser(model), stream: benchStream },
    driver: (transport, _config, clock) => new GyMcu90614(transport, clock, model),
    simulator: (devicePath) => GyMcu90614Simulator.open(devicePath, { model }),
  };
}

/** The body-mode IR module as the gate wires it (docs/devices/body-mode.md). */
import type { BodyModeConfig } from '../../../src/config/thermometers/body-mode.js';
import { COMMANDS, encodeFrame, encodeMeasurement, STATUS_OK, TARGETS } from '../../../drivers/thermometer/body-mode/codec.js';
import { BodyModeThermometer } from '../../../drivers/thermometer/body-mode/driver.js';
import { BodyModeParser } from '../../../drivers/thermometer/body-mode/parser.js';
import { BODY_MODE_BAUD, BodyModeSimulator } from '../../../drivers/thermometer/body-mode/simulator.js';
import type { ThermometerProtocol } from '../protocol.js';

/** What `device.baudRate` holds when a config leaves it out (src/config/device-ref.ts); test/drivers/body_mode_protocol.test.ts keeps the two equal. */
export const DEVICE_REF_DEFAULT_BAUD = 9600;

/**
 * The module's line speed is 38400 (docs/devices/body-mode.md §1), but `device.baudRate` defaults to 9600 for every
 * device, so 9600 cannot tell "left out" from "meant": 9600 (either) opens at 38400 first, then 9600; any other
 * configured speed is the only one tried. A simulated device runs at 38400 (docs/devices/body-mode.md §8).
 */
export function bodyModeBaudRates(config: BodyModeConfig): readonly number[] {
  if (config.device.kind !== 'serial') return [BODY_MODE_BAUD];
  const configured = config.device.baudRate;
  return configured === DEVICE_REF_DEFAULT_BAUD ? [BODY_MODE_BAUD, DEVICE_REF_DEFAULT_BAUD] : [configured];
}

/** A reply stream for the benchmarks: a set-target OK, then body readings with a little noise. */
function benchStream(): Uint8Array {
  const parts: number[] = [...encodeFrame(COMMANDS.setTarget, [STATUS_OK])];
  for (let i = 0; i < 200; i++) {
    parts.push(...encodeMeasurement({ target: TARGETS.body, targetC: 36 + (i % 15) / 10, ambientC: 24 + (i % 7) / 10 }));
    if (i % 25 === 0) parts.push(0x00, 0xaa, 0x13);
  }
  return Uint8Array.from(parts);
}

export const bodyModeProtocol: ThermometerProtocol<BodyModeConfig> = {
  protocol: 'body-mode',
  role: 'thermometer',
  baudRates: bodyModeBaudRates,
  bench: { parser: () => new BodyModeParser(), stream: benchStream },
  driver: (transport, _config, clock) => new BodyModeThermometer(transport, { clock }),
  simulator: (devicePath) => BodyModeSimulator.open(devicePath, { baudRate: BODY_MODE_BAUD }),
};

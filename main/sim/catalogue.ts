/**
 * The devices `npm run sim -- <device>` can start (main/sim/cli.ts), in the order `--list` shows them: one
 * entry per protocol in main/devices/protocols/ (test/cli/sim.test.ts fails for a protocol without one), made
 * by the generic thermometer and reader entries from its descriptor and config member, and the relay board.
 * Adding a device: docs/recipes.md §6.
 */
import { lcusRelaySim } from '../../drivers/relay/lcus/sim-entry.js';
import type { CatalogueEntry } from '../../drivers/sim/entry.js';
import { LineScannerSimulator, type ScanOptions } from '../../drivers/scanner/line/simulator.js';
import { BODY_MODE_BAUD, BodyModeSimulator } from '../../drivers/thermometer/body-mode/simulator.js';
import { GY_MCU90614, GY_MCU90615, type GyModel } from '../../drivers/thermometer/gy-mcu90614/models.js';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import { badgeUidReaderConfig } from '../../src/config/readers/badge-uid.js';
import { lineReaderConfig, type LineReaderConfig } from '../../src/config/readers/line.js';
import { mrzLineReaderConfig } from '../../src/config/readers/mrz-line.js';
import { samReaderConfig } from '../../src/config/readers/sam.js';
import { wiegandReaderConfig } from '../../src/config/readers/wiegand.js';
import { asciiLineConfig } from '../../src/config/thermometers/ascii-line.js';
import { bodyModeConfig } from '../../src/config/thermometers/body-mode.js';
import { gyMcu90614Config } from '../../src/config/thermometers/gy-mcu90614.js';
import { gyMcu90615Config } from '../../src/config/thermometers/gy-mcu90615.js';
import type { ThermometerProtocol } from '../devices/protocol.js';
import { asciiLineProtocol } from '../devices/protocols/ascii-line.js';
import { badgeUidProtocol } from '../devices/protocols/badge-uid.js';
import { bodyModeProtocol } from '../devices/protocols/body-mode.js';
import { gyMcu90614Protocol } from '../devices/protocols/gy-mcu90614.js';
import { gyMcu90615Protocol } from '../devices/protocols/gy-mcu90615.js';
import { lineProtocol } from '../devices/protocols/line.js';
import { mrzLineProtocol } from '../devices/protocols/mrz-line.js';
import { samProtocol } from '../devices/protocols/sam.js';
import { wiegandProtocol } from '../devices/protocols/wiegand.js';
import type { ConfigMember } from './config-option.js';
import { readerSim, readerSimWith } from './reader-sim.js';
import { thermometerSim, thermometerSimWith } from './thermometer-sim.js';

/** A GY board, with its bad firmware and its one line speed on request. */
const gySim = <C>(descriptor: ThermometerProtocol<C>, member: ConfigMember<C>, model: GyModel): CatalogueEntry =>
  thermometerSimWith({
    descriptor,
    member,
    knobs: { badFirmware: true, speaksAtBaud: true },
    open: (at, _config, knobs) =>
      GyMcu90614Simulator.open(at.devicePath, {
        model,
        seed: at.seed,
        badFirmware: knobs.badFirmware,
        ...(knobs.speaksAtBaud === undefined ? {} : { speaksAtBaud: { baudRate: knobs.speaksAtBaud, hostPath: at.hostPath } }),
      }),
  });

/** What a line scanner configured so sends: the suffix it ends codes with (CR for `auto`) and, with `aimPrefix: strip`, a QR symbology identifier. */
const scanOptions = (config: LineReaderConfig): ScanOptions => ({
  terminator: ({ auto: '\r', cr: '\r', lf: '\n', crlf: '\r\n', tab: '\t' } as const)[config.suffix],
  ...(config.aimPrefix === 'strip' ? { aimPrefix: ']Q1' } : {}),
});

export const SIM_CATALOGUE: readonly CatalogueEntry[] = [
  gySim(gyMcu90614Protocol, gyMcu90614Config, GY_MCU90614),
  gySim(gyMcu90615Protocol, gyMcu90615Config, GY_MCU90615),
  thermometerSimWith({
    descriptor: bodyModeProtocol,
    member: bodyModeConfig,
    knobs: { badFirmware: true },
    open: (at, _config, knobs) => BodyModeSimulator.open(at.devicePath, { baudRate: BODY_MODE_BAUD, badFirmware: knobs.badFirmware, faults: { seed: at.seed } }),
  }),
  thermometerSim({ descriptor: asciiLineProtocol, member: asciiLineConfig }),
  readerSimWith({
    descriptor: lineProtocol,
    member: lineReaderConfig,
    open: (at) => LineScannerSimulator.open(at.devicePath),
    present: (sim, person, config) => sim.scan(person.idNumber, scanOptions(config)),
    text: (sim, text, config) => sim.scan(text, scanOptions(config)),
  }),
  readerSim({ descriptor: samProtocol, member: samReaderConfig }),
  readerSim({ descriptor: mrzLineProtocol, member: mrzLineReaderConfig }),
  readerSim({ descriptor: badgeUidProtocol, member: badgeUidReaderConfig }),
  readerSim({ descriptor: wiegandProtocol, member: wiegandReaderConfig }),
  lcusRelaySim,
];

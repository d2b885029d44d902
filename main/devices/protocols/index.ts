/**
 * The registry: every device protocol the gate can open, keyed by its config `protocol`. The types tie each
 * entry to its config member: a member without a descriptor, or a descriptor for another member's config, does
 * not compile. Adding a protocol: one import and one entry here (docs/recipes.md).
 */
import type { DeviceReaderConfig } from '../../../src/config/readers.js';
import type { ThermometerConfig } from '../../../src/config/thermometer.js';
import type { AnyReaderProtocol, ThermometerProtocol } from '../protocol.js';
import { asciiLineProtocol } from './ascii-line.js';
import { badgeUidProtocol } from './badge-uid.js';
import { bodyModeProtocol } from './body-mode.js';
import { gyMcu90614Protocol } from './gy-mcu90614.js';
import { gyMcu90615Protocol } from './gy-mcu90615.js';
import { hidPosProtocol } from './hid-pos.js';
import { lineProtocol } from './line.js';
import { mrzLineProtocol } from './mrz-line.js';
import { samProtocol } from './sam.js';
import { wiegandProtocol } from './wiegand.js';

type ThermometerProtocols = { readonly [P in ThermometerConfig['protocol']]: ThermometerProtocol<Extract<ThermometerConfig, { protocol: P }>> };
/** Every reader protocol on a device the gate opens (the keyboard wedge has none: the page's keys feed main/devices/page-wedge.ts). */
type ReaderProtocols = { readonly [P in DeviceReaderConfig['protocol']]: AnyReaderProtocol<Extract<DeviceReaderConfig, { protocol: P }>> };

export const THERMOMETER_PROTOCOLS: ThermometerProtocols = {
  'gy-mcu90614': gyMcu90614Protocol,
  'gy-mcu90615': gyMcu90615Protocol,
  'body-mode': bodyModeProtocol,
  'ascii-line': asciiLineProtocol,
};

export const READER_PROTOCOLS: ReaderProtocols = {
  line: lineProtocol,
  sam: samProtocol,
  'mrz-line': mrzLineProtocol,
  'badge-uid': badgeUidProtocol,
  wiegand: wiegandProtocol,
  'hid-pos': hidPosProtocol,
};

/**
 * The descriptor of `config`'s protocol. The records' types guarantee each entry takes its own member's config;
 * TypeScript cannot follow that through an index by a union-typed key, hence the one widening here.
 */
export const thermometerProtocolOf = (config: ThermometerConfig): ThermometerProtocol<ThermometerConfig> =>
  THERMOMETER_PROTOCOLS[config.protocol] as ThermometerProtocol<ThermometerConfig>;

export const readerProtocolOf = (config: DeviceReaderConfig): AnyReaderProtocol<DeviceReaderConfig> => READER_PROTOCOLS[config.protocol] as AnyReaderProtocol<DeviceReaderConfig>;

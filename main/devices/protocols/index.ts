/**
 * The registry: every device protocol the gate can open, keyed by its config `protocol`. The types tie each
 * entry to its config member: a member without a descriptor, or a descriptor for another member's config, does
 * not compile. Adding a protocol: one import and one entry here (docs/recipes.md).
 */
import type { ReaderConfig } from '../../../src/config/readers.js';
import type { ThermometerConfig } from '../../../src/config/thermometer.js';
import type { ReaderProtocol, ThermometerProtocol } from '../protocol.js';
import { gyMcu90614Protocol } from './gy-mcu90614.js';
import { lineProtocol } from './line.js';

type ThermometerProtocols = { readonly [P in ThermometerConfig['protocol']]: ThermometerProtocol<Extract<ThermometerConfig, { protocol: P }>> };
type ReaderProtocols = { readonly [P in ReaderConfig['protocol']]: ReaderProtocol<Extract<ReaderConfig, { protocol: P }>> };

export const THERMOMETER_PROTOCOLS: ThermometerProtocols = {
  'gy-mcu90614': gyMcu90614Protocol,
};

export const READER_PROTOCOLS: ReaderProtocols = {
  line: lineProtocol,
};

/**
 * The descriptor of `config`'s protocol. The records' types guarantee each entry takes its own member's config;
 * TypeScript cannot follow that through an index by a union-typed key, hence the one widening here.
 */
export const thermometerProtocolOf = (config: ThermometerConfig): ThermometerProtocol<ThermometerConfig> =>
  THERMOMETER_PROTOCOLS[config.protocol] as ThermometerProtocol<ThermometerConfig>;

export const readerProtocolOf = (config: ReaderConfig): ReaderProtocol<ReaderConfig> => READER_PROTOCOLS[config.protocol] as ReaderProtocol<ReaderConfig>;

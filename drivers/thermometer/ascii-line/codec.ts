/**
 * Text thermometers that print one reading a line (docs/devices/ascii-line.md): what a line means under the
 * configured pattern and unit, and how the simulator prints one. Pure.
 *
 * A line is read with the config's `pattern` (src/thermometry/line-pattern.ts): its named group `object` is the
 * object temperature, `ambient` (optional) the ambient one, each a decimal number in the configured `unit`,
 * converted to °C and rounded to 0.001 °C. A device that prints no ambient temperature gives `ambientC: NaN`.
 */
import { err, ok, type Result } from '../../../src/result.js';

export type TemperatureUnit = 'C' | 'F' | 'K';
export type LineTerminator = 'CRLF' | 'CR' | 'LF';

export const TERMINATOR_TEXT: Readonly<Record<LineTerminator, string>> = { CRLF: '\r\n', CR: '\r', LF: '\n' };

/**
 * What an infrared thermometer can measure at all, °C: the widest sensor range of docs/devices/ascii-line.md §4
 * (MLX90614: object −70…380, ambient −40…125). A value outside is a `sensor-fault`, never a reading.
 */
export const MEASURABLE_C = { object: { min: -70, max: 380 }, ambient: { min: -40, max: 125 } } as const;

export interface LineReading {
  readonly objectC: number;
  /** NaN when the pattern has no `ambient` group or it took no part in the match. */
  readonly ambientC: number;
}

export type LineDefect = 'no-match' | 'bad-number' | 'sensor-fault';

/** A decimal number as devices print them: optional sign, digits, optional fraction. */
const DECIMAL = /^[+-]?(?:\d{1,6}(?:\.\d{0,6})?|\.\d{1,6})$/;

export function toCelsius(value: number, unit: TemperatureUnit): number {
  const celsius = unit === 'C' ? value : unit === 'F' ? ((value - 32) * 5) / 9 : value - 273.15;
  return Math.round(celsius * 1000) / 1000;
}

export function fromCelsius(celsius: number, unit: TemperatureUnit): number {
  return unit === 'C' ? celsius : unit === 'F' ? (celsius * 9) / 5 + 32 : celsius + 273.15;
}

const within = (value: number, range: { readonly min: number; readonly max: number }): boolean => value >= range.min && value <= range.max;

/** One line (terminator removed) under `pattern`. */
export function readLine(text: string, pattern: RegExp, unit: TemperatureUnit): Result<LineReading, LineDefect> {
  const groups = pattern.exec(text)?.groups;
  const object = groups?.['object'];
  if (object === undefined) return err('no-match');
  const ambient = groups?.['ambient'];
  if (!DECIMAL.test(object) || (ambient !== undefined && !DECIMAL.test(ambient))) return err('bad-number');
  const objectC = toCelsius(Number(object), unit);
  const ambientC = ambient === undefined ? Number.NaN : toCelsius(Number(ambient), unit);
  if (!within(objectC, MEASURABLE_C.object) || (ambient !== undefined && !within(ambientC, MEASURABLE_C.ambient))) return err('sensor-fault');
  return ok({ objectC, ambientC });
}

/** `format` with `{object}` and `{ambient}` replaced by the reading in `unit`, two decimals (the simulator's output). */
export function renderLine(format: string, reading: { readonly objectC: number; readonly ambientC: number }, unit: TemperatureUnit): string {
  return format.replaceAll('{object}', fromCelsius(reading.objectC, unit).toFixed(2)).replaceAll('{ambient}', fromCelsius(reading.ambientC, unit).toFixed(2));
}

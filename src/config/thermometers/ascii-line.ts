/** A thermometer that prints its readings as text lines (docs/devices/ascii-line.md). */
import { z } from 'zod';
import { checkLinePattern, LINE_PATTERN_MAX_CHARS } from '../../thermometry/line-pattern.js';
import { thermometerCommon } from '../thermometer-common.js';

/** The simulator's default line and the pattern that reads it: an example format, not a vendor's. */
export const DEFAULT_LINE_FORMAT = 'T={object} A={ambient}';
export const DEFAULT_LINE_PATTERN = String.raw`^T=(?<object>[+-]?\d+(?:\.\d+)?) A=(?<ambient>[+-]?\d+(?:\.\d+)?)$`;

const linePattern = z
  .string()
  .min(1)
  .max(LINE_PATTERN_MAX_CHARS)
  .superRefine((source, ctx) => {
    const checked = checkLinePattern(source);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: `${checked.error.code}: ${checked.error.message}` });
  })
  .default(DEFAULT_LINE_PATTERN)
  .describe(
    'The regular expression (JavaScript syntax, no flags) a line is read with: the named group `object` is the object temperature, `ambient` (optional) the ambient one, each a decimal number in `unit`. It is matched against the line without its terminator; anchor it (`^…$`) so a line run together with a cut one does not match. Backreferences and lookarounds are refused (docs/devices/ascii-line.md §3).',
  );

export const asciiLineConfig = z
  .strictObject({
    protocol: z.literal('ascii-line').describe('A thermometer that prints one reading per text line, read with `pattern` (docs/devices/ascii-line.md).'),
    ...thermometerCommon,
    pattern: linePattern,
    unit: z.enum(['C', 'F', 'K']).default('C').describe('The unit the device prints: `C`, `F` or `K`; converted to °C.'),
    terminator: z.enum(['CRLF', 'CR', 'LF']).default('CRLF').describe('What ends a line: `CRLF`, `CR` or `LF`. With `CRLF` a lone LF also ends one.'),
    query: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\x20-\x7e\r\n\t]+$/, 'printable ASCII, CR, LF or TAB only')
      .optional()
      .describe('The text sent to ask for one reading, e.g. `MEAS?\\r\\n`; leave it out for a device that prints readings by itself.'),
    basis: z
      .enum(['surface', 'body'])
      .default('surface')
      .describe('`surface`: the device prints what its sensor sees, which the lane compensates; `body`: it prints body temperature already, never compensated again.'),
    simulatedFormat: z
      .string()
      .min(1)
      .max(200)
      .default(DEFAULT_LINE_FORMAT)
      .describe('Only with `device.kind` "simulated": how the simulator prints a reading, `{object}` and `{ambient}` replaced by values in `unit` with two decimals. `pattern` must read it.'),
  })
  .superRefine((config, ctx) => {
    if (config.device.kind !== 'simulated') return;
    const pattern = checkLinePattern(config.pattern);
    if (!pattern.ok) return; // reported on `pattern`
    const sample = config.simulatedFormat.replaceAll('{object}', '36.52').replaceAll('{ambient}', '25.10');
    if (pattern.value.exec(sample)?.groups?.['object'] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['simulatedFormat'], message: `\`pattern\` does not read the simulator's line "${sample}"` });
    }
  })
  .describe('A text-line thermometer.');
export type AsciiLineConfig = z.infer<typeof asciiLineConfig>;

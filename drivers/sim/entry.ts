/**
 * One device of `npm run sim` (drivers/sim/catalogue.ts): its name, a line saying what it is, the options it
 * takes besides the common `--baud` and `--path`, the zod schema that turns their text into its options (errors
 * name the option), and how to start its simulator on the device side of a pty pair. The CLI (main/sim/cli.ts)
 * parses the options before it opens any pty, so a wrong option leaves nothing running.
 */
import { z } from 'zod';
import { fieldFailures } from '../../src/zod-issues.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';

/** An option as `parseArgs` delivers it: its text, `true` for a flag, undefined when not given. */
export type RawOptions = Readonly<Record<string, string | boolean | undefined>>;

export interface SimOptionSpec {
  readonly description: string;
  /** The value's placeholder in the usage (`C`, `TEXT`); absent for a flag without a value. */
  readonly value?: string;
}

export interface SimContext {
  /** Where the simulator opens its port (the pty pair's device side). */
  readonly devicePath: string;
  /** `--baud`, else the entry's default: what the simulator paces its bytes to. */
  readonly baudRate: number;
  /** Every line typed on stdin (manual testing: a scan, a new reading); returns unsubscribe. */
  onInput(listener: (line: string) => void): () => void;
  /** One line about what the device did, for the person watching (stdout). */
  report(line: string): void;
}

export interface RunningSim {
  close(): Promise<void>;
}

export interface SimEntry<O> {
  /** As typed after `npm run sim --`; kebab-case, the config's protocol name where there is one. */
  readonly name: string;
  readonly description: string;
  /** The device's documented line speed. */
  readonly defaultBaud: number;
  /** Its own options by name (without `--`); must not be `baud`, `path`, `list` or `help`. */
  readonly options: Readonly<Record<string, SimOptionSpec>>;
  /** Parses the raw options (keys as in `options`) into what `start` takes. */
  readonly schema: z.ZodType<O>;
  start(options: O, context: SimContext): Promise<Result<RunningSim, Failure>>;
}

/** An entry with its option types erased, as the catalogue holds it. */
export interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
  readonly defaultBaud: number;
  readonly options: Readonly<Record<string, SimOptionSpec>>;
  /** Parses the options (`sim.bad-option`, one failure per option); the result starts the simulator. */
  configure(raw: RawOptions): Result<(context: SimContext) => Promise<Result<RunningSim, Failure>>, Failure[]>;
}

export function simEntry<O>(entry: SimEntry<O>): CatalogueEntry {
  const { name, description, defaultBaud, options } = entry;
  return {
    name,
    description,
    defaultBaud,
    options,
    configure: (raw) => {
      const parsed = entry.schema.safeParse(raw);
      if (!parsed.success) return err(fieldFailures('sim.bad-option', parsed.error).map((f) => ({ ...f, message: `--${f.message}` })));
      return ok((context) => entry.start(parsed.data, context));
    },
  };
}

/** A decimal option (`36.5`, `-4`) from `min` to `max`, `fallback` when absent. */
export const decimalOption = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .default(fallback);

/** The options every device takes, parsed from their text. */
export const commonOptions = z.strictObject({
  /** The same bounds as config `baudRate`. */
  baud: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of bit/s')
    .transform(Number)
    .pipe(z.int().min(1200).max(921_600))
    .optional(),
  path: z.string().startsWith('/', 'must be an absolute path').optional(),
});

/** How long one byte takes on the wire at `baudRate`, 8N1 (10 bits): what a simulator waits between bytes. */
export const byteTimeMs = (baudRate: number): number => 10_000 / baudRate;

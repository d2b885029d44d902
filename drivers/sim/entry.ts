/**
 * One device of `npm run sim` (main/sim/catalogue.ts): its name, a line saying what it is, the options it takes
 * besides the common ones (main/sim/options.ts), the zod schema that turns their text into its settings (errors
 * name the option), and the device those settings make: a simulator opened on each plug (at start and at every
 * `:replug`) and fed the stdin lines that are not `:` commands. The CLI (main/sim/cli.ts) parses every option
 * before it opens any pty, so a wrong option leaves nothing running.
 */
import { z } from 'zod';
import { fieldFailures } from '../../src/zod-issues.js';
import { err, ok, type Failure, type Result } from '../../src/result.js';
import type { LinkFaults } from './sim-link.js';

/** An option as `parseArgs` delivers it: its text, `true` for a flag, undefined when not given. */
export type RawOptions = Readonly<Record<string, string | boolean | undefined>>;

export interface SimOptionSpec {
  readonly description: string;
  /** The value's placeholder in the usage (`C`, `JSON`); absent for a flag without a value. */
  readonly value?: string;
}

/** What the CLI changes on a simulator that writes through a SimLink (a thermometer or reader simulator is one). */
export interface LinkControl {
  setFaults(faults: LinkFaults): void;
  injectRaw(bytes: Uint8Array): Promise<void>;
}

/** A simulator plugged in on one pty pair. */
export interface PluggedSim {
  /** Absent for a device that never sends (a relay board): link faults and raw bytes do not apply to it. */
  readonly link?: LinkControl;
  close(): Promise<void>;
}

export interface PlugContext {
  /** Where the simulator opens its port (the pair's device side). */
  readonly devicePath: string;
  /** Where the gate opens its port (the pair's host side), for a simulator that looks at it (its line speed). */
  readonly hostPath: string;
  /** `--seed`: for a simulator's own random choices besides the link's (a bad firmware's). */
  readonly seed: number;
  /** One line about what the device did, for the person watching (stdout). */
  report(line: string): void;
}

export interface SimDevice {
  /** Opens a simulator on a pair's device side; stdin lines go to it until it is closed. */
  plug(at: PlugContext): Promise<Result<PluggedSim, Failure>>;
  /** A stdin line that is not a `:` command (a new reading, a person); resolves to the line to report. */
  input(line: string): Promise<string>;
}

export interface SimEntry<O> {
  /** As typed after `npm run sim --`; the config's protocol name where there is one. */
  readonly name: string;
  readonly description: string;
  /** What a stdin line that is not a `:` command does, for `--list`. */
  readonly stdin: string;
  /** The device's documented line speed: what `--baud` defaults to. */
  readonly defaultBaud: number;
  /** Its own options by name (without `--`); must not be a common option's name, `list` or `help`. */
  readonly options: Readonly<Record<string, SimOptionSpec>>;
  /** The fields `--config JSON` takes (its protocol's config member), for `--list`; empty when none matters. */
  readonly configFields?: readonly string[];
  /** Parses the raw options (keys as in `options`) into what `device` takes. */
  readonly schema: z.ZodType<O>;
  device(options: O): SimDevice;
}

/** An entry with its option types erased, as the catalogue holds it. */
export interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
  readonly stdin: string;
  readonly defaultBaud: number;
  readonly options: Readonly<Record<string, SimOptionSpec>>;
  readonly configFields: readonly string[];
  /** Parses the options (`sim.bad-option`, one failure per option) into the device to run. */
  configure(raw: RawOptions): Result<SimDevice, Failure[]>;
}

export function simEntry<O>(entry: SimEntry<O>): CatalogueEntry {
  const { name, description, stdin, defaultBaud, options } = entry;
  return {
    name,
    description,
    stdin,
    defaultBaud,
    options,
    configFields: entry.configFields ?? [],
    configure: (raw) => {
      const parsed = entry.schema.safeParse(raw);
      if (!parsed.success) return err(fieldFailures('sim.bad-option', parsed.error).map((f) => ({ ...f, message: `--${f.message}` })));
      return ok(entry.device(parsed.data));
    },
  };
}

/**
 * A device whose simulator `open` makes on each plug; `input` gets the one plugged in now (undefined while
 * unplugged), so what it sets (a scene) can outlive a plug.
 */
export function pluggable<S extends { close(): Promise<void> }>(spec: {
  open(at: PlugContext): Promise<Result<S, Failure>>;
  link?(sim: S): LinkControl;
  input(line: string, sim: S | undefined): Promise<string>;
}): SimDevice {
  let current: S | undefined;
  return {
    plug: async (at) => {
      const opened = await spec.open(at);
      if (!opened.ok) return opened;
      const sim = opened.value;
      current = sim;
      const link = spec.link?.(sim);
      return ok({
        ...(link === undefined ? {} : { link }),
        close: async () => {
          if (current === sim) current = undefined;
          await sim.close();
        },
      });
    },
    input: (line) => spec.input(line, current),
  };
}

/** A decimal option (`36.5`, `-4`) from `min` to `max`. */
export const decimalOption = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** A whole-number option from `min` to `max`. */
export const wholeOption = (min: number, max: number, what = 'a whole number') =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.int().min(min).max(max));

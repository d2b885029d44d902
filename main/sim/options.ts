/**
 * The options every `npm run sim` device takes, and the link faults they set (drivers/sim/sim-link.ts
 * `LinkFaults`): one table gives each fault its option name, its field and its bounds, so `--bad-checksum-rate`
 * on the command line and `badChecksumRate` in a `:faults {…}` line on stdin are checked alike.
 */
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { LinkFaults } from '../../drivers/sim/sim-link.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const rate = z.number().min(0).max(1);

/** The numeric faults: option name, LinkFaults field, bounds, help. */
const NUMERIC_FAULTS = [
  ['bad-checksum-rate', 'badChecksumRate', rate, 'R', 'share of frames (0–1) whose checksum bytes are corrupted'],
  ['truncate-rate', 'truncateRate', rate, 'R', 'share of frames (0–1) cut short at a random point'],
  ['noise-rate', 'noiseRate', rate, 'R', 'share of frames (0–1) preceded by 1–8 random bytes'],
  ['garble-rate', 'garbleRate', rate, 'R', 'share of frames (0–1) with one byte flipped'],
  ['chunk-size', 'chunkSize', z.int().min(1).max(65_536), 'N', 'write each frame in pieces of N bytes (split frames)'],
  ['chunk-gap-ms', 'chunkGapMs', z.number().min(0).max(10_000), 'MS', 'pause between pieces; default 2'],
  ['seed', 'seed', z.int().min(0).max(0xffff_ffff), 'N', 'seed of every random choice (faults, bad firmware); default 1'],
] as const;

type NumericFault = (typeof NUMERIC_FAULTS)[number][1];

/** A `:faults` line's JSON: any LinkFaults fields, each within its option's bounds. */
export const linkFaultsJson: z.ZodType<LinkFaults> = z.strictObject({
  ...(Object.fromEntries(NUMERIC_FAULTS.map(([, key, bounds]) => [key, bounds.exactOptional()])) as Record<NumericFault, z.ZodExactOptional<z.ZodNumber>>),
  baudRate: z.int().min(0).max(921_600).exactOptional(),
  silent: z.boolean().exactOptional(),
});

const numberText = (bounds: z.ZodNumber) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(bounds)
    .optional();

export const COMMON_OPTIONS = {
  baud: { type: 'string' },
  path: { type: 'string' },
  silent: { type: 'boolean' },
  ...(Object.fromEntries(NUMERIC_FAULTS.map(([name]) => [name, { type: 'string' }])) as Record<(typeof NUMERIC_FAULTS)[number][0], { type: 'string' }>),
} as const satisfies OptionsConfig;

export const COMMON_HELP: readonly (readonly [string, string])[] = [
  ['--baud N', 'line speed the simulator paces its bytes to (8N1, 10 bit times a byte); default: the device’s own'],
  ['--path LINK', 'put the host side’s link here (absolute; replaces a symlink, never a file); default: a fresh folder under /dev/shm'],
  ...NUMERIC_FAULTS.map(([name, , , value, help]) => [`--${name} ${value}`, help] as const),
  ['--silent', 'start as a device that does not answer (stdin `:answer` makes it answer)'],
];

export interface CommonSettings {
  readonly baud: number | undefined;
  readonly path: string | undefined;
  /** Every fault option given, as LinkFaults (without `baudRate`: that is `baud` or the device's default). */
  readonly faults: LinkFaults;
  readonly seed: number;
}

/** Parses the common options' text; errors name the option (`seed: …`). */
export const commonOptions: z.ZodType<CommonSettings, Record<string, unknown>> = z
  .strictObject({
    baud: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of bit/s')
      .transform(Number)
      .pipe(z.int().min(1200).max(921_600))
      .optional(),
    path: z.string().startsWith('/', 'must be an absolute path').optional(),
    silent: z.boolean().optional(),
    ...(Object.fromEntries(NUMERIC_FAULTS.map(([name, , bounds]) => [name, numberText(bounds)])) as Record<(typeof NUMERIC_FAULTS)[number][0], ReturnType<typeof numberText>>),
  })
  .transform((o): CommonSettings => {
    const numeric = Object.fromEntries(NUMERIC_FAULTS.flatMap(([name, key]) => (o[name] === undefined ? [] : [[key, o[name]]])));
    return { baud: o.baud, path: o.path, seed: o.seed ?? 1, faults: { ...numeric, ...(o.silent === true ? { silent: true } : {}) } };
  });

/**
 * `--config JSON` of a protocol-backed `npm run sim` device: the protocol's config member (the schema the gate's
 * config uses, src/config/thermometers/<p>.ts or src/config/readers/<p>.ts) read from the JSON, with `protocol`,
 * `kind` and `device` the simulator's own. So every field of the member reaches the simulator without a flag of
 * its own, checked exactly as the gate checks it.
 */
import { z } from 'zod';
import { thermometerCommon } from '../../src/config/thermometer-common.js';

/** A config member: a zod object whose `protocol` (and a reader's `kind`) is a literal. */
export type ConfigMember<C> = z.ZodType<C, unknown> & { readonly shape: Readonly<Record<string, z.ZodType>> };

/** The member's fixed fields: its protocol, its reader kind if any, and a simulated device. */
function fixedFields(member: ConfigMember<unknown>, protocol: string): Record<string, unknown> {
  const kind = member.shape['kind'];
  return { protocol, ...(kind instanceof z.ZodLiteral ? { kind: kind.value } : {}), device: { kind: 'simulated' } };
}

/** What the member's `protocol` field says about it (the description the config docs show). */
export const memberDescription = (member: ConfigMember<unknown>): string => member.shape['protocol']?.description ?? '';

/** The reader kind (`badge`, `mrz` …) of a reader member, undefined for a thermometer's. */
export function memberKind(member: ConfigMember<unknown>): string | undefined {
  const kind = member.shape['kind'];
  return kind instanceof z.ZodLiteral && typeof kind.value === 'string' ? kind.value : undefined;
}

/** The fields `--config` sets that change what the simulator does: the member's own, not the fixed ones nor the reading selector's. */
export function configFields(member: ConfigMember<unknown>): readonly string[] {
  const skip = new Set(['protocol', 'kind', 'device', ...Object.keys(thermometerCommon)]);
  return Object.keys(member.shape).filter((k) => !skip.has(k));
}

/** The `--config` option: absent gives the member's defaults; errors name the field (`config.pattern: …`). */
export function configOption<C>(member: ConfigMember<C>, protocol: string): z.ZodType<C, string | undefined> {
  const fixed = fixedFields(member, protocol);
  return z
    .string()
    .optional()
    .transform((text, ctx): unknown => {
      if (text === undefined) return fixed;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `is not JSON (${e instanceof Error ? e.message : String(e)})` });
        return z.NEVER;
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of config fields' });
        return z.NEVER;
      }
      const taken = Object.keys(fixed).filter((k) => k in json);
      if (taken.length > 0) {
        ctx.addIssue({ code: 'custom', message: `${taken.join(', ')}: the simulator's own, leave them out (the line speed is --baud)` });
        return z.NEVER;
      }
      return { ...json, ...fixed };
    })
    .pipe(member);
}

/** The member's defaults, as a simulated device: what `--list` shows and the default line speed is taken from. */
export const defaultConfig = <C>(member: ConfigMember<C>, protocol: string): C => member.parse(fixedFields(member, protocol));

/**
 * The `npm run sim` entry of a reader protocol, made from its descriptor (main/devices/protocols/<p>.ts) and its
 * config member: `--config JSON` sets the member's fields (a badge reader's framing, a Wiegand converter's
 * encoding…), and each stdin line is a person (drivers/sim/person-line.ts) the reader is shown: it sends what
 * it reads of them (`present`). A line scanner also scans any other line as typed.
 */
import { z } from 'zod';
import type { Failure, Result } from '../../src/result.js';
import { pluggable, simEntry, type CatalogueEntry, type PlugContext } from '../../drivers/sim/entry.js';
import { parsePersonLine, PERSON_LINE_USAGE } from '../../drivers/sim/person-line.js';
import type { ReaderSimulator, SimPerson } from '../../drivers/reader/reader.js';
import type { ReaderProtocol } from '../devices/protocol.js';
import { configFields, configOption, defaultConfig, memberDescription, memberKind, type ConfigMember } from './config-option.js';

export interface ReaderSimSpec<C> {
  readonly descriptor: ReaderProtocol<C>;
  readonly member: ConfigMember<C>;
}

export interface ReaderHooksSpec<C, S extends ReaderSimulator> extends ReaderSimSpec<C> {
  open(at: PlugContext, config: C): Promise<Result<S, Failure>>;
  /** How the reader is shown a person; default `present`. */
  present?(sim: S, person: SimPerson, config: C): Promise<void>;
  /** A line that is not a person; without it such a line is refused. */
  text?(sim: S, text: string, config: C): Promise<void>;
}

/** What a person line says, for the report. */
function describePerson(p: SimPerson): string {
  return [p.idNumber, `name ${p.name}`, `valid to ${p.validTo}`, ...(p.badge === undefined ? [] : [`badge ${p.badge}`]), ...(p.mrz === undefined ? [] : [`zone ${p.mrz.join(' / ')}`])].join(', ');
}

/** A reader entry opened by its descriptor's `simulator`. */
export const readerSim = <C>(spec: ReaderSimSpec<C>): CatalogueEntry => readerSimWith({ ...spec, open: (at, config) => spec.descriptor.simulator(at.devicePath, config) });

export function readerSimWith<C, S extends ReaderSimulator>(spec: ReaderHooksSpec<C, S>): CatalogueEntry {
  const { descriptor, member } = spec;
  const kind = memberKind(member);
  const fields = configFields(member);
  return simEntry({
    name: descriptor.protocol,
    description: memberDescription(member),
    stdin: `a person, ${PERSON_LINE_USAGE}, who is shown to the reader${spec.text === undefined ? '' : '; any other line is scanned as typed'}`,
    defaultBaud: descriptor.baudRates(defaultConfig(member, descriptor.protocol))[0] ?? 9600,
    options: fields.length > 0 ? { config: { value: 'JSON', description: `config fields (${fields.join(', ')}), as in the gate's config` } } : {},
    configFields: fields,
    schema: z.strictObject({ config: configOption(member, descriptor.protocol) }),
    device: ({ config }) =>
      pluggable<S>({
        open: (at) => spec.open(at, config),
        link: (sim) => sim,
        input: async (line, sim) => {
          const person = parsePersonLine(line);
          if (!person.ok) {
            if (spec.text === undefined) return `ignored "${line}": ${person.error.message}`;
            if (sim === undefined) return `ignored "${line}": unplugged`;
            await spec.text(sim, line, config);
            return `scanned ${JSON.stringify(line)}`;
          }
          const p = person.value;
          if (kind === 'badge' && p.badge === undefined) return `ignored "${line}": a badge reader reads a badge: add badge=NUMBER`;
          if (sim === undefined) return `ignored "${line}": unplugged`;
          await (spec.present === undefined ? sim.present(p) : spec.present(sim, p, config));
          return `presented ${describePerson(p)}`;
        },
      }),
  });
}

/**
 * The `npm run sim` entry of a thermometer protocol, made from its descriptor (main/devices/protocols/<p>.ts)
 * and its config member: `--object C --ambient C [--body C]` set the scene, `--config JSON` the member's fields,
 * a stdin line `OBJECT [AMBIENT [BODY]]` changes the scene (kept across `:replug`). A simulator with a bad
 * firmware or a line-speed check offers `--bad-firmware` / `--speaks-at-baud N`.
 */
import { z } from 'zod';
import { err, failure, type Failure, type Result } from '../../src/result.js';
import { decimalOption, pluggable, simEntry, wholeOption, type CatalogueEntry, type PlugContext, type SimOptionSpec } from '../../drivers/sim/entry.js';
import type { ThermometerScene, ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { ThermometerProtocol } from '../devices/protocol.js';
import { configFields, configOption, defaultConfig, memberDescription, type ConfigMember } from './config-option.js';

/** The knobs some thermometer simulators have besides their config. */
export interface ThermometerKnobs {
  /** Firmware that rounds readings into a normal range (drivers/thermometer/bad-firmware.ts). */
  readonly badFirmware: boolean;
  /** The device answers only when the host opened its port at this speed (drivers/sim/line-speed.ts). */
  readonly speaksAtBaud: number | undefined;
}

export interface ThermometerSimSpec<C> {
  readonly descriptor: ThermometerProtocol<C>;
  readonly member: ConfigMember<C>;
}

export interface ThermometerKnobSpec<C> extends ThermometerSimSpec<C> {
  /** Which knobs it offers, and how it opens with them. */
  readonly knobs: { readonly badFirmware?: boolean; readonly speaksAtBaud?: boolean };
  open(at: PlugContext, config: C, knobs: ThermometerKnobs): Promise<Result<ThermometerSimulator, Failure>>;
}

/** What a line on stdin and the scene options accept: colder than any sensor's floor (−70 °C) is refused here, the rest by the simulator. */
const celsius = decimalOption(-70, 1000);

const SCENE_OPTIONS: Readonly<Record<string, SimOptionSpec>> = {
  object: { value: 'C', description: 'object (forehead) temperature, °C; default 36.5' },
  ambient: { value: 'C', description: 'ambient temperature, °C; default 25' },
  body: { value: 'C', description: 'body temperature a module that compensates itself reports; default its own model of object and ambient' },
};

const describeScene = (s: ThermometerScene): string => `object ${s.objectC} °C, ambient ${s.ambientC} °C${s.bodyC === undefined ? '' : `, body ${s.bodyC} °C`}`;

/** Sets the scene, or says why the device cannot send it (a value its frame cannot carry: the simulator's RangeError). */
function trySetScene(sim: ThermometerSimulator, scene: ThermometerScene): Failure | undefined {
  try {
    sim.setScene(scene);
    return undefined;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return failure('sim.bad-scene', `${describeScene(scene)}: this device cannot send it (${e.message})`);
  }
}

/** A thermometer entry opened by its descriptor's `simulator`. */
export const thermometerSim = <C>(spec: ThermometerSimSpec<C>): CatalogueEntry =>
  thermometerSimWith({ ...spec, knobs: {}, open: (at, config) => spec.descriptor.simulator(at.devicePath, config) });

/** A thermometer entry whose simulator has knobs of its own. */
export function thermometerSimWith<C>(spec: ThermometerKnobSpec<C>): CatalogueEntry {
  const { descriptor, member } = spec;
  const knobOptions: Record<string, SimOptionSpec> = {
    ...(spec.knobs.badFirmware === true ? { 'bad-firmware': { description: 'firmware that rounds readings from 35 to 36.3 °C into 36.0–36.6 °C (the bad-firmware fixture)' } } : {}),
    ...(spec.knobs.speaksAtBaud === true ? { 'speaks-at-baud': { value: 'N', description: 'answer only a host that opened the port at N bit/s; at another speed it reads garbage (a line-speed probe)' } } : {}),
  };
  const fields = configFields(member);
  return simEntry({
    name: descriptor.protocol,
    description: memberDescription(member),
    stdin: 'OBJECT [AMBIENT [BODY]] in °C: a new scene',
    defaultBaud: descriptor.baudRates(defaultConfig(member, descriptor.protocol))[0] ?? 9600,
    options: { ...SCENE_OPTIONS, ...(fields.length > 0 ? { config: { value: 'JSON', description: `config fields (${fields.join(', ')}), as in the gate's config` } } : {}), ...knobOptions },
    configFields: fields,
    schema: z.strictObject({
      object: celsius.default(36.5),
      ambient: celsius.default(25),
      body: celsius.optional(),
      config: configOption(member, descriptor.protocol),
      'bad-firmware': z.boolean().default(false),
      'speaks-at-baud': wholeOption(1200, 921_600, 'a whole number of bit/s').optional(),
    }),
    device: (options) => {
      let scene: ThermometerScene = { objectC: options.object, ambientC: options.ambient, ...(options.body === undefined ? {} : { bodyC: options.body }) };
      const knobs: ThermometerKnobs = { badFirmware: options['bad-firmware'], speaksAtBaud: options['speaks-at-baud'] };
      return pluggable<ThermometerSimulator>({
        open: async (at) => {
          const sim = await spec.open(at, options.config, knobs);
          if (!sim.ok) return sim;
          const refused = trySetScene(sim.value, scene);
          if (refused === undefined) return sim;
          await sim.value.close();
          return err(refused);
        },
        link: (sim) => sim,
        input: (line, sim) => Promise.resolve(changeScene(line, sim)),
      });

      function changeScene(line: string, sim: ThermometerSimulator | undefined): string {
        const [object, ambient, body, ...rest] = line.trim().split(/\s+/);
        const parsed = z.strictObject({ object: celsius, ambient: celsius.optional(), body: celsius.optional() }).safeParse({ object, ambient, body });
        if (!parsed.success || rest.length > 0) return `ignored "${line}": type OBJECT [AMBIENT [BODY]] in °C`;
        const next: ThermometerScene = { objectC: parsed.data.object, ambientC: parsed.data.ambient ?? scene.ambientC, ...(parsed.data.body === undefined ? {} : { bodyC: parsed.data.body }) };
        const refused = sim === undefined ? undefined : trySetScene(sim, next);
        if (refused !== undefined) return `ignored "${line}": ${refused.message}`;
        scene = next;
        return `scene: ${describeScene(scene)}${sim === undefined ? ' (unplugged: from the next :replug)' : ''}`;
      }
    },
  });
}

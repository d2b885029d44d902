/**
 * The stdin commands every `npm run sim` device takes, a line starting with `:` (other lines go to the device):
 * `:silent` / `:answer` stop and resume answering, `:faults {JSON}` changes link faults (LinkFaults fields),
 * `:unplug` / `:replug` take the device off its host path and bring it back there, `:raw HEX` writes bytes as
 * they are. Parsing only; main/sim/cli.ts carries them out.
 */
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures, fieldFailures } from '../../src/zod-issues.js';
import type { LinkFaults } from '../../drivers/sim/sim-link.js';
import { linkFaultsJson } from './options.js';

export type SimCommand =
  | { readonly kind: 'faults'; readonly faults: LinkFaults }
  | { readonly kind: 'unplug' }
  | { readonly kind: 'replug' }
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

export const COMMAND_HELP: readonly (readonly [string, string])[] = [
  [':silent', 'stop answering (frames are dropped; the port stays open)'],
  [':answer', 'answer again'],
  [':faults {JSON}', 'change link faults, e.g. {"badChecksumRate": 0.5, "chunkSize": 1} (fields of LinkFaults, drivers/sim/sim-link.ts)'],
  [':unplug', 'close the pty pair: the host path disappears, as an unplugged adapter'],
  [':replug', 'a new pair at the same host path, the simulator as before'],
  [':raw HEX', 'write these bytes as they are, e.g. :raw 5A 5A 45 04 00'],
];

/** A stdin line as a command; undefined when it is not one (no leading `:`); `sim.bad-command` when it is a wrong one. */
export function parseCommand(line: string): Result<SimCommand, Failure> | undefined {
  const text = line.trim();
  if (!text.startsWith(':')) return undefined;
  const [word = '', ...rest] = text.split(/\s+/);
  const argument = text.slice(word.length).trim();
  switch (word) {
    case ':silent':
    case ':answer':
      return rest.length === 0 ? ok({ kind: 'faults', faults: { silent: word === ':silent' } }) : bad(`${word} takes nothing after it`);
    case ':unplug':
    case ':replug':
      return rest.length === 0 ? ok({ kind: word === ':unplug' ? 'unplug' : 'replug' }) : bad(`${word} takes nothing after it`);
    case ':faults':
      return faultsOf(argument);
    case ':raw':
      return rawOf(argument);
    default:
      return bad(`unknown command ${word}; commands: ${COMMAND_HELP.map(([c]) => c.split(' ')[0]).join(' ')}`);
  }
}

const bad = (message: string): Result<never, Failure> => err(failure('sim.bad-command', message));

function faultsOf(text: string): Result<SimCommand, Failure> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad(`:faults takes a JSON object, e.g. {"badChecksumRate": 1}; got ${JSON.stringify(text)}`);
  }
  const parsed = linkFaultsJson.safeParse(json);
  return parsed.success ? ok({ kind: 'faults', faults: parsed.data }) : bad(`:faults ${describeFailures(fieldFailures('sim.bad-command', parsed.error))}`);
}

function rawOf(text: string): Result<SimCommand, Failure> {
  const digits = text.replace(/\s+/g, '');
  if (digits === '' || !/^([0-9a-fA-F]{2})+$/.test(digits)) return bad(':raw takes bytes in hex, e.g. :raw 5A 5A 45');
  return ok({ kind: 'raw', bytes: Uint8Array.from(digits.match(/../g) ?? [], (h) => Number.parseInt(h, 16)) });
}

/**
 * `gate bundle <subcommand> …`: the platform's side of bundles and the technician's look at them
 * (docs/bundles.md). One entry per subcommand in {@link SUBCOMMANDS}, each a module of its own.
 */
import { type CliCommand, EXIT_USAGE, complain } from '../cli/command.js';
import { gateKeySubcommand, keygenSubcommand } from './cli-keys.js';
import { signSubcommand } from './cli-sign.js';
import { verifySubcommand } from './cli-verify.js';

const SUBCOMMANDS: readonly CliCommand[] = [keygenSubcommand, gateKeySubcommand, signSubcommand, verifySubcommand];

const USAGE = SUBCOMMANDS.map((s) => s.usage).join('\n');

export const bundleCommand: CliCommand = {
  name: 'bundle',
  usage: USAGE,
  run: (args) => {
    const [name, ...rest] = args;
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (sub !== undefined) return sub.run(rest);
    complain(`${name === undefined ? 'a subcommand is required' : `unknown subcommand "${name}"`}\nusage:\n${USAGE}`);
    return Promise.resolve(EXIT_USAGE);
  },
};

/**
 * `npm start` and `npm run gate -- <command>`: one module per command (main/cli/command.ts).
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error (the config, or the policy file it names).
 */
import { hashPinCommand } from './auth/cli.js';
import { bundleCommand } from './bundles/cli.js';
import { EXIT_FAILURE, EXIT_USAGE, type CliCommand } from './cli/command.js';
import { devicesCommand } from './cli/devices.js';
import { exportCommand } from './cli/export.js';
import { pairCommand } from './cli/pair.js';
import { startCommand } from './cli/start.js';
import { issueTokenCommand, issuerKeygenCommand } from './credentials/cli.js';
import { deviceKeyCommand, purgeCommand, verifyCommand } from './journal/cli.js';
import { authorityKeygenCommand, unsealCommand } from './privacy/cli.js';
import { importCommand } from './registers/cli.js';
import { uplinkCommand } from './uplink/cli.js';

const commands: readonly CliCommand[] = [
  startCommand,
  pairCommand,
  exportCommand,
  devicesCommand,
  verifyCommand,
  purgeCommand,
  deviceKeyCommand,
  importCommand,
  uplinkCommand,
  hashPinCommand,
  authorityKeygenCommand,
  unsealCommand,
  issuerKeygenCommand,
  issueTokenCommand,
  bundleCommand,
];

// A reader that stops early (`gate export … | head -1`) closes the pipe: the output is no longer wanted,
// so the command ends quietly with its own exit code, never a stack trace. Any other stdout error (a full
// disk) is said once and makes the exit code 1, whenever it arrives.
let stdoutFailed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE' || stdoutFailed) return;
  stdoutFailed = true;
  console.error(`stdout: ${e.message}`);
  process.exitCode = EXIT_FAILURE;
});

const [name = 'start', ...rest] = process.argv.slice(2);
const command = commands.find((c) => c.name === name);
if (command === undefined) {
  console.error(`unknown command "${name}"\nusage:\n${commands.map((c) => c.usage).join('\n')}`);
  process.exitCode = EXIT_USAGE;
} else {
  const code = await command.run(rest);
  process.exitCode = stdoutFailed ? EXIT_FAILURE : code;
}

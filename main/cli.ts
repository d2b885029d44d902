/**
 * `npm start` and `npm run gate -- <command>`: one module per command (main/cli/command.ts).
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
 */
import { hashPinCommand } from './auth/cli.js';
import type { CliCommand } from './cli/command.js';
import { exportCommand } from './cli/export.js';
import { startCommand } from './cli/start.js';
import { issueTokenCommand, issuerKeygenCommand } from './credentials/cli.js';
import { deviceKeyCommand, purgeCommand, verifyCommand } from './journal/cli.js';
import { authorityKeygenCommand, unsealCommand } from './privacy/cli.js';
import { importCommand } from './registers/cli.js';

const commands: readonly CliCommand[] = [
  startCommand,
  exportCommand,
  verifyCommand,
  purgeCommand,
  deviceKeyCommand,
  importCommand,
  hashPinCommand,
  authorityKeygenCommand,
  unsealCommand,
  issuerKeygenCommand,
  issueTokenCommand,
];

const [name = 'start', ...rest] = process.argv.slice(2);
const command = commands.find((c) => c.name === name);
if (command === undefined) {
  console.error(`unknown command "${name}"\nusage:\n${commands.map((c) => c.usage).join('\n')}`);
  process.exitCode = 2;
} else {
  process.exitCode = await command.run(rest);
}

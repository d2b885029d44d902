/** `gate hash-pin`: reads a guard PIN from stdin (never from the command line, which `ps` shows) and prints its hash for the config. */
import { createInterface } from 'node:readline';
import { complain, print, EXIT_OK, EXIT_USAGE, type CliCommand } from '../cli/command.js';
import { hashPin } from './pin.js';

const usage = '  gate hash-pin < pin.txt        print the scrypt hash of a guard PIN (4–12 digits) for config "guards"';

export const hashPinCommand: CliCommand = {
  name: 'hash-pin',
  usage,
  async run() {
    const rl = createInterface({ input: process.stdin });
    const line = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
    const pin = line.trim();
    if (!/^[0-9]{4,12}$/.test(pin)) {
      complain(`a PIN is 4 to 12 digits\nusage:\n${usage}`);
      return EXIT_USAGE;
    }
    print(hashPin(pin));
    return EXIT_OK;
  },
};

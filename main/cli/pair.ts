/**
 * `gate pair [--rotate]`: prints the kiosk URL with the pairing secret (main/host/pairing.ts), creating the
 * secret if there is none yet; `--rotate` first replaces it, and a running gate drops the pages paired with the
 * old one. For whatever starts the kiosk browser, and the technician screen. Needs a fixed `host.port`: with 0
 * the port, and so the URL, is only known once the gate listens.
 */
import { parseArgs } from 'node:util';
import { failure } from '../../src/result.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { kioskUrl, loadOrCreatePairing, rotatePairing } from '../host/pairing.js';
import { secureDataDir } from '../keys.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, print, withUsage, type CliCommand } from './command.js';

const usage = '  gate pair [--rotate] [--config FILE]        print the kiosk URL (with its pairing secret); --rotate replaces the secret';

export const pairCommand: CliCommand = {
  name: 'pair',
  usage,
  run: (args) =>
    withUsage(usage, () => {
      const { values } = parseArgs({ args, options: { rotate: { type: 'boolean', default: false }, config: { type: 'string' } } });
      const config = loadConfig(values.config ?? DEFAULT_CONFIG_FILE);
      if (!config.ok) return failWith(EXIT_USAGE, config.error);
      const { host, dataDir, source } = config.value;
      if (host.port === 0) return failWith(EXIT_USAGE, [failure('pair.no-fixed-port', `host.port in ${source} is 0 (a free port at each start), so the kiosk URL would not survive a restart: set a fixed port`, 'host.port')]);
      const folder = secureDataDir(dataDir);
      if (!folder.ok) return failWith(EXIT_FAILURE, [folder.error]);
      const pairing = values.rotate ? rotatePairing(dataDir) : loadOrCreatePairing(dataDir);
      if (!pairing.ok) return failWith(EXIT_FAILURE, [pairing.error]);
      if (pairing.value.replaced !== undefined) complain(`warning: pair.replaced: ${pairing.value.file} was unfit (${pairing.value.replaced}): a new secret was written`);
      print(`kiosk UI: ${kioskUrl(host.port, pairing.value.secret)}`);
      return EXIT_OK;
    }),
};

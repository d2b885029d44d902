/**
 * `gate start`: the Electron kiosk where an Electron runtime and a display exist, else the headless host
 * (it says why). Runs until SIGINT/SIGTERM, then closes the gate cleanly (the relay ends "off").
 * Exit 2 when the config or its policy file is wrong (either shell), 1 when the gate cannot start
 * otherwise (a busy port, a simulator that cannot start, an unwritable data folder), 70 after an uncaught
 * error (main/last-resort.ts: logged, relays driven to their safe state, for the service manager to restart it).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFailureExitCode } from '../config/failures.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { configWarnings } from '../config/warnings.js';
import { startHeadlessApp } from '../headless-app.js';
import { installLastResort } from '../last-resort.js';
import { logger } from '../log.js';
import { detectElectron } from '../runtime.js';
import { EXIT_FAILURE, EXIT_USAGE, complain, failWith, print, withUsage, type CliCommand } from './command.js';

const usage = '  gate start [--headless] [--config FILE]     run the gate (Electron kiosk, or the headless host)';

export const startCommand: CliCommand = {
  name: 'start',
  usage,
  run: (args) =>
    withUsage(usage, async () => {
      const { values } = parseArgs({ args, options: { headless: { type: 'boolean', default: false }, config: { type: 'string' } } });
      const configFile = values.config ?? DEFAULT_CONFIG_FILE;
      if (!values.headless) {
        const electron = detectElectron();
        if (electron.available) {
          const main = join(fileURLToPath(new URL('..', import.meta.url)), 'electron', 'main.js');
          const child = spawn(electron.binary, [main, '--config', configFile], { stdio: 'inherit' });
          return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? EXIT_FAILURE)));
        }
        print(`starting headless: ${electron.why}`);
      }
      installLastResort(logger('gate:last-resort'));
      const config = loadConfig(configFile);
      if (!config.ok) return failWith(EXIT_USAGE, config.error);
      const app = await startHeadlessApp(config.value);
      if (!app.ok) return failWith(startFailureExitCode(app.error), app.error);
      const policy = app.value.gate.policy();
      for (const w of policy === undefined ? [] : configWarnings(config.value, policy)) complain(`warning: ${w.code}: ${w.message}`);
      const service = app.value.gate.view().service;
      if (service.state === 'out-of-service') complain(`out of service: ${service.code}; retrying every ${config.value.storage.journalRetryMs} ms (the kiosk page says why)`);
      print(`kiosk UI: ${app.value.host.url}`);
      print(`journal: ${app.value.gate.journalFile}${config.value.demo.enabled ? ' (demo visitors running)' : ''}`);
      return new Promise<number>((resolve) => {
        const shutdown = (): void => void app.value.close().then(() => resolve(0));
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
    }),
};

/**
 * The Electron kiosk: the same gate core as the headless host, its contract carried by ipcMain to the
 * sandboxed preload. Restarts are systemd's job, not app.relaunch (docs/reliability.md §0.3).
 */
import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { invokeChannels } from '../../src/ipc/contract.js';
import { failure } from '../../src/result.js';
import { startFailureExitCode } from '../config/failures.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { startDemo } from '../demo/start.js';
import { startGate } from '../gate.js';
import { installLastResort } from '../last-resort.js';
import { logger } from '../log.js';
import { RENDERER_DIR } from '../resources.js';
import { createKioskWindow } from './window.js';

const log = logger('gate:electron');
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ args: process.argv.slice(app.isPackaged ? 1 : 2), options: { config: { type: 'string' } }, strict: false });

// An error nothing caught: logged, relays to their safe state, exit 70 for systemd to restart, as in the headless shell.
installLastResort(logger('gate:last-resort'), (code) => app.exit(code));
app.enableSandbox();

async function main(): Promise<void> {
  await app.whenReady();
  const config = loadConfig(typeof values.config === 'string' ? values.config : DEFAULT_CONFIG_FILE);
  if (!config.ok) {
    for (const f of config.error) log.fatal(f, 'configuration error');
    app.exit(startFailureExitCode(config.error));
    return;
  }
  const gate = await startGate(config.value);
  if (!gate.ok) {
    for (const f of gate.error) log.fatal(f, 'gate failed to start');
    app.exit(startFailureExitCode(gate.error));
    return;
  }
  const win = createKioskWindow({ rendererDir: RENDERER_DIR, preload: join(here, 'preload.cjs'), devTools: process.env['GATE_DEVTOOLS'] === '1', log });
  const rendererUrl = pathToFileURL(join(RENDERER_DIR, 'index.html')).href;
  // Only our own top frame may call the core (Electron checklist item 17, docs/reliability.md §1.1: validate the
  // sender of every IPC message).
  const fromKiosk = (e: IpcMainInvokeEvent): boolean => e.sender === win.webContents && e.senderFrame?.parent === null && e.senderFrame.url.split('#')[0] === rendererUrl;
  for (const channel of Object.keys(invokeChannels)) {
    // The sender check runs inside the router's boundary: reading a disposed frame throws. The shell has one window, so one connection.
    ipcMain.handle(channel, (e, input: unknown) => gate.value.router.handle(channel, input, { connection: 'electron' }, () => (fromKiosk(e) ? undefined : failure('ipc.forbidden', 'not the kiosk frame'))));
  }
  gate.value.onView((v) => {
    if (!win.isDestroyed()) win.webContents.send('gate:view', v);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    log.error({ reason: details.reason }, 'renderer gone; reloading');
    setTimeout(() => win.isDestroyed() || win.reload(), 1000);
  });
  const demo = config.value.demo.enabled ? startDemo(gate.value) : undefined;
  app.on('before-quit', () => {
    void demo?.stop();
    void gate.value.close();
  });
}

void main();

/**
 * The kiosk window and its lockdown. `kiosk: true` on Linux is only fullscreen (docs/reliability.md
 * §1.2), so navigation, new windows, webviews, permissions and the devtools/reload/close shortcuts are
 * refused here too; the OS session (no desktop, systemd restart) does the rest.
 */
import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import type { Log } from '../log.js';
import { isBlockedShortcut } from './shortcuts.js';

export function createKioskWindow(opts: { rendererDir: string; preload: string; devTools: boolean; log: Log }): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    show: false,
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: opts.devTools,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    e.preventDefault();
    opts.log.warn({ url }, 'navigation refused');
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    opts.log.warn({ url }, 'window.open refused');
    return { action: 'deny' };
  });
  wc.on('before-input-event', (e, input) => {
    if (!opts.devTools && isBlockedShortcut(input)) e.preventDefault();
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
    opts.log.warn({ permission }, 'permission request refused');
    callback(false);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(join(opts.rendererDir, 'index.html'));
  return win;
}

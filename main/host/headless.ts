/** The headless host: serves the renderer and the IPC bridge on 127.0.0.1 only. */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../log.js';
import type { IpcRouter } from '../ipc/router.js';
import { WsBridge } from './bridge.js';
import { staticHandler } from './static.js';

export interface HeadlessHost {
  readonly port: number;
  /** The kiosk URL, with the per-start token in the fragment. */
  readonly url: string;
  readonly bridge: WsBridge;
  close(): Promise<void>;
}

export async function startHeadlessHost(opts: { port: number; rendererDir: string; router: IpcRouter; log: Log }): Promise<HeadlessHost> {
  const token = randomBytes(24).toString('hex');
  let port = opts.port;
  const origin = (): string => `http://127.0.0.1:${port}`;
  const bridge = new WsBridge(token, origin, opts.router, opts.log);
  const serveStatic = staticHandler(opts.rendererDir, () => port);
  const server: Server = createServer((req, res) => void serveStatic(req, res));
  server.on('upgrade', (req, socket, head) => bridge.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${origin()}/#token=${token}`,
    bridge,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The headless host: serves the renderer and the IPC bridge on 127.0.0.1 only, to requests that name it (Host) as such. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../log.js';
import type { IpcRouter } from '../ipc/router.js';
import { guardedRequests } from './boundary.js';
import { WsBridge } from './bridge.js';
import { kioskUrl, LivePairing, type LoadedPairing } from './pairing.js';
import { staticHandler } from './static.js';

export interface HeadlessHost {
  readonly port: number;
  /** The kiosk URL, with the pairing secret in the fragment (the same across restarts, until rotated). */
  readonly url: string;
  readonly bridge: WsBridge;
  close(): Promise<void>;
}

export async function startHeadlessHost(opts: { port: number; pairing: LoadedPairing; rendererDir: string; router: IpcRouter; log: Log }): Promise<HeadlessHost> {
  let port = opts.port;
  const pairing = new LivePairing(opts.pairing, opts.log);
  const bridge = new WsBridge(pairing, () => port, opts.router, opts.log);
  const serveStatic = staticHandler(opts.rendererDir, () => port);
  const server: Server = createServer(guardedRequests(serveStatic, () => port, opts.log));
  server.on('upgrade', (req, socket, head) => bridge.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error): void => {
      bridge.close();
      pairing.close();
      reject(e);
    };
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // Once listening, a server error (accept failing for want of file descriptors, say) is logged, not fatal.
  server.on('error', (e) => opts.log.error({ error: e.message }, 'http server error'));
  return {
    port,
    get url() {
      return kioskUrl(port, pairing.secret());
    },
    bridge,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        pairing.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The transport config `uplink.transport` names, made with its credential files read (a failure names the field). */
import { httpsTransport } from './https-transport.js';
import type { TransportFactory } from './uplink.js';

export const configuredTransport: TransportFactory = (config) => {
  const t = config.transport;
  switch (t.kind) {
    case 'https':
      return httpsTransport(t);
    case 'mqtt':
      return { ok: false, error: { code: 'uplink.config', message: 'the mqtt transport is not built yet' } };
  }
};

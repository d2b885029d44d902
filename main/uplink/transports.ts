/** The transport config `uplink.transport` names, made with its credential files read (a failure names the field). */
import { httpsTransport } from './https-transport.js';
import { mqttTransport } from './mqtt-transport.js';
import type { TransportFactory } from './uplink.js';

export const configuredTransport: TransportFactory = (config) => {
  const t = config.transport;
  switch (t.kind) {
    case 'https':
      return httpsTransport(t);
    case 'mqtt':
      return mqttTransport(t, config.gateId);
  }
};

/** The transport config `uplink.transport` names, made with its credential files read. */
import { err, failure } from '../../src/result.js';
import type { TransportFactory } from './uplink.js';

export const configuredTransport: TransportFactory = (config) => err(failure('uplink.config', `the ${config.transport.kind} transport is not built yet`));

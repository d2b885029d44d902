/** The MQTT tests' broker (bench/uplink/mosquitto.ts), per test file. */
import { afterAll, beforeAll } from 'vitest';
import { type Broker, type BrokerOptions, startMosquitto } from '../../bench/uplink/mosquitto.js';

/** Starts a broker before this file's tests and disposes of it after them (afterAll runs after failures too). */
export function useMosquitto(opts: BrokerOptions = {}): { readonly broker: Broker } {
  const holder: { broker: Broker } = {} as { broker: Broker };
  beforeAll(async () => {
    holder.broker = await startMosquitto(opts);
  });
  afterAll(async () => {
    await holder.broker?.dispose();
  });
  return holder;
}

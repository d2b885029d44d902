/** The gate with its headless host: what `npm start` runs without Electron, and what tests and benches drive. */
import type { Failure, Result } from '../src/result.js';
import { err, failure, ok } from '../src/result.js';
import type { ResolvedConfig } from './config/load.js';
import { startDemo } from './demo/start.js';
import { startGate, type Gate, type GateDeps } from './gate.js';
import { startHeadlessHost, type HeadlessHost } from './host/headless.js';
import { ephemeralPairing, loadOrCreatePairing } from './host/pairing.js';
import { logger } from './log.js';
import { RENDERER_DIR } from './resources.js';

export interface HeadlessApp {
  readonly gate: Gate;
  readonly host: HeadlessHost;
  close(): Promise<void>;
}

/** The port is taken (another gate, another program): the one line says which config field changes it. */
export const portInUse = (config: Pick<ResolvedConfig, 'host' | 'source'>): Failure =>
  failure('host.port-in-use', `127.0.0.1:${config.host.port} is already in use: set host.port in ${config.source} to a free port (0 picks one)`, 'host.port');

/** `deps` reach the gate (bench/soak.ts gives it in-memory devices). */
export async function startHeadlessApp(config: ResolvedConfig, deps: GateDeps = {}): Promise<Result<HeadlessApp, Failure[]>> {
  const gate = await startGate(config, deps);
  if (!gate.ok) return gate;
  const log = logger('gate:host');
  const found = loadOrCreatePairing(config.dataDir);
  if (!found.ok) log.error({ error: found.error }, 'the pairing secret cannot be kept: one for this run only, so the kiosk URL changes at the next start');
  else if (found.value.replaced !== undefined) log.warn({ file: found.value.file, why: found.value.replaced }, 'pairing file unfit, replaced with a new secret: pair the kiosk again (gate pair)');
  const pairing = found.ok ? found.value : ephemeralPairing(config.dataDir);
  let host: HeadlessHost;
  try {
    host = await startHeadlessHost({ port: config.host.port, pairing, rendererDir: RENDERER_DIR, router: gate.value.router, log });
  } catch (e) {
    await gate.value.close();
    const { code, message } = e as NodeJS.ErrnoException;
    return err([code === 'EADDRINUSE' ? portInUse(config) : failure('host.listen', `127.0.0.1:${config.host.port}: ${message}`)]);
  }
  const unsubscribe = gate.value.onView((v) => host.bridge.broadcast('gate:view', v));
  const demo = config.demo.enabled ? startDemo(gate.value) : undefined;
  return ok({
    gate: gate.value,
    host,
    close: async () => {
      unsubscribe();
      await demo?.stop();
      await host.close();
      await gate.value.close();
    },
  });
}

/**
 * The last resort of both shells. An exception nothing caught, or a rejection nothing handled, is a bug that
 * leaves the process in a state nobody knows: it is logged once as fatal (with its stack), every registered
 * safe-state hook runs (the gate's stops the lanes and drives their relays to their safe state), and the process exits
 * with EXIT_SOFTWARE so the service manager (`Restart=always` in resources/systemd) starts a clean one.
 * The hooks get SAFE_STATE_DEADLINE_MS between them; one that throws, rejects or hangs does not hold up the exit.
 */
import { thrownForLog, type Log } from './log.js';

/** sysexits.h EX_SOFTWARE, "an internal software error": the exit code of the last-resort path. */
export const EXIT_SOFTWARE = 70;
/** Long enough for a relay pulse in progress (config allows up to 5 s) to end with its "off" and the hooks' own commands. */
export const SAFE_STATE_DEADLINE_MS = 6000;

export type SafeStateHook = () => unknown;

const hooks = new Set<SafeStateHook>();

/** Registers a hook for the last-resort path; returns its removal (for when what it protects is closed). */
export function onLastResort(hook: SafeStateHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Installs the process's uncaughtException and unhandledRejection handlers. `exit` ends the process
 * (process.exit; Electron's shell passes app.exit). A second fault while the hooks run is logged too, and
 * changes nothing.
 */
export function installLastResort(log: Log, exit: (code: number) => void = (code) => process.exit(code)): void {
  let ending = false;
  const lastResort =
    (what: string) =>
    (e: unknown): void => {
      log.fatal({ error: thrownForLog(e) }, what);
      if (ending) return;
      ending = true;
      void within(SAFE_STATE_DEADLINE_MS, runHooks(log), () => log.error(`last resort: safe-state hooks still running after ${SAFE_STATE_DEADLINE_MS} ms; exiting anyway`))
        .then(() => within(LOG_FLUSH_MS, new Promise<void>((resolve) => log.flush(() => resolve())), () => undefined))
        .catch(() => undefined) // a log that cannot flush does not hold up the exit either
        .finally(() => exit(EXIT_SOFTWARE));
    };
  process.on('uncaughtException', lastResort('uncaught exception; putting the gate in its safe state and exiting'));
  process.on('unhandledRejection', lastResort('unhandled rejection; putting the gate in its safe state and exiting'));
}

/** How long the fatal lines get to reach stderr before the exit. */
const LOG_FLUSH_MS = 500;

/** Every hook, each one's failure logged; never rejects. */
async function runHooks(log: Log): Promise<void> {
  await Promise.all(
    [...hooks].map(async (hook) => {
      try {
        await hook();
      } catch (e) {
        log.error({ error: thrownForLog(e) }, 'last resort: a safe-state hook failed');
      }
    }),
  );
}

/** Waits for `work`, or `ms` (then calls `late`), whichever is first. */
async function within(ms: number, work: Promise<void>, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      late();
      resolve();
    }, ms);
  });
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}

/**
 * A real Mosquitto broker (the Debian package `mosquitto`, which `.ci/run` installs) for the MQTT tests and
 * the bench: its own config in a temp folder, a listener on 127.0.0.1 at a free port it picked, per-user
 * passwords made with `mosquitto_passwd` (anonymous access where that tool is missing, or when asked), the
 * fleet ACL (resources/uplink/mosquitto.acl) and persistence in the folder, so `restart()` keeps the
 * persistent sessions and the messages queued for them. `dispose()` kills it; so does this process exiting,
 * and a watchdog kills it when this process is killed. The tests start it per file through
 * test/uplink/use-mosquitto.ts (vitest hooks, which bench/ does not import).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { resourcePath } from '../../main/resources.js';

export const MOSQUITTO = process.env['MOSQUITTO'] ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = ['/usr/bin/mosquitto_passwd', '/usr/sbin/mosquitto_passwd'].find((p) => existsSync(p));
/** Whether brokers here authenticate users (and so apply the per-user ACL). */
export const PASSWORDS_AVAILABLE = MOSQUITTO_PASSWD !== undefined;
export const FLEET_ACL = resourcePath('uplink', 'mosquitto.acl');

const START_DEADLINE_MS = 10_000;
const STOP_DEADLINE_MS = 10_000;

export interface BrokerOptions {
  /** User name → password. Without a password tool the broker is anonymous and `users` is ignored. */
  readonly users?: Readonly<Record<string, string>>;
  /** Anyone may connect and use any topic (no passwords, no ACL; `users` and `aclFile` are ignored). */
  readonly anonymous?: boolean;
  /** Keep sessions and queued messages on disk across `restart()` (the default); false: in memory only. */
  readonly persistence?: boolean;
  /** The ACL file; the fleet example by default. */
  readonly aclFile?: string;
  /** More config lines (a limit under test). */
  readonly extra?: readonly string[];
  /**
   * A whole config of the test's own instead (users and aclFile are then ignored): its listener must be on
   * `port`, its persistence in `dir`. `tls`: that listener speaks TLS (the url is then `mqtts://`).
   */
  readonly config?: (at: { readonly port: number; readonly dir: string }) => string;
  readonly tls?: boolean;
}

export interface Broker {
  readonly port: number;
  /** `mqtt://127.0.0.1:<port>` (`mqtts://` with `tls`). */
  readonly url: string;
  /** Whether users must authenticate (and the ACL, keyed on the user name, applies). */
  readonly authenticated: boolean;
  running(): boolean;
  /** SIGTERM (Mosquitto saves its persistence file on the way out), then waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the sessions it saved. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

/** A port nobody listens on right now (it may be taken before Mosquitto binds it: the start retries). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function writeConfig(dir: string, port: number, opts: BrokerOptions): boolean {
  // Run as whoever runs the tests (as root Mosquitto would otherwise switch to the `mosquitto` user, who cannot read this folder).
  const asMe = `user ${userInfo().username}`;
  if (opts.config !== undefined) {
    writeFileSync(join(dir, 'mosquitto.conf'), `${asMe}\n${opts.config({ port, dir })}`);
    return true;
  }
  const authenticated = MOSQUITTO_PASSWD !== undefined && opts.anonymous !== true;
  const lines = [
    `listener ${port} 127.0.0.1`,
    asMe,
    ...(opts.persistence === false ? ['persistence false'] : ['persistence true', `persistence_location ${dir}/`]),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    // A paused platform's session may have to hold a whole backlog's batches.
    'max_queued_messages 100000',
    // Batches and acks are each one small exchange: no Nagle delay on the broker's side either.
    'set_tcp_nodelay true',
  ];
  if (authenticated) {
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '', { mode: 0o600 });
    for (const [user, password] of Object.entries(opts.users ?? {})) execFileSync(MOSQUITTO_PASSWD, ['-b', passwd, user, password], { stdio: 'pipe' });
    lines.push('allow_anonymous false', `password_file ${passwd}`, `acl_file ${opts.aclFile ?? FLEET_ACL}`);
  } else {
    lines.push('allow_anonymous true');
  }
  lines.push(...(opts.extra ?? []));
  writeFileSync(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  return authenticated;
}

/**
 * A watchdog that SIGKILLs Mosquitto if this process dies without running its 'exit' hooks (a test worker
 * killed at a timeout): a tiny node that waits for its stdin, a pipe from here, to close.
 */
function watchdog(pid: number): ChildProcess {
  const w = spawn(process.execPath, ['-e', `process.stdin.on('end', () => { try { process.kill(${pid}, 'SIGKILL'); } catch {} }).resume();`], { stdio: ['pipe', 'ignore', 'ignore'] });
  w.on('error', () => undefined);
  w.stdin?.on('error', () => undefined);
  w.unref();
  (w.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return w;
}

interface Running {
  readonly child: ChildProcess;
  readonly watchdog: ChildProcess;
}

/** Spawns Mosquitto and resolves once it says it is running; 'in-use' when the port was taken. */
function launch(dir: string): Promise<Running | 'in-use'> {
  return new Promise((resolve, reject) => {
    const child = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mosquitto did not start within ${START_DEADLINE_MS} ms: ${stderr}`));
    }, START_DEADLINE_MS);
    const onData = (chunk: Buffer): void => {
      stderr += chunk.toString();
      if (/mosquitto version \S+ running/.test(stderr)) {
        clearTimeout(deadline);
        child.off('exit', onExit);
        if (child.pid === undefined) reject(new Error('mosquitto has no pid'));
        else resolve({ child, watchdog: watchdog(child.pid) });
      }
    };
    const onExit = (code: number | null): void => {
      clearTimeout(deadline);
      if (/Address already in use/.test(stderr)) resolve('in-use');
      else reject(new Error(`mosquitto exited (${code}) at start: ${stderr}`));
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
  });
}

export async function startMosquitto(opts: BrokerOptions = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-mosquitto-'));
  let running: Running | undefined;
  const killNow = (): void => {
    running?.child.kill('SIGKILL');
    running?.watchdog.kill('SIGKILL');
  };
  process.once('exit', killNow);

  let port = 0;
  let authenticated = false;
  for (let attempt = 0; running === undefined; attempt++) {
    if (attempt === 5) throw new Error('no free port for mosquitto after 5 attempts');
    port = await freePort();
    authenticated = writeConfig(dir, port, opts);
    const launched = await launch(dir);
    if (launched !== 'in-use') running = launched;
  }

  const stop = async (): Promise<void> => {
    const r = running;
    if (r === undefined) return;
    running = undefined;
    r.watchdog.kill('SIGKILL');
    const c = r.child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => c.kill('SIGKILL'), STOP_DEADLINE_MS);
      c.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };
  const start = async (): Promise<void> => {
    if (running !== undefined) return;
    // The same port (clients know it): if someone took it meanwhile, wait for it within the start deadline.
    const until = Date.now() + START_DEADLINE_MS;
    for (;;) {
      const launched = await launch(dir);
      if (launched !== 'in-use') {
        running = launched;
        return;
      }
      if (Date.now() > until) throw new Error(`port ${port} stayed in use`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    port,
    url: `${opts.tls === true ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    authenticated,
    running: () => running !== undefined,
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      process.off('exit', killNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

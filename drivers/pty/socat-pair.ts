import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

/** Two linked ptys: bytes written to one side are read on the other. */
export interface PtyPair {
  /** Where the gate (driver) opens its port. */
  readonly hostPath: string;
  /** Where a simulator opens its port. */
  readonly devicePath: string;
  /** Stops socat and removes the temporary folder; idempotent. A port still open on either side sees an unplug. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /**
   * Put the host side's link here instead of in the pair's own folder: a fixed path that a new pair can take over
   * after this one closes, as a device that is unplugged and plugged in again comes back under its by-id name.
   * socat replaces whatever link is there and removes it when it stops.
   */
  readonly hostPath?: string;
}

export type PtyFailureCode = 'pty.no-socat' | 'pty.timeout' | 'pty.socat-exited';

const timeouts = {
  /** socat needs ~10–20 ms to create both links; 5 s means it is stuck. */
  linksMs: 5000,
  linkPollMs: 5,
  /** The watcher stops socat within a few ms of its pipe closing; SIGKILL it if it has not after this long. */
  exitMs: 1000,
} as const;

/** What /bin/sh exits with when a command is not found (POSIX). */
const NOT_FOUND = 127;

/**
 * The shell that runs socat for one pair and cleans up after it, so socat dies with the process that started it,
 * however that process ends (kill -9 included) and leaves no folder behind. Its stdin is a pipe only the starting
 * process holds: when that pipe closes (close(), or the process gone), the watcher stops socat, which removes its
 * links, and the shell removes the pair's folder. If socat stops by itself the shell cleans up the same way.
 * The paths travel in the environment, so socat is the only process whose command line names them.
 * `exec 3<&0` keeps the pipe for the watcher: an asynchronous list's stdin is /dev/null in sh (POSIX).
 * SIGPIPE is ignored so socat's last log line, written to a closed stderr, cannot kill it before it unlinks.
 */
const WATCHED_SOCAT = `
exec 3<&0
trap '' PIPE
socat -d -d "pty,raw,echo=0,link=$GATE_PTY_HOST" "pty,raw,echo=0,link=$GATE_PTY_DEVICE" </dev/null 3<&- &
socat=$!
(while read -r _; do :; done; kill -TERM "$socat" 2>/dev/null) <&3 &
watcher=$!
exec 3<&-
wait "$socat"
status=$?
kill "$watcher" 2>/dev/null
rm -rf "$GATE_PTY_DIR"
exit "$status"
`;

/**
 * Starts `socat -d -d pty,raw,echo=0,link=<host> pty,raw,echo=0,link=<dir>/device` (docs/devices.md §6.2) under
 * a watching shell (WATCHED_SOCAT) and resolves once both links exist. Bytes written to one side before the other
 * side is opened are lost (observed with socat 1.7.4 and serialport 13), so open the device side first.
 */
export async function openPtyPair(options: PtyPairOptions = {}): Promise<Result<PtyPair, Failure<PtyFailureCode>>> {
  const dir = await mkdtemp(join(tmpdir(), 'gate-pty-'));
  const hostPath = options.hostPath ?? join(dir, 'host');
  const devicePath = join(dir, 'device');
  const child = spawn('/bin/sh', ['-c', WATCHED_SOCAT], {
    // Its own process group: a Ctrl-C meant for the gate must not unplug the simulators before the gate has shut down.
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, GATE_PTY_DIR: dir, GATE_PTY_HOST: hostPath, GATE_PTY_DEVICE: devicePath },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  // The pipe is only ever closed, never written; a watcher gone early must not raise EPIPE here.
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (e: NodeJS.ErrnoException) => {
    spawnError = e;
  });

  const close = async (): Promise<void> => {
    child.stdin?.destroy();
    if (child.exitCode === null && child.signalCode === null && spawnError === undefined) {
      const killer = setTimeout(() => child.kill('SIGKILL'), timeouts.exitMs);
      await exited;
      clearTimeout(killer);
    }
    // Normally the shell has removed it; not if it was killed or never ran.
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeouts.linksMs;
  for (;;) {
    if (child.exitCode === NOT_FOUND) {
      await close();
      return err(failure('pty.no-socat', 'socat is not installed or not on PATH; install it with `apt-get install socat`'));
    }
    if (child.exitCode !== null || child.signalCode !== null || spawnError) {
      await close();
      const why = spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`;
      return err(failure('pty.socat-exited', `socat stopped before creating the ptys (${why}): ${stderr.trim()}`));
    }
    if ((await exists(hostPath)) && (await exists(devicePath))) break;
    if (Date.now() > deadline) {
      await close();
      return err(failure('pty.timeout', `socat did not create ${hostPath} and ${devicePath} within ${timeouts.linksMs} ms`));
    }
    await sleep(timeouts.linkPollMs);
  }
  let closing: Promise<void> | undefined;
  return ok({ hostPath, devicePath, close: () => (closing ??= close()) });
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

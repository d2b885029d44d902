import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
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
  /** Kills socat and removes the temporary folder; idempotent. A port still open on either side sees an unplug. */
  close(): Promise<void>;
}

export type PtyFailureCode = 'pty.no-socat' | 'pty.timeout' | 'pty.socat-exited';

const timeouts = {
  /** socat needs ~10–20 ms to create both links; 5 s means it is stuck. */
  linksMs: 5000,
  linkPollMs: 5,
  /** After SIGTERM socat exits within a few ms; SIGKILL if it has not after this long. */
  exitMs: 1000,
} as const;

/** socat processes still running, killed on process exit so tests and crashed lanes leave none behind. */
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [child, dir] of live) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=<dir>/host pty,raw,echo=0,link=<dir>/device` (docs/devices.md §6.2)
 * and resolves once both links exist. Bytes written to one side before the other side is opened are lost
 * (observed with socat 1.7.4 and serialport 13), so open the device side first.
 */
export async function openPtyPair(): Promise<Result<PtyPair, Failure<PtyFailureCode>>> {
  const dir = await mkdtemp(join(tmpdir(), 'gate-pty-'));
  const hostPath = join(dir, 'host');
  const devicePath = join(dir, 'device');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  installExitHook();
  live.set(child, dir);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (e: NodeJS.ErrnoException) => {
    spawnError = e;
  });
  child.once('exit', () => live.delete(child));

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), timeouts.exitMs);
      await exited;
      clearTimeout(killer);
    }
    live.delete(child);
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeouts.linksMs;
  for (;;) {
    if (spawnError?.code === 'ENOENT') {
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

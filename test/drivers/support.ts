/** Shared test helpers for drivers: a fake transport, hex, resource cleanup, child processes, /proc lookups. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Listeners } from '../../drivers/listeners.js';
export { concatBytes } from '../../drivers/bytes.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `hex('5A 5A 45')` → bytes. */
export const hex = (text: string): Uint8Array => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

/** Unwraps an ok Result or fails the test with the failure. */
export function expectOk<T>(result: Result<T, Failure>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** An in-memory ByteTransport: `feed` plays the device, `written` records what the driver sent. */
export class FakeTransport implements ByteTransport {
  readonly written: Uint8Array[] = [];
  readonly #data = new Listeners<[Uint8Array]>();
  readonly #closed = new Listeners<[Failure | undefined]>();
  #open = true;

  write(data: Uint8Array): Promise<Result<void, Failure>> {
    if (!this.#open) return Promise.resolve(err(failure('serial.closed', 'fake is closed')));
    this.written.push(data.slice());
    return Promise.resolve(ok(undefined));
  }
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }
  onClose(listener: (reason: Failure | undefined) => void): () => void {
    return this.#closed.add(listener);
  }
  close(): Promise<void> {
    if (this.#open) {
      this.#open = false;
      this.#closed.emit(undefined);
    }
    return Promise.resolve();
  }
  feed(bytes: Uint8Array): void {
    this.#data.emit(bytes);
  }
  /** The link goes away as an unplug does: closed, with `reason`. */
  drop(reason: Failure = failure('serial.disconnected', 'fake unplugged')): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closed.emit(reason);
  }
  get isOpen(): boolean {
    return this.#open;
  }
}

/** Closes everything registered, newest first; call `closeAll` in afterEach. */
export class Cleanup {
  readonly #closers: (() => Promise<void>)[] = [];
  add<T extends { close(): Promise<void> }>(resource: T): T {
    this.#closers.push(() => resource.close());
    return resource;
  }
  async closeAll(): Promise<void> {
    const results = [];
    for (const close of this.#closers.splice(0).reverse()) results.push(await close().then(() => undefined, (e: unknown) => e));
    const failed = results.find((e) => e !== undefined);
    if (failed !== undefined) throw failed;
  }
}

/** PIDs of processes whose command line mentions `text` (e.g. a pty pair's temp folder). */
export function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Polls until `check` is true or `ms` pass. */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Runs `body` in a fresh Node process with the TypeScript module `modulePath` (repo-relative) loaded as `mod`
 * through vite's module runner, so a crash shows as a non-zero exit code.
 */
export function runWithModule(modulePath: string, body: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const source = [
    `const { runnerImport } = await import('vite');`,
    `const { module: mod } = await runnerImport(${JSON.stringify(repoRoot + modulePath)}, { configFile: false, logLevel: 'silent' });`,
    body,
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair } from '../../drivers/pty/socat-pair.js';
import { Cleanup, eventually, expectOk, pidsMentioning, runWithModule } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

describe('socat pty pair', () => {
  it('creates both links and leaves neither socat nor its folder after close', async () => {
    const pair = cleanup.add(expectOk(await openPtyPair()));
    const dir = dirname(pair.hostPath);
    expect(existsSync(pair.hostPath) && existsSync(pair.devicePath)).toBe(true);
    expect(pidsMentioning(dir)).toHaveLength(1);
    await pair.close();
    await pair.close();
    expect(existsSync(dir)).toBe(false);
    expect(pidsMentioning(dir)).toEqual([]);
  });

  it('fails with pty.no-socat, saying how to install it, when socat is missing', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'gate-empty-bin-'));
    const path = process.env['PATH'];
    process.env['PATH'] = emptyBin;
    try {
      const result = await openPtyPair();
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('pty.no-socat');
        expect(result.error.message).toContain('apt-get install socat');
      }
    } finally {
      process.env['PATH'] = path;
      rmSync(emptyBin, { recursive: true });
    }
  });

  it('fails with pty.socat-exited, quoting socat, when socat gives up at once', async () => {
    const result = await withFakeSocat('echo "E fake: cannot open pty" >&2; exit 1', () => openPtyPair());
    expect(result.ok ? 'ok' : result.error.code).toBe('pty.socat-exited');
    expect(result.ok ? '' : result.error.message).toContain('cannot open pty');
  });

  it('fails with pty.timeout after 5 s when socat never creates the links, and kills it', async () => {
    const started = Date.now();
    let bin = '';
    const result = await withFakeSocat('while :; do sleep 0.1; done', (dir) => {
      bin = dir;
      return openPtyPair();
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('pty.timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    // This run's own fake only: other test runs on the machine may have fakes of their own.
    expect(pidsMentioning(bin)).toEqual([]);
  }, 15_000);

  it('stops socat and removes its folder when the process that started it exits without closing', async () => {
    const run = await runWithModule(
      'drivers/pty/socat-pair.ts',
      `const pair = await mod.openPtyPair(); console.log(pair.value.hostPath); process.exit(0);`,
      process.env,
    );
    expect(run.code).toBe(0);
    const hostPath = run.stdout.trim();
    expect(hostPath).toMatch(/gate-pty-/);
    // The watching shell stops socat once the starter's pipe closes, then removes the folder.
    await eventually(() => pidsMentioning(hostPath).length === 0 && !existsSync(dirname(hostPath)));
  });
});

/** Runs `body` with a `socat` shell script first on PATH, in a folder of its own (`body` is told which). */
async function withFakeSocat<T>(script: string, body: (bin: string) => Promise<T>): Promise<T> {
  const bin = mkdtempSync(join(tmpdir(), 'gate-fake-socat-'));
  writeFileSync(join(bin, 'socat'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, 'socat'), 0o755);
  const path = process.env['PATH'];
  process.env['PATH'] = `${bin}:${path ?? ''}`;
  try {
    return await body(bin);
  } finally {
    process.env['PATH'] = path;
    rmSync(bin, { recursive: true });
  }
}

/**
 * A full disk for real: the gate process started with its data folder on a small tmpfs filled to the last
 * byte. It must come up out of service (not exit and be restarted in a loop), say `journal.full`, and serve
 * once space is freed. Mounting needs root (CI runs as root); where `mount` is refused the test says why.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyJson } from '../fixtures/policy.js';
import { connectViews, spawnGate, writeGateConfig, type ChildGate, type ViewClient } from '../harness/child-gate.js';
import { waitFor } from '../harness/gate.js';

const dir = mkdtempSync(join(tmpdir(), 'gate-full-disk-'));
const disk = join(dir, 'disk');
const filler = join(disk, 'filler');
let mounted: { ok: true } | { ok: false; why: string };

/** Writes until the file system says ENOSPC. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

beforeAll(() => {
  mkdirSync(disk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk], { stdio: 'pipe' });
    mounted = { ok: true };
  } catch (e) {
    mounted = { ok: false, why: ((e as { stderr?: Buffer }).stderr?.toString() ?? (e as Error).message).trim() };
    console.log(`full-disk test on a real tmpfs not run: mount refused (${mounted.why}); the seam test covers the logic`);
  }
});

afterAll(() => {
  if (mounted.ok) execFileSync('umount', ['-l', disk]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a gate started on a full disk', () => {
  let gate: ChildGate | undefined;
  let views: ViewClient | undefined;
  afterAll(async () => {
    views?.close();
    await gate?.stop();
  });

  it('comes up out of service saying journal.full, stays up, and serves once space is freed', async (ctx) => {
    if (!mounted.ok) return ctx.skip();
    mkdirSync(join(disk, 'data'), { mode: 0o700 });
    fill(filler);
    const sim = { device: { kind: 'simulated' } };
    const config = writeGateConfig(dir, demoPolicyJson(), {
      dataDir: join(disk, 'data'),
      storage: { journalRetryMs: 500, minFreeMB: 1 },
      lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }],
    });
    gate = spawnGate(config);
    views = await connectViews(await gate.url());
    const v = views;
    const code = (): string | undefined => {
      const s = v.latest()?.service;
      return s?.state === 'out-of-service' ? s.code : undefined;
    };
    await waitFor('the out-of-service view', () => code() !== undefined && code() !== 'starting', 10_000);
    expect(v.latest()).toMatchObject({ service: { code: 'journal.full' }, storage: { alarm: true }, policy: null, lanes: [] });
    // Three retry periods later it is still the same process: no exit, no restart loop (the time is the test).
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(gate.child.exitCode).toBeNull();
    expect(v.latest()?.service).toMatchObject({ state: 'out-of-service', code: 'journal.full' });

    rmSync(filler);
    await waitFor('the gate to come back in service', () => v.latest()?.service.state === 'in-service', 10_000);
    expect(v.latest()?.lanes.map((l) => l.id)).toEqual(['l1']);
    expect(gate.child.exitCode).toBeNull();
  }, 40_000);
});

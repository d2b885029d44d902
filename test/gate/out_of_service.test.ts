/**
 * A journal that cannot be opened is a state, not a crash loop: the gate starts out of service (relays safe,
 * devices shown, the page says why), retries, and serves once the cause is gone. Free space below the
 * minimum is an alarm before that. Through the gate's free-space and journal seams, over the real journal
 * and real simulated devices; test/gate/full_disk_tmpfs.test.ts does it on a real full file system.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/config/load.js';
import { startGate, type Gate } from '../../main/gate.js';
import { Journal } from '../../main/journal/journal.js';
import type { FreeSpace } from '../../main/storage/free-space.js';
import { err, failure, ok } from '../../src/result.js';
import { waitFor } from '../harness/gate.js';

const MB = 1024 * 1024;
let dir: string;
let gate: Gate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function config(storage: Record<string, number> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'gate-oos-'));
  const sim = { device: { kind: 'simulated' } };
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      dataDir: 'data',
      host: { port: 0 },
      storage: { journalRetryMs: 500, minFreeMB: 256, checkEveryMs: 1000, ...storage },
      lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }],
    }),
  );
  const c = loadConfig(join(dir, 'config.json'), {});
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  return c.value;
}

/** A disk that is full until `freed()` is called: free space and the journal both say so. */
function fullDisk() {
  let full = true;
  const freeSpace: FreeSpace = () => ok(full ? 4096 : 10_000 * MB);
  // SQLite reports a full disk where it grows its shared memory as an I/O error: the gate must see through it.
  const openJournal = (file: string) => (full ? err(failure('journal.io', 'SQLITE_IOERR_SHMSIZE: disk I/O error')) : Journal.open(file));
  return { freeSpace, openJournal, freed: () => (full = false) };
}

describe('a gate whose journal cannot be opened', () => {
  it('starts out of service, says why (journal.full, not journal.io), keeps its relay safe, and serves once space returns', async () => {
    const disk = fullDisk();
    const c = config();
    const started = await startGate(c, disk);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    gate = started.value;
    const v = gate.view();
    expect(v.service).toMatchObject({ state: 'out-of-service', code: 'journal.full' });
    expect(v.policy).toBeNull();
    expect(v.lanes).toEqual([]);
    expect(Object.fromEntries(v.devices.map((d) => [d.role, d.link.state]))).toEqual({ relay: 'ready', thermometer: 'ready', scanner: 'ready' });
    expect(v.storage).toMatchObject({ alarm: true, minFreeMB: 256 });
    // Nobody is let in meanwhile: the person's and the guard's calls are refused with a code.
    expect(await gate.router.handle('gate:declare-mask', { lane: 'l1' }, { connection: 'test' })).toMatchObject({ ok: false, error: { code: 'gate.out-of-service' } });
    // The relay heard its safe state (channel 1 off) when it opened, and nothing since.
    const relay = gate.devices.get('l1')?.simulators.relay;
    expect(relay?.commands().map((cmd) => [cmd.channel, cmd.on])).toEqual([[1, false]]);

    disk.freed();
    const g = gate;
    await waitFor('the gate to come back in service', () => g.view().service.state === 'in-service', 5000);
    expect(gate.view().lanes.map((l) => l.id)).toEqual(['l1']);
    expect(gate.view().policy?.id).toBe('demo-wuhan-2020');
    await waitFor('the storage alarm to clear', () => !g.view().storage.alarm, 5000);
    const db = new Database(gate.journalFile, { readonly: true });
    const kinds = db.prepare("SELECT kind FROM events WHERE kind IN ('service.resumed', 'storage.ok') ORDER BY id").pluck().all();
    db.close();
    expect(kinds).toContain('service.resumed');
  });

  it('still fails the start for a configuration error: a broken policy file is for the operator to fix', async () => {
    const c = config();
    writeFileSync(join(dir, 'policy.json'), '{"format": "gate.policy/1"');
    const started = await startGate({ ...c, policyFile: join(dir, 'policy.json') });
    expect(started).toMatchObject({ ok: false, error: [{ code: 'config.policy.json' }] });
  });
});

describe('free space', () => {
  it('below storage.minFreeMB is an alarm in the view, journaled once, and clears when space returns', async () => {
    let freeMB = 100;
    const c = config({ minFreeMB: 256, checkEveryMs: 1000 });
    const started = await startGate(c, { freeSpace: () => ok(freeMB * MB) });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    gate = started.value;
    const g = gate;
    expect(g.view()).toMatchObject({ service: { state: 'in-service' }, storage: { alarm: true, freeMB: 100, minFreeMB: 256 } });
    freeMB = 5000;
    await waitFor('the alarm to clear', () => !g.view().storage.alarm, 5000);
    const db = new Database(g.journalFile, { readonly: true });
    const kinds = db.prepare("SELECT kind FROM events WHERE kind LIKE 'storage.%' ORDER BY id").pluck().all();
    db.close();
    expect(kinds).toEqual(['storage.low', 'storage.ok']);
  });
});

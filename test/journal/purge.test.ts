/** Retention: purge deletes an acknowledged prefix, leaves a signed checkpoint, and the chain verifies from it; what still waits to go up stays. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkpointMessage } from '../../main/journal/checkpoint.js';
import { DEVICE_PUBLIC_KEY_FILE, type DeviceSigner, deviceSigner } from '../../main/journal/device-key.js';
import { purge } from '../../main/journal/purge.js';
import { verifyJournal, verifyJournalFile } from '../../main/journal/verify.js';
import { UplinkStore } from '../../main/uplink/store.js';
import { UPLINK_ON, input, useJournal } from './helpers.js';

const DAY = 86_400_000;
/** The fixture decisions are at 2024-05-01T10:00:0n; 30 days later they are all past a 30-day retention. */
const NOW = Date.parse('2024-06-01T00:00:00.000Z');

const t = useJournal({ side: true, uplink: true });
let signer: DeviceSigner;
beforeEach(() => {
  for (let n = 0; n < 10; n++) expect(t.journal.record(input(n, { decision: { verdict: 'admit', direction: 'exit' }, household: 'h-1' })).ok).toBe(true);
  const s = deviceSigner(t.dir);
  if (!s.ok) throw new Error(s.error.code);
  signer = s.value;
});

/** The platform acknowledged these decisions: their queue rows go (as main/uplink/store.ts does). */
const deliver = (...seqs: number[]): void => {
  for (const seq of seqs) t.side.prepare("DELETE FROM uplink_queue WHERE kind = 'decision' AND id = (SELECT id FROM decisions WHERE seq = ?)").run(seq);
};
const count = (table: string): number => Number(t.side.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
const hashOf = (seq: number): string => String(t.side.prepare('SELECT hash FROM chain WHERE seq = ?').pluck().get(seq));

describe('purge', () => {
  it('deletes acknowledged decisions past the retention with their chain and passages rows, and signs a checkpoint (queued to go up)', () => {
    deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const last = hashOf(10);
    const r = purge(t.side, { olderThanDays: 30, nowMs: NOW, signer });
    expect(r).toEqual({ ok: true, value: { decisions: 10, sealedRegistrations: 0, kept: 0, checkpoint: { uptoSeq: 10, uptoHash: last } } });
    for (const t of ['decisions', 'chain', 'passages']) expect(count(t)).toBe(0);
    expect(t.side.prepare("SELECT kind FROM uplink_queue WHERE kind <> 'event'").pluck().all()).toEqual(['checkpoint']);
    const cp = t.side.prepare('SELECT at, upto_seq, upto_hash, signature, public_jwk FROM checkpoints').get() as Record<string, string | number>;
    expect(cp).toMatchObject({ at: '2024-06-01T00:00:00.000Z', upto_seq: 10, upto_hash: last, public_jwk: JSON.stringify(signer.publicJwk) });
    expect(cp['signature']).toBe(signer.sign(checkpointMessage({ at: '2024-06-01T00:00:00.000Z', uptoSeq: 10, uptoHash: last })));
    const event = t.side.prepare("SELECT detail FROM events WHERE kind = 'journal.purged'").pluck().get();
    expect(JSON.parse(String(event))).toMatchObject({ decisions: 10, cutoff: '2024-05-02T00:00:00.000Z' });
  });

  it('the chain carries on from the checkpoint, and verify walks it from there', () => {
    deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW, signer }).ok).toBe(true);
    expect(verifyJournal(t.side)).toEqual({
      ok: true,
      value: { checked: 0, from: 11, checkpoint: { id: 1, uptoSeq: 10, at: '2024-06-01T00:00:00.000Z' }, checkpoints: 1, rows: { policy_changes: 0, events: 1 } },
    });
    expect(t.journal.record(input(20)).ok).toBe(true);
    expect(t.journal.record(input(21)).ok).toBe(true);
    expect(verifyJournalFile(t.file)).toMatchObject({ ok: true, value: { checked: 2, from: 11 } });
    expect(t.journal.verifyChain()).toEqual({ ok: true, value: { checked: 2, from: 11 } });
  });

  it('keeps the young ones, and never purges a decision still waiting to go up, however old', () => {
    deliver(1, 2, 3, 4, 6, 7, 8, 9, 10);
    const r = purge(t.side, { olderThanDays: 30, nowMs: NOW, signer });
    expect(r).toMatchObject({ ok: true, value: { decisions: 4, kept: 6, checkpoint: { uptoSeq: 4 } } });
    expect(t.side.prepare('SELECT seq FROM decisions ORDER BY seq').pluck().all()).toEqual([5, 6, 7, 8, 9, 10]);
    expect(verifyJournal(t.side)).toMatchObject({ ok: true, value: { checked: 6, from: 5 } });
    // Younger than the retention: nothing goes, however delivered.
    expect(purge(t.side, { olderThanDays: 60, nowMs: NOW, signer })).toMatchObject({ ok: true, value: { decisions: 0, kept: 0, checkpoint: null } });
    // A year later the one still queued (seq 5) holds itself and those after it back.
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW + 365 * DAY, signer })).toMatchObject({ ok: true, value: { decisions: 0, kept: 6 } });
    // Acknowledged at last, it goes with the rest.
    deliver(5);
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW + 365 * DAY, signer })).toMatchObject({ ok: true, value: { decisions: 6, checkpoint: { uptoSeq: 10 } } });
    expect(verifyJournal(t.side)).toMatchObject({ ok: true, value: { checked: 0, from: 11, checkpoint: { id: 2 } } });
  });

  it('deletes sealed registrations past the retention once they went up', () => {
    const blob = { authorityKid: 'k', enc: new Uint8Array(32), ciphertext: new Uint8Array(40) };
    expect(t.journal.sealRegistration({ ...blob, id: 'old', at: '2024-04-01T00:00:00Z' }).ok).toBe(true);
    expect(t.journal.sealRegistration({ ...blob, id: 'old-queued', at: '2024-04-01T00:00:00Z' }).ok).toBe(true);
    expect(t.journal.sealRegistration({ ...blob, id: 'young', at: '2024-05-31T00:00:00Z' }).ok).toBe(true);
    t.side.exec("DELETE FROM uplink_queue WHERE id IN ('old', 'young')");
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW, signer })).toMatchObject({ ok: true, value: { sealedRegistrations: 1 } });
    expect(t.side.prepare('SELECT id FROM sealed_registrations ORDER BY id').pluck().all()).toEqual(['old-queued', 'young']);
  });

  it('on a gate without an uplink, what is queued does not hold retention back (and goes with its record)', () => {
    expect(t.journal.configureUplink({ ...UPLINK_ON, enabled: false }).ok).toBe(true);
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW, signer })).toMatchObject({ ok: true, value: { decisions: 10, kept: 0 } });
    expect(count("uplink_queue WHERE kind = 'decision'")).toBe(0);
  });

  it('refuses to vouch for an edited chain: nothing is deleted', () => {
    deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    t.side.exec("UPDATE decisions SET body = replace(body, '37.6', '37.5') WHERE seq = 3");
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW, signer })).toMatchObject({ ok: false, error: { code: 'purge.chain-broken' } });
    expect(count('decisions')).toBe(10);
    expect(count('checkpoints')).toBe(0);
  });

  it('refuses a retention below one day', () => {
    expect(purge(t.side, { olderThanDays: 0, nowMs: NOW, signer })).toMatchObject({ ok: false, error: { code: 'purge.bad-days' } });
    expect(purge(t.side, { olderThanDays: 1.5, nowMs: NOW, signer })).toMatchObject({ ok: false, error: { code: 'purge.bad-days' } });
  });

  it('the journal purges with its own device key, kept in its file beside the journal', () => {
    deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(t.journal.purge({ olderThanDays: 30, nowMs: NOW })).toMatchObject({ ok: true, value: { decisions: 10 } });
    expect(verifyJournalFile(t.file, { deviceKey: signer.publicJwk.x })).toMatchObject({ ok: true });
  });

  it('deleted decisions leave the database and its WAL (secure_delete, WAL checkpoint), their acknowledged uplink copies too', () => {
    expect(t.journal.record(input(30, { subject: { kind: 'qr-pass', masked: 'PURGE-ME-7Q3' } })).ok).toBe(true);
    // Acknowledged as the forwarder does it, and the drain's freed pages given back (main/uplink/store.ts).
    const store = UplinkStore.open(t.file);
    if (!store.ok) throw new Error(store.error.message);
    const rows = store.value.nextBatch({ records: 100, bytes: 1 << 20 });
    store.value.acknowledge(rows, { v: 1, batch: 'b', accepted: rows.at(-1)?.seq ?? null, rejected: [] }, '2024-06-01T00:00:00.000Z');
    while (!store.value.maintain());
    store.value.close();
    const onDisk = (): boolean => [t.file, `${t.file}-wal`].some((f) => existsSync(f) && readFileSync(f).includes('PURGE-ME-7Q3'));
    expect(onDisk()).toBe(true);
    expect(t.journal.purge({ olderThanDays: 30, nowMs: NOW })).toMatchObject({ ok: true, value: { decisions: 11 } });
    expect(onDisk()).toBe(false);
  });
});

describe('verify after purge', () => {
  beforeEach(() => {
    deliver(1, 2, 3, 4);
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW, signer })).toMatchObject({ ok: true, value: { checkpoint: { uptoSeq: 4 } } });
  });

  it('names the first remaining decision when it was removed', () => {
    t.side.exec('DELETE FROM passages WHERE decision_seq = 5; DELETE FROM chain WHERE seq = 5; DELETE FROM decisions WHERE seq = 5');
    expect(verifyJournal(t.side)).toMatchObject({ ok: false, error: { code: 'chain.broken-link', seq: 6 } });
  });

  it('catches a checkpoint removed to hide the purge', () => {
    t.side.exec('DELETE FROM checkpoints');
    expect(verifyJournal(t.side)).toMatchObject({ ok: false, error: { code: 'chain.broken-link', seq: 5 } });
  });

  it('catches a checkpoint whose claim was edited', () => {
    t.side.exec('UPDATE checkpoints SET upto_seq = 3');
    expect(verifyJournal(t.side)).toMatchObject({ ok: false, error: { code: 'verify.bad-checkpoint', checkpoint: 1 } });
  });

  /** Re-signs checkpoint `id` with a new key (as a writer of the database who lacks the device key would), returning its x. */
  function resign(id: number): string {
    const other = generateKeyPairSync('ed25519').privateKey;
    const x = String(other.export({ format: 'jwk' }).x);
    const cp = t.side.prepare('SELECT at, upto_seq, upto_hash FROM checkpoints WHERE id = ?').get(id) as { at: string; upto_seq: number; upto_hash: string };
    const message = checkpointMessage({ at: cp.at, uptoSeq: cp.upto_seq, uptoHash: cp.upto_hash });
    const signature = sign(null, Buffer.from(message, 'utf8'), other).toString('base64url');
    t.side.prepare('UPDATE checkpoints SET signature = ?, public_jwk = ? WHERE id = ?').run(signature, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x }), id);
    return x;
  }

  it('catches a checkpoint re-signed with a key other than the device key in its file beside the journal', () => {
    const x = resign(1);
    expect(verifyJournalFile(t.file)).toMatchObject({
      ok: false,
      error: { code: 'verify.bad-checkpoint', checkpoint: 1, message: expect.stringContaining(`signed by a key other than the device key in ${DEVICE_PUBLIC_KEY_FILE}`) },
    });
    expect(verifyJournal(t.side, { deviceKey: { x, name: 'x' } })).toMatchObject({ ok: true });
    expect(verifyJournalFile(t.file, { deviceKey: x })).toMatchObject({ ok: true });
    expect(verifyJournalFile(t.file, { deviceKey: signer.publicJwk.x })).toMatchObject({ ok: false, error: { code: 'verify.bad-checkpoint', checkpoint: 1 } });
  });

  it('checks every checkpoint, not only the newest: without the key file, each must be signed by the first one\'s key', () => {
    deliver(5, 6);
    expect(purge(t.side, { olderThanDays: 30, nowMs: NOW + DAY, signer })).toMatchObject({ ok: true, value: { checkpoint: { uptoSeq: 6 } } });
    rmSync(join(t.dir, DEVICE_PUBLIC_KEY_FILE));
    expect(verifyJournalFile(t.file)).toMatchObject({ ok: true, value: { checkpoints: 2, from: 7 } });
    resign(1);
    expect(verifyJournalFile(t.file)).toMatchObject({ ok: false, error: { code: 'verify.bad-checkpoint', checkpoint: 2, message: expect.stringContaining('the key of checkpoint 1') } });
    expect(verifyJournalFile(t.file, { deviceKey: signer.publicJwk.x })).toMatchObject({ ok: false, error: { code: 'verify.bad-checkpoint', checkpoint: 1 } });
  });
});

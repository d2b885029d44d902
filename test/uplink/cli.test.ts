/** `gate uplink`: the backlog, the set-aside records with their reason, and putting them back in line. */
import { describe, expect, it } from 'vitest';
import { UplinkStore } from '../../main/uplink/store.js';
import { input, useJournal } from '../journal/helpers.js';
import { runCommand, writeConfig } from '../journal/run-command.js';

const t = useJournal({ uplink: true });
const uplink = (...args: string[]) => runCommand('uplink/cli.js', 'uplinkCommand', [...args, '--config', writeConfig(t.dir, '.')]);

describe('gate uplink', () => {
  it('shows what waits, lists what the platform rejected, and requeues it', () => {
    for (let n = 0; n < 3; n++) expect(t.journal.record(input(n)).ok).toBe(true);
    const store = UplinkStore.open(t.file);
    if (!store.ok) throw new Error(store.error.message);
    store.value.acknowledge(store.value.nextBatch({ records: 10, bytes: 1 << 20 }), { v: 1, batch: 'b', accepted: 1, rejected: [{ seq: 2, reason: 'unknown lane "lane-1"' }] }, '2024-06-01T00:00:00.000Z');
    store.value.close();

    const status = uplink('status', '--json');
    expect(status, status.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(status.stdout)).toMatchObject({ enabled: true, records: 2, setAside: 1, dropped: 0, oldestAt: '2024-05-01T10:00:02.000Z', whenFull: 'drop-oldest' });
    expect(JSON.parse(uplink('set-aside', '--json').stdout)).toEqual([
      { seq: 2, kind: 'decision', id: 'd-1', at: '2024-05-01T10:00:01.000Z', reason: 'unknown lane "lane-1"', set_aside_at: '2024-06-01T00:00:00.000Z' },
    ]);
    expect(uplink('requeue', '--seq', '2')).toMatchObject({ code: 0, stdout: 'requeued 1 records\n' });
    expect(JSON.parse(uplink('status', '--json').stdout)).toMatchObject({ records: 4, setAside: 0 }); // 4: with the uplink.requeued event
  });

  it('refuses usage it does not know', () => {
    expect(uplink('requeue')).toMatchObject({ code: 2 });
    expect(uplink('requeue', '--all', '--seq', '3')).toMatchObject({ code: 2 });
    expect(uplink('bogus')).toMatchObject({ code: 2 });
    expect(uplink('requeue', '--seq', '-1')).toMatchObject({ code: 2 });
  });
});

/**
 * What the lane does with each kind of read, from any of its readers, on a fake clock pair: ID cards, badges
 * and MRZ zones identify; an invalid card and an unreadable presentation are shown and counted; a read that
 * became session input is acknowledged (and only then); a thermometer's sensor fault is journaled, never a reading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NOTICE_SUMMARY } from '../../main/lane/lane.js';
import { td1Zone } from '../../main/demo/visitors.js';
import type { IdCardText } from '../../drivers/reader/reader.js';
import { capturedLog } from '../harness/captured-log.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { fakeLane, measure, type FakeLane } from './fake-lane.js';

const ALICE = '11010519491231002X';
const card = (idNumber: string): IdCardText => ({
  cardType: 'resident',
  name: '王小梅',
  sex: '女',
  nation: '汉',
  birth: '19491231',
  address: '北京市东城区景山前街4号',
  idNumber,
  authority: '北京市公安局东城分局',
  validFrom: '20150101',
  validTo: '长期',
});

/** The checks policy, its identity rule taking every credential a reader can give. */
function everyCredentialPolicy(): Record<string, unknown> {
  const json = checksPolicyJson();
  const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'identity' ? { ...r, params: { accept: ['resident-id', 'mrz', 'staff-badge', 'manual'] } } : r));
  return { ...json, rules };
}

let f: FakeLane | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

async function decided(lane: FakeLane): Promise<{ kind: string; masked: string } | null | undefined> {
  await measure(lane, 36.5);
  lane.lane.declareMask();
  await lane.advance(500);
  return lane.decisions.at(-1)?.subject;
}

describe('reads that identify', () => {
  it('an ID card identifies as its number would, masked, and is acknowledged by its reader; its text is never logged', async () => {
    const { log, raw } = capturedLog();
    const lane = (f = fakeLane({ policy: everyCredentialPolicy(), log }));
    await lane.read('desk', { kind: 'id-card', card: card(ALICE.toLowerCase()) });
    expect(lane.acknowledged).toEqual(['desk']);
    expect(await decided(lane)).toEqual({ kind: 'resident-id', masked: '1101**********002X' });
    const logged = raw.join('\n');
    for (const secret of [ALICE, '王小梅', '景山前街', '东城分局']) expect(logged).not.toContain(secret);
  });

  it('a badge identifies by its number, its last four shown', async () => {
    const lane = (f = fakeLane({ policy: everyCredentialPolicy() }));
    await lane.read('desk', { kind: 'badge', number: '123,45678' });
    expect(await decided(lane)).toEqual({ kind: 'staff-badge', masked: 'badge …5678' });
  });

  it('a whole MRZ zone identifies as a travel document', async () => {
    const lane = (f = fakeLane({ policy: everyCredentialPolicy() }));
    await lane.read('desk', { kind: 'mrz', lines: td1Zone(ALICE, 'WANG', 'XIAOMEI') });
    expect(await decided(lane)).toEqual({ kind: 'mrz', masked: 'UTO D1*****20' });
    expect(lane.acknowledged).toEqual(['desk']);
  });

  it('a scanned number is acknowledged by the scanner; a partial MRZ line or a rejected scan is not', async () => {
    const lane = (f = fakeLane({ policy: everyCredentialPolicy() }));
    await lane.scan(td1Zone(ALICE, 'WANG', 'XIAOMEI')[0] ?? '');
    await lane.scan('not a code');
    expect(lane.acknowledged).toEqual([]);
    await lane.scan(ALICE);
    expect(lane.acknowledged).toEqual(['scanner']);
  });
});

describe('reads that do not', () => {
  it('an ID card with a wrong check digit is shown, counted and journaled by its code, and opens no session', async () => {
    const lane = (f = fakeLane({ policy: everyCredentialPolicy() }));
    await lane.read('desk', { kind: 'id-card', card: card('110105194912310021') });
    expect(lane.lane.view().notice?.code).toBe('id-card.bad-number');
    expect(lane.lane.view().counters.scansRejected).toBe(1);
    expect(lane.lane.view().screen.kind).toBe('idle');
    expect(lane.events).toEqual([{ kind: 'scan.rejected', detail: { lane: 'l1', code: 'id-card.bad-number' } }]);
    expect(lane.acknowledged).toEqual([]);
  });

  it('an unreadable presentation is shown and counted by the reader’s code', async () => {
    const lane = (f = fakeLane({ policy: everyCredentialPolicy() }));
    await lane.read('desk', { kind: 'unreadable', code: 'sam.card-auth-failed' });
    expect(lane.lane.view()).toMatchObject({ notice: { code: 'sam.card-auth-failed' }, counters: { scansRejected: 1 }, screen: { kind: 'idle' } });
    expect(lane.acknowledged).toEqual([]);
  });
});

describe('a thermometer’s sensor fault', () => {
  it('is journaled as device.fault and logged at warn, a flood of them summarised, and never becomes a reading', async () => {
    const { log, lines } = capturedLog();
    const lane = (f = fakeLane({ policy: everyCredentialPolicy(), log }));
    await lane.scan(ALICE);
    for (let i = 0; i < 20; i++) lane.thermometerDiscarded('sensor-fault');
    lane.thermometerDiscarded('bad-checksum');
    const faults = lane.events.filter((e) => e.kind === 'device.fault');
    expect(faults).toHaveLength(NOTICE_SUMMARY.burst);
    expect(faults[0]?.detail).toEqual({ lane: 'l1', device: 'thermometer', code: 'sensor-fault' });
    expect(lines.filter((l) => l.level === 40 && l.msg.includes('no sensor measures'))).toHaveLength(NOTICE_SUMMARY.burst);
    expect(lines.filter((l) => l.msg === 'thermometer bytes discarded')).toHaveLength(1);
    expect(lane.lane.view().screen).toMatchObject({ kind: 'collecting' });
    await lane.advance(NOTICE_SUMMARY.windowMs);
    expect(lane.events.filter((e) => e.kind === 'events.suppressed')).toEqual([
      { kind: 'events.suppressed', detail: { lane: 'l1', kind: 'device.fault', code: 'sensor-fault', count: 20 - NOTICE_SUMMARY.burst, windowMs: NOTICE_SUMMARY.windowMs } },
    ]);
    // The session ran out waiting for a reading: none of the faults was one.
    expect(lane.decisions[0]?.decision.rules.find((r) => r.id === 'temperature')).toMatchObject({ outcome: 'MISSING_EVIDENCE', values: { readingsC: [] } });
  });
});

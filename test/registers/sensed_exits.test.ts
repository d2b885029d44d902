/** On a lane with a passage input, the exit quota counts the passages seen, not the admits. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { input } from '../journal/helpers.js';
import { readEvents } from '../harness/journal.js';
import { type Fixture, fixture, unwrap } from './helpers.js';

let f: Fixture;
let journal: Journal;
let registers: SqliteRegisters;
beforeEach(() => {
  f = fixture();
  journal = unwrap(Journal.open(f.file));
  registers = unwrap(SqliteRegisters.open(f.file));
});
afterEach(() => {
  registers.close();
  journal.close();
  f.close();
});

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const exit = { verdict: 'admit', direction: 'exit' } as const;

describe('exit quotas on a lane with a passage input', () => {
  it('an admit counts once its passage is seen; an admit nobody passed does not count', () => {
    const passed = unwrap(journal.record({ ...input(0, { household: 'H-1', decision: exit }), passageSensed: true }));
    const notPassed = unwrap(journal.record({ ...input(1, { household: 'H-1', decision: exit }), passageSensed: true }));
    expect(registers.exitsSince('H-1', T0)).toBe(0); // nothing assumed at the admit
    const outcome = { lane: 'l1', direction: 'exit', household: 'H-1' } as const;
    unwrap(journal.recordPassage({ ...outcome, at: new Date(T0 + 2000).toISOString(), decisionSeq: passed.seq, decisionId: passed.id, passed: true, afterMs: 1200 }));
    unwrap(journal.recordPassage({ ...outcome, at: new Date(T0 + 6000).toISOString(), decisionSeq: notPassed.seq, decisionId: notPassed.id, passed: false, afterMs: 5000 }));
    expect(registers.exitsSince('H-1', T0)).toBe(1);
    const events = readEvents(f.file, ['passage.confirmed', 'passage.not-passed']);
    expect(events.map((e) => [e.kind, e.detail['seq']])).toEqual([
      ['passage.confirmed', passed.seq],
      ['passage.not-passed', notPassed.seq],
    ]);
    expect(unwrap(journal.verifyChain()).checked).toBe(2); // the decisions' chain is untouched
  });

  it('a lane without one still counts every admitted exit', () => {
    unwrap(journal.record(input(0, { household: 'H-1', decision: exit })));
    expect(registers.exitsSince('H-1', T0)).toBe(1);
  });
});

/**
 * The demo's residents: a few made-up people the demo puts on the residents register when it starts, so
 * that under the demo policy (information must be recorded: residents are on the register, anyone else
 * registers with the guard) some demo visitors are admitted and the others are referred to the guard lane.
 * Their ID numbers come from a fixed seed, so they are the same at every start; they are imported as refs
 * (hashed with the gate's current key), never stored.
 */
import type { ScanKeys } from '../../src/identity/classify.js';
import { keyedRef } from '../../src/identity/classify.js';
import { err, type Failure, type Result } from '../../src/result.js';
import { openJournalDb } from '../journal/db.js';
import { importRegister, type ImportSummary } from '../registers/import.js';
import { randomResidentId } from './visitors.js';
import { seededRandom as seeded } from '../../drivers/seeded-random.js';

const COUNT = 6;


/** The demo residents' ID numbers (valid, made up). */
export function demoResidentIds(): string[] {
  const rand = seeded(20200402);
  return Array.from({ length: COUNT }, () => randomResidentId(rand));
}

/** Replaces the residents register of the journal at `journalFile` with the demo residents, one household each. */
export function registerDemoResidents(journalFile: string, keys: ScanKeys, nowMs: number): Result<ImportSummary, Failure[]> {
  const db = openJournalDb(journalFile);
  if (!db.ok) return err([db.error]);
  try {
    const rows = demoResidentIds().map((id, i) => ({ ref: keyedRef(keys.hmacKey, 'resident-id', id), household: `demo-${i + 1}` }));
    return importRegister(db.value, 'residents', rows, { nowMs, source: 'demo residents' });
  } finally {
    db.value.close();
  }
}

/** The hash chain: recomputable by anyone from the stored rows, and it names the first seq that was edited. */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../main/journal/chain.js';
import { openJournalDb } from '../../main/journal/db.js';
import { input, plainColumns, useJournal } from './helpers.js';

const t = useJournal({ side: true });
beforeEach(() => {
  for (let n = 0; n < 10; n++) expect(t.journal.record(input(n)).ok).toBe(true);
});

describe('verifyChain', () => {
  it('checks every decision of an untouched journal', () => {
    expect(t.journal.verifyChain()).toEqual({ ok: true, value: { checked: 10, from: 1 } });
  });

  it('links are sha256(prev_hash "\\n" seq "\\n" body) from 64 zeros, as an outside verifier computes them', () => {
    const rows = t.side.prepare('SELECT d.seq, d.body, c.prev_hash, c.hash FROM decisions d JOIN chain c USING (seq) ORDER BY seq').all() as {
      seq: number;
      body: string;
      prev_hash: string;
      hash: string;
    }[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      prev = createHash('sha256').update(`${prev}\n${r.seq}\n${r.body}`, 'utf8').digest('hex');
      expect(r.hash).toBe(prev);
    }
    expect(rows).toHaveLength(10);
  });

  it('finds one body byte changed, at its seq', () => {
    t.side.exec("UPDATE decisions SET body = replace(body, '37.6', '37.5') WHERE seq = 6");
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.bad-hash', seq: 6 } });
  });

  it('finds a decision removed from the middle, at the seq after it', () => {
    t.side.pragma('foreign_keys = OFF');
    t.side.exec('DELETE FROM decisions WHERE seq = 4');
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.broken-link', seq: 5 } });
  });

  it('finds a decision without its link', () => {
    t.side.exec('DELETE FROM chain WHERE seq = 10');
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.missing-link', seq: 10 } });
  });

  it('finds a rewritten link, even when the link after it is rewritten to match', () => {
    t.side.exec("UPDATE chain SET hash = replace(hash, substr(hash, 1, 1), 'x') WHERE seq = 3");
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.bad-hash', seq: 3 } });
  });

  it('finds the newest decisions deleted with their links', () => {
    t.side.exec('DELETE FROM chain WHERE seq > 8; DELETE FROM decisions WHERE seq > 8;');
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.truncated', seq: 9 } });
  });

  it('finds a column edited apart from its body in a table swapped for plain columns, at its seq, though every hash holds', () => {
    plainColumns(t.side);
    expect(t.journal.verifyChain()).toEqual({ ok: true, value: { checked: 10, from: 1 } });
    t.side.exec("UPDATE decisions SET verdict = 'admit' WHERE seq = 7");
    expect(t.journal.verifyChain()).toMatchObject({
      ok: false,
      error: { code: 'chain.column-mismatch', seq: 7, message: 'decision 7: its verdict column says "admit", its body "deny"' },
    });
  });

  it('finds the newest decisions deleted and the chain carried on past them, as a gap', () => {
    t.side.exec('DELETE FROM chain WHERE seq > 8; DELETE FROM decisions WHERE seq > 8;');
    expect(t.journal.record(input(20)).ok).toBe(true);
    expect(t.journal.verifyChain()).toMatchObject({ ok: false, error: { code: 'chain.gap', seq: 9 } });
  });

  it('runs on a readonly connection', () => {
    const ro = openJournalDb(t.file, { readonly: true });
    if (!ro.ok) throw new Error(ro.error.code);
    expect(verifyChain(ro.value)).toEqual({ ok: true, value: { checked: 10, from: 1 } });
    ro.value.close();
  });
});

/**
 * The catalogue loader (main/notices/load.ts) over real folders: the data folder's notices join the shipped
 * ones; a bad file there is left out with a field-named error, logged and counted, never a crash.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_NOTICES_DIR, loadCatalogue } from '../../main/notices/load.js';
import { TEST_NOTICE_ID, installTestNotice, testNoticeJson } from '../fixtures/notices.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-notices-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A logger that keeps its lines, to read what was logged. */
function memoryLog(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

const noticesDir = (): string => join(dir, DATA_NOTICES_DIR);

describe('loadCatalogue', () => {
  it('reads the shipped notices alone when the data folder has no notices folder', () => {
    const r = loadCatalogue({ dataDir: dir });
    expect(r.rejected).toEqual([]);
    expect(r.catalogue.size).toBe(4);
  });

  it('adds a notice delivered to the data folder', () => {
    installTestNotice(dir);
    const r = loadCatalogue({ dataDir: dir });
    expect(r.rejected).toEqual([]);
    expect(r.catalogue.get(TEST_NOTICE_ID)?.clauses.map((c) => c.id)).toEqual(['1', '2', 'any', 'lift-mask']);
  });

  it('leaves out a bad file with its field named, logs it with the count, and keeps the good ones', () => {
    installTestNotice(dir);
    writeFileSync(join(noticesDir(), 'broken.json'), JSON.stringify({ ...testNoticeJson(), id: 'other', dateBasis: 'guessed' }));
    writeFileSync(join(noticesDir(), 'garbled.json'), '{ "format": ');
    writeFileSync(join(noticesDir(), 'notes.txt'), 'not a notice file: ignored');
    const { log, lines } = memoryLog();
    const r = loadCatalogue({ dataDir: dir, log });
    expect(r.rejected.map((f) => [f.code, f.path])).toEqual([
      ['notice.invalid', 'dateBasis'],
      ['notice.json', undefined],
    ]);
    expect(r.rejected[0]?.message).toMatch(new RegExp(`^${join(noticesDir(), 'broken.json')}: dateBasis: `));
    expect(r.rejected[1]?.message).toMatch(new RegExp(`^${join(noticesDir(), 'garbled.json')}: not JSON`));
    expect(r.catalogue.has(TEST_NOTICE_ID)).toBe(true);
    expect(r.catalogue.has('other')).toBe(false);
    expect(lines.filter((l) => l['code'] !== undefined).map((l) => l['code'])).toEqual(['notice.invalid', 'notice.json']);
    expect(lines.at(-1)).toMatchObject({ rejected: 2, notices: 5, msg: 'notice files left out of the catalogue' });
  });

  it('refuses a data-folder notice that takes a shipped id: the shipped one stays', () => {
    mkdirSync(noticesDir());
    writeFileSync(join(noticesDir(), 'wuhan.json'), JSON.stringify({ ...testNoticeJson(), id: 'wuhan-2020-04-02' }));
    const r = loadCatalogue({ dataDir: dir });
    expect(r.rejected.map((f) => [f.code, f.path])).toEqual([['notice.duplicate', 'id']]);
    expect(r.catalogue.get('wuhan-2020-04-02')?.issuer).toContain('武汉市');
  });

  it('reports a notices path it cannot read as a folder, and a missing shipped folder', () => {
    writeFileSync(noticesDir(), 'a file where the folder should be');
    expect(loadCatalogue({ dataDir: dir }).rejected.map((f) => f.code)).toEqual(['notice.unreadable']);
    expect(loadCatalogue({ shippedDir: join(dir, 'nowhere') }).rejected.map((f) => f.code)).toEqual(['notice.unreadable']);
  });
});

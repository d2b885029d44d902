/** The shipped notice catalogue: it parses, its quotes are verbatim from the seed files, and bad notices are refused by field. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../main/notices/load.js';
import { APP_ROOT } from '../../main/resources.js';
import { parseNotice } from '../../src/notices/catalogue.js';
import { testNoticeJson } from '../fixtures/notices.js';

const SEEDS = join(APP_ROOT, '..', 'shared', 'seeds');
const shipped = loadCatalogue();

describe('the shipped catalogue', () => {
  it('parses: the four seed notices, nothing left out', () => {
    expect(shipped.rejected.map((f) => f.message)).toEqual([]);
    expect([...shipped.catalogue.keys()].sort()).toEqual(['huaian-2021-spring-festival', 'mca-nhc-2021-communities', 'shijiazhuang-2021-01-03', 'wuhan-2020-04-02']);
  });

  it('keeps both texts of the Wuhan notice: the Chinese as issued, the English marked as a translation', () => {
    const wuhan = shipped.catalogue.get('wuhan-2020-04-02');
    expect(wuhan?.versions.map((v) => [v.language, v.translation])).toEqual([['zh', false], ['en', true]]);
    const four = wuhan?.clauses.find((c) => c.id === '4');
    expect(four?.text['zh']).toContain('身份必问、消息必录、体温必测、口罩必戴');
    expect(four?.text['en']).toContain('identity must ask, information must be recorded, temperature must be measured, and masks must be worn');
    expect(four?.mandates.map((m) => [m.kind, m.directions, m.population])).toEqual([
      ['identity', ['entry', 'exit'], 'everyone'],
      ['registration', ['entry', 'exit'], 'everyone'],
      ['temperature', ['entry', 'exit'], 'everyone'],
      ['mask', ['entry', 'exit'], 'everyone'],
    ]);
  });

  it('marks every English-only notice as a translation', () => {
    for (const n of shipped.catalogue.values()) if (n.id !== 'wuhan-2020-04-02') expect(n.versions).toEqual([expect.objectContaining({ language: 'en', translation: true })]);
  });
});

describe.runIf(existsSync(SEEDS))('quotes against the seed files in ../shared/seeds', () => {
  it.each([...shipped.catalogue.values()])('$id: every clause and title occurs verbatim in its seed file', (notice) => {
    for (const v of notice.versions) {
      const seed = readFileSync(join(SEEDS, v.source), 'utf8');
      for (const c of notice.clauses) expect(seed.includes(c.text[v.language] ?? '\u0000'), `${notice.id} clause ${c.id} (${v.language})`).toBe(true);
      const title = notice.title[v.language] ?? '';
      // A title in brackets is a description where the text received has none (the Huai'an notice).
      if (!title.startsWith('[')) expect(seed.includes(title), `${notice.id} title (${v.language})`).toBe(true);
    }
  });
});
if (!existsSync(SEEDS)) console.log(`notices.test: ${SEEDS} is not here, so the verbatim check of the catalogue's quotes is skipped`);

describe('notice validation', () => {
  const codesAndPaths = (json: unknown): [string, string | undefined][] => {
    const r = parseNotice(json);
    return r.ok ? [] : r.error.map((f) => [f.code, f.path]);
  };

  it('accepts the test notice and defaults mandates and lifts to none', () => {
    const r = parseNotice(testNoticeJson());
    expect(r.ok && r.value.clauses[0]).toMatchObject({ mandates: [], lifts: [] });
  });

  it('names each wrong field', () => {
    const json = testNoticeJson();
    json['date'] = '2020-13-01';
    json['clauses'] = [{ id: '1', text: { zh: 'x' }, mandates: [{ kind: 'vip-list', directions: ['entry'], population: 'everyone' }] }];
    expect(codesAndPaths(json)).toEqual([
      ['notice.invalid', 'date'],
      ['notice.invalid', 'clauses.0.mandates.0.kind'],
    ]);
  });

  it('requires a text in every version’s language, and only those, for the title and each clause', () => {
    const json = testNoticeJson();
    json['versions'] = [{ language: 'zh', translation: false, source: 's' }, { language: 'en', translation: true, source: 's' }, { language: 'en', translation: true, source: 's' }];
    json['clauses'] = [{ id: '1', text: { zh: 'x', en: 'y', fr: 'z' } }];
    expect(codesAndPaths(json)).toEqual([
      ['notice.invalid', 'versions.2.language'],
      ['notice.invalid', 'title'],
      ['notice.invalid', 'clauses.0.text.fr'],
    ]);
  });

  it('refuses duplicate clause ids, a kind mandated twice by one clause, and a kind both mandated and lifted', () => {
    const json = testNoticeJson();
    const m = { kind: 'mask', directions: ['entry'], population: 'everyone' };
    json['clauses'] = [
      { id: '1', text: { zh: 'x' }, mandates: [m, m], lifts: ['mask'] },
      { id: '1', text: { zh: 'y' } },
    ];
    expect(codesAndPaths(json)).toEqual([
      ['notice.invalid', 'clauses.0.mandates.1.kind'],
      ['notice.invalid', 'clauses.0.lifts.0'],
      ['notice.invalid', 'clauses.1.id'],
    ]);
  });
});

/** Per-folder mutation scores from a Stryker JSON report (bench/mutation-report.ts, `npm run bench -- mutation`). */
import { describe, expect, it } from 'vitest';
import { figureName, folderScores } from '../../bench/mutation-report.js';

const report = (files: Record<string, string[]>) =>
  JSON.stringify({
    schemaVersion: '2',
    thresholds: { high: 80, low: 60 },
    files: Object.fromEntries(
      Object.entries(files).map(([path, statuses]) => [path, { language: 'typescript', source: '', mutants: statuses.map((status, i) => ({ id: `${path}#${i}`, mutatorName: 'x', location: {}, status })) }]),
    ),
  });

describe('mutation scores per folder', () => {
  it('counts killed and timed-out mutants over valid ones, subfolders included, errors and ignored ones left out', () => {
    const text = report({
      'src/policy/engine.ts': ['Killed', 'Killed', 'Survived', 'CompileError', 'Ignored'],
      'src/policy/rules/hours.ts': ['Timeout', 'NoCoverage', 'RuntimeError'],
      'src/session/machine.ts': ['Killed', 'Killed', 'Killed', 'Survived'],
      'src/policyx/other.ts': ['Survived'],
    });
    expect(folderScores(text, ['src/policy', 'src/session'])).toEqual({
      ok: true,
      value: [
        { folder: 'src/policy', score: 60, valid: 5 },
        { folder: 'src/session', score: 75, valid: 4 },
      ],
    });
  });

  it('names each figure after its folder', () => {
    expect(figureName('src/policy')).toBe('mutation.src_policy.score');
    expect(figureName('src/session')).toBe('mutation.src_session.score');
  });

  it.each([
    ['text that is not JSON', '{', 'mutation.report-json'],
    ['JSON that is not a report', JSON.stringify({ files: { 'src/policy/a.ts': { mutants: [{ id: '1', status: 'Alive' }] } } }), 'mutation.report-invalid'],
    ['a run that did not finish', report({ 'src/policy/a.ts': ['Killed', 'Pending'] }), 'mutation.report-incomplete'],
    ['a folder without mutants', report({ 'src/session/a.ts': ['Killed'] }), 'mutation.no-mutants'],
  ])('refuses %s with a code', (_what, text, code) => {
    const r = folderScores(text, ['src/policy']);
    expect(r.ok ? 'accepted' : r.error.code).toBe(code);
  });

  it('names the field that is wrong in a report that does not parse', () => {
    const r = folderScores(JSON.stringify({ schemaVersion: '2', files: { 'src/policy/a.ts': { mutants: [{ id: '1', status: 'Alive' }] } } }), ['src/policy']);
    expect(!r.ok && r.error.message).toMatch(/files\.src\/policy\/a\.ts\.mutants\.0\.status: /);
  });
});

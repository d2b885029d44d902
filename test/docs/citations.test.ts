/**
 * The repository stands alone: what a comment cites lives under docs/. Every `docs/<page>.md` named in the
 * code, configs and tests must exist, a `§N` after it must be a section heading of that page (section
 * numbers are stable, so a renumbered page fails here), and nothing may cite the notes outside the
 * repository that docs/ was written from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Folders whose files may cite docs/; root-level files (configs) are read too, except Markdown. */
const CODE_FOLDERS = ['src', 'main', 'drivers', 'renderer', 'test', 'bench', 'resources'];
const TEXT = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.yml', '.yaml', '.sql', '.service', '.html', '.css']);
const SKIP_AT_ROOT = new Set(['package-lock.json']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() && TEXT.has(extname(e.name)) ? [path] : [];
  });
}

function codeFiles(): string[] {
  const atRoot = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && TEXT.has(extname(e.name)) && !SKIP_AT_ROOT.has(e.name))
    .map((e) => join(root, e.name));
  return [...atRoot, ...CODE_FOLDERS.flatMap((f) => filesUnder(join(root, f)))];
}

interface Citation {
  readonly where: string;
  readonly page: string;
  readonly section: string | undefined;
}

/** `docs/devices.md §1.2`, also when a comment wraps between the page and the section (` * §1.2`). */
const CITATION = /docs\/([a-z0-9-]+\.md)(?:[\s*/#]*§(\d+(?:\.\d+)*))?/g;

/** The reference notes docs/ replaces; spelled in pieces so this file does not match itself. */
const OUTSIDE = new RegExp(`${['device-protocols', 'reliability-notes'].map((n) => `${n}\\.md`).join('|')}|shared/(reference|design)/`);

function scan(): { citations: Citation[]; outside: string[] } {
  const citations: Citation[] = [];
  const outside: string[] = [];
  for (const file of codeFiles()) {
    const text = readFileSync(file, 'utf8');
    const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
    const name = relative(root, file);
    for (const m of text.matchAll(CITATION)) {
      citations.push({ where: `${name}:${lineOf(m.index)}`, page: m[1] ?? '', section: m[2] });
    }
    text.split('\n').forEach((line, i) => {
      if (OUTSIDE.test(line)) outside.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  return { citations, outside };
}

/** Section numbers of a page's headings: `## 5. Relay boards` → 5, `### 5.1 LCUS…` → 5.1. */
function sectionsOf(page: string): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, 'docs', page), 'utf8');
  } catch {
    return undefined;
  }
  const numbers = [...text.matchAll(/^#{2,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)].map((m) => m[1] ?? '');
  return new Set(numbers);
}

describe('citations in the code', () => {
  const { citations, outside } = scan();

  it('finds the citations it checks', () => {
    // The drivers cite docs/devices.md by section; if the scan saw none, it is not looking.
    expect(citations.filter((c) => c.page === 'devices.md' && c.section !== undefined).length).toBeGreaterThan(10);
  });

  it('name pages that exist under docs/, and sections those pages have', () => {
    const broken = citations.flatMap((c) => {
      const sections = sectionsOf(c.page);
      if (sections === undefined) return [`${c.where}: docs/${c.page} does not exist`];
      if (c.section !== undefined && !sections.has(c.section)) return [`${c.where}: docs/${c.page} has no §${c.section}`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it('cite nothing outside the repository', () => {
    expect(outside).toEqual([]);
  });
});

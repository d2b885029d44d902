/**
 * The regular expression a text thermometer's lines are read with (config `pattern` of the `ascii-line`
 * protocol, docs/devices/ascii-line.md §2). Checked when the config loads: it must compile, name the group
 * `object` (and no group but `object` and `ambient`), and use nothing that only a backtracking engine runs —
 * backreferences and lookarounds — so that the driver's bound on backtracking (drivers/regexp-bounded.ts)
 * applies to every pattern the gate accepts.
 */
import { err, failure, ok, type Failure, type Result } from '../result.js';

export const LINE_PATTERN_MAX_CHARS = 200;
export const LINE_GROUPS = ['object', 'ambient'] as const;

export type LinePatternCode = 'pattern.syntax' | 'pattern.no-object-group' | 'pattern.unknown-group' | 'pattern.backtracking-only' | 'pattern.too-long';

/** The named groups `source` defines: an empty alternative makes any pattern match '', and `groups` lists them all. */
function namedGroups(source: string): string[] {
  return Object.keys(new RegExp(`(?:${source})|`).exec('')?.groups ?? {});
}

/** The first backreference or lookaround outside a character class, or undefined. */
function backtrackingOnly(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return `the backreference \\${next}`;
      i += 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      const look = /^\(\?(<=|<!|=|!)/.exec(source.slice(i));
      if (look !== null) return `the lookaround ${look[0]}`;
    }
  }
  return undefined;
}

/** The compiled pattern (no flags), or why it cannot be one. */
export function checkLinePattern(source: string): Result<RegExp, Failure<LinePatternCode>> {
  if (source.length > LINE_PATTERN_MAX_CHARS) return err(failure('pattern.too-long', `at most ${LINE_PATTERN_MAX_CHARS} characters, got ${source.length}`));
  let compiled: RegExp;
  try {
    compiled = new RegExp(source);
  } catch (e) {
    // The RegExp constructor reports a bad pattern with a SyntaxError: an expected outcome for a config value.
    return err(failure('pattern.syntax', `not a regular expression: ${(e as Error).message}`));
  }
  const groups = namedGroups(source);
  if (!groups.includes('object')) return err(failure('pattern.no-object-group', 'must have a named group `(?<object>…)` for the object temperature'));
  const unknown = groups.find((g) => !(LINE_GROUPS as readonly string[]).includes(g));
  if (unknown !== undefined) return err(failure('pattern.unknown-group', `the group \`${unknown}\` means nothing here: only \`object\` and \`ambient\` are read`));
  const slow = backtrackingOnly(source);
  if (slow !== undefined) return err(failure('pattern.backtracking-only', `${slow} needs a backtracking regular-expression engine, whose time on a hostile line is unbounded`));
  return ok(compiled);
}

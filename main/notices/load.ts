/**
 * Reads the notice catalogue: the shipped notices (`resources/notices/`), plus the district's — the body of
 * the `notices` bundle in force (main/bundles/notices.ts) — or, while no notices bundle was ever applied, the
 * data folder's (`<dataDir>/notices/`: plain, unsigned `<id>.json` files a technician put there by hand).
 * Once the district's catalogue comes signed, it is the whole of what the district adds: a hand-placed file
 * no longer counts (it is logged as ignored), so an unsigned file cannot add to, or outlive, what the
 * district sends. The catalogue is read when the gate starts, and swapped when a notices bundle applies.
 *
 * A file that cannot be read or is not a valid notice (`notice.unreadable`, `notice.json`, `notice.invalid`
 * with its field, `notice.duplicate`: an id already taken) is left out, logged and counted; it never stops
 * the start by itself. A policy that cites a notice left out cannot load (`policy.unknown-notice`), and
 * that is a configuration error like any other policy error (exit 2 at start).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueOf, parseNotice, withDelivered, type Catalogue } from '../../src/notices/catalogue.js';
import type { Notice } from '../../src/notices/schema.js';
import { failure, type Failure } from '../../src/result.js';
import type { Log } from '../log.js';
import { resourcePath } from '../resources.js';

/** The data folder's notices, beside the journal. */
export const DATA_NOTICES_DIR = 'notices';

export interface LoadedCatalogue {
  readonly catalogue: Catalogue;
  /** The shipped notices alone: what a notices bundle's catalogue is added to. */
  readonly shipped: Catalogue;
  /** The files left out, one failure each (or more, one per field), messages starting with the file. */
  readonly rejected: readonly Failure[];
}

const isNoticeFile = (name: string): boolean => name.endsWith('.json') && !name.endsWith('.schema.json');

function readFolder(dir: string, required: boolean): { notices: { notice: Notice; source: string }[]; rejected: Failure[] } {
  const notices: { notice: Notice; source: string }[] = [];
  const rejected: Failure[] = [];
  if (!required && !existsSync(dir)) return { notices, rejected };
  let names: string[];
  try {
    names = readdirSync(dir).filter(isNoticeFile).sort();
  } catch (e) {
    return { notices, rejected: [failure('notice.unreadable', `${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)] };
  }
  for (const name of names) {
    const file = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      const code = e instanceof SyntaxError ? 'notice.json' : 'notice.unreadable';
      rejected.push(failure(code, `${file}: ${e instanceof SyntaxError ? `not JSON: ${e.message}` : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)}`));
      continue;
    }
    const parsed = parseNotice(json);
    if (parsed.ok) notices.push({ notice: parsed.value, source: file });
    else rejected.push(...parsed.error.map((f) => ({ ...f, message: `${file}: ${f.message}` })));
  }
  return { notices, rejected };
}

/**
 * The shipped catalogue plus `delivered` (the notices bundle in force, when one was ever applied), else,
 * given `dataDir`, the data folder's notices (a shipped id wins over a data folder file claiming it). With
 * `log`, every file or delivered notice left out is logged, with the count.
 */
export function loadCatalogue(opts: { dataDir?: string; log?: Log; shippedDir?: string; delivered?: readonly Notice[] } = {}): LoadedCatalogue {
  const shipped = readFolder(opts.shippedDir ?? resourcePath('notices'), true);
  const shippedOnly = catalogueOf(shipped.notices);
  const folder = opts.dataDir === undefined ? undefined : join(opts.dataDir, DATA_NOTICES_DIR);
  let added: { catalogue: Catalogue; failures: Failure[] };
  if (opts.delivered === undefined) {
    const data = folder === undefined ? { notices: [], rejected: [] } : readFolder(folder, false);
    const joined = catalogueOf([...shipped.notices, ...data.notices]);
    added = { catalogue: joined.catalogue, failures: [...data.rejected, ...joined.failures] };
  } else {
    const joined = withDelivered(shippedOnly.catalogue, opts.delivered);
    added = { catalogue: joined.catalogue, failures: [...shippedOnly.failures, ...joined.failures.map((f) => ({ ...f, message: `notices bundle: ${f.message}` }))] };
    const ignored = folder === undefined ? undefined : readFolder(folder, false);
    const count = (ignored?.notices.length ?? 0) + (ignored?.rejected.length ?? 0);
    if (count > 0) opts.log?.warn({ folder, files: count }, 'hand-placed notice files ignored: the district’s signed notices bundle is in force');
  }
  const rejected = [...shipped.rejected, ...added.failures];
  if (rejected.length > 0) {
    for (const f of rejected) opts.log?.error({ code: f.code, path: f.path }, f.message);
    opts.log?.error({ rejected: rejected.length, notices: added.catalogue.size }, 'notice files left out of the catalogue');
  }
  return { catalogue: added.catalogue, shipped: shippedOnly.catalogue, rejected };
}

/** The shipped notices alone, for tools (docs, benchmarks, tests): a bad shipped file is a broken release, so it throws. */
export function shippedCatalogue(): Catalogue {
  const { catalogue, rejected } = loadCatalogue();
  if (rejected.length > 0) throw new Error(`the shipped notice catalogue does not load: ${rejected.map((f) => f.message).join('; ')}`);
  return catalogue;
}

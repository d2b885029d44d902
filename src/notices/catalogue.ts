/**
 * The notices a gate knows, by id, and what a citation of one of their clauses quotes. Pure: the files are
 * read in main/notices/load.ts.
 */
import { canonicalize } from 'json-canonicalize';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { fieldFailures } from '../zod-issues.js';
import { noticeSchema, type Clause, type Notice } from './schema.js';

export type Catalogue = ReadonlyMap<string, Notice>;

/** A clause in one language as the notice was received in it. */
export interface Quote {
  readonly language: string;
  readonly translation: boolean;
  readonly text: string;
}

/** Validates one notice document; failures are `notice.invalid`, each naming its field. */
export function parseNotice(json: unknown): Result<Notice, Failure[]> {
  const parsed = noticeSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(fieldFailures('notice.invalid', parsed.error));
}

/** The notice and clause a citation names, when the catalogue has both. */
export function citedClause(catalogue: Catalogue, cites: { readonly notice: string; readonly clause: string }): { notice: Notice; clause: Clause } | undefined {
  const notice = catalogue.get(cites.notice);
  const clause = notice?.clauses.find((c) => c.id === cites.clause);
  return notice === undefined || clause === undefined ? undefined : { notice, clause };
}

/** The clause's text in each of the notice's versions, in their order (the first is what the kiosk shows first). */
export function quoteOf(notice: Notice, clause: Clause): Quote[] {
  return notice.versions.map((v) => ({ language: v.language, translation: v.translation, text: clause.text[v.language] ?? '' }));
}

/** The catalogue of `notices`, or a `notice.duplicate` failure for each id given twice (the first one stays). */
export function catalogueOf(notices: readonly { readonly notice: Notice; readonly source: string }[]): { catalogue: Catalogue; failures: Failure[] } {
  const catalogue = new Map<string, Notice>();
  const from = new Map<string, string>();
  const failures: Failure[] = [];
  for (const { notice, source } of notices) {
    const first = from.get(notice.id);
    if (first === undefined) {
      catalogue.set(notice.id, notice);
      from.set(notice.id, source);
    } else failures.push(failure('notice.duplicate', `${source}: id: "${notice.id}" is already in the catalogue (${first}); a changed notice takes a new id`, 'id'));
  }
  return { catalogue, failures };
}

/** Whether two notices say the same: equal as RFC 8785 canonical JSON, the editor's `$schema` aside. */
export function sameNotice(a: Notice, b: Notice): boolean {
  const { $schema: _a, ...restA } = a;
  const { $schema: _b, ...restB } = b;
  return canonicalize(restA) === canonicalize(restB);
}

/**
 * The catalogue of the shipped notices and a district's (a `notices` bundle's body, in its order), with a
 * failure for each delivered notice that cannot join it, named by its index (`2.id`), which is left out:
 * `notice.duplicate` for an id the district gives twice, `notice.shipped-changed` for a shipped id with other
 * words (a shipped notice is never replaced; one repeated word for word is simply the shipped one).
 */
export function withDelivered(shipped: Catalogue, delivered: readonly Notice[]): { catalogue: Catalogue; failures: Failure[] } {
  const catalogue = new Map(shipped);
  const at = new Map<string, number>();
  const failures: Failure[] = [];
  delivered.forEach((notice, i) => {
    const path = `${i}.id`;
    const first = at.get(notice.id);
    const own = shipped.get(notice.id);
    if (first !== undefined) failures.push(failure('notice.duplicate', `${path}: "${notice.id}" is given twice (first at ${first})`, path));
    else if (own !== undefined && !sameNotice(own, notice)) failures.push(failure('notice.shipped-changed', `${path}: "${notice.id}" is a shipped notice, and this one says something else: a changed notice takes a new id`, path));
    else {
      at.set(notice.id, i);
      catalogue.set(notice.id, own ?? notice);
    }
  });
  return { catalogue, failures };
}

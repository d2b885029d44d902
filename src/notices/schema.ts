/**
 * The notice catalogue's file format, `gate.notice/1`: one published notice per file, its clauses quoted
 * verbatim as received (in each language it was received in, a translation marked as one), and per clause
 * the rule kinds its words make mandatory — for which directions and which population — and the kinds it
 * lifts. Policies cite these clauses by id (src/policy/compliance.ts); the kiosk and the export quote them.
 */
import { z } from 'zod';
import { DIRECTIONS } from '../domain.js';
import { ruleKind } from '../policy/rule-schemas.js';

/** Whom a clause's obligation is about. `key-populations`: the groups a notice singles out (returnees, contacts…). */
export const POPULATIONS = ['everyone', 'non-residents', 'key-populations'] as const;
export type Population = (typeof POPULATIONS)[number];

const noticeId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'lowercase letters, digits, "." and "-", at most 64');
const clauseId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,31}$/, 'lowercase letters, digits, "." and "-", at most 32');
const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "zh" or "en"');
const inEachLanguage = (what: string) =>
  z.record(language, z.string().min(1).max(8000)).describe(`${what}, by language tag: one entry for each of the notice’s \`versions\`, quoted verbatim.`);

export const mandate = z
  .strictObject({
    kind: ruleKind.describe('The rule kind the clause makes mandatory.'),
    directions: z.array(z.enum(DIRECTIONS)).min(1).max(2).describe('The directions the words name; a policy must have a rule of `kind` applying at each.'),
    population: z.enum(POPULATIONS).describe('Whom the obligation is about, as the words say: `everyone`, `non-residents`, `key-populations`.'),
    condition: z.string().min(1).max(300).optional().describe('The circumstance the words attach the obligation to, if any; a policy that cites the notice declares itself in it.'),
  })
  .describe('A check the clause’s words make mandatory.');

export const clause = z
  .strictObject({
    id: clauseId.describe('What policies cite the clause by: the notice’s own number where it has one ("4"), else a short name.'),
    text: inEachLanguage('The clause'),
    mandates: z.array(mandate).max(10).default([]).describe('The checks this clause makes mandatory; none when its words make none mandatory at a gate.'),
    lifts: z.array(ruleKind).max(10).default([]).describe('Rule kinds this clause lifts (no longer mandatory): a policy may cite it under `waived` against an earlier notice’s mandate.'),
  })
  .describe('One clause of the notice.');

export const noticeVersion = z
  .strictObject({
    language: language.describe('Its language tag: "zh", "en".'),
    translation: z.boolean().describe('Whether this text is a translation (not the notice as issued).'),
    source: z.string().min(1).max(300).describe('Where the text was received from: a file name or URL. The shipped notices name their seed file; a test checks every quote occurs in it.'),
  })
  .describe('One text of the notice the catalogue quotes.');

export const noticeSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema, for editors: "./notice.schema.json".'),
    format: z.literal('gate.notice/1').describe('The format of this document.'),
    id: noticeId.describe('What policies cite the notice by: 1–64 lowercase letters, digits, "." and "-". A changed text is a new id: a notice is never edited.'),
    issuer: z.string().min(1).max(300).describe('Who issued it.'),
    date: z.iso.date().describe('The date it was issued, YYYY-MM-DD: what "later" means for a waiver.'),
    dateBasis: z
      .enum(['stated', 'reported', 'estimated'])
      .describe('Where `date` comes from: `stated` in the notice, `reported` (the date of the report that carries it), or `estimated` from its content (see `note`).'),
    note: z.string().min(1).max(1000).optional().describe('What a reader should know about this entry: how the date was estimated, what the text leaves open.'),
    title: inEachLanguage('The title'),
    versions: z.array(noticeVersion).min(1).max(8).describe('The texts quoted, first the one the kiosk shows first; languages unique.'),
    clauses: z.array(clause).min(1).max(100).describe('Its clauses, ids unique.'),
  })
  .superRefine((n, ctx) => {
    const languages = n.versions.map((v) => v.language);
    const seen = new Set<string>();
    languages.forEach((l, i) => {
      if (seen.has(l)) ctx.addIssue({ code: 'custom', message: `language "${l}" is listed twice`, path: ['versions', i, 'language'] });
      seen.add(l);
    });
    const sameLanguages = (texts: Record<string, string>, path: (string | number)[]): void => {
      for (const l of seen) if (!Object.hasOwn(texts, l)) ctx.addIssue({ code: 'custom', message: `no "${l}" text, though versions lists it`, path });
      for (const l of Object.keys(texts)) if (!seen.has(l)) ctx.addIssue({ code: 'custom', message: `"${l}" is not one of the versions’ languages`, path: [...path, l] });
    };
    sameLanguages(n.title, ['title']);
    const ids = new Set<string>();
    n.clauses.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate clause id "${c.id}"`, path: ['clauses', i, 'id'] });
      ids.add(c.id);
      sameLanguages(c.text, ['clauses', i, 'text']);
      const kinds = new Set<string>();
      c.mandates.forEach((m, j) => {
        if (kinds.has(m.kind)) ctx.addIssue({ code: 'custom', message: `"${m.kind}" is mandated twice by this clause`, path: ['clauses', i, 'mandates', j, 'kind'] });
        kinds.add(m.kind);
      });
      c.lifts.forEach((k, j) => {
        if (kinds.has(k)) ctx.addIssue({ code: 'custom', message: `"${k}" cannot be both mandated and lifted by one clause`, path: ['clauses', i, 'lifts', j] });
      });
    });
  })
  .meta({ title: 'Gate terminal notice (gate.notice/1)', description: 'One published notice of the catalogue (docs/notices.md).' });

export type Notice = z.infer<typeof noticeSchema>;
export type Clause = z.infer<typeof clause>;
export type Mandate = z.infer<typeof mandate>;

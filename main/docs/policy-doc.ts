/**
 * docs/policy.md: how a policy decides, then the document's fields and every rule kind's params rendered
 * from the policy's JSON Schema, each kind with what its evaluator (src/policy/rules/) compares, in words.
 */
import { readFileSync } from 'node:fs';
import { BUNDLE_KINDS, RULES_USING } from '../../src/bundles/kinds.js';
import { parsePolicy } from '../../src/policy/load.js';
import { TIME_DEPENDENT_KINDS, type RuleKind } from '../../src/policy/schema.js';
import { describeFailures } from '../../src/zod-issues.js';
import { shippedCatalogue } from '../notices/load.js';
import { resourcePath } from '../resources.js';
import { fieldRows, fieldTable, type JsonSchema } from './field-table.js';

/** What each kind's evaluator compares. Outcomes in capitals; "fails" means FAILED, which applies `onFail`. */
const SEMANTICS: { readonly [K in RuleKind]: string } = {
  identity: `Reads the credential the person presented. A signed resident pass the gate refused: FAILED, with
\`refused\` (the refusal code) and \`reason\` (in words). No credential: MISSING_EVIDENCE. A credential whose kind
is not in \`accept\`: FAILED. A signed health code is a credential (kind \`health-code\`) only where \`accept\` lists
\`health-code\`; a travel code never is (docs/checkpoint.md). When the credential was read from a document that has
a validity (a resident ID card; a passport or permit's machine-readable zone), the rule records it as \`document: {validTo, expired}\`: \`expired\` is true when
the last valid day is before the UTC date of the decision, false on or before that day and for a \`long-term\`
card, and \`"unknown"\` for a dated document while the clock is untrusted. With \`expiredDocuments: "refuse"\` an
expired document FAILS, and an \`unknown\` one is MISSING_EVIDENCE with effect \`clock.onUntrusted\`; with
\`"identify"\` (the default: the notices ask who the person is, not for a valid card) the validity is only recorded.
Any other accepted credential: PASSED. Values: \`credential\`, \`accepted\`, \`document\`.`,
  temperature: `Reads every reading taken in the session, oldest first (the lane applies the thermometer's
\`compensation\` to surface readings and adds the site calibration \`offsetC\` first). A reading is **plausible** when \`plausibleC.min\` ≤ reading ≤ \`plausibleC.max\`; any other reading
(or one that is not a number) is a sensor fault: it is counted in \`implausible\` and never decides — it is not a
fever. The **latest plausible** reading decides:

- below \`thresholdC\`: PASSED;
- **at or above** \`thresholdC\` (a fever) with more than \`remeasures\` plausible readings taken: FAILED;
- a fever with at most \`remeasures\` plausible readings taken: the kiosk asks for another measurement; if the
  session ends first, MISSING_EVIDENCE;
- no plausible reading at all: MISSING_EVIDENCE.

Every plausible reading of the session counts, clear ones too: so with \`remeasures: 1\` a first reading that is a
fever earns one more measurement and a second fever fails, while a fever after a clear reading fails at once. Values:
\`readingsC\`, \`implausible\`, \`thresholdC\`, \`remeasures\`, and \`readings\`: what each reading was made of, so a
disputed fever can be investigated — \`bodyC\`, \`rawC\` (the sensor's mean value over the frames averaged: surface
temperature, or body temperature from a body-mode module), \`ambientC\` (their mean ambient), \`offsetC\`,
\`compensation\` (\`none\`, \`module\` for a body-mode module's own, never compensated again, or \`linear:<factor>\`)
and \`samples\` (frames averaged). Numbers to 0.01; a value that is not a number is \`null\`.`,
  mask: `Reads the mask evidence. None: MISSING_EVIDENCE. Evidence of a kind in \`accept\`: PASSED; another kind:
FAILED. Values: \`evidence\`, \`accepted\`.`,
  'health-code': `Reads the person's health code, verified offline (a signed QR code) or online
(\`credentials.onlineVerifier\` in the config). In this order:

1. no code: MISSING_EVIDENCE (\`onMissing\`);
2. a signed code the gate refused (expired, forged, unknown issuer…): FAILED, with \`refused\` and \`reason\`;
3. the online check timed out, was unreachable or refused: MISSING_EVIDENCE with effect \`onUnverifiable\`;
4. nobody identified to bind it to: MISSING_EVIDENCE (\`subjectCheck: "no-identity"\`);
5. no district key, so whose the code is cannot be checked: MISSING_EVIDENCE with effect \`onUnverifiable\`
   (\`subjectCheck: "no-district-key"\`);
6. verified by a way not in \`accept\`: FAILED;
7. the code's subject (\`sub\`) is not the identified person's \`ref\`: FAILED (\`subjectMismatch\`);
8. its colour was set (\`colourSince\`) more than \`maxAgeHours\` before now: FAILED (\`stale\`);
9. otherwise the colour's entry in \`outcomes\`: \`pass\` PASSED; \`refer\` or \`deny\` FAILED with that effect
   (instead of \`onFail\`).

Values: \`colour\`, \`via\`, \`issuer\`, \`ageHours\`, \`maxAgeHours\`. Time-dependent.`,
  'high-risk-travel': `Reads the person's travel history (a signed travel code, or a declaration to the guard) and the
risk-area register. No history: MISSING_EVIDENCE. A signed travel code the gate refused: FAILED (\`refused\`,
\`reason\`). From a source not in \`accept\`: FAILED. Nobody identified, or no district key to tell whose the code
is: MISSING_EVIDENCE (\`subjectCheck\`; \`onMissing\` applies). Another person's code: FAILED
(\`subjectMismatch\`). Otherwise a visit
**counts** when its last day is on or after the date (UTC) \`withinDays\` days before now, and the register listed
that area at one of \`levels\` on that last day. Any counted visit: FAILED, and the visits are listed in \`hits\`;
none: PASSED. Values: \`via\`, \`withinDays\`, \`hits\`. Time-dependent.`,
  residency: `Reads the residents register and, for someone a guard registered, the category they were registered
under. No identity: MISSING_EVIDENCE. On the register: PASSED. Not on it, with a category in \`exempt\`: PASSED
(\`exempt\` in the values). Anyone else: FAILED with effect \`nonResident\` (instead of \`onFail\`). Values:
\`resident\`, \`category\` or \`exempt\`.`,
  'quarantine-list': `Reads the home-quarantine register. No identity: MISSING_EVIDENCE. Listed now (an interval with
\`from\` ≤ now < \`until\`, or no \`until\`): FAILED; else PASSED. Give it \`"directions": ["exit"]\`: it is meant
to keep people in. Values: \`listed\`. Time-dependent.`,
  'exit-quota': `Applies to residents only: reads the household from the residents register and counts that
household's exits at or after now − \`perDays\` × 24 h (a rolling window, not calendar days). Exits are confirmed
passages where the lane has a passage input, otherwise exit admits. No identity: MISSING_EVIDENCE; not a resident:
NOT_APPLICABLE. Fewer than \`maxExits\` counted: PASSED (this exit is allowed); \`maxExits\` or more: FAILED. Usually
given \`"directions": ["exit"]\`. Values: \`used\`, \`maxExits\`, \`perDays\`. Time-dependent.`,
  hours: `Reads only the clock. The gate's local time is UTC + \`utcOffsetMinutes\` (fixed: no daylight-saving
rules). The rule PASSES when some window lists the local date's ISO weekday in \`days\` (**1 = Monday … 7 =
Sunday**) and **\`from\` ≤ local time < \`to\`**, compared to the minute; otherwise FAILED. A window never wraps
past midnight (\`from\` must be before \`to\`): a night opening is two windows, e.g. \`22:00\`–\`23:59\` on one day and
\`00:00\`–\`06:00\` on the next. As \`to\` is exclusive and at most \`23:59\`, the minute 23:59 itself is never inside a
window. Values: \`weekday\`, \`time\`. Time-dependent.`,
  registration: `"Information must be recorded": reads which fields the guard recorded (their contents are sealed to
the health authority and never reach the engine) and the residents register. No identity: MISSING_EVIDENCE. The
required fields are \`residents\` for someone on the register, \`nonResidents\` for anyone else; all recorded:
PASSED; any missing: MISSING_EVIDENCE, so \`onMissing\` (usually \`refer\`: the guard registers the person). Needs
\`authorityPublicKey\` in the config, or every registration is refused — the gate warns at start. Values:
\`resident\`, \`required\`, \`missing\`.`,
};

const asSchema = (s: unknown): JsonSchema => s as JsonSchema;

/** Which rule kinds read each bundle kind (src/bundles/kinds.ts RULES_USING): what a stale kind holds back. */
function freshnessTable(): string {
  const rows = BUNDLE_KINDS.map((b) => `| \`${b}\` | ${RULES_USING[b].map((k) => `\`${k}\``).join(', ')} |`);
  return ['| bundle kind | rules that read it |', '|---|---|', ...rows].join('\n');
}

const EXAMPLES = ['wuhan-2020-closed-community.json', 'shijiazhuang-2021-wartime.json'];

/** "- `file`: kinds…", read from the shipped example itself. */
function examplePolicyLine(file: string): string {
  const policy = parsePolicy(readFileSync(resourcePath('policy', file), 'utf8'), shippedCatalogue());
  if (!policy.ok) throw new Error(`resources/policy/${file} does not load: ${describeFailures(policy.error)}`);
  const kinds = [...new Set(policy.value.doc.rules.map((r) => r.kind))];
  return `- \`${file}\`: ${kinds.map((k) => `\`${k}\``).join(', ')}`;
}

/** The rule variants of the policy schema, by kind. */
function ruleVariants(policy: JsonSchema): Map<string, JsonSchema> {
  const items = asSchema(asSchema(policy.properties?.['rules']).items);
  return new Map((items.oneOf ?? []).map((v) => [String(asSchema(v.properties?.['kind']).const), v]));
}

function kindSection(kind: RuleKind, variant: JsonSchema | undefined): string {
  if (variant === undefined) throw new Error(`rule kind ${kind} is not in the policy schema`);
  const params = asSchema(variant.properties?.['params']);
  const rows = fieldRows(params, 'params');
  return `### \`${kind}\`

${SEMANTICS[kind]}

${rows.length === 0 ? 'No parameters: `"params": {}`.' : fieldTable(rows)}`;
}

export function policyDoc(policy: JsonSchema): string {
  const variants = ruleVariants(policy);
  const kinds = Object.keys(SEMANTICS) as RuleKind[];
  const unexplained = [...variants.keys()].filter((k) => !Object.hasOwn(SEMANTICS, k));
  if (unexplained.length > 0) throw new Error(`rule kinds without semantics in policy-doc.ts: ${unexplained.join(', ')}`);
  const [anyVariant] = variants.values();
  const demo = readFileSync(resourcePath('policy', 'demo.json'), 'utf8').trimEnd();
  return `<!-- Generated by \`npm run docs\` from src/policy/schema.ts, src/policy/rule-schemas.ts and main/docs/policy-doc.ts: edit those, not this file. -->
# Policy reference

A policy is a \`gate.policy/2\` JSON document: who issued it, when it is in force, the notices of the catalogue it
implements ([notices.md](notices.md)), and rules from a closed vocabulary — nothing else can decide. Every rule
cites a catalogue clause by id, and every check those notices make mandatory has its rule, unless a later
notice's clause lifts it and the policy lists it under \`waived\`. A \`gate.policy/1\` file is refused
(\`policy.old-format\`) with how to migrate it (README, "Migrating a gate.policy/1 file"). The config's \`policyFile\` names it
([config.md](config.md)); the gate watches the file and applies each valid edit between sessions.

The schema ships as [\`resources/policy/policy.schema.json\`](../resources/policy/policy.schema.json) (JSON Schema
draft-07). A policy cannot carry a \`"$schema"\` field (the format is strict, and its hash is taken over the
document as written), so point the editor at it instead, e.g. in VS Code's \`settings.json\`:
\`"json.schemas": [{ "fileMatch": ["*policy*.json"], "url": "./resources/policy/policy.schema.json" }]\`.

## How a decision is made

1. Each rule yields one outcome with the values it looked at: PASSED, FAILED, NOT_APPLICABLE or
   MISSING_EVIDENCE.
2. A rule whose \`directions\` do not include the lane's direction is NOT_APPLICABLE and has no effect.
3. A rule that reads a bundle kind which is **stale** — older than the policy's \`freshness\` gives it (below) — is
   not evaluated: it is MISSING_EVIDENCE with that kind's \`onStale\`, values \`stale\` (the stale kinds it reads)
   and \`ageHours\` (each one's age in hours to 0.01, \`null\` for a kind never applied). Reading several stale
   kinds, the strictest \`onStale\` wins (\`deny\` over \`refer\`); a time-dependent rule while the clock is also
   untrusted takes the stricter of that and \`clock.onUntrusted\` (and has \`clock: "untrusted"\` in its values).
4. While the gate's clock is not trusted, the time-dependent kinds (${TIME_DEPENDENT_KINDS.map((k) => `\`${k}\``).join(', ')}) are
   not evaluated: they are MISSING_EVIDENCE with effect \`clock.onUntrusted\`. So is an \`identity\` rule with
   \`expiredDocuments: "refuse"\` whose identity came from a dated document (below).
5. FAILED takes the rule's \`onFail\` effect (some kinds set their own, below); MISSING_EVIDENCE takes \`onMissing\`;
   PASSED and NOT_APPLICABLE have none.
6. **Verdict:** any \`deny\` effect → deny; else any \`refer\` effect, or a time outside \`effective\` → refer (to the
   guard); else admit. No rule can admit by itself, and missing evidence never admits.

A policy that does not validate, or does not comply with the catalogue (\`policy.unknown-notice\`,
\`policy.unknown-clause\`, \`policy.mandatory-check-missing\`, \`policy.waiver-not-lifting\`,
\`policy.waiver-not-later\`, \`policy.waiver-unneeded\`, \`policy.no-rules\`), is refused with field-named errors. At start that is a configuration error
(\`config.policy.invalid: <file>: rules.1.params.thresholdC: …\`, exit 2) unless a last good copy exists; while the
gate runs, the previous policy stays in force. Either way the attempt is journaled.

**Hash:** SHA-256 (lowercase hex) of the RFC 8785 canonical JSON of the document as written, before defaults; it is
recorded with every decision.

**Freshness:** \`freshness\` gives bundle kinds a maximum age (\`maxAgeHours\`). A kind's age counts from the issue time
of the bundle in force, or from when the gate applied it where it came without one (the policy file, \`gate
import\`); a kind the policy dates that was never applied at all is stale, with no age. Which rules read each kind:

${freshnessTable()}

Without \`freshness\` (or for a kind it leaves out) nothing is ever stale. The kiosk and the heartbeat show each
kind's age, and the journal records when a kind becomes stale (\`bundle.stale\`) and fresh again (\`bundle.fresh\`).

**Local parameters:** every parameter says where it comes from — the clause the rule \`cites\`, unless its name is in
\`localParams\`: set by the operator with no notice behind it, and shown on the kiosk as local.

## An example: the embedded demo policy

\`\`\`json
${demo}
\`\`\`

More in [\`resources/policy/\`](../resources/policy/), from the seed notices:

${EXAMPLES.map(examplePolicyLine).join('\n')}

## The document

${fieldTable(fieldRows(policy, '', { stopAt: new Set(['rules[]']) }))}

## Every rule

Fields every rule has, whatever its kind:

${fieldTable(fieldRows({ ...anyVariant, properties: Object.fromEntries(Object.entries(anyVariant?.properties ?? {}).filter(([k]) => k !== 'kind' && k !== 'params')) }, 'rules[]'))}

## Rule kinds

${kinds.map((k) => kindSection(k, variants.get(k))).join('\n\n')}
`;
}

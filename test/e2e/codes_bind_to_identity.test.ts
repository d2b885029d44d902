/**
 * The everyday check at a real gate: an ID card (or passport MRZ), then a health code — or the other way
 * round. Real ptys through the real serialport binding, a real SQLite journal, signed codes verified with
 * real keys, and every decision read back the way an auditor would: through `gate export`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, issueToken, type GeneratedIssuerKey } from '../../main/credentials/issue.js';
import { openJournalDb } from '../../main/journal/db.js';
import { importRegister } from '../../main/registers/import.js';
import { keyedRef } from '../../src/identity/classify.js';
import { withHealthCodeRule } from '../fixtures/policy.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { runCommand } from '../journal/run-command.js';
import { launchChromium } from '../harness/browser.js';

const DISTRICT_KEY = randomBytes(32);
const ALICE = '11010519491231002X';
const BOB = '440524188001010014';
const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const ref = (id: string): string => keyedRef(DISTRICT_KEY, 'resident-id', id);
/** ID, temperature and a signed health code (no mask: nobody taps the screen here); `accept` is what the identity rule takes. */
const policy = (identityAccept: string[]): Record<string, unknown> => withHealthCodeRule({ via: ['signed-qr'], identityAccept, kinds: ['identity', 'temperature'] });

let issuer: GeneratedIssuerKey;

async function healthCode(sub: string, over: { iatOffsetS?: number; expOffsetS?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = now + (over.iatOffsetS ?? -600);
  const t = await issueToken(issuer.privateJwk, 'hc-1', 'gate-hc+jwt', {
    iss: 'district-health', sub, iat, exp: now + (over.expOffsetS ?? 86_400), masked: '1101**********002X', colour: 'green', colourSince: iat,
  });
  if (!t.ok) throw new Error(t.error.message);
  return t.value;
}

/** A gate on its own policy file, with the district key and the issuer key imported (or not). */
async function gateWith(accept: string[], withDistrictKey = true): Promise<TestGate> {
  return startTestGate({
    policyJson: policy(accept),
    session: { stepTimeoutMs: 3000, sessionTimeoutMs: 10_000, verdictDisplayMs: 1000 },
    beforeStart: (journalFile) => {
      const db = openJournalDb(journalFile);
      if (!db.ok) throw new Error(db.error.message);
      const imports: [Parameters<typeof importRegister>[1], unknown][] = [['issuer-keys', [issuer.publicKey]]];
      if (withDistrictKey) imports.unshift(['district-key', { key: DISTRICT_KEY.toString('hex') }]);
      for (const [kind, json] of imports) {
        const r = importRegister(db.value, kind, json, { nowMs: Date.now(), source: 'test' });
        if (!r.ok) throw new Error(r.error.map((f) => f.message).join('; '));
      }
      db.value.close();
    },
  });
}

interface Exported {
  verdict: string;
  ending: string;
  subject: { kind: string; masked: string } | null;
  rules: { id: string; outcome: string; effect: string; values: Record<string, unknown> }[];
}

/** Every decision, as `gate export --format jsonl` prints it. */
function exported(gate: TestGate): Exported[] {
  const r = runCommand('cli/export.js', 'exportCommand', ['--format', 'jsonl', '--config', join(gate.dir, 'config.json')]);
  if (r.code !== 0) throw new Error(`export exited ${r.code}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Exported);
}

const ruleOf = (row: Exported, id: string) => row.rules.find((r) => r.id === id);

/** One person: the scans in order, then a normal temperature; resolves with their exported decision. */
async function visit(gate: TestGate, scans: readonly string[]): Promise<Exported> {
  const before = exported(gate).length;
  gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  for (const s of scans) await gate.sims.scanner.scan(s);
  gate.sims.thermometer.setScene({ objectC: 36.5 - OFFSET_C, ambientC: 24.5 });
  const row = await waitFor('the decision in the export', () => exported(gate)[before], 15_000);
  gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  await waitFor('the lane to be idle again', () => gate.lane.view().screen.kind === 'idle', 10_000);
  return row;
}

beforeAll(async () => {
  issuer = await generateIssuerKey('hc-1', 'district-health', ['gate-hc+jwt']);
});

describe('where the identity rule takes ID documents only', () => {
  let gate: TestGate;
  beforeAll(async () => {
    gate = await gateWith(['resident-id', 'mrz']);
  }, 30_000);
  afterAll(async () => gate?.close());

  it('ID card, then the person’s own code: admitted', async () => {
    const row = await visit(gate, [ALICE, await healthCode(ref(ALICE))]);
    expect(row).toMatchObject({ verdict: 'admit', ending: 'complete', subject: { kind: 'resident-id' } });
    expect(ruleOf(row, 'health-code')).toMatchObject({ outcome: 'PASSED', values: { colour: 'green' } });
  });

  it('ID card, then another person’s code: not admitted, the health-code rule failed on the subject, the session not superseded', async () => {
    const row = await visit(gate, [ALICE, await healthCode(ref(BOB))]);
    expect(row.verdict).not.toBe('admit');
    expect(row).toMatchObject({ ending: 'complete', subject: { kind: 'resident-id' } });
    expect(ruleOf(row, 'health-code')).toMatchObject({ outcome: 'FAILED', effect: 'deny', values: { subjectMismatch: true } });
  });

  it('the code first, then the ID card: admitted', async () => {
    const row = await visit(gate, [await healthCode(ref(BOB)), BOB]);
    expect(row).toMatchObject({ verdict: 'admit', subject: { kind: 'resident-id', masked: '4405**********0014' } });
  });

  it('a passport MRZ with a code bound to its ref: admitted', async () => {
    const row = await visit(gate, [MRZ[0], MRZ[1], await healthCode(keyedRef(DISTRICT_KEY, 'mrz', 'UTO:L898902C3'))]);
    expect(row).toMatchObject({ verdict: 'admit', subject: { kind: 'mrz' } });
  });

  it('the code alone: the screen asks for the ID, and nothing is ever admitted', async () => {
    const before = exported(gate).length;
    gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
    await gate.sims.scanner.scan(await healthCode(ref(ALICE)));
    await waitFor('the lane to hold the code', () => gate.lane.view().screen.kind === 'collecting');
    expect(gate.lane.view().screen).toMatchObject({ kind: 'collecting', identity: 'waiting', healthCode: 'done', person: null });
    await waitFor('the session to end unidentified', () => gate.lane.view().screen.kind === 'idle', 10_000);
    expect(exported(gate).slice(before)).toEqual([]);
    expect(gate.lane.view().counters.sessionsAbandoned).toBeGreaterThan(0);
  });

  it('an expired code fails the health-code rule with the refusal as the reason, and onFail applies', async () => {
    const row = await visit(gate, [ALICE, await healthCode(ref(ALICE), { iatOffsetS: -7200, expOffsetS: -3600 })]);
    expect(row.verdict).toBe('deny');
    expect(ruleOf(row, 'health-code')).toMatchObject({ outcome: 'FAILED', effect: 'deny', values: { refused: 'credential.expired', reason: 'the code has expired' } });
  });

  it('a refused code with no session open starts none: a notice and a counted event', async () => {
    const before = exported(gate).length;
    const refused = gate.lane.view().counters.codesRefused;
    await gate.sims.scanner.scan(await healthCode(ref(ALICE), { iatOffsetS: -7200, expOffsetS: -3600 }));
    await waitFor('the refusal to be counted', () => gate.lane.view().counters.codesRefused > refused);
    expect(gate.lane.view()).toMatchObject({ screen: { kind: 'idle' }, notice: { code: 'credential.expired' } });
    expect(exported(gate).length).toBe(before);
  });

  it('a mask declared before anyone is identified is refused with a code, and nothing is journaled', async () => {
    const before = exported(gate).length;
    const r = await gate.app.gate.router.handle('gate:declare-mask', { lane: gate.lane.id }, { connection: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'mask.no-identity' } });
    expect(gate.lane.view().screen.kind).toBe('idle');
    expect(exported(gate).length).toBe(before);
  });
});

describe('where the identity rule takes a health code too', () => {
  let gate: TestGate;
  beforeAll(async () => {
    gate = await gateWith(['resident-id', 'health-code']);
  }, 30_000);
  afterAll(async () => gate?.close());

  it('the code alone identifies its holder: admitted', async () => {
    const row = await visit(gate, [await healthCode(ref(ALICE))]);
    expect(row).toMatchObject({ verdict: 'admit', subject: { kind: 'health-code', masked: '1101**********002X' } });
  });

  it('the verdict screen says why a refused code failed, in words', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(gate.app.host.url);
      await page.getByTestId('screen-idle').waitFor();
      await gate.sims.scanner.scan(ALICE);
      await gate.sims.scanner.scan(await healthCode(ref(ALICE), { iatOffsetS: -7200, expOffsetS: -3600 }));
      gate.sims.thermometer.setScene({ objectC: 36.5 - OFFSET_C, ambientC: 24.5 });
      const reason = page.locator('[data-testid="reason"][data-rule="health-code"]');
      await reason.waitFor({ timeout: 15_000 });
      expect(await reason.textContent()).toContain('This code has expired');
      expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('deny');
    } finally {
      gate.sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
      await browser.close();
    }
  });
});

describe('without a district key', () => {
  let gate: TestGate;
  beforeAll(async () => {
    gate = await gateWith(['resident-id'], false);
  }, 30_000);
  afterAll(async () => gate?.close());

  it('cannot tell whose a code is: the rule says so, and its onUnverifiable applies', async () => {
    const row = await visit(gate, [ALICE, await healthCode(ref(ALICE))]);
    expect(row.verdict).toBe('refer');
    expect(ruleOf(row, 'health-code')).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { subjectCheck: 'no-district-key' } });
  });
});

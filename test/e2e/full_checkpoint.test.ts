/**
 * The whole checkpoint on the Shijiazhuang example policy, end to end: real ptys, real SQLite with
 * imported registers, signed QR codes verified with real keys, the kiosk page in Chromium.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/auth/pin.js';
import { generateIssuerKey, issueToken, type PrivateJwk } from '../../main/credentials/issue.js';
import { openJournalDb } from '../../main/journal/db.js';
import { x25519PrivateJwk } from '../../main/hpke.js';
import { openRegistration } from '../../main/privacy/seal.js';
import { importRegister } from '../../main/registers/import.js';
import type { TokenTyp } from '../../src/credentials/token.js';
import type { GateApi } from '../../src/ipc/contract.js';
import { keyedRef } from '../../src/identity/classify.js';
import { launchChromium } from '../harness/browser.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions } from '../harness/journal.js';

const POLICY = fileURLToPath(new URL('../../resources/policy/shijiazhuang-2021-wartime.json', import.meta.url));
const DISTRICT_KEY = randomBytes(32);
const PIN = '2468';
const people = {
  resident: '130102198001010016',
  quarantined: '130102198203040011',
  memberA: '130104197506070012',
  memberB: '130104197708090015',
  red: '130102199002020019',
};
const fixId = (first17: string): string => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i]!, 0) % 11];
const ids = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, fixId(v.slice(0, 17))])) as Record<keyof typeof people, string>;
const ref = (id: string): string => keyedRef(DISTRICT_KEY, 'resident-id', id);

const authority = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
let issuer: { privateJwk: PrivateJwk; publicKey: unknown };
let rogue: { privateJwk: PrivateJwk; publicKey: unknown };
let gate: TestGate;
let browser: Awaited<ReturnType<typeof launchChromium>>;

async function token(typ: TokenTyp, id: string, extra: Record<string, unknown>, by = issuer, iatOffsetS = -600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const t = await issueToken(by.privateJwk, typ === 'gate-hc+jwt' ? 'hc-1' : 'tc-1', typ, {
    iss: 'hebei-health', sub: ref(id), iat: now + iatOffsetS, exp: now + iatOffsetS + 86_400, masked: `${id.slice(0, 4)}**********${id.slice(-4)}`, ...extra,
  });
  if (!t.ok) throw new Error(t.error.message);
  return t.value;
}
const healthCode = (id: string, colour: string) => token('gate-hc+jwt', id, { colour, colourSince: Math.floor(Date.now() / 1000) - 3600 });
const travelCode = (id: string) => token('gate-travel+jwt', id, { visited: [] });

beforeAll(async () => {
  const hc = await generateIssuerKey('hc-1', 'hebei-health', ['gate-hc+jwt', 'gate-travel+jwt']);
  issuer = hc;
  rogue = await generateIssuerKey('hc-1', 'hebei-health', ['gate-hc+jwt', 'gate-travel+jwt']);
  const tc = { ...hc.publicKey, kid: 'tc-1' };
  gate = await startTestGate({
    policy: POLICY,
    lanes: [
      { id: 'in', direction: 'entry' },
      { id: 'out', direction: 'exit' },
    ],
    config: { guards: [{ id: 'g1', pinHash: hashPin(PIN) }], authorityPublicKey: authority.x },
    beforeStart: (file) => {
      const db = openJournalDb(file);
      if (!db.ok) throw new Error(db.error.message);
      const opts = { nowMs: Date.now(), source: 'test' };
      const imports: [Parameters<typeof importRegister>[1], unknown][] = [
        ['district-key', { key: DISTRICT_KEY.toString('hex') }],
        ['residents', [ids.resident, ids.quarantined, ids.red].map((idNumber) => ({ idNumber, household: `h-${idNumber.slice(-4)}` })).concat([ids.memberA, ids.memberB].map((idNumber) => ({ idNumber, household: 'h-shared' })))],
        ['quarantine', [{ idNumber: ids.quarantined, from: new Date(Date.now() - 86_400_000).toISOString(), until: null }]],
        ['issuer-keys', [hc.publicKey, tc]],
      ];
      for (const [kind, json] of imports) {
        const r = importRegister(db.value, kind, json, opts);
        if (!r.ok) throw new Error(`${kind}: ${r.error.map((f) => f.message).join('; ')}`);
      }
      db.value.close();
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gate?.close();
});

async function kiosk(lane: 'in' | 'out') {
  const page = await browser.context.newPage();
  await page.goto(gate.app.host.url.replace('/#', `/?lane=${lane}#`));
  await page.getByTestId('screen-idle').waitFor();
  return page;
}

/** One person at one lane: codes scanned, temperature taken, the verdict read off the page. */
async function passThrough(lane: 'in' | 'out', scans: string[], bodyC = 36.5) {
  const { sims } = gate.laneById(lane);
  const page = await kiosk(lane);
  const before = readDecisions(gate.journalFile).length;
  sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  for (const s of scans) await sims.scanner.scan(s);
  sims.thermometer.setScene({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  const shown = await verdict.getAttribute('data-verdict');
  const text = await verdict.textContent();
  const row = await waitFor('the decision in the journal', () => readDecisions(gate.journalFile)[before]);
  sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
  await page.close();
  await new Promise((r) => setTimeout(r, 2100)); // let the verdict screen time out
  return { shown, text, row };
}

describe('the whole checkpoint, end to end', () => {
  it('admits a resident with a green code (and a clean travel code) at the entry', async () => {
    const r = await passThrough('in', [await healthCode(ids.resident, 'green'), await travelCode(ids.resident)]);
    expect(r.shown).toBe('admit');
    expect(r.row.body.rules.find((x) => x.id === 'scan-code')).toMatchObject({ outcome: 'PASSED', values: { colour: 'green' } });
  });

  it('denies a red code', async () => {
    const r = await passThrough('out', [await healthCode(ids.red, 'red')]);
    expect(r.shown).toBe('deny');
    expect(r.text).toContain('红码');
  });

  it('stops a quarantined resident at the exit lane and admits them at the entry lane', async () => {
    const out = await passThrough('out', [await healthCode(ids.quarantined, 'green')]);
    expect(out.shown).toBe('deny');
    expect(out.row.body.rules.find((x) => x.id === 'key-populations')?.outcome).toBe('FAILED');
    const back = await passThrough('in', [await healthCode(ids.quarantined, 'green'), await travelCode(ids.quarantined)]);
    expect(back.shown).toBe('admit');
  });

  it('lets one member of a household out, and refuses the second by the exit quota', async () => {
    expect((await passThrough('out', [await healthCode(ids.memberA, 'green')])).shown).toBe('admit');
    const second = await passThrough('out', [await healthCode(ids.memberB, 'green')]);
    expect(second.shown).toBe('deny');
    expect(second.row.body.rules.find((x) => x.id === 'minimise-movement')).toMatchObject({ outcome: 'FAILED', values: { used: 1, maxExits: 1 } });
  });

  it('registers a visitor by hand through window.gate, records it sealed to the authority, and decides under the same rules', async () => {
    const page = await kiosk('in');
    const before = readDecisions(gate.journalFile).length;
    const person = { name: '王秀英', phone: '13800138000', destination: '3栋 502', category: 'medical' };
    const guards = await page.evaluate(() => (window as unknown as { gate: GateApi }).gate.invoke('gate:list-guards', {}));
    expect(guards).toEqual({ ok: true, value: { guards: [{ id: 'g1', name: 'g1' }] } });
    const register = (pin: string) => page.evaluate(([p, pin]) => (window as unknown as { gate: GateApi }).gate.invoke('gate:register-person', { lane: 'in', guardId: 'g1', guardPin: pin as string, person: p as never }), [person, pin] as const);
    expect(await register('0000')).toMatchObject({ ok: false, error: { code: 'auth.bad-pin' } });
    // After a wrong PIN this page must wait a moment (its backoff) before the next one is checked.
    let ok = await register(PIN);
    for (const end = Date.now() + 10_000; !ok.ok && ok.error.code === 'auth.backoff' && Date.now() < end; ok = await register(PIN)) await new Promise((r) => setTimeout(r, 100));
    expect(ok).toMatchObject({ ok: true, value: { accepted: true, masked: '王* …8000' } });
    gate.laneById('in').sims.thermometer.setScene({ objectC: 36.4 - OFFSET_C, ambientC: 24.5 });
    await page.getByTestId('verdict').waitFor({ timeout: 15_000 });
    const row = await waitFor('the visitor decision', () => readDecisions(gate.journalFile)[before]);
    const body = row.body as typeof row.body & { registration: { sealedId: string; fields: string[]; category: string; by: string } };
    expect(body.subject).toEqual({ kind: 'manual', masked: '王* …8000' });
    expect(body.registration).toMatchObject({ fields: ['name', 'phone', 'destination'], category: 'medical', by: 'g1' });
    // The gate holds the record only sealed: the authority's key opens it, and the plain text is nowhere in the file.
    const db = new Database(gate.journalFile, { readonly: true });
    const sealed = db.prepare('SELECT id, enc, ciphertext FROM sealed_registrations WHERE id = ?').get(body.registration.sealedId) as { id: string; enc: Uint8Array; ciphertext: Uint8Array };
    db.close();
    const opened = await openRegistration(x25519PrivateJwk.parse(authority), sealed);
    expect(opened).toMatchObject({ ok: true, value: { name: '王秀英', phone: '13800138000', destination: '3栋 502' } });
    gate.laneById('in').sims.thermometer.setScene({ objectC: 25, ambientC: 24.5 });
    await page.close();
    await new Promise((r) => setTimeout(r, 2100));
  });

  it.each([
    ['an expired code', 'credential.expired', '已过期', () => token('gate-hc+jwt', ids.resident, { colour: 'green', colourSince: Math.floor(Date.now() / 1000) - 200_000 }, issuer, -190_000)],
    ['a code from an unknown issuer', 'credential.unknown-issuer', '来源无法识别', async () => (await healthCode(ids.resident, 'green')).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'nobody', typ: 'gate-hc+jwt' })).toString('base64url'))],
    ['a code forged with a key the registers do not hold', 'credential.bad-signature', '无效', () => token('gate-hc+jwt', ids.resident, { colour: 'green', colourSince: Math.floor(Date.now() / 1000) - 3600 }, rogue)],
  ])('refuses %s with clear words on screen', async (_what, code, words, make) => {
    const page = await kiosk('in');
    await gate.laneById('in').sims.scanner.scan(await make());
    // The previous case's refusal may still be on screen: wait for this scan's own notice.
    const notice = page.locator(`[data-testid="scan-notice"][data-code="${code}"]`);
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent()).toContain(words);
    await page.close();
  });
});

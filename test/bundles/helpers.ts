/**
 * Shared by the bundle tests: a real journal in a temp folder with the BundleStore over it (the same
 * PolicyStore, notice catalogue — the test notice in the data folder — and SqliteRegisters the gate builds), signing keys made with `generateKeyPairSync('ed25519')`,
 * and bundles made with `signBundle`. A district key is "sealed" in a test-only encoding the stub opener
 * decodes (the key bytes as base64url ciphertext; the real HPKE is main/bundles/district-key-seal.ts).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { signBundle } from '../../main/bundles/jws.js';
import { catalogueInForce } from '../../main/bundles/notices.js';
import type { DistrictKeyOpener } from '../../main/bundles/rotation.js';
import { BundleStore } from '../../main/bundles/store.js';
import { openJournalDb } from '../../main/journal/db.js';
import { attempt } from '../../main/journal/errors.js';
import { policyChangeWriter } from '../../main/journal/policy-changes.js';
import { logger, type Log } from '../../main/log.js';
import { PolicyStore, type PolicyChange } from '../../main/policy/store.js';
import { keyFingerprint } from '../../main/registers/district-key-file.js';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import type { BundleClaims } from '../../src/bundles/envelope.js';
import type { BundleKind, KeyScope } from '../../src/bundles/kinds.js';
import type { BundlesConfig } from '../../src/config/bundles.js';
import { err, failure, ok } from '../../src/result.js';
import { installTestNotice } from '../fixtures/notices.js';
import { tempDir } from '../journal/helpers.js';

export const GATE_ID = 'gate-7';
/** The stub opener's gate key thumbprint (43 base64url characters). */
export const TEST_GATE_KEY = 'T'.repeat(43);
export const ISSUED = '2026-11-22T08:00:00+08:00';

export interface Signer {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly config: BundlesConfig['keys'][number];
}

export function signer(kid: string, kinds: readonly KeyScope[]): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = String(publicKey.export({ format: 'jwk' }).x);
  return { kid, privateKey, config: { kid, publicKey: x, kinds: [...kinds] } };
}

/** A signed bundle of `kind` at `version` with `body` (and `extra` claims: hashedUnder, gate). */
export function bundle(by: Signer, kind: BundleKind, version: number, body: unknown, extra: Partial<BundleClaims> = {}): string {
  return signBundle({ format: 'gate.bundle/1', kind, version, issuedAt: ISSUED, body, ...extra }, by.kid, by.privateKey);
}

/** The test-only sealing the stub opener undoes. */
export const testSeal = (key: Uint8Array, gateKey = TEST_GATE_KEY): { gateKey: string; enc: string; ciphertext: string } => ({
  gateKey,
  enc: 'AAAA',
  ciphertext: Buffer.from(key).toString('base64url'),
});

export const stubOpener: DistrictKeyOpener = (sealed) =>
  Promise.resolve(
    sealed.gateKey !== TEST_GATE_KEY
      ? err(failure('bundle.not-for-this-gate', `sealed to gate key ${sealed.gateKey}`))
      : sealed.enc !== 'AAAA'
        ? err(failure('bundle.unsealable', 'the sealed key does not open'))
        : ok(new Uint8Array(Buffer.from(sealed.ciphertext, 'base64url'))),
  );

/** A rotation bundle: `key` sealed to this gate with residents and quarantine lists hashed under it. */
export function rotation(by: Signer, version: number, key: Uint8Array, lists: { residents: string; quarantine: string }, gate = GATE_ID): string {
  return bundle(by, 'district-key', version, { sealedKey: testSeal(key), ...lists }, { gate });
}

export const fingerprintOf = keyFingerprint;

export interface Fixture {
  readonly dir: string;
  readonly file: string;
  readonly policyFile: string;
  readonly db: Database.Database;
  readonly policies: PolicyStore;
  readonly registers: SqliteRegisters;
  readonly store: BundleStore;
  events(kind?: string): { kind: string; detail: Record<string, unknown> }[];
  /** A new gate over the same folder (a restart): new connections, PolicyStore and store, the start policy applied. Close only the last. */
  restart(over?: Partial<FixtureOptions>): Fixture;
  close(): void;
}

export interface FixtureOptions {
  readonly keys: readonly Signer[];
  readonly policyFile?: 'allowed' | 'forbidden';
  /** The policy file's document; default the test checks policy. */
  readonly policy: Record<string, unknown>;
  readonly gateId?: string;
  /** Where the store logs; default a test logger. */
  readonly log?: Log;
}

export function fixture(opts: FixtureOptions, dir = tempDir()): Fixture {
  const file = join(dir.dir, 'journal.sqlite');
  const policyFile = join(dir.dir, 'policy.json');
  if (!opened.has(dir.dir)) {
    writeFileSync(policyFile, JSON.stringify(opts.policy));
    installTestNotice(dir.dir);
  }
  opened.add(dir.dir);
  const db = openJournalDb(file);
  if (!db.ok) throw new Error(db.error.message);
  const journal = { recordPolicyChange: (c: PolicyChange) => attempt(() => db.value.transaction(policyChangeWriter(db.value)).immediate(c)) };
  // As the gate reads it (main/gate/records.ts): the shipped notices and the notices bundle in force, else the data folder's.
  const notices = catalogueInForce(db.value, dir.dir, opts.log);
  if (!notices.ok) throw new Error(notices.error.message);
  const policies = new PolicyStore(journal, logger('test:policy'), join(dir.dir, 'policy.last-good.json'), notices.value.catalogue);
  const registers = SqliteRegisters.open(file);
  if (!registers.ok) throw new Error(registers.error.message);
  const config = {
    bundles: { keys: opts.keys.map((k) => k.config), pullEveryMs: 300_000, policyFile: opts.policyFile ?? 'allowed' },
    uplink: { gateId: opts.gateId ?? GATE_ID },
  } as const;
  const store = BundleStore.open({ db: db.value, policies, shippedNotices: notices.value.shipped, registers: registers.value, config, openDistrictKey: stubOpener, log: opts.log ?? logger('test:bundles') });
  const started = store.ok ? store.value.startPolicy(policyFile) : undefined;
  if (!store.ok || started?.ok !== true) {
    registers.value.close();
    db.value.close();
    throw new Error(!store.ok ? store.error.message : (started?.ok === false ? started.error : []).map((f) => f.message).join('; '));
  }
  const self: Fixture = {
    dir: dir.dir,
    file,
    policyFile,
    db: db.value,
    policies,
    registers: registers.value,
    store: store.value,
    events: (kind) =>
      (db.value.prepare('SELECT kind, detail FROM events ORDER BY id').all() as { kind: string; detail: string }[])
        .map((e) => ({ kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown> }))
        .filter((e) => kind === undefined || e.kind === kind),
    restart: (over) => {
      registers.value.close();
      db.value.close();
      return fixture({ ...opts, ...over }, dir);
    },
    close: () => {
      if (db.value.open) {
        registers.value.close();
        db.value.close();
      }
      opened.delete(dir.dir);
      dir.remove();
    },
  };
  return self;
}

/** Folders whose policy file was written already (a restart keeps the file as the test left it). */
const opened = new Set<string>();

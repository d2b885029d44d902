/**
 * A `district-key` bundle (src/bundles/district-key.ts): the new district key, sealed to this gate, with the
 * residents and quarantine lists hashed under it. Checked in this order, stopping at the first failure:
 *
 * 1. the body's shape                                                → bundle.body-invalid
 * 2. the `gate` claim is this gate's id (config `uplink.gateId`)      → bundle.not-for-this-gate
 * 3. the sealed key opens for this gate (HPKE, the opener)           → bundle.not-for-this-gate | bundle.unsealable
 * 4. each inner bundle reads like any bundle (jws.ts codes), is of its kind (bundle.body-invalid), passes the
 *    version rule (bundle.rollback), is hashed under the NEW key (bundle.wrong-district-key) and its body
 *    checks (bundle.body-invalid)
 *
 * The result is up to three changes committed in one transaction (changes.ts): the key (its file written
 * before, its fingerprint committed inside), and the lists.
 */
import type { SealedKey } from '../../src/bundles/district-key.js';
import { districtKeyBody } from '../../src/bundles/district-key.js';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { keyFingerprint } from '../registers/district-key-file.js';
import { districtKeyChange } from '../registers/prepare.js';
import { writeRegister } from '../registers/write.js';
import { bundleRow, registerChange } from './bodies.js';
import type { Change } from './changes.js';
import type { InForceRow } from './in-force.js';
import { readBundle, type TrustedKey, type VerifiedBundle } from './jws.js';
import { versionCheck } from './versions.js';
import { openDistrictKey } from './district-key-seal.js';
import type { GateKey } from './gate-key.js';

/**
 * Opens a sealed district key for this gate: the 32 key bytes, or a failure (`bundle.not-for-this-gate`
 * when it is sealed to another gate key, `bundle.unsealable` when it does not open). `gate` is the bundle's
 * `gate` claim, the HPKE AAD.
 */
export type DistrictKeyOpener = (sealed: SealedKey, gate: string) => Promise<Result<Uint8Array, Failure>>;

/** Opens the district keys sealed to `key`, this gate's own (main/bundles/gate-key.ts). */
export const districtKeyOpener =
  (key: GateKey): DistrictKeyOpener =>
  (sealed, gate) =>
    openDistrictKey(sealed, key.secretJwk, gate);

export interface RotationContext {
  readonly keys: readonly TrustedKey[];
  readonly inForce: ReadonlyMap<BundleKind, InForceRow>;
  /** This gate's id; undefined when none is configured (every district-key bundle is then not for it). */
  readonly gateId: string | undefined;
  readonly open: DistrictKeyOpener;
  /** The district key in force now. */
  readonly currentKey: Uint8Array | undefined;
  readonly source: string;
  readonly nowMs: number;
}

export async function rotationChanges(bundle: VerifiedBundle, ctx: RotationContext): Promise<Result<Change[], Failure>> {
  const body = districtKeyBody.safeParse(bundle.claims.body);
  if (!body.success) return err(failure('bundle.body-invalid', `district-key body: ${issueLines(body.error, '(body)').join('; ')}`));
  const gate = bundle.claims.gate ?? '';
  if (ctx.gateId === undefined || gate !== ctx.gateId) {
    return err(failure('bundle.not-for-this-gate', `sealed for gate "${gate}", and this gate is ${ctx.gateId === undefined ? 'unnamed (no uplink.gateId)' : `"${ctx.gateId}"`}`));
  }
  const opened = await ctx.open(body.data.sealedKey, gate);
  if (!opened.ok) return err(opened.error.code === 'bundle.not-for-this-gate' ? opened.error : failure('bundle.unsealable', opened.error.message));
  if (opened.value.length !== 32) return err(failure('bundle.unsealable', `the sealed key is ${opened.value.length} bytes, not 32`));
  const key = opened.value;
  const changes: Change[] = [];
  const keyChange = districtKeyChange(key, ctx.currentKey);
  changes.push({ kind: 'district-key', row: bundleRow(bundle, ctx.source, ctx.nowMs), before: (dir) => keyChange.before?.(dir) ?? ok(undefined), write: (db) => void writeRegister(db, keyChange) });
  for (const kind of ['residents', 'quarantine'] as const) {
    const inner = innerChange(kind, body.data[kind], key, ctx);
    if (!inner.ok) return inner;
    if (inner.value !== undefined) changes.push(inner.value);
  }
  return ok(changes);
}

/** One inner list: undefined when it is the very bundle in force already (and so hashed under this key). */
function innerChange(kind: 'residents' | 'quarantine', text: string, key: Uint8Array, ctx: RotationContext): Result<Change | undefined, Failure> {
  const where = (f: Failure): Failure => failure(f.code, `the ${kind} bundle inside: ${f.message}`);
  const read = readBundle(text, ctx.keys);
  if (!read.ok) return err(where(read.error));
  if (read.value.claims.kind !== kind) return err(failure('bundle.body-invalid', `district-key body: ${kind}: holds a ${read.value.claims.kind} bundle`));
  const version = versionCheck(ctx.inForce.get(kind), read.value);
  if (!version.ok) return err(where(version.error));
  if (version.value === 'unchanged') {
    return read.value.claims.hashedUnder === keyFingerprint(key) ? ok(undefined) : err(where(failure('bundle.wrong-district-key', `in force already, hashed under ${read.value.claims.hashedUnder ?? 'no key'}, not the new key ${keyFingerprint(key)}`)));
  }
  const change = registerChange(read.value, kind, key, ctx.source, ctx.nowMs);
  return change.ok ? change : err(where(change.error));
}

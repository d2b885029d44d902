/**
 * The guard registers a person by hand: the lane for people without a smartphone or a readable card.
 * Logged like the automatic lane: the person gets a credential (matched against the registers by the
 * same keyed hash as their ID card), what the policy asks to be recorded is sealed to the health
 * authority, and the session decides under the same rules.
 */
import { randomUUID } from 'node:crypto';
import type { ManualEntry } from '../../../src/ipc/contract.js';
import type { Credential, RegistrationEvidence, RegistrationField } from '../../../src/domain.js';
import { keyedCredential, type ScanKeys } from '../../../src/identity/classify.js';
import { maskResidentId, normaliseResidentId } from '../../../src/identity/resident-id.js';
import { err, failure, ok } from '../../../src/result.js';
import type { GuardAuth } from '../../auth/guards.js';
import type { Lane } from '../../lane/lane.js';
import type { RegistrationSealer } from '../../lane/ports.js';
import type { Handler } from '../router.js';

export const channel = 'gate:register-person';

export interface RegisterPersonDeps {
  readonly lanes: ReadonlyMap<string, Lane>;
  readonly guards: GuardAuth;
  readonly keys: () => ScanKeys;
  readonly sealer: RegistrationSealer;
  readonly clock: () => number;
}

function credentialOf(person: ManualEntry, keys: ScanKeys): Credential | undefined {
  if (person.idNumber !== undefined) {
    const id = normaliseResidentId(person.idNumber);
    return id === undefined ? undefined : keyedCredential(keys, 'manual', maskResidentId(id), 'resident-id', id);
  }
  const name = person.name.normalize('NFC');
  return keyedCredential(keys, 'manual', `${[...name][0] ?? ''}* …${person.phone.slice(-4)}`, 'manual', `${name}|${person.phone}`);
}

function fieldsOf(person: ManualEntry): RegistrationField[] {
  const fields: RegistrationField[] = ['name', 'phone', 'destination'];
  if (person.idNumber !== undefined) fields.push('id-number');
  if (person.purpose !== undefined) fields.push('purpose');
  return fields;
}

export const registerPerson =
  (deps: RegisterPersonDeps): Handler<typeof channel> =>
  async ({ lane, guardId, guardPin, person }, caller) => {
    const target = deps.lanes.get(lane);
    if (target === undefined) return err(failure('ipc.unknown-lane', `no lane "${lane}"`));
    const guard = await deps.guards.verify(guardId, guardPin, caller.connection);
    if (!guard.ok) return guard;
    const credential = credentialOf(person, deps.keys());
    if (credential === undefined) return err(failure('registration.bad-id-number', 'idNumber: the check digit or birth date is wrong', 'person.idNumber'));
    const at = new Date(deps.clock()).toISOString();
    const sealedId = randomUUID();
    const sealed = await deps.sealer.seal(sealedId, { ...person, at, lane, registeredBy: guard.value.guardId });
    if (!sealed.ok) return sealed;
    const registration: RegistrationEvidence = { fields: fieldsOf(person), category: person.category, sealedId, by: guard.value.guardId };
    return ok({ accepted: target.registerPerson(credential, registration), masked: credential.masked });
  };

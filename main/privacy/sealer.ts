import type { Failure, Result } from '../../src/result.js';
import { err, failure, ok } from '../../src/result.js';
import type { SealedRegistrationRow } from '../journal/journal.js';
import type { RegistrationSealer } from '../lane/ports.js';
import { type AuthorityPublicKey, sealRegistration } from './seal.js';

/** Where sealed blobs go: the journal (`Journal.sealRegistration`). */
export interface SealedStore {
  sealRegistration(row: SealedRegistrationRow): Result<void, Failure>;
}


/**
 * Seals each registration record to the authority and stores only the sealed form, before it returns.
 * Without an authority key (config `authorityPublicKey` unset) every seal fails with
 * `seal.no-authority-key`: a registration is refused rather than kept in the clear.
 */
export function registrationSealer(deps: { readonly key: AuthorityPublicKey | undefined; readonly store: SealedStore; readonly clock: () => number }): RegistrationSealer {
  return {
    seal: async (sealedId, record) => {
      if (deps.key === undefined) return err(failure('seal.no-authority-key', 'no authorityPublicKey configured: registrations cannot be sealed'));
      const sealed = await sealRegistration(deps.key, record, sealedId);
      if (!sealed.ok) return sealed;
      const stored = deps.store.sealRegistration({ ...sealed.value, at: new Date(deps.clock()).toISOString() });
      return stored.ok ? ok(undefined) : stored;
    },
  };
}

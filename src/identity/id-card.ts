/**
 * A resident ID card's text block (read by a SAM reader, docs/devices.md) as a credential. Keyed exactly as a
 * typed or scanned ID number (classify.ts): masked number, `resident-id` ref over the normalised number, so a
 * card and a typed number of the same person match the same register entry. The card's text goes no further
 * than this function: not kept, not logged, not returned.
 */
import type { Credential } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { residentIdCredential, type ScanKeys } from './classify.js';
import { normaliseResidentId } from './resident-id.js';

export type IdCardFailureCode = 'id-card.bad-number';

/**
 * What this function reads of a card: the drivers' `IdCardText` (drivers/reader/reader.ts) has these fields
 * and more (src/ may not import drivers/, so the shape is stated here).
 */
export interface IdCardIdentity {
  readonly cardType: 'resident' | 'foreign-permanent' | 'hmt-permit';
  readonly idNumber: string;
}

export function credentialOfIdCard(card: IdCardIdentity, keys: ScanKeys): Result<Credential, Failure<IdCardFailureCode>> {
  const id = normaliseResidentId(card.idNumber);
  if (id === undefined) return err(failure('id-card.bad-number', 'the card’s ID number has a wrong check digit, birth date or form'));
  return ok(residentIdCredential(keys, id));
}

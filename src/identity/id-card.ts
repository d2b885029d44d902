/**
 * Turns a resident ID card's text block, as a SAM reader read it (drivers/id-card/sam/, docs/devices/sam.md),
 * into a credential, and its printed validity into the session's document evidence. Never throws.
 * The card's text never leaves this function: only the masked number, the keyed ref and the last valid day.
 * The name, address, photo and the rest are neither returned nor kept.
 */
import type { Credential, IdentityDocument } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { keyedCredential, type ScanKeys } from './classify.js';
import { maskResidentId, normaliseResidentId } from './resident-id.js';

/**
 * What is read off a card here: a structural subset of drivers/reader/reader.ts `IdCardText` (src/ cannot
 * import drivers/), so the driver's card is passed as it is.
 */
export interface IdCardFields {
  readonly cardType: 'resident' | 'foreign-permanent' | 'hmt-permit';
  readonly idNumber: string;
  /** `YYYYMMDD`, or `长期` (long-term). */
  readonly validTo: string;
}

export type IdCardFailureCode = 'id-card.bad-number' | 'id-card.unsupported-number' | 'id-card.bad-validity';

/** A card's credential and the validity the identity rule records. */
export interface IdentifiedCard {
  readonly credential: Credential;
  readonly document: IdentityDocument;
}

/**
 * The card's credential: kind `resident-id`, keyed exactly as a scanned ID number is (src/identity/classify.ts,
 * namespace `resident-id`), so registers match a person whichever way they identified. Resident cards and
 * Hong Kong/Macau/Taiwan residence permits carry an 18-character GB 11643 number; a foreign permanent
 * residence card does since its 2023 version (an 18-character number in the same scheme) — the earlier
 * 15-character permit numbers are refused as `id-card.unsupported-number` [uncertain: docs/devices/sam.md §3].
 */
export function credentialOfIdCard(card: IdCardFields, keys: ScanKeys): Result<Credential, Failure<IdCardFailureCode>> {
  const id = normaliseResidentId(card.idNumber);
  if (id === undefined) {
    return card.cardType === 'foreign-permanent' && !/^[0-9]{17}[0-9Xx]$/.test(card.idNumber.trim())
      ? err(failure('id-card.unsupported-number', 'a foreign permanent residence card with a permit number that is not an 18-character ID number'))
      : err(failure('id-card.bad-number', 'the card’s ID number has a wrong check digit or birth date'));
  }
  return ok(keyedCredential(keys, 'resident-id', maskResidentId(id), 'resident-id', id));
}

/** The card's last valid day as the evidence holds it: `YYYYMMDD` → `YYYY-MM-DD` (a real date), `长期` → `long-term`. */
export function validityOfIdCard(card: Pick<IdCardFields, 'validTo'>): Result<IdentityDocument, Failure<IdCardFailureCode>> {
  const to = card.validTo.trim();
  if (to === '长期') return ok({ validTo: 'long-term' });
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(to);
  const day = m === null ? undefined : `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}`;
  if (day === undefined || Number.isNaN(Date.parse(day)) || new Date(Date.parse(day)).toISOString().slice(0, 10) !== day) {
    return err(failure('id-card.bad-validity', 'the card’s last valid day is neither a date (YYYYMMDD) nor 长期'));
  }
  return ok({ validTo: day });
}

/** Both: what the lane feeds the session as `{type: 'identity', credential, document}`. */
export function identifyIdCard(card: IdCardFields, keys: ScanKeys): Result<IdentifiedCard, Failure<IdCardFailureCode>> {
  const credential = credentialOfIdCard(card, keys);
  if (!credential.ok) return credential;
  const document = validityOfIdCard(card);
  return document.ok ? ok({ credential: credential.value, document: document.value }) : document;
}

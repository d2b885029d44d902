import type { ClockReading, IdentityDocument, JsonValue } from '../../domain.js';
import { refusalWords } from '../../credentials/refusal.js';
import type { RuleOf } from '../schema.js';
import { utcDate, type Evaluation, type RuleInput } from './evaluation.js';

/**
 * Whether the document had expired at the decision: its last valid day is before the clock's UTC date.
 * `unknown` while the clock is untrusted (a dead RTC would make every card look valid, or expired). A card's
 * date is a local one, so near midnight the UTC date lags China's by up to 8 hours: the card counts as valid
 * for those hours more, never less.
 */
function expiredAt(document: IdentityDocument, clock: ClockReading): boolean | 'unknown' {
  if (document.validTo === 'long-term') return false;
  if (!clock.trusted) return 'unknown';
  return document.validTo < utcDate(clock.now);
}

/**
 * Identity: a refused resident pass fails; otherwise the credential's kind must be one the rule accepts.
 * The document the identity was read from, when it has a validity, is recorded (`document: {validTo, expired}`);
 * with `expiredDocuments: refuse` an expired one FAILS, and one whose expiry cannot be told (untrusted clock)
 * is MISSING_EVIDENCE with the policy's `clock.onUntrusted` effect, as every time-dependent rule is.
 */
export function evaluateIdentity(rule: RuleOf<'identity'>, { evidence, clock, onUntrustedClock }: RuleInput): Evaluation {
  const accepted = [...rule.params.accept];
  const refused = evidence.refusedPass;
  if (refused !== undefined) return { outcome: 'FAILED', values: { credential: 'qr-pass', refused: refused.refusal, reason: refusalWords(refused.refusal), accepted } };
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted } };
  const document = evidence.document;
  const expired = document === undefined ? undefined : expiredAt(document, clock);
  const values: { [k: string]: JsonValue } = {
    credential: id.kind,
    accepted,
    ...(document === undefined || expired === undefined ? {} : { document: { validTo: document.validTo, expired } }),
  };
  if (!accepted.includes(id.kind)) return { outcome: 'FAILED', values };
  if (rule.params.expiredDocuments === 'refuse' && expired === true) return { outcome: 'FAILED', values: { ...values, expiredDocuments: 'refuse' } };
  if (rule.params.expiredDocuments === 'refuse' && expired === 'unknown') {
    return { outcome: 'MISSING_EVIDENCE', values: { ...values, expiredDocuments: 'refuse', clock: 'untrusted' }, effect: onUntrustedClock };
  }
  return { outcome: 'PASSED', values };
}

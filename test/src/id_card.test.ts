/** credentialOfIdCard: a card's number identifies exactly as the same number typed or scanned does. */
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../src/identity/classify.js';
import { credentialOfIdCard } from '../../src/identity/id-card.js';
import { mod112CheckChar } from '../../src/identity/resident-id.js';

const keys = { hmacKey: new Uint8Array(32).fill(9), refKey: 'district' as const };

describe('credentialOfIdCard', () => {
  it('masks and keys the number as a scanned one, so both match the same register entry', () => {
    for (const id of ['11010519491231002X', '11010519491231002x', '440524188001010014']) {
      const fromCard = credentialOfIdCard({ cardType: 'resident', idNumber: id }, keys);
      const typed = classifyScan(id, keys);
      expect(fromCard).toEqual(typed);
      expect(fromCard).toMatchObject({ ok: true, value: { kind: 'resident-id', refKey: 'district' } });
    }
  });

  it('refuses a number with a wrong check digit, an impossible birth date or the wrong form, by code', () => {
    const month13 = '11010519491331002';
    for (const id of ['110105194912310021', month13 + (mod112CheckChar(month13) ?? ''), '11010519491231002', '', 'H0123456789']) {
      const r = credentialOfIdCard({ cardType: 'hmt-permit', idNumber: id }, keys);
      expect(r.ok ? 'identified' : r.error.code, id).toBe('id-card.bad-number');
    }
  });
});

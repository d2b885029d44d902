import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IdCardText } from '../../drivers/reader/reader.js';
import { classifyScan } from '../../src/identity/classify.js';
import { SAMPLE_CARD } from '../fixtures/id-card.js';
import { credentialOfIdCard, identifyIdCard, validityOfIdCard, type IdCardFields } from '../../src/identity/id-card.js';

const keys = { hmacKey: new Uint8Array(32).fill(7), refKey: 'district' as const };
const card: IdCardText = { ...SAMPLE_CARD, validTo: '20300101' };

describe('a resident ID card as a credential', () => {
  it('takes the driver’s card as it is (IdCardText fits IdCardFields)', () => {
    expectTypeOf<IdCardText>().toMatchTypeOf<IdCardFields>();
  });

  it('is keyed exactly as the same number scanned, masked, and carries nothing else of the card', () => {
    const scanned = classifyScan('11010519491231002X', keys);
    const read = credentialOfIdCard(card, keys);
    expect(read).toEqual(scanned);
    expect(read).toMatchObject({ ok: true, value: { kind: 'resident-id', masked: '1101**********002X', refKey: 'district' } });
    const text = JSON.stringify(identifyIdCard(card, keys));
    for (const secret of [card.name, card.address, card.idNumber, card.authority, card.birth]) expect(text).not.toContain(secret);
  });

  it('accepts a lowercase x and a Hong Kong/Macau/Taiwan permit’s 18-digit number', () => {
    expect(credentialOfIdCard({ ...card, idNumber: '11010519491231002x' }, keys)).toEqual(credentialOfIdCard(card, keys));
    const permit = credentialOfIdCard({ ...card, cardType: 'hmt-permit', idNumber: '440524188001010014' }, keys);
    expect(permit.ok && permit.value.masked).toBe('4405**********0014');
  });

  it('refuses a number with a wrong check digit, and an old foreign permit number it cannot key', () => {
    expect(credentialOfIdCard({ ...card, idNumber: '110105194912310021' }, keys)).toMatchObject({ ok: false, error: { code: 'id-card.bad-number' } });
    expect(credentialOfIdCard({ ...card, idNumber: '' }, keys)).toMatchObject({ ok: false, error: { code: 'id-card.bad-number' } });
    expect(credentialOfIdCard({ ...card, cardType: 'foreign-permanent', idNumber: 'USA110080101012' }, keys)).toMatchObject({ ok: false, error: { code: 'id-card.unsupported-number' } });
    const failed = credentialOfIdCard({ ...card, idNumber: '110105194912310021' }, keys);
    expect(failed.ok ? '' : failed.error.message).not.toContain('110105');
  });
});

describe('a resident ID card’s validity', () => {
  it('turns YYYYMMDD into YYYY-MM-DD and 长期 into long-term', () => {
    expect(validityOfIdCard({ validTo: '20300101' })).toEqual({ ok: true, value: { validTo: '2030-01-01' } });
    expect(validityOfIdCard({ validTo: '长期' })).toEqual({ ok: true, value: { validTo: 'long-term' } });
    expect(validityOfIdCard({ validTo: '20240229' })).toEqual({ ok: true, value: { validTo: '2024-02-29' } });
  });

  it('refuses a day that does not exist or is no date', () => {
    for (const validTo of ['20230229', '20231301', '2030010', '', 'long-term', '２０３００１０１']) {
      expect(validityOfIdCard({ validTo }), validTo).toMatchObject({ ok: false, error: { code: 'id-card.bad-validity' } });
    }
  });

  it('gives the lane both: the credential and the document', () => {
    expect(identifyIdCard({ ...card, validTo: '长期' }, keys)).toMatchObject({ ok: true, value: { credential: { kind: 'resident-id' }, document: { validTo: 'long-term' } } });
    expect(identifyIdCard({ ...card, validTo: 'x' }, keys)).toMatchObject({ ok: false, error: { code: 'id-card.bad-validity' } });
    expect(identifyIdCard({ ...card, idNumber: '1' }, keys)).toMatchObject({ ok: false, error: { code: 'id-card.bad-number' } });
  });
});

/** Debug-log redaction: no ID number, valid or misread, survives it; shorter codes stay readable. */
import { expect, it } from 'vitest';
import { redactIdNumbers } from '../../src/identity/redact.js';

it('masks every run of 15 or more digits (with a trailing X) and leaves shorter ones', () => {
  expect(redactIdNumbers('11010519491231002X')).toBe('1101**********002X');
  expect(redactIdNumbers(']Q111010519491231002x\u001d')).toBe(']Q1110***********002x\u001d'); // the AIM prefix's 1 joins the run
  expect(redactIdNumbers('ID:110105194912310037;')).toBe('ID:1101**********0037;'); // a wrong check digit too
  expect(redactIdNumbers('old 110105491231002 card')).toBe('old 1101*******1002 card');
  expect(redactIdNumbers('badge 0012345678, pass 12345678901234')).toBe('badge 0012345678, pass 12345678901234');
  const long = '1'.repeat(40);
  expect(redactIdNumbers(long)).toBe(`1111${'*'.repeat(32)}1111`);
  expect(redactIdNumbers(`${long}X${long}`)).not.toMatch(/[0-9]{17}/);
});

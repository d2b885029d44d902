import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRelayCommand, encodeRelayCommand } from '../../drivers/relay/lcus/codec.js';
import { hex, toHex } from './support.js';

describe('LCUS relay codec', () => {
  it('matches the published commands (docs/devices.md §5.1)', () => {
    expect(toHex(encodeRelayCommand({ channel: 1, on: true }))).toBe('A0 01 01 A2');
    expect(toHex(encodeRelayCommand({ channel: 1, on: false }))).toBe('A0 01 00 A1');
    expect(toHex(encodeRelayCommand({ channel: 2, on: true }))).toBe('A0 02 01 A3');
    expect(toHex(encodeRelayCommand({ channel: 2, on: false }))).toBe('A0 02 00 A2');
  });

  it('refuses channels outside 1…8', () => {
    for (const channel of [0, 9, 1.5, Number.NaN]) expect(() => encodeRelayCommand({ channel, on: true })).toThrow(RangeError);
  });

  it('names each defect', () => {
    expect(decodeRelayCommand(hex('A0 01 01'))).toEqual({ ok: false, error: 'bad-length' });
    expect(decodeRelayCommand(hex('A1 01 01 A3'))).toEqual({ ok: false, error: 'bad-prefix' });
    expect(decodeRelayCommand(hex('A0 09 01 AA'))).toEqual({ ok: false, error: 'bad-channel' });
    expect(decodeRelayCommand(hex('A0 01 02 A3'))).toEqual({ ok: false, error: 'bad-op' });
    expect(decodeRelayCommand(hex('A0 01 01 A3'))).toEqual({ ok: false, error: 'bad-checksum' });
  });

  it('round-trips every command (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.boolean(), (channel, on) => {
        expect(decodeRelayCommand(encodeRelayCommand({ channel, on }))).toEqual({ ok: true, value: { channel, on } });
      }),
      { numRuns: 2000 },
    );
  });
});

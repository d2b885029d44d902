/** Config of the relay's safe state and of device reopening: defaults, ranges named by field, and the channels driven. */
import { describe, expect, it } from 'vitest';
import { relaySafeState } from '../../main/devices.js';
import { parseConfig, type GateConfig } from '../../src/config/schema.js';

const sim = { device: { kind: 'simulated' } };
const withRelay = (relay: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: { ...sim, ...relay } }],
  ...extra,
});
const parsed = (json: unknown): GateConfig => {
  const r = parseConfig(json);
  if (!r.ok) throw new Error(r.error.map((f) => f.message).join('; '));
  return r.value;
};
const messages = (json: unknown): string[] => {
  const r = parseConfig(json);
  return r.ok ? [] : r.error.map((f) => f.message);
};

describe('relay.safeState', () => {
  it('defaults to channel 1 off', () => {
    expect(parsed(withRelay({})).lanes[0]?.relay.safeState).toEqual(['off']);
  });

  it('takes 1 to 8 of off/on and names anything else', () => {
    expect(messages(withRelay({ safeState: ['off', 'on', 'off', 'off', 'off', 'off', 'off', 'on'] }))).toEqual([]);
    for (const bad of [[], ['closed'], Array(9).fill('off'), 'off']) {
      expect(messages(withRelay({ safeState: bad }))).toEqual([expect.stringMatching(/^lanes\.0\.relay\.safeState(\.0)?: /)]);
    }
  });

  it('drives every listed channel, and the gate channel even when it is not listed (then off)', () => {
    const relay = (over: Record<string, unknown>) => parsed(withRelay(over)).lanes[0]!.relay;
    expect(relaySafeState(relay({}))).toEqual([false]);
    expect(relaySafeState(relay({ safeState: ['off', 'on'] }))).toEqual([false, true]);
    expect(relaySafeState(relay({ channel: 3, safeState: ['on'] }))).toEqual([true, false, false]);
  });
});

describe('devices.reopen', () => {
  it('defaults to 250 ms doubling up to 10 s', () => {
    expect(parsed(withRelay({})).devices.reopen).toEqual({ firstDelayMs: 250, maxDelayMs: 10_000 });
  });

  it('names a delay out of range, and a first delay longer than the longest', () => {
    expect(messages(withRelay({}, { devices: { reopen: { firstDelayMs: 10 } } }))).toEqual([expect.stringMatching(/^devices\.reopen\.firstDelayMs: /)]);
    expect(messages(withRelay({}, { devices: { reopen: { maxDelayMs: 600_000 } } }))).toEqual([expect.stringMatching(/^devices\.reopen\.maxDelayMs: /)]);
    expect(messages(withRelay({}, { devices: { reopen: { firstDelayMs: 5000, maxDelayMs: 1000 } } }))).toEqual([
      'devices.reopen.firstDelayMs: must not exceed devices.reopen.maxDelayMs',
    ]);
  });
});

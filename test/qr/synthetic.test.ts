/**
 * Issue 14's dense-code target: every synthetic case (the gate's signed codes from 425 to 1,327 characters, each
 * degradation of bench/qr-degrade.ts) at severity 1 and 2, error-correction level M, is read by the default decoder.
 */
import { describe, expect, it } from 'vitest';
import { benchDecoders } from '../../bench/qr-decoders.js';
import { runSynthetic } from '../../bench/qr-synthetic.js';

describe('synthetic signed codes', () => {
  it('the gate reads every case at severity 1 and 2, EC M, up to 1,300 characters', async () => {
    const results = await runSynthetic([benchDecoders().gate], { ecLevels: ['M'], severities: [1, 2] });
    expect(results.length).toBe(6 * 7 * 2);
    expect(results.filter((r) => !r.correct).map((r) => `${r.code} ${r.degradation}.${r.severity}`)).toEqual([]);
  }, 120_000);
});

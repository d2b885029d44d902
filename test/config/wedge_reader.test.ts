/** The keyboard-wedge reader's config member and the rule that one reader takes the page keyboard. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/schema.js';
import { wedgeReaderConfig } from '../../src/config/readers/wedge.js';
import { WEDGE_DEFAULTS } from '../../src/keyboard/settings.js';

const sim = { device: { kind: 'simulated' } };
const wedge = (more: Record<string, unknown> = {}) => ({ kind: 'scanner', protocol: 'wedge', device: { kind: 'page' }, ...more });
const laneWith = (id: string, readers: unknown[]) => ({ id, direction: 'entry', thermometer: sim, relay: sim, readers });
const messages = (json: unknown): string[] => {
  const r = parseConfig(json);
  return r.ok ? [] : r.error.map((f) => f.message);
};

describe('the wedge reader config', () => {
  it('takes the detector’s defaults', () => {
    const { kind, protocol, device, ...settings } = wedgeReaderConfig.parse(wedge());
    expect([kind, protocol, device]).toEqual(['scanner', 'wedge', { kind: 'page' }]);
    expect(settings).toEqual(WEDGE_DEFAULTS);
  });

  it('is a lane reader beside a line scanner', () => {
    const r = parseConfig({ lanes: [laneWith('l1', [wedge(), { kind: 'scanner', protocol: 'line', ...sim }])] });
    expect(r.ok && r.value.lanes[0]?.readers.map((x) => [x.id, x.protocol])).toEqual([
      ['scanner-1', 'wedge'],
      ['scanner-2', 'line'],
    ]);
  });

  it('names a wrong field', () => {
    expect(messages({ lanes: [laneWith('l1', [wedge({ maxIntervalMs: 5 })])] })).toEqual([expect.stringMatching(/^lanes\.0\.readers\.0\.maxIntervalMs: /)]);
    expect(messages({ lanes: [laneWith('l1', [wedge({ suffixKeys: ['Space'] })])] })).toEqual([expect.stringMatching(/^lanes\.0\.readers\.0\.suffixKeys\.0: /)]);
    expect(messages({ lanes: [laneWith('l1', [wedge({ device: { kind: 'serial' } })])] })).toEqual(['lanes.0.readers.0.device.kind: Invalid input: expected "page"']);
  });

  it('refuses a second reader of the page keyboard, in the same lane or another, by its field', () => {
    expect(messages({ lanes: [laneWith('l1', [wedge()]), laneWith('l2', [wedge()])] })).toEqual([expect.stringMatching(/^lanes\.1\.readers\.0\.device: only one reader can take the page keyboard/)]);
    expect(messages({ lanes: [laneWith('l1', [wedge({ id: 'a' }), wedge({ id: 'b' })])] })).toEqual([expect.stringMatching(/^lanes\.0\.readers\.1\.device: only one/)]);
  });
});

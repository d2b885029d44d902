import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSerialPorts } from '../../drivers/discovery.js';
import { runWithModule } from './support.js';

describe('serial port discovery', () => {
  it('fails with discovery.no-udevadm, without crashing, when udevadm is not on PATH', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'gate-empty-bin-'));
    try {
      const run = await runWithModule(
        'drivers/discovery.ts',
        `console.log(JSON.stringify(await mod.listSerialPorts()));`,
        { ...process.env, PATH: emptyBin },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'discovery.no-udevadm' } });
    } finally {
      rmSync(emptyBin, { recursive: true });
    }
  });

  it('lists ports through udevadm when it is there', async () => {
    const result = await listSerialPorts();
    // CI machines have udev; a machine without it must say so instead of crashing.
    if (!result.ok) expect(result.error.code).toBe('discovery.no-udevadm');
    else for (const port of result.value) expect(port.path).toMatch(/^\/dev\//);
  });
});

/**
 * The real NTP probe (execFile, timeouts, parsing) against stand-in `chronyc` and `timedatectl` scripts on
 * PATH: this machine has neither a chrony daemon nor systemd, so the scripts print what those tools print.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemTimeSyncProbe } from '../../main/clock/ntp-probe.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-ntp-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tool = (name: string, script: string): void => {
  writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, name), 0o755);
};
const probe = (mode: Parameters<typeof systemTimeSyncProbe>[0], timeoutMs = 3000) => systemTimeSyncProbe(mode, { env: { PATH: dir }, timeoutMs }).probe();

const SYNCED = 'A9FEA9FE,169.254.169.254,3,1732262400.123456789,-0.000412345,0.000010,0.000020,-1.234,0.001,0.020,0.001000000,0.000250000,64.2,Normal';
const UNSYNCED = '00000000,,0,0.000000000,0.000000000,0.000000000,0.000000000,0.000,0.000,0.000,1.000000000,1.000000000,0.0,Not synchronised';

describe('systemTimeSyncProbe', () => {
  it('chrony synced: its error bound (|offset| + root delay / 2 + root dispersion) as the offset', async () => {
    tool('chronyc', `[ "$1 $2" = "-c tracking" ] || exit 3\necho '${SYNCED}'`);
    const r = await probe('chrony');
    expect(r.state).toBe('synced');
    if (r.state !== 'synced') return;
    expect(r.source).toBe('ntp:chrony');
    expect(r.offsetMs).toBeCloseTo(0.412345 + 0.5 + 0.25, 6);
  });

  it('chrony not synchronised, timedatectl yes and no', async () => {
    tool('chronyc', `echo '${UNSYNCED}'`);
    expect(await probe('chrony')).toMatchObject({ state: 'unsynced', source: 'ntp:chrony' });
    tool('timedatectl', `[ "$*" = "show -p NTPSynchronized --value" ] || exit 3\necho yes`);
    expect(await probe('timedatectl')).toEqual({ state: 'synced', source: 'ntp:timedatectl', offsetMs: null, detail: { ntpSynchronized: true } });
    tool('timedatectl', 'echo no');
    expect(await probe('timedatectl')).toMatchObject({ state: 'unsynced', source: 'ntp:timedatectl' });
  });

  it('auto: chrony when it answers, else timedatectl; neither installed is "absent", not an error', async () => {
    expect(await probe('auto')).toMatchObject({ state: 'absent', why: 'chronyc is not installed; timedatectl is not installed' });
    tool('timedatectl', 'echo yes');
    expect(await probe('auto')).toMatchObject({ state: 'synced', source: 'ntp:timedatectl' });
    tool('chronyc', `echo '${SYNCED}'`);
    expect(await probe('auto')).toMatchObject({ state: 'synced', source: 'ntp:chrony' });
  });

  it('a tool that fails (no systemd, no daemon), hangs, or says something else is "absent"; off is always absent', async () => {
    tool('timedatectl', 'echo "System has not been booted with systemd as init system (PID 1). Can\'t operate." >&2; exit 1');
    expect(await probe('timedatectl')).toEqual({ state: 'absent', why: 'timedatectl failed: System has not been booted with systemd as init system (PID 1). Can\'t operate.' });
    tool('chronyc', 'exec /bin/sleep 10');
    const started = performance.now();
    expect(await probe('chrony', 300)).toEqual({ state: 'absent', why: 'chronyc did not answer within 300 ms' });
    expect(performance.now() - started).toBeLessThan(3000);
    tool('chronyc', 'echo 506 Cannot talk to daemon');
    expect(await probe('chrony')).toMatchObject({ state: 'absent' });
    expect(await probe('off')).toEqual({ state: 'absent', why: 'clock.ntp is off' });
  });
});

/**
 * The NTP daemon's own view of the clock (config `clock.ntp`), read through its command-line tool with
 * execFile and a timeout; never throws, and a machine without the tool (or without the daemon, or without
 * systemd: a container, a CI runner) is "no source", not an error.
 *
 * - `chrony`: `chronyc -c tracking`. Synced unless its leap status is "Not synchronised"; the offset is
 *   its error bound |system time − NTP time| + root delay / 2 + root dispersion, so the tolerance is
 *   checked against what chrony itself can vouch for.
 * - `timedatectl`: `timedatectl show -p NTPSynchronized --value`: the kernel's synchronised flag, which any
 *   step of the clock clears and the daemon sets again once it disciplines the clock to its server. It
 *   gives no figure (offset null): the tolerance cannot be checked there (docs/bundles.md §Time).
 * - `auto`: chrony when it answers, else timedatectl.
 */
import { execFile } from 'node:child_process';

export type NtpMode = 'auto' | 'timedatectl' | 'chrony' | 'off';

export type TimeSyncReport =
  | { readonly state: 'synced'; readonly source: 'ntp:chrony' | 'ntp:timedatectl'; readonly offsetMs: number | null; readonly detail: Readonly<Record<string, unknown>> }
  | { readonly state: 'unsynced'; readonly source: 'ntp:chrony' | 'ntp:timedatectl'; readonly why: string }
  /** Nothing on this machine reports it (the tool or its daemon missing), or `clock.ntp` is `off`. */
  | { readonly state: 'absent'; readonly why: string };

/** The seam the clock's NTP poller reads (tests pass a double: no chrony on CI). */
export interface TimeSyncProbe {
  probe(): Promise<TimeSyncReport>;
}

export interface ProbeOptions {
  /** Each command's limit. Default 3000 ms. */
  readonly timeoutMs?: number;
  /** The environment the commands run in (PATH finds them). Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

type Ran = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly why: string };

function run(cmd: string, args: readonly string[], opts: ProbeOptions): Promise<Ran> {
  return new Promise((resolve) => {
    try {
      execFile(cmd, args, { timeout: opts.timeoutMs ?? 3000, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 }, (e, stdout, stderr) => {
        if (e === null) return resolve({ ok: true, stdout });
        const code = (e as NodeJS.ErrnoException).code;
        const said = String(stderr).trim().split('\n')[0]?.slice(0, 200) ?? '';
        resolve({ ok: false, why: code === 'ENOENT' ? `${cmd} is not installed` : e.killed ? `${cmd} did not answer within ${opts.timeoutMs ?? 3000} ms` : `${cmd} failed${said === '' ? '' : `: ${said}`}` });
      });
    } catch (e) {
      resolve({ ok: false, why: `${cmd} could not be run: ${(e as Error).message}` });
    }
  });
}

/** `chronyc -c tracking`: one CSV line, see the module comment. */
export function chronyReport(stdout: string): TimeSyncReport {
  const f = stdout.trim().split('\n')[0]?.split(',') ?? [];
  const seconds = (i: number): number => Number(f[i]);
  const [systemTime, rootDelay, rootDispersion] = [seconds(4), seconds(10), seconds(11)];
  const leap = f[13]?.trim();
  if (f.length < 14 || ![systemTime, rootDelay, rootDispersion].every(Number.isFinite)) return { state: 'absent', why: `chronyc tracking said something else: ${stdout.trim().slice(0, 120)}` };
  if (leap === 'Not synchronised') return { state: 'unsynced', source: 'ntp:chrony', why: 'chrony is not synchronised' };
  const boundMs = (Math.abs(systemTime) + rootDelay / 2 + rootDispersion) * 1000;
  return { state: 'synced', source: 'ntp:chrony', offsetMs: boundMs, detail: { reference: f[1] ?? '', stratum: Number(f[2]), systemTimeS: systemTime, rootDelayS: rootDelay, rootDispersionS: rootDispersion, leap } };
}

async function chrony(opts: ProbeOptions): Promise<TimeSyncReport> {
  const r = await run('chronyc', ['-c', 'tracking'], opts);
  return r.ok ? chronyReport(r.stdout) : { state: 'absent', why: r.why };
}

async function timedatectl(opts: ProbeOptions): Promise<TimeSyncReport> {
  const r = await run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], opts);
  if (!r.ok) return { state: 'absent', why: r.why };
  const v = r.stdout.trim();
  if (v === 'yes') return { state: 'synced', source: 'ntp:timedatectl', offsetMs: null, detail: { ntpSynchronized: true } };
  if (v === 'no') return { state: 'unsynced', source: 'ntp:timedatectl', why: 'the kernel says the clock is not synchronised' };
  return { state: 'absent', why: `timedatectl said ${JSON.stringify(v.slice(0, 60))}` };
}

export function systemTimeSyncProbe(mode: NtpMode, opts: ProbeOptions = {}): TimeSyncProbe {
  return {
    probe: async () => {
      if (mode === 'off') return { state: 'absent', why: 'clock.ntp is off' };
      if (mode === 'chrony') return chrony(opts);
      if (mode === 'timedatectl') return timedatectl(opts);
      const c = await chrony(opts);
      if (c.state !== 'absent') return c;
      const t = await timedatectl(opts);
      return t.state === 'absent' ? { state: 'absent', why: `${c.why}; ${t.why}` } : t;
    },
  };
}

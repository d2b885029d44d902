/** host.cold_start: process start → headless host ready to serve (the `kiosk UI:` line), median of runs. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ROOT } from '../main/resources.js';
import { median, msSince, type Emit } from './figure.js';

const RUNS = 7;

function coldStart(dir: string, config: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(APP_ROOT, 'out', 'main', 'cli.js'), 'start', '--headless', '--config', config], {
      env: { ...process.env, GATE_DATA_DIR: dir, GATE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let readyMs: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (readyMs === undefined && out.includes('kiosk UI: http://127.0.0.1:')) {
        readyMs = msSince(start);
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => (readyMs === undefined ? reject(new Error(`gate exited ${code} before it was ready:\n${out}`)) : resolve(readyMs)));
  });
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-bench-host-'));
  const config = join(dir, 'config.json');
  const sim = { device: { kind: 'simulated' } };
  writeFileSync(config, JSON.stringify({ host: { port: 0 }, lanes: [{ id: 'a', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }] }));
  const samples: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) samples.push(await coldStart(join(dir, `data${i}`), config));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  emit({ name: 'host.cold_start', value: median(samples), unit: 'ms', runs: RUNS });
}

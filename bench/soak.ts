/**
 * soak.*: a week at the gate without a restart, in minutes. The real gate core behind the headless host
 * (in-memory devices: ptys cannot carry 100,000 visitors' readings in time), a real SQLite journal, and the
 * real kiosk page connected over the bridge in Chromium. Visitors follow one another as fast as the gate
 * decides; every `PAGE_SYNC` visitors the run waits until the page shows the latest verdict, so the page
 * renders the stream instead of falling behind it.
 *
 * Growth is measured from the end of a warm-up (caches, JIT, the WAL's first cycle) to the end, each side
 * after a full garbage collection: the main process's RSS, the page's JS heap (CDP), this process's open
 * file descriptors (/proc/self/fd). The WAL is sampled throughout; its size at the end and its largest size
 * after the warm-up show whether a checkpoint policy bounds it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { loadConfig } from '../main/config/load.js';
import { randomResidentId } from '../main/demo/visitors.js';
import { startHeadlessApp, type HeadlessApp } from '../main/headless-app.js';
import type { Emit } from './figure.js';
import { collectGarbage } from './gc.js';
import { memoryDevices, type MemoryLane } from './memory-devices.js';

export interface SoakOptions {
  readonly visitors: number;
  /** Visitors before the baseline is taken. */
  readonly warmup: number;
  /** Where the run's temp folder goes (default: the OS temp folder). */
  readonly base?: string;
  readonly progress?: (line: string) => void;
}

export interface SoakResult {
  readonly visitors: number;
  readonly decisions: number;
  readonly seconds: number;
  readonly rssGrowthMB: number;
  readonly heapGrowthMB: number;
  readonly fdGrowth: number;
  /** The WAL at the end, and the largest it was after the warm-up. */
  readonly walMB: number;
  readonly walMaxMB: number;
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
/** Visitors between waits for the page to show the latest verdict. */
const PAGE_SYNC = 200;
/** Visitors between WAL samples. */
const WAL_SAMPLE = 100;
/** One in this many scans is a misread ID (a wrong check digit): refused, a notice on the page, no decision. */
const MISREAD_EVERY = 20;
const DECISION_TIMEOUT_MS = 5_000;
const MB = 1024 * 1024;

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));


const openFds = (): number => readdirSync('/proc/self/fd').length;
const fileMB = (file: string): number => {
  try {
    return statSync(file).size / MB;
  } catch {
    return 0; // no WAL right after a TRUNCATE checkpoint
  }
};

async function pageHeapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize / MB;
}

interface Sample {
  readonly rssMB: number;
  readonly heapMB: number;
  readonly fds: number;
}

async function sample(cdp: CDPSession): Promise<Sample> {
  collectGarbage();
  return { rssMB: process.memoryUsage().rss / MB, heapMB: await pageHeapMB(cdp), fds: openFds() };
}

export async function soak(opts: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(opts.base ?? tmpdir(), 'gate-soak-'));
  let app: HeadlessApp | undefined;
  let browser: Browser | undefined;
  try {
    const sim = { device: { kind: 'simulated' } };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ host: { port: 0 }, lanes: [{ id: 'soak', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }] }));
    const config = loadConfig(join(dir, 'config.json'), { GATE_DATA_DIR: join(dir, 'data') });
    if (!config.ok) throw new Error(JSON.stringify(config.error));
    const mem = memoryDevices();
    const started = await startHeadlessApp(config.value, { openDevices: mem.open });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    app = started.value;
    const { gate, host } = app;
    const lane = gate.lanes.get('soak');
    const devices = mem.lanes.get('soak');
    if (lane === undefined || devices === undefined) throw new Error('soak lane not started');

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByTestId('screen-idle').waitFor();
    const cdp = await page.context().newCDPSession(page);

    const verdicts = verdictWatch(app);
    const visit = visitor(devices, lane);
    const wal = `${gate.journalFile}-wal`;
    let decisions = 0;
    let walMaxMB = 0;
    let baseline: Sample | undefined;
    const t0 = performance.now();
    for (let i = 0; i < opts.visitors; i++) {
      if (i === opts.warmup) baseline = await sample(cdp);
      if (i % MISREAD_EVERY === MISREAD_EVERY - 1) await visit.misread();
      else {
        const decided = verdicts.next();
        await visit.admit();
        await decided;
        decisions++;
      }
      if (i % PAGE_SYNC === PAGE_SYNC - 1) await pageShows(page, verdicts.last());
      if (i >= opts.warmup && i % WAL_SAMPLE === 0) walMaxMB = Math.max(walMaxMB, fileMB(wal));
      if (opts.progress !== undefined && (i + 1) % Math.max(1, Math.floor(opts.visitors / 10)) === 0) {
        opts.progress(`soak: ${i + 1} visitors, ${Math.round((performance.now() - t0) / 1000)} s, rss ${Math.round(process.memoryUsage().rss / MB)} MB, wal ${fileMB(wal).toFixed(2)} MB`);
      }
    }
    await pageShows(page, verdicts.last());
    const end = await sample(cdp);
    const start = baseline ?? end;
    const walMB = fileMB(wal);
    return {
      visitors: opts.visitors,
      decisions,
      seconds: (performance.now() - t0) / 1000,
      rssGrowthMB: end.rssMB - start.rssMB,
      heapGrowthMB: end.heapMB - start.heapMB,
      fdGrowth: end.fds - start.fds,
      walMB,
      walMaxMB: Math.max(walMaxMB, walMB),
    };
  } finally {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves `next()` with the id of the next verdict the gate publishes. */
function verdictWatch(app: HeadlessApp): { next(): Promise<string>; last(): string } {
  let last = '';
  let waiting: ((id: string) => void) | undefined;
  app.gate.onView((v) => {
    const screen = v.lanes[0]?.screen;
    if (screen?.kind !== 'verdict' || screen.decisionId === last) return;
    last = screen.decisionId;
    waiting?.(last);
    waiting = undefined;
  });
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`soak: no verdict within ${DECISION_TIMEOUT_MS} ms`)), DECISION_TIMEOUT_MS);
        waiting = (id) => {
          clearTimeout(timer);
          resolve(id);
        };
      }),
    last: () => last,
  };
}

/** The visitors: each scans an ID, is measured and declares a mask; some IDs are misread. */
function visitor(m: MemoryLane, lane: { declareMask(): unknown }): { admit(): Promise<void>; misread(): Promise<void> } {
  let seed = 42;
  const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const stepUp = (): void => {
    m.objectC = 25; // the last person has left the thermometer
    m.frame();
  };
  return {
    async admit() {
      stepUp();
      m.scan(randomResidentId(rand));
      await turn();
      m.objectC = 36.4;
      m.frame();
      m.frame();
      await turn();
      lane.declareMask();
    },
    async misread() {
      stepUp();
      const id = randomResidentId(rand);
      m.scan(id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
      await turn();
    },
  };
}

/** Waits until the page shows the verdict with this decision id. */
async function pageShows(page: Page, decisionId: string): Promise<void> {
  if (decisionId === '') return;
  await page.locator(`[data-testid="verdict"][data-decision="${decisionId}"]`).waitFor();
}

/**
 * 100,000 visitors; the baseline after 10,000. The journal goes to tmpfs (/dev/shm) where there is one: the
 * soak measures memory, descriptors and the WAL, not fsync, which on a disk would be most of its run time.
 */
export async function run(emit: Emit): Promise<void> {
  const base = process.env['GATE_SOAK_DIR'] || (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  console.error(`soak: journal under ${base}`);
  const r = await soak({ visitors: 100_000, warmup: 10_000, base, progress: (line) => console.error(line) });
  console.error(`soak: ${r.visitors} visitors (${r.decisions} decisions) in ${Math.round(r.seconds)} s; WAL at most ${r.walMaxMB.toFixed(2)} MB after the warm-up`);
  emit({ name: 'soak.rss_growth', value: r.rssGrowthMB, unit: 'MB', runs: r.visitors });
  emit({ name: 'soak.heap_growth', value: r.heapGrowthMB, unit: 'MB', runs: r.visitors });
  emit({ name: 'soak.fd_growth', value: r.fdGrowth, unit: 'count', runs: r.visitors });
  emit({ name: 'soak.wal_size', value: r.walMB, unit: 'MB', runs: r.visitors });
}

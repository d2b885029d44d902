/**
 * qr.heap_growth_10k: the kiosk's decode worker (renderer/qr/decode-worker.ts, bundled by Vite as the renderer
 * build would) in Chromium, its .wasm served from the page's own origin; 10,000 frames decoded; the worker's JS
 * heap (CDP `Runtime.getHeapUsage` after `HeapProfiler.collectGarbage`, in the worker's own target) at the end
 * minus after a 500-frame warm-up.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession } from 'playwright-core';
import { build } from 'vite';
import type { Emit } from './figure.js';
import { signedCodes } from './qr-codes.js';
import { cameraFrames } from './qr-frames.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const MB = 1024 * 1024;

/**
 * The kiosk's CSP, sent as a response header on every file (a dedicated worker is governed by the header its
 * script is served with, not by the page's): scripts and the worker from this origin only, and
 * `'wasm-unsafe-eval'`, without which ZXing-C++ cannot compile.
 */
export const KIOSK_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

const PAGE = `<!doctype html><meta charset="utf-8">
<script type="module" src="./page.js"></script>`;

/**
 * The page: a worker, frames fetched from this origin, and \`window.decodeFrames(n)\`: n frames in turn, how many
 * were read, and the first round's outcomes (the text read, or the failure's code).
 */
const PAGE_JS = `
const worker = new Worker('./decode-worker.js', { type: 'module' });
const pending = new Map();
let nextId = 0;
let ready;
const readyP = new Promise((r) => (ready = r));
const answer = (id, outcome) => { pending.get(id)(outcome); pending.delete(id); };
worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'error' && m.id !== undefined) answer(m.id, { ok: false, error: { code: m.code, message: m.message } });
  else if (m.type === 'ready' || m.type === 'error') ready(m);
  else if (m.type === 'result') answer(m.id, m.outcome);
};
worker.postMessage({ type: 'init', wasmUrl: './zxing_reader.wasm' });
const meta = await (await fetch('./frames.json')).json();
const frames = await Promise.all(meta.map(async (f, i) => ({ ...f, data: await (await fetch('./frame' + i + '.bin')).arrayBuffer() })));
window.workerReady = readyP;
window.decodeFrames = async (n) => {
  let read = 0;
  const firstRound = [];
  for (let i = 0; i < n; i++) {
    const f = frames[i % frames.length];
    const id = nextId++;
    const outcome = await new Promise((r) => { pending.set(id, r); worker.postMessage({ type: 'decode', id, width: f.width, height: f.height, data: f.data.slice(0) }); });
    if (outcome.ok) read++;
    if (i < frames.length) firstRound.push(outcome.ok ? outcome.text : outcome.error.code);
  }
  return { read, firstRound };
};
window.pageReady = true;
`;

export interface Decoded {
  readonly read: number;
  /** Per frame of the first round: the text read, or the failure's code. */
  readonly firstRound: readonly string[];
}

export interface WorkerRun {
  readonly url: string;
  /** The worker's answer to `init`: `ready`, or the error's code and message. */
  readonly ready: { readonly type: string; readonly code?: string; readonly message?: string };
  /** `n` frames decoded one after another, the page's frames in turn. */
  decode(n: number): Promise<Decoded>;
  /** The worker's used JS heap after a full GC (MB). */
  heapMB(): Promise<number>;
  close(): Promise<void>;
}

/** Bundles the worker, serves it on 127.0.0.1 (port 0) with its .wasm and `frames`, and opens it in Chromium. */
export async function startWorkerPage(frames: readonly { width: number; height: number; data: Uint8ClampedArray }[], csp = KIOSK_CSP): Promise<WorkerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-qr-worker-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      lib: { entry: resolve('renderer/qr/decode-worker.ts'), formats: ['es'], fileName: () => 'decode-worker.js' },
      minify: false,
    },
  });
  copyFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'), join(dir, 'zxing_reader.wasm'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'page.js'), PAGE_JS);
  writeFileSync(join(dir, 'frames.json'), JSON.stringify(frames.map((f) => ({ width: f.width, height: f.height }))));
  frames.forEach((f, i) => writeFileSync(join(dir, `frame${i}.bin`), f.data));
  const types: Record<string, string> = { html: 'text/html', js: 'text/javascript', wasm: 'application/wasm', json: 'application/json', bin: 'application/octet-stream' };
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') || 'index.html';
    if (name === 'favicon.ico') return void res.writeHead(204).end();
    if (!/^[a-z0-9_.-]+$/i.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': types[name.split('.').pop() ?? ''] ?? 'application/octet-stream', 'content-security-policy': csp, connection: 'close' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = await browser.newPage();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workerSession = attachToWorker(cdp);
  page.on('console', (m) => console.error(`page: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { pageReady?: boolean }).pageReady === true);
  const ready = await page.evaluate(() => (globalThis as unknown as { workerReady: Promise<WorkerRun['ready']> }).workerReady);
  const session = await workerSession;
  return {
    url,
    ready,
    decode: (n) => page.evaluate((count) => (globalThis as unknown as { decodeFrames(n: number): Promise<Decoded> }).decodeFrames(count), n),
    heapMB: async () => {
      await session.send('HeapProfiler.collectGarbage');
      const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
      return usage.usedSize / MB;
    },
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CDP commands to the page's dedicated worker, through the page's session (Target.sendMessageToTarget). */
interface WorkerSession {
  send(method: string, params?: object): Promise<unknown>;
}

function attachToWorker(cdp: CDPSession): Promise<WorkerSession> {
  return new Promise((resolveSession) => {
    let nextId = 1;
    const waiting = new Map<number, (v: unknown) => void>();
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (m.id !== undefined) waiting.get(m.id)?.(m.error === undefined ? m.result : Promise.reject(new Error(m.error.message)));
    });
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type !== 'worker') return;
      resolveSession({
        send: (method, params = {}) =>
          new Promise((r) => {
            const id = nextId++;
            waiting.set(id, r);
            void cdp.send('Target.sendMessageToTarget', { sessionId: e.sessionId, message: JSON.stringify({ id, method, params }) });
          }),
      });
    });
    void cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  });
}

export async function heapFigure(emit: Emit, frames = 10_000, warmup = 500): Promise<void> {
  const hc = (await signedCodes()).find((c) => c.name.startsWith('hc-'));
  const run = await startWorkerPage(cameraFrames(640, 480, 8, hc?.text ?? 'health code'));
  try {
    if (run.ready.type !== 'ready') throw new Error(`decode worker did not start: ${run.ready.message ?? run.ready.type}`);
    await run.decode(warmup);
    const before = await run.heapMB();
    const start = Date.now();
    const { read } = await run.decode(frames);
    const after = await run.heapMB();
    console.error(`qr heap: worker heap ${before.toFixed(2)} MB after ${warmup} frames, ${after.toFixed(2)} MB after ${frames} more (${read} read) in ${((Date.now() - start) / 1000).toFixed(0)} s`);
    emit({ name: 'qr.heap_growth_10k', value: after - before, unit: 'MB', runs: frames });
  } finally {
    await run.close();
  }
}

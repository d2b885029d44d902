/**
 * Drives the built kiosk screen (out/renderer) in Debian's Chromium with a fake `window.gate`: the test
 * pushes view snapshots into the page and reads back what the page invoked.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../harness/browser.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface Invocation {
  readonly channel: string;
  readonly input: unknown;
}

/** What the init script leaves on `window` for the test to drive. */
interface FakeGateHandle {
  push(view: unknown): void;
  readonly invocations: Invocation[];
}
type TestWindow = Window & { __fakeGate: FakeGateHandle };

/** Runs in the page before its own scripts: a `window.gate` serving whatever view the test pushed last. */
function installFakeGate(): void {
  const listeners = new Set<(view: unknown) => void>();
  const invocations: Invocation[] = [];
  let current: unknown;
  const handle: FakeGateHandle = {
    invocations,
    push(view) {
      current = view;
      for (const l of listeners) l(view);
    },
  };
  Object.assign(window, {
    __fakeGate: handle,
    gate: {
      invoke(channel: string, input: unknown) {
        invocations.push({ channel, input });
        if (channel === 'gate:get-view') {
          return Promise.resolve(current === undefined ? { ok: false, error: { code: 'ipc.transport', message: 'no view yet' } } : { ok: true, value: current });
        }
        return Promise.resolve({ ok: true, value: { accepted: true } });
      },
      on(_channel: string, listener: (view: unknown) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  });
}

/** A static server for out/renderer on 127.0.0.1, port chosen by the OS. */
async function serveRenderer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const rel = normalize(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
    const file = join(RENDERER_DIR, rel);
    if (!file.startsWith(RENDERER_DIR + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

export interface Kiosk {
  readonly url: string;
  /** Opens the screen at this size, with the fake gate installed and page errors collected. */
  open(opts?: { search?: string; width?: number; height?: number }): Promise<KioskPage>;
  close(): Promise<void>;
}

export interface KioskPage {
  readonly page: Page;
  readonly errors: string[];
  push(view: unknown): Promise<void>;
  invocations(): Promise<Invocation[]>;
  /** Resolves after two animation frames: whatever the last push caused has been rendered by then. */
  settle(): Promise<void>;
  /** Saves a screenshot when GATE_SCREENSHOT_DIR is set (for looking at the screens by eye). */
  shot(name: string): Promise<void>;
}

/** `env`: the browser's environment, as for `launchChromium`. */
export async function startKiosk(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<Kiosk> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`no built renderer at ${RENDERER_DIR}: run npx vite build`);
  const { server, url } = await serveRenderer();
  const browser = await launchChromium(opts);
  const context = browser.context;
  await context.addInitScript(installFakeGate);
  const shots = process.env['GATE_SCREENSHOT_DIR'];
  return {
    url,
    async open({ search = '', width = 1280, height = 800 } = {}) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.setViewportSize({ width, height });
      await page.goto(url + search);
      return {
        page,
        errors,
        push: (view) => page.evaluate((v) => (window as unknown as TestWindow).__fakeGate.push(v), view),
        invocations: () => page.evaluate(() => [...(window as unknown as TestWindow).__fakeGate.invocations]),
        settle: () => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))),
        async shot(name) {
          if (shots !== undefined) await page.screenshot({ path: join(shots, `${name}.png`) });
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

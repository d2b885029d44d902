/**
 * The kiosk page against a real gate process that dies, stops and comes back (issue 9 §1): the page says
 * "out of service" within 2 s of losing its bridge — a SIGSTOPped gate as much as a SIGKILLed one — and once a
 * gate serves again on the same data folder and port, the same page (never navigated) is live again and shows
 * the next visitor's verdict. Pages without the pairing secret, or from another Origin, never get in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../harness/browser.js';
import { CLI, pairingSecretOf, spawnGate, writeGateConfig, type ChildGate } from '../harness/child-gate.js';
import { OFFSET_C } from '../harness/gate.js';
import { DEMO_POLICY_FILE } from '../fixtures/policy.js';

/** The page must say so within this long of losing the gate. */
const OUT_OF_SERVICE_WITHIN_MS = 2000;
const sim = { device: { kind: 'simulated' } };

const dir = mkdtempSync(join(tmpdir(), 'gate-reconnect-'));
let configFile: string;
let gate: ChildGate | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let url: string;

/** The config, with the port the first start was given once it is known (a restart must reuse it). */
function writeConfig(port: number): string {
  return writeGateConfig(dir, JSON.parse(readFileSync(DEMO_POLICY_FILE, 'utf8')), {
    host: { port },
    // A long verdict, so the gate is killed while one is on screen; demo visitors keep coming.
    session: { stepTimeoutMs: 8000, sessionTimeoutMs: 20_000, verdictDisplayMs: 20_000 },
    lanes: [{ id: 'l1', direction: 'entry', thermometer: { ...sim, offsetC: OFFSET_C, queryHz: 9 }, scanner: sim, relay: sim }],
    demo: { enabled: true, intervalMs: 300 },
  });
}

/** Epoch ms (the page's clock, the same machine's) at which each screen first appeared, by test id and code. */
async function recordScreens(p: Page): Promise<void> {
  await p.evaluate(() => {
    const seen: Record<string, number> = {};
    const w = window as unknown as { screensSeen: Record<string, number>; navigatedAway: boolean };
    w.screensSeen = seen;
    w.navigatedAway = false; // a reload or navigation would drop this marker
    const note = (): void => {
      const main = document.querySelector('main[data-testid]');
      if (main === null) return;
      const key = `${main.getAttribute('data-testid') ?? ''}:${main.getAttribute('data-code') ?? main.getAttribute('data-decision') ?? ''}`;
      seen[key] ??= Date.now();
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
    note();
  });
}

const screensSeen = (): Promise<Record<string, number>> => page.evaluate(() => (window as unknown as { screensSeen: Record<string, number> }).screensSeen);

/** The decision id of the verdict on screen now, once there is one. */
async function verdictOnScreen(timeoutMs: number): Promise<string> {
  const verdict = page.locator('main[data-testid="verdict"]');
  await verdict.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await verdict.getAttribute('data-decision')) ?? '';
}

/** When the out-of-service screen for a lost bridge first appeared, waiting for it. */
async function bridgeLostAt(): Promise<number> {
  await page.locator('main[data-testid="screen-out-of-service"][data-code="bridge.lost"]').waitFor({ state: 'visible', timeout: 10_000 });
  const at = (await screensSeen())['screen-out-of-service:bridge.lost'];
  if (at === undefined) throw new Error('the out-of-service screen was not recorded');
  return at;
}

beforeAll(async () => {
  gate = spawnGate(writeConfig(0));
  url = await gate.url();
  configFile = writeConfig(Number(new URL(url).port));
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(url);
  await recordScreens(page);
}, 60_000);

afterAll(async () => {
  await browser.close();
  await gate?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('a stopped gate (SIGSTOP) is out of service on the page within 2 s, and live again when it continues', { timeout: 60_000 }, async () => {
  const g = gate;
  if (g === undefined) throw new Error('no gate');
  await verdictOnScreen(30_000);
  const stoppedAt = Date.now();
  process.kill(g.pid, 'SIGSTOP');
  try {
    expect((await bridgeLostAt()) - stoppedAt).toBeLessThan(OUT_OF_SERVICE_WITHIN_MS);
  } finally {
    process.kill(g.pid, 'SIGCONT');
  }
  await verdictOnScreen(30_000);
});

it('a killed gate mid-verdict is out of service within 2 s; restarted, the same page shows the next visitor', { timeout: 90_000 }, async () => {
  const before = await verdictOnScreen(30_000);
  await page.evaluate(() => {
    const seen = (window as unknown as { screensSeen: Record<string, number> }).screensSeen;
    for (const key of Object.keys(seen)) Reflect.deleteProperty(seen, key); // the observer keeps this object
  });
  const killedAt = Date.now();
  await gate?.kill9();
  expect((await bridgeLostAt()) - killedAt).toBeLessThan(OUT_OF_SERVICE_WITHIN_MS);
  // Never the previous person's verdict while the gate is gone.
  expect(await page.locator(`[data-decision="${before}"]`).count()).toBe(0);

  gate = spawnGate(configFile);
  expect(await gate.url()).toBe(url); // the port and the pairing outlived the restart
  const printed = spawnSync(process.execPath, [CLI, 'pair', '--config', configFile], { encoding: 'utf8', env: { ...process.env, GATE_DATA_DIR: '' } });
  expect(printed.stdout).toBe(`kiosk UI: ${url}\n`); // what a kiosk launcher would be given
  const next = await verdictOnScreen(45_000);
  expect(next).not.toBe(before);
  // Not even for a moment when the link came back: the dead gate's last snapshot is forgotten with the link.
  expect(Object.keys(await screensSeen())).not.toContain(`verdict:${before}`);
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => (window as unknown as { navigatedAway: boolean }).navigatedAway)).toBe(false);
});

it('a page without the secret, or on another Origin with it, never reaches the gate', { timeout: 30_000 }, async () => {
  const bare = await browser.context.newPage();
  await bare.goto(url.split('#')[0] ?? url);
  await bare.locator('main[data-testid="screen-out-of-service"][data-code="bridge.lost"]').waitFor({ state: 'visible', timeout: 10_000 });
  await bare.close();

  // Another program's page on loopback, holding the secret: the Origin is not the gate's.
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const other = await browser.context.newPage();
    await other.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const outcome = await other.evaluate(
      ({ ws, secret }) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(ws, ['gate.v1', `token.${secret}`]);
          s.onopen = () => resolve('open');
          s.onclose = () => resolve('closed');
        }),
      { ws: `ws://${new URL(url).host}/ipc`, secret: pairingSecretOf(url) },
    );
    expect(outcome).toBe('closed');
    await other.close();
  } finally {
    server.closeAllConnections(); // the browser keeps its connection alive
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});


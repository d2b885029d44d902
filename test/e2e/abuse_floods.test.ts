/**
 * Issue 9 §2 on the real gate process: floods cost bounded calls, log lines and journal rows.
 * - Many connections flooding the bridge (valid calls, bad inputs, malformed frames) get no more than the
 *   shared budget admitted; sockets past the cap are refused; unauthenticated upgrades are refused with
 *   summarised log lines.
 * - 20 MB on one line to a scanner pty (the 5,121 fsynced events) is one journaled event; thousands of
 *   bad lines after it cost a few rows and lines plus one count per kind; the next good scan still works.
 * The figures are printed as `{"figure": …}` lines for the closing note.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { BRIDGE_LIMITS } from '../../main/host/admission.js';
import { BRIDGE_LOG_SUMMARY } from '../../main/host/bridge.js';
import { NOTICE_SUMMARY } from '../../main/lane/lane.js';
import { JOURNAL_FILE } from '../../main/journal/file.js';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
import { demoPolicyOnly } from '../fixtures/policy.js';
import { connectViews, pairingSecretOf, spawnGate, writeGateConfig, type ChildGate, type LogLine, type ViewClient } from '../harness/child-gate.js';
import { OFFSET_C, waitFor } from '../harness/gate.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';

const RESIDENT_ID = '11010519491231002X';
const SOCKETS = 40;
const FLOOD_MS = 3000;

const dir = mkdtempSync(join(tmpdir(), 'gate-floods-'));
const links = deviceLinkDir();
const scannerDevice = PluggableDevice.in(links.dir, 'scanner', (p) => LineScannerSimulator.open(p));
let gate: ChildGate;
let views: ViewClient;
let kiosk: URL;

beforeAll(async () => {
  await scannerDevice.plug();
  const simulated = { device: { kind: 'simulated' } };
  const configFile = writeGateConfig(dir, demoPolicyOnly(['identity', 'temperature']), {
    lanes: [{ id: 'gate-1', direction: 'entry', thermometer: { ...simulated, offsetC: OFFSET_C, queryHz: 9 }, scanner: { device: { kind: 'serial', path: scannerDevice.hostPath } }, relay: simulated }],
  });
  gate = spawnGate(configFile, { GATE_LOG_LEVEL: 'info' });
  kiosk = new URL(await gate.url());
  views = await connectViews(kiosk.href);
}, 60_000);

afterAll(async () => {
  views.close();
  await gate.stop();
  await scannerDevice.close();
  await links.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a bridge connection; resolves with the socket, or with the refusal's HTTP status. */
function open(protocols = [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + pairingSecretOf(kiosk.href)]): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${kiosk.host}/ipc`, protocols, { origin: kiosk.origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

const logsSince = (from: number): LogLine[] => gate.logs.slice(from);

describe('a flood of the bridge from many connections', () => {
  it('admits no more than the shared budget, caps the sockets, and writes a bounded number of log lines', { timeout: 60_000 }, async () => {
    const logFrom = gate.logs.length;
    const opened = await Promise.all(Array.from({ length: SOCKETS }, () => open()));
    const sockets = opened.filter((s): s is WebSocket => typeof s !== 'number');
    // One socket of the cap is the view client's.
    expect(sockets).toHaveLength(BRIDGE_LIMITS.maxConnections - 1);
    expect(opened.filter((s) => s === 503)).toHaveLength(SOCKETS - sockets.length);

    const replies = { admitted: 0, limited: 0 };
    for (const ws of sockets)
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as { t: string; result?: { ok: boolean; error?: { code: string } } };
        if (m.t !== 'result') return;
        if (m.result?.error?.code === 'ipc.rate-limited') replies.limited++;
        else replies.admitted++;
      });
    const frames = [
      JSON.stringify({ t: 'invoke', id: 1, channel: 'gate:get-view', input: {} }),
      JSON.stringify({ t: 'invoke', id: 2, channel: 'gate:declare-mask', input: { lane: 'NOT A LANE' } }),
      JSON.stringify({ t: 'invoke', id: 3, channel: 'gate:open-relay', input: {} }),
      'not json',
    ];
    const start = Date.now();
    let sent = 0;
    while (Date.now() - start < FLOOD_MS) {
      for (const ws of sockets) for (const f of frames) ws.send(f);
      sent += sockets.length * frames.length;
      await new Promise((r) => setTimeout(r, 5));
    }
    // Unauthenticated upgrades meanwhile: refused, and their log lines summarised too.
    const refusals = await Promise.all(Array.from({ length: 300 }, () => open([WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}wrong`])));
    expect(refusals.every((s) => s === 403)).toBe(true);
    const floodSeconds = (Date.now() - start) / 1000;
    // Every frame but the malformed one is answered, admitted or not.
    await waitFor('every reply', () => replies.admitted + replies.limited === (sent * 3) / 4, 30_000);
    for (const ws of sockets) ws.close();

    const linesDuringFlood = logsSince(logFrom).length;
    // Admitted: at most the shared budget in each one-second window the flood touched (3 of 4 frames get a reply).
    const admittedPerSecond = replies.admitted / floodSeconds;
    expect(replies.admitted).toBeLessThanOrEqual(BRIDGE_LIMITS.totalPerSecond * (Math.ceil(floodSeconds) + 1));
    expect(replies.admitted).toBeGreaterThan(0);
    expect(replies.limited).toBeGreaterThan(replies.admitted);
    // Lines: each kind (refused busy, refused token, malformed, bad input, unknown channel) at most `burst` per window.
    const kinds = 5;
    const windows = Math.ceil(floodSeconds / (BRIDGE_LOG_SUMMARY.windowMs / 1000)) + 1;
    expect(linesDuringFlood).toBeLessThanOrEqual(kinds * (BRIDGE_LOG_SUMMARY.burst + 1) * windows + 5);
    // What was not written is counted: one line per kind when its window closes.
    await waitFor('the suppressed count of malformed frames', () => logsSince(logFrom).some((l) => l.msg === 'ipc: log lines suppressed' && l['event'] === 'ipc: malformed message dropped'), 20_000);
    console.log(JSON.stringify({ figure: 'flood.bridge', sockets: SOCKETS, openSockets: sockets.length, sent, seconds: Number(floodSeconds.toFixed(1)), admittedPerSecond: Math.round(admittedPerSecond), limited: replies.limited, refusedUpgrades: SOCKETS - sockets.length + refusals.length, logLines: linesDuringFlood }));
    // Once the flooders are gone, a connection is served again.
    let again = await open();
    for (const end = Date.now() + 5000; again === 503 && Date.now() < end; again = await open()) await new Promise((r) => setTimeout(r, 50));
    expect(again).toBeInstanceOf(WebSocket);
    if (again instanceof WebSocket) again.close();
  });
});

describe('a flood on a scanner port', () => {
  it('costs one event for 20 MB on one line, bounded rows and lines for thousands of bad lines, and the next scan works', { timeout: 120_000 }, async () => {
    const logFrom = gate.logs.length;
    const rejected = (): number => views.latest()?.lanes[0]?.counters.scansRejected ?? 0;
    const before = rejected();
    await scannerDevice.sim.injectRaw(new Uint8Array(20 * 1024 * 1024).fill(0x41));
    await scannerDevice.sim.injectRaw(Uint8Array.of(0x0d));
    await waitFor('the 20 MB line to be rejected', () => rejected() === before + 1, 60_000);
    const BAD_LINES = 3000;
    const bad = new Uint8Array(BAD_LINES * 2);
    for (let i = 0; i < BAD_LINES; i++) bad.set([0xff, 0x0d], i * 2);
    await scannerDevice.sim.injectRaw(bad);
    await waitFor('every bad line to be counted', () => rejected() === before + 1 + BAD_LINES, 30_000);
    await scannerDevice.sim.scan(RESIDENT_ID);
    await waitFor('the next good scan to open a session', () => views.latest()?.lanes[0]?.screen.kind === 'collecting', 10_000);
    const lines = logsSince(logFrom).filter((l) => l.msg === 'scan rejected' || l.msg === 'notices suppressed');
    // Journaled so far: the overlong line and `burst` bad-utf8 lines; the rest are counted for the window's one row.
    const journal = new Database(join(dir, 'data', JOURNAL_FILE), { readonly: true, fileMustExist: true });
    const rows = journal.prepare("SELECT kind, detail FROM events WHERE kind IN ('scan.rejected', 'events.suppressed') ORDER BY id").all() as { kind: string; detail: string }[];
    journal.close();
    const codes = rows.map((r) => `${r.kind} ${(JSON.parse(r.detail) as { code: string }).code}`);
    expect(codes.filter((c) => c === 'scan.rejected overlong')).toHaveLength(1);
    expect(codes.filter((c) => c === 'scan.rejected bad-utf8')).toHaveLength(NOTICE_SUMMARY.burst);
    expect(rows.length).toBeLessThanOrEqual(1 + NOTICE_SUMMARY.burst + 1);
    expect(lines.length).toBeLessThanOrEqual(1 + NOTICE_SUMMARY.burst + 1);
    console.log(JSON.stringify({ figure: 'flood.scanner', bytes: 20 * 1024 * 1024, badLines: BAD_LINES, journalRows: rows.length, logLines: lines.length }));
  });

  it('journals the count of what it did not, once its window closes or the gate stops', { timeout: 30_000 }, async () => {
    await gate.stop();
    const journal = new Database(join(dir, 'data', JOURNAL_FILE), { readonly: true, fileMustExist: true });
    const suppressed = journal.prepare("SELECT detail FROM events WHERE kind = 'events.suppressed'").all() as { detail: string }[];
    journal.close();
    expect(suppressed.map((r) => JSON.parse(r.detail) as unknown)).toContainEqual({ lane: 'gate-1', kind: 'scan.rejected', code: 'bad-utf8', count: 3000 - NOTICE_SUMMARY.burst, windowMs: NOTICE_SUMMARY.windowMs });
  });
});

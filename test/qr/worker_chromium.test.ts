/**
 * The kiosk's QR decode worker (renderer/qr/decode-worker.ts, bundled by Vite) in real Chromium: a real worker, the
 * real ZXing-C++ .wasm fetched from the page's own origin, under the kiosk's CSP. Frames with a health code are
 * read, empty ones are not; the same worker under a CSP without 'wasm-unsafe-eval' refuses to start instead of
 * quietly running on its zxing-js fallback.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedCodes } from '../../bench/qr-codes.js';
import { cameraFrames } from '../../bench/qr-frames.js';
import { KIOSK_CSP, startWorkerPage, type WorkerRun } from '../../bench/qr-heap.js';
import type { Rgba } from '../../bench/qr-images.js';
import { CHROMIUM } from '../harness/browser.js';

let text = '';
let frames: Rgba[] = [];
let run: WorkerRun | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does)`);
  text = (await signedCodes()).find((c) => c.name.startsWith('hc-'))?.text ?? '';
  // Even frames hold the code (tilted, then glare), odd ones are the camera's empty view.
  frames = cameraFrames(640, 480, 4, text);
});

afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('QR decode worker in Chromium', () => {
  it('starts under the kiosk CSP and reads the frames that hold a code, in the worker', async () => {
    run = await startWorkerPage(frames);
    expect(run.ready).toEqual({ type: 'ready' });
    const { read, firstRound } = await run.decode(8);
    expect(firstRound).toEqual([text, 'qr.not-found', text, 'qr.not-found']);
    expect(read).toBe(4);
  }, 60_000);

  it("refuses to start when the CSP lacks 'wasm-unsafe-eval' (ZXing-C++ cannot compile)", async () => {
    run = await startWorkerPage(frames, KIOSK_CSP.replace(" 'wasm-unsafe-eval'", ''));
    expect(run.ready.type === 'error' ? run.ready.code : run.ready.type).toBe('qr.wasm-load-failed');
    expect((await run.decode(1)).firstRound).toEqual(['qr.not-ready']);
  }, 60_000);
});

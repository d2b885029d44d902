/**
 * The kiosk's QR decoding worker (the camera screen of a later issue posts frames here). Runs the gate's default
 * decoder (src/qr/gate-decoder.ts) off the UI thread.
 *
 * Protocol (one zod schema below):
 * - `{type: "init", wasmUrl}` once: the zxing-wasm reader's `.wasm`, fetched from this page's own origin (a URL
 *   of another origin is refused: the kiosk is offline and must never reach a CDN). Answers `{type: "ready"}`
 *   or `{type: "error", code, message}` (`qr.wasm-load-failed` also when the module does not instantiate). The
 *   worker script's own CSP (the response header it is served with) needs `'wasm-unsafe-eval'` in `script-src`.
 * - `{type: "decode", id, width, height, data, pixels?, budgetMs?}`: `data` an ArrayBuffer of RGBA (or luminance)
 *   pixels. Answers `{type: "result", id, outcome}` with the decoder's DecodeOutcome; never throws.
 */
import { z } from 'zod';
import type { DecodeOutcome, QrDecoder } from '../../src/qr/decoder.js';
import { defaultGateDecoder } from '../../src/qr/gate-decoder.js';

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), wasmUrl: z.string().min(1) }),
  z.object({
    type: z.literal('decode'),
    id: z.number().int(),
    width: z.number(),
    height: z.number(),
    data: z.instanceof(ArrayBuffer),
    pixels: z.enum(['rgba', 'luminance']).optional(),
    budgetMs: z.number().positive().optional(),
  }),
]);

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'error'; readonly code: 'qr.worker-bad-message' | 'qr.wasm-load-failed'; readonly message: string }
  /** A decode request before a successful init: answered with its id, so no caller waits forever. */
  | { readonly type: 'error'; readonly code: 'qr.not-ready'; readonly id: number; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly outcome: DecodeOutcome };

const reply = (message: WorkerReply): void => (globalThis as unknown as { postMessage(m: WorkerReply): void }).postMessage(message);

let decoder: QrDecoder | undefined;

async function init(wasmUrl: string): Promise<WorkerReply> {
  const url = new URL(wasmUrl, globalThis.location.href);
  if (url.origin !== globalThis.location.origin) return { type: 'error', code: 'qr.wasm-load-failed', message: `refusing ${url.origin}: the .wasm is served from this origin only` };
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { type: 'error', code: 'qr.wasm-load-failed', message: `${url.pathname}: HTTP ${response.status}` };
    const gate = defaultGateDecoder(await response.arrayBuffer());
    const loadError = await gate.loaded;
    if (loadError !== undefined) return { type: 'error', code: 'qr.wasm-load-failed', message: `zxing-wasm did not instantiate (the CSP needs 'wasm-unsafe-eval'): ${loadError}` };
    decoder = gate;
    return { type: 'ready' };
  } catch (e) {
    return { type: 'error', code: 'qr.wasm-load-failed', message: e instanceof Error ? e.message : String(e) };
  }
}

globalThis.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = requestSchema.safeParse(event.data);
  if (!parsed.success) {
    reply({ type: 'error', code: 'qr.worker-bad-message', message: parsed.error.issues[0]?.message ?? 'invalid message' });
    return;
  }
  const request = parsed.data;
  if (request.type === 'init') {
    void init(request.wasmUrl).then(reply);
    return;
  }
  if (decoder === undefined) {
    reply({ type: 'error', code: 'qr.not-ready', id: request.id, message: 'decode before a successful init' });
    return;
  }
  const image = { width: request.width, height: request.height, data: new Uint8ClampedArray(request.data), pixels: request.pixels ?? 'rgba' };
  void decoder.decode(image, request.budgetMs === undefined ? {} : { budgetMs: request.budgetMs }).then((outcome) => reply({ type: 'result', id: request.id, outcome }));
});

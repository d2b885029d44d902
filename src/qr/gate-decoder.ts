/**
 * "gate", the product's default QR decoder: ZXing-C++ (zxing-wasm, gate profile) first; when it finds nothing,
 * @zxing/library's binarizers with what is left of the frame's budget. README.md "QR decoding" gives the figures
 * behind this choice.
 */
import { monotonicMs, type Clock, type DecodeOptions, type DecodeOutcome, type QrDecoder } from './decoder.js';
import type { QrImage } from './image.js';
import { zxingPipelineDecoder, type ZxingJsStrategy } from './zxing-js.js';
import { zxingWasmDecoder, type WasmDecoder } from './zxing-wasm.js';

/** Default time per frame (ms): a 640×480 frame with no code in it costs about this much. */
export const GATE_BUDGET_MS = 60;

/**
 * The zxing-js strategies the gate falls back on: the binarizers ZXing-C++ lacks (local hybrid blocks, one global
 * histogram threshold, at full and half size). ZXing-C++ already tries rotation, inversion and downscaling
 * itself; on the corpus the other strategies added no read behind it and cost time on every frame without a code.
 */
export const GATE_FALLBACK_STRATEGIES: readonly ZxingJsStrategy[] = ['hybrid', 'downscale', 'global-histogram'];

/**
 * The product's default decoder, built from the reader's `.wasm` bytes (our own file, never a CDN). `loaded` says
 * whether ZXing-C++ instantiated: without it the gate would quietly run on its fallback alone.
 */
export function defaultGateDecoder(wasmBinary: ArrayBuffer | Uint8Array): QrDecoder & Pick<WasmDecoder, 'loaded'> {
  const wasm = zxingWasmDecoder(wasmBinary, 'gate');
  return { ...gateDecoder(wasm, zxingPipelineDecoder({ strategies: GATE_FALLBACK_STRATEGIES })), loaded: wasm.loaded };
}

export function gateDecoder(primary: QrDecoder, fallback: QrDecoder, clock: Clock = monotonicMs): QrDecoder {
  return {
    name: 'gate',
    async decode(image: QrImage, options?: DecodeOptions): Promise<DecodeOutcome> {
      const start = clock();
      const budget = options?.budgetMs ?? GATE_BUDGET_MS;
      const first = await primary.decode(image, { budgetMs: budget });
      // Nothing found, or ZXing-C++ broken (its module did not load): the fallback tries. An ambiguous frame stays
      // refused, whatever the fallback would pick; a bad image is bad for both.
      if (first.ok || first.error.code === 'qr.ambiguous' || first.error.code === 'qr.bad-image') return { ...first, ms: clock() - start };
      const left = budget - (clock() - start);
      if (left <= 0) return { ...first, ms: clock() - start };
      const second = await fallback.decode(image, { budgetMs: left });
      return second.ok ? { ...second, strategy: `fallback.${second.strategy}`, ms: clock() - start } : { ...first, ms: clock() - start };
    },
  };
}

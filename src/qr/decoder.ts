/**
 * The one QR decoder interface: an image in; the text, its format and how long it took out. A decoder never
 * throws and never rejects, whatever it is given: a bad image, nothing found and a decoder's own failure are
 * values with codes. `ms` is wall time inside `decode`, on the clock the decoder was built with.
 */
import type { Failure } from '../result.js';
import type { QrImage } from './image.js';

/** Bench names (docs/benchmarks.md); `gate-zxing-wasm` is the gate's ZXing-C++ stage on its own. */
export type DecoderName = 'gate' | 'gate-zxing-js' | 'gate-zxing-wasm' | '@zxing/library' | 'zxing-wasm' | 'jsqr';

export type DecodeFailureCode =
  /** The image cannot be read (size, buffer), see `checkImage`. */
  | 'qr.bad-image'
  /** No QR code was found within the budget. */
  | 'qr.not-found'
  /** More than one different QR code in the frame: none is taken. */
  | 'qr.ambiguous'
  /** The decoder itself failed (its module did not load, it threw): a bug or a broken install, not the image. */
  | 'qr.decoder-error';

export type DecodeOutcome =
  | {
      readonly ok: true;
      readonly text: string;
      readonly format: 'QRCode';
      readonly ms: number;
      /** Which of the decoder's attempts found it, e.g. `hybrid`, `wasm`, `hybrid.inverted` (for the bench). */
      readonly strategy: string;
    }
  | { readonly ok: false; readonly error: Failure<DecodeFailureCode>; readonly ms: number };

export interface DecodeOptions {
  /** Time the decoder may spend on this frame before it gives up (ms); decoders have their own default. */
  readonly budgetMs?: number;
}

export interface QrDecoder {
  readonly name: DecoderName;
  decode(image: QrImage, options?: DecodeOptions): Promise<DecodeOutcome>;
}

// src/ has no DOM or Node typings; `performance.now` exists in browsers, workers and Node alike.
declare const performance: { now(): number };

/** Milliseconds, monotonic. */
export type Clock = () => number;
export const monotonicMs: Clock = () => performance.now();

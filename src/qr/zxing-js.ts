/**
 * QR decoding on @zxing/library 0.21.3 (pure JS): one attempt (`readWithZxing`), the plain library with default
 * hints (`plainZxingDecoder`, the baseline), and our pipeline (`zxingPipelineDecoder`, "gate-zxing-js"), which
 * tries in turn what photos of phone screens need until one attempt reads a code or the frame's budget is spent.
 * Each strategy is general (no knowledge of any test image); bench/qr-corpus.ts measures what each one adds.
 */
import { BinaryBitmap, DecodeHintType, GlobalHistogramBinarizer, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { failure } from '../result.js';
import { monotonicMs, type Clock, type DecodeOptions, type DecodeOutcome, type QrDecoder } from './decoder.js';
import { checkImage, toLuminance, type Luminance, type QrImage } from './image.js';
import { crop, downscale, invert, regionOfInterest, rotateClockwise, shrinkToSide, upscale } from './transforms.js';

export type Binarizer = 'hybrid' | 'global-histogram';

/** One @zxing/library QR read of `l`; `undefined` when it finds or decodes nothing (the library reports that by throwing). */
export function readWithZxing(l: Luminance, binarizer: Binarizer, tryHarder: boolean): string | undefined {
  const source = new RGBLuminanceSource(l.data, l.width, l.height);
  const bitmap = new BinaryBitmap(binarizer === 'hybrid' ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source));
  const hints = tryHarder ? new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]) : undefined;
  try {
    return new QRCodeReader().decode(bitmap, hints).getText();
  } catch {
    // NotFound / Checksum / Format exceptions, and on odd inputs index errors inside the library: no code read.
    return undefined;
  }
}

/** What a decoder that is not the image's fault reports when something unexpected escaped. */
export const decoderError = (e: unknown, ms: number): DecodeOutcome => ({
  ok: false,
  error: failure('qr.decoder-error', e instanceof Error ? e.message : String(e)),
  ms,
});

export const notFound = (ms: number, why = 'no QR code found'): DecodeOutcome => ({ ok: false, error: failure('qr.not-found', why), ms });

/** A decoder over luminance that checks the image and times itself; `run` returns the text and strategy, or undefined. */
function luminanceDecoder(
  name: QrDecoder['name'],
  clock: Clock,
  run: (l: Luminance, deadline: number) => { text: string; strategy: string } | undefined,
  defaultBudgetMs: number,
): QrDecoder {
  return {
    name,
    decode(image: QrImage, options?: DecodeOptions): Promise<DecodeOutcome> {
      const start = clock();
      const checked = checkImage(image);
      if (!checked.ok) return Promise.resolve({ ok: false, error: checked.error, ms: clock() - start });
      try {
        const found = run(toLuminance(checked.value), start + (options?.budgetMs ?? defaultBudgetMs));
        const ms = clock() - start;
        return Promise.resolve(found === undefined ? notFound(ms) : { ok: true, text: found.text, format: 'QRCode', ms, strategy: found.strategy });
      } catch (e) {
        return Promise.resolve(decoderError(e, clock() - start));
      }
    },
  };
}

/** Plain @zxing/library: HybridBinarizer, default hints, the image as given. The baseline. */
export function plainZxingDecoder(clock: Clock = monotonicMs): QrDecoder {
  return luminanceDecoder(
    '@zxing/library',
    clock,
    (l) => {
      const text = readWithZxing(l, 'hybrid', false);
      return text === undefined ? undefined : { text, strategy: 'hybrid' };
    },
    Number.POSITIVE_INFINITY,
  );
}

/** The pipeline's strategies, in the order they are tried (cheap and most productive first). */
export const ZXING_JS_STRATEGIES = ['hybrid', 'downscale', 'try-harder', 'global-histogram', 'inverted', 'rotate', 'crop'] as const;
export type ZxingJsStrategy = (typeof ZXING_JS_STRATEGIES)[number];

/** Frames with a longer side than this are first shrunk by a whole factor (a 1080p frame costs 4× a 540p one). */
export const WORKING_SIDE = 1280;
/** Default time per frame for the pipeline alone (ms). */
export const ZXING_JS_BUDGET_MS = 60;

type Attempt = (l: Luminance) => string | undefined;

const ATTEMPTS: Readonly<Record<ZxingJsStrategy, Attempt>> = {
  hybrid: (l) => readWithZxing(l, 'hybrid', false),
  // A code that fills a large frame has modules of many pixels: at half size the binarizer's blocks fit them better.
  downscale: (l) => (Math.min(l.width, l.height) >= 240 ? readWithZxing(downscale(l, 2), 'hybrid', false) : undefined),
  'try-harder': (l) => readWithZxing(l, 'hybrid', true),
  // One global threshold: survives soft, low-contrast codes (blur, glare) that the local threshold breaks into noise.
  'global-histogram': (l) => readWithZxing(l, 'global-histogram', true),
  // Light modules on dark: dark-mode screens.
  inverted: (l) => readWithZxing(invert(l), 'hybrid', true),
  // The finder-pattern search scans rows: a quarter turn scans the columns instead.
  rotate: (l) => readWithZxing(rotateClockwise(l), 'hybrid', true),
  // A code small in the frame: the densest patch of edges, enlarged so its modules span several pixels.
  crop: (l) => {
    const roi = crop(l, regionOfInterest(l));
    const factor = Math.max(1, Math.min(3, Math.floor(480 / Math.max(roi.width, roi.height))));
    return readWithZxing(factor > 1 ? upscale(roi, factor) : roi, 'hybrid', true);
  },
};

/**
 * "gate-zxing-js": the strategies in order until one reads a code or the deadline passes (checked before each
 * attempt; the first always runs). `strategies` narrows the list (the bench's leave-one-out measurement).
 */
export function zxingPipelineDecoder(opts: { clock?: Clock; strategies?: readonly ZxingJsStrategy[] } = {}): QrDecoder {
  const clock = opts.clock ?? monotonicMs;
  const strategies = opts.strategies ?? ZXING_JS_STRATEGIES;
  return luminanceDecoder(
    'gate-zxing-js',
    clock,
    (full, deadline) => {
      const l = shrinkToSide(full, WORKING_SIDE);
      for (const [i, strategy] of strategies.entries()) {
        if (i > 0 && clock() >= deadline) return undefined;
        const text = ATTEMPTS[strategy](l);
        if (text !== undefined) return { text, strategy };
      }
      return undefined;
    },
    ZXING_JS_BUDGET_MS,
  );
}

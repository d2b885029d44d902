/**
 * QR decoding with zxing-wasm 3.1.6 (ZXing-C++ compiled to WebAssembly). The module is instantiated from the
 * `.wasm` bytes the caller hands over (`zxing-wasm/dist/reader/zxing_reader.wasm` of our own install): the
 * package's default would fetch it from a CDN, which an offline kiosk cannot reach, so no URL is ever given
 * to it. Node reads the file from node_modules; the renderer's worker fetches it from its own origin
 * (renderer/qr/decode-worker.ts). A page that runs it needs `'wasm-unsafe-eval'` in its CSP `script-src`.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { failure } from '../result.js';
import { monotonicMs, type Clock, type DecodeOutcome, type QrDecoder } from './decoder.js';
import { checkImage, luminanceToRgba, toLuminance, type QrImage } from './image.js';
import { sharpen, shrinkToSide } from './transforms.js';
import { decoderError, notFound } from './zxing-js.js';

/**
 * - `library-defaults`: the package's reader defaults (tryHarder, tryRotate, tryInvert, tryDownscale; text in
 *   "HRI" mode, which shows control characters as `<SOH>`), QR only, the first valid symbol: the peer as shipped.
 * - `gate`: the same search, then once more on the frame sharpened when nothing was found; the text as
 *   encoded (`Plain`: a payload's bytes, not a display form); and a frame holding two different codes is refused
 *   as `qr.ambiguous` instead of one of them being picked (someone else's phone in view, a code printed inside
 *   a code): the gate decides on one person's one code.
 */
export type WasmProfile = 'library-defaults' | 'gate';

const READER_OPTIONS: Readonly<Record<WasmProfile, ReaderOptions>> = {
  'library-defaults': { formats: ['QRCode'] },
  gate: { formats: ['QRCode'], textMode: 'Plain', maxNumberOfSymbols: 2 },
};
/**
 * The gate's second pass, only on frames where the first found nothing: the frame sharpened (unsharp mask,
 * σ ≈ 2 px, amount 2), for codes out of focus, whose dense modules blur to greys no threshold separates. On the
 * corpus and the synthetic codes it reads more than ZXing-C++'s own `tryDenoise` pass, which it replaced (README).
 */
const SHARPEN_RADIUS = 2;
const SHARPEN_AMOUNT = 2;
/**
 * The sharpened pass skips `tryRotate`: ZXing-C++'s QR finder is rotation-invariant (the option serves linear
 * codes), and on a frame without a code it more than doubled the pass's time (sharpened noise is all edges).
 */
const SHARPENED: ReaderOptions = { ...READER_OPTIONS.gate, tryRotate: false };
/** Larger frames are shrunk to this longer side before sharpening (a 1280×720 frame to 640×360: a quarter of the work). */
const SHARPEN_SIDE = 720;

export interface WasmDecoder extends QrDecoder {
  /** Settles once the module is instantiated: `undefined`, or why it did not load (e.g. a CSP without `'wasm-unsafe-eval'`). */
  readonly loaded: Promise<string | undefined>;
}

/** Instantiates ZXing-C++ from `wasmBinary` (once per call site; reuse the decoder). Never fetches anything. */
export function zxingWasmDecoder(wasmBinary: ArrayBuffer | Uint8Array, profile: WasmProfile, clock: Clock = monotonicMs): WasmDecoder {
  const ready: Promise<string | undefined> = prepareZXingModule({
    overrides: {
      wasmBinary: wasmBinary instanceof Uint8Array ? wasmBinary.slice().buffer : wasmBinary,
      // Only consulted if the binary above were missing; a relative name can never reach a CDN.
      locateFile: (path: string) => path,
    },
    fireImmediately: true,
  }).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  return {
    name: profile === 'gate' ? 'gate-zxing-wasm' : 'zxing-wasm',
    loaded: ready,
    async decode(image: QrImage): Promise<DecodeOutcome> {
      const start = clock();
      const checked = checkImage(image);
      if (!checked.ok) return { ok: false, error: checked.error, ms: clock() - start };
      const loadError = await ready;
      if (loadError !== undefined) return { ok: false, error: failure('qr.decoder-error', `zxing-wasm did not load: ${loadError}`), ms: clock() - start };
      const { width, height, data, pixels } = checked.value;
      const rgba = pixels === 'rgba' ? data.subarray(0, width * height * 4) : luminanceToRgba({ width, height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, width * height) });
      try {
        const pixmap = { width, height, data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), colorSpace: 'srgb' };
        const read = async (options: ReaderOptions, image: typeof pixmap = pixmap) => (await readBarcodes(image as Parameters<typeof readBarcodes>[0], options)).filter((r) => r.isValid);
        let valid = await read(READER_OPTIONS[profile]);
        let strategy = 'wasm';
        if (valid.length === 0 && profile === 'gate') {
          const sharp = sharpen(shrinkToSide(toLuminance(checked.value), SHARPEN_SIDE), SHARPEN_RADIUS, SHARPEN_AMOUNT);
          [valid, strategy] = [await read(SHARPENED, { width: sharp.width, height: sharp.height, data: luminanceToRgba(sharp), colorSpace: 'srgb' }), 'wasm.sharpened'];
        }
        const ms = clock() - start;
        const found = valid[0];
        if (found === undefined) return notFound(ms);
        if (profile === 'gate' && valid.some((r) => r.text !== found.text)) {
          return { ok: false, error: failure('qr.ambiguous', `${valid.length} different QR codes in one frame`), ms };
        }
        return { ok: true, text: found.text, format: 'QRCode', ms, strategy };
      } catch (e) {
        return decoderError(e, clock() - start);
      }
    },
  };
}

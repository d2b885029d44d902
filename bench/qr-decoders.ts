/** The five decoders the QR bench and tests compare, built in Node (the .wasm read from our own node_modules). */
import jsQRModule from 'jsqr';
import { monotonicMs, type DecodeOutcome, type QrDecoder } from '../src/qr/decoder.js';
import { defaultGateDecoder } from '../src/qr/gate-decoder.js';
import { checkImage, luminanceToRgba, toLuminance, type QrImage } from '../src/qr/image.js';
import { decoderError, notFound, plainZxingDecoder, zxingPipelineDecoder } from '../src/qr/zxing-js.js';
import { zxingWasmDecoder } from '../src/qr/zxing-wasm.js';
import { zxingReaderWasm } from './qr-images.js';

// jsqr is CommonJS with `exports.default` typed as an ES default export; Node hands over the function either way.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** jsQR 1.4.0, a peer only (its own inversion attempts on): not a product decoder. */
export function jsqrDecoder(): QrDecoder {
  return {
    name: 'jsqr',
    decode(image: QrImage): Promise<DecodeOutcome> {
      const start = monotonicMs();
      const checked = checkImage(image);
      if (!checked.ok) return Promise.resolve({ ok: false, error: checked.error, ms: monotonicMs() - start });
      const { width, height, data, pixels } = checked.value;
      const rgba = pixels === 'rgba' ? new Uint8ClampedArray(data.buffer, data.byteOffset, width * height * 4) : luminanceToRgba(toLuminance(checked.value));
      let found: ReturnType<typeof jsQR>;
      try {
        found = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' });
      } catch (e) {
        return Promise.resolve(decoderError(e, monotonicMs() - start));
      }
      const ms = monotonicMs() - start;
      return Promise.resolve(found === null ? notFound(ms) : { ok: true, text: found.data, format: 'QRCode', ms, strategy: 'jsqr' });
    },
  };
}

export interface Decoders {
  readonly gate: QrDecoder;
  readonly all: readonly QrDecoder[];
}

/** The product's default first, then our pipeline, plain @zxing/library, zxing-wasm as shipped, jsQR. */
export function benchDecoders(): Decoders {
  const wasm = zxingReaderWasm();
  const gate = defaultGateDecoder(wasm);
  return { gate, all: [gate, zxingPipelineDecoder(), plainZxingDecoder(), zxingWasmDecoder(wasm, 'library-defaults'), jsqrDecoder()] };
}

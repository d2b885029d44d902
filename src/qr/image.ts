/**
 * The image a QR decoder takes: `width`×`height` pixels, either RGBA (4 bytes a pixel, as a canvas's ImageData
 * or a camera frame gives them) or luminance (1 byte a pixel). Anything may arrive here (a worker message, a
 * truncated buffer, a claimed size far beyond the data): `checkImage` is the one place that says whether the
 * pixels can be read, and every decoder reads only images it accepted.
 */
import { err, failure, ok, type Failure, type Result } from '../result.js';

export type PixelFormat = 'rgba' | 'luminance';

export interface QrImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Default `rgba`. */
  readonly pixels?: PixelFormat;
}

/** An 8-bit luminance image, row by row, exactly `width * height` bytes. */
export interface Luminance {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Largest side accepted (a 4K frame is 3840): larger claims are refused before any allocation. */
export const MAX_SIDE = 8192;
/** Smallest side in which a QR code (21 modules) could be seen at all. */
export const MIN_SIDE = 21;

export type ImageFailure = Failure<'qr.bad-image'>;

const bytesPerPixel = (p: PixelFormat): number => (p === 'rgba' ? 4 : 1);

/** Accepts an image whose size is sane and whose buffer holds all its pixels; says which part is wrong otherwise. */
export function checkImage(image: unknown): Result<Required<QrImage>, ImageFailure> {
  if (typeof image !== 'object' || image === null) return err(failure('qr.bad-image', 'image is not an object'));
  const { width, height, data, pixels = 'rgba' } = image as Partial<QrImage>;
  if (pixels !== 'rgba' && pixels !== 'luminance') return err(failure('qr.bad-image', 'pixels must be rgba or luminance', 'pixels'));
  for (const [name, side] of [['width', width], ['height', height]] as const) {
    if (typeof side !== 'number' || !Number.isInteger(side) || side < MIN_SIDE || side > MAX_SIDE) {
      return err(failure('qr.bad-image', `${name} must be an integer from ${MIN_SIDE} to ${MAX_SIDE}`, name));
    }
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) return err(failure('qr.bad-image', 'data must be a Uint8Array or Uint8ClampedArray', 'data'));
  const w = width as number;
  const h = height as number;
  const needed = w * h * bytesPerPixel(pixels);
  if (data.length < needed) return err(failure('qr.bad-image', `data holds ${data.length} bytes, ${w}x${h} ${pixels} needs ${needed}`, 'data'));
  return ok({ width: w, height: h, data, pixels });
}

/**
 * Grey as @zxing/library's own RGBLuminanceSource computes it from ARGB, `(R + 2G + B) / 4`: on the corpus it reads
 * more codes through the zxing-js decoders than Rec. 601 luma (plain 480 against 472, the pipeline 517 against 511).
 */
export function toLuminance(image: Required<QrImage>): Luminance {
  const { width, height, data } = image;
  const n = width * height;
  const out = new Uint8ClampedArray(n);
  if (image.pixels === 'luminance') {
    out.set(data.subarray(0, n));
    return { width, height, data: out };
  }
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    out[i] = ((data[p] ?? 0) + 2 * (data[p + 1] ?? 0) + (data[p + 2] ?? 0)) >> 2;
  }
  return { width, height, data: out };
}

/** The same luminance as RGBA (grey), for decoders that only take RGBA. */
export function luminanceToRgba(l: Luminance): Uint8ClampedArray {
  const out = new Uint8ClampedArray(l.width * l.height * 4);
  for (let i = 0, p = 0; i < l.data.length; i++, p += 4) {
    const v = l.data[i] ?? 0;
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  return out;
}

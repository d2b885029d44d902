/**
 * Images for the QR bench and tests, in Node: the ZXing corpus on disk (PNG via pngjs, JPEG via jpeg-js) and
 * rotation. Everything is RGBA.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Default corpus: `../shared/corpora/zxing-qrcode/` beside the repo (npm and vitest run in the repo's root). */
export const DEFAULT_CORPUS = resolve(process.cwd(), '../shared/corpora/zxing-qrcode');
export const CORPUS_SETS = ['qrcode-1', 'qrcode-2', 'qrcode-3', 'qrcode-4'] as const;
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

export interface CorpusImage {
  readonly set: string;
  readonly name: string;
  readonly image: Rgba;
  /** Expected text, line endings normalised to LF. */
  readonly expected: string;
}

/** CR LF and lone CR become LF: the corpus's texts and decoders disagree on line endings only. */
export const normaliseNewlines = (s: string): string => s.replace(/\r\n?/g, '\n');

export function readImageFile(path: string): Rgba {
  const bytes = readFileSync(path);
  if (path.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  const jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  return { width: jpg.width, height: jpg.height, data: new Uint8ClampedArray(jpg.data.buffer, jpg.data.byteOffset, jpg.data.length) };
}

/** The corpus's sets that exist under `dir` (missing ones are left out), images in numeric order. */
export function loadCorpus(dir: string): { set: string; images: CorpusImage[] }[] {
  return CORPUS_SETS.filter((set) => existsSync(join(dir, set))).map((set) => {
    const files = readdirSync(join(dir, set)).filter((f) => /^[0-9]+\.(png|jpe?g)$/i.test(f));
    files.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    const images = files.flatMap((file) => {
      const name = file.replace(/\.[a-z]+$/i, '');
      const txt = join(dir, set, `${name}.txt`);
      if (!existsSync(txt)) return [];
      return [{ set, name, image: readImageFile(join(dir, set, file)), expected: normaliseNewlines(readFileSync(txt, 'utf8')) }];
    });
    return { set, images };
  });
}

/** `img` rotated clockwise by `deg` (0, 90, 180, 270). */
export function rotateRgba(img: Rgba, deg: Rotation): Rgba {
  if (deg === 0) return img;
  const { width: w, height: h, data } = img;
  const turned = deg === 180 ? { width: w, height: h } : { width: h, height: w };
  const out = new Uint8ClampedArray(data.length);
  const src32 = new Uint32Array(data.buffer, data.byteOffset, w * h);
  const dst32 = new Uint32Array(out.buffer);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = src32[y * w + x] ?? 0;
      const at = deg === 90 ? x * h + (h - 1 - y) : deg === 180 ? (h - 1 - y) * w + (w - 1 - x) : (w - 1 - x) * h + y;
      dst32[at] = v;
    }
  }
  return { width: turned.width, height: turned.height, data: out };
}

/** The `.wasm` of the installed zxing-wasm reader, read from our own node_modules (never a CDN). */
export function zxingReaderWasm(): Uint8Array {
  return readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
}

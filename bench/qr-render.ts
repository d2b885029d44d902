/** QR codes drawn with the `qrcode` package into RGBA, and placed into frames. Pure TS on RGBA buffers. */
import QRCode from 'qrcode';
import type { Rgba } from './qr-images.js';

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), so generated frames are the same every run. */
export { seededRandom as seeded } from '../drivers/seeded-random.js';

export type EcLevel = 'L' | 'M' | 'Q' | 'H';
export const EC_LEVELS: readonly EcLevel[] = ['L', 'M', 'Q', 'H'];

/** The QR code of `text` at `ec`, `scale` pixels a module, with the standard 4-module quiet zone; black on white. */
export function renderQr(text: string, ec: EcLevel, scale: number): Rgba {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ec });
  const quiet = 4;
  const side = (modules.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let my = 0; my < modules.size; my++) {
    for (let mx = 0; mx < modules.size; mx++) {
      if (modules.data[my * modules.size + mx] === 0) continue;
      for (let y = (my + quiet) * scale; y < (my + quiet + 1) * scale; y++) {
        for (let x = (mx + quiet) * scale; x < (mx + quiet + 1) * scale; x++) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
      }
    }
  }
  return { width: side, height: side, data };
}

/** Whether `text` fits in a QR code (version 40 at most) at `ec`; the qrcode package reports that by throwing. */
export function fitsQr(text: string, ec: EcLevel): boolean {
  try {
    QRCode.create(text, { errorCorrectionLevel: ec });
    return true;
  } catch {
    return false;
  }
}

/** Modules on a side of the QR code of `text` at `ec` (its version's size). */
export const qrModules = (text: string, ec: EcLevel): number => QRCode.create(text, { errorCorrectionLevel: ec }).modules.size;

/** A camera-like background: a soft diagonal gradient with sensor noise, `width`×`height`. */
export function background(width: number, height: number, random: () => number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 90 + (80 * (x + y)) / (width + height) + (random() - 0.5) * 24;
      const p = (y * width + x) * 4;
      data[p] = v + 10;
      data[p + 1] = v;
      data[p + 2] = v - 10;
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}

/** `img` drawn onto `frame` (in place) with its top-left corner at (x, y), clipped. */
export function paste(frame: Rgba, img: Rgba, x0: number, y0: number): Rgba {
  for (let y = 0; y < img.height; y++) {
    const fy = y0 + y;
    if (fy < 0 || fy >= frame.height) continue;
    for (let x = 0; x < img.width; x++) {
      const fx = x0 + x;
      if (fx < 0 || fx >= frame.width) continue;
      frame.data.set(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4), (fy * frame.width + fx) * 4);
    }
  }
  return frame;
}

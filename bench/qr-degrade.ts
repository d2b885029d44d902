/**
 * Synthetic degradations of a QR image, each in three severities, modelling what a phone screen held up to a
 * camera suffers. Pure TS on RGBA buffers (JPEG through jpeg-js); deterministic. Severity 1 is a good phone held
 * well, 2 an ordinary bad case, 3 a hard one that decoders are not expected to read always.
 */
import jpeg from 'jpeg-js';
import type { Rgba } from './qr-images.js';
import { paste, seeded, background } from './qr-render.js';

export type Severity = 1 | 2 | 3;
export const SEVERITIES: readonly Severity[] = [1, 2, 3];
export const DEGRADATIONS = ['perspective', 'blur', 'moire', 'glare', 'jpeg', 'inverted', 'small'] as const;
export type Degradation = (typeof DEGRADATIONS)[number];

const pick = <T>(sev: Severity, values: readonly [T, T, T]): T => values[sev - 1] as T;

function sampleBilinear(img: Rgba, x: number, y: number, out: Uint8ClampedArray, at: number): void {
  if (x < 0 || y < 0 || x > img.width - 1 || y > img.height - 1) {
    out.fill(255, at, at + 3);
    out[at + 3] = 255;
    return;
  }
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  for (let c = 0; c < 4; c++) {
    const a = img.data[(y0 * img.width + x0) * 4 + c] ?? 0;
    const b = img.data[(y0 * img.width + x1) * 4 + c] ?? 0;
    const d = img.data[(y1 * img.width + x0) * 4 + c] ?? 0;
    const e = img.data[(y1 * img.width + x1) * 4 + c] ?? 0;
    out[at + c] = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
  }
}

type Point = readonly [number, number];
/** A 3×3 projective transform, row-major, last entry 1. */
type Homography = readonly [number, number, number, number, number, number, number, number, number];

/**
 * The homography taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to `q` (tl, tr, br, bl): Heckbert's
 * closed form for the square-to-quadrilateral mapping.
 */
function squareToQuad([[x0, y0], [x1, y1], [x2, y2], [x3, y3]]: readonly [Point, Point, Point, Point]): Homography {
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

/** The inverse of `m` (its adjugate: a homography is defined up to scale). */
function invert3([a, b, c, d, e, f, g, h, i]: Homography): Homography {
  return [e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d];
}

/**
 * A tilted screen: the code's plane seen at an angle, i.e. a homography (what a pinhole camera makes of a flat
 * screen), its corners moved inwards (top edge narrower, one side shorter) by a share `k` of the side. Each
 * destination pixel is mapped back through the inverse homography and sampled bilinearly; outside the screen is
 * a light grey surround.
 */
function perspective(img: Rgba, sev: Severity): Rgba {
  const k = pick(sev, [0.06, 0.12, 0.2]);
  const { width: w, height: h } = img;
  const toFrame = squareToQuad([
    [w * k, h * k * 0.5],
    [w * (1 - k * 0.6), h * k],
    [w * (1 - k * 0.3), h * (1 - k * 0.3)],
    [w * k * 0.4, h],
  ]);
  const [a, b, c, d, e, f, g, hh, i] = invert3(toFrame);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const z = g * x + hh * y + i;
      const u = (a * x + b * y + c) / z;
      const v = (d * x + e * y + f) / z;
      const at = (y * w + x) * 4;
      if (u < 0 || u > 1 || v < 0 || v > 1) {
        out.fill(235, at, at + 3);
        out[at + 3] = 255;
      } else sampleBilinear(img, u * (w - 1), v * (h - 1), out, at);
    }
  }
  return { width: w, height: h, data: out };
}

/** Out of focus: a separable box blur of radius r (repeated twice: close to a Gaussian), r relative to the module size. */
function blur(img: Rgba, sev: Severity, modulePx: number): Rgba {
  const r = Math.max(1, Math.round(modulePx * pick(sev, [0.25, 0.45, 0.7])));
  let cur = img;
  for (let pass = 0; pass < 2; pass++) cur = boxBlur(boxBlur(cur, r, true), r, false);
  return cur;
}

function boxBlur(img: Rgba, r: number, horizontal: boolean): Rgba {
  const { width: w, height: h, data } = img;
  const out = new Uint8ClampedArray(data.length);
  const len = horizontal ? w : h;
  const lines = horizontal ? h : w;
  for (let line = 0; line < lines; line++) {
    for (let c = 0; c < 4; c++) {
      const at = (i: number): number => ((horizontal ? line * w + i : i * w + line) * 4 + c);
      let sum = 0;
      for (let i = -r; i <= r; i++) sum += data[at(Math.min(len - 1, Math.max(0, i)))] ?? 0;
      for (let i = 0; i < len; i++) {
        out[at(i)] = sum / (2 * r + 1);
        sum += (data[at(Math.min(len - 1, i + r + 1))] ?? 0) - (data[at(Math.max(0, i - r))] ?? 0);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Moiré: the screen's pixel grid beating with the sensor's, two crossed sinusoids multiplying the brightness. */
function moire(img: Rgba, sev: Severity): Rgba {
  const amp = pick(sev, [0.15, 0.3, 0.45]);
  const out = new Uint8ClampedArray(img.data);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const m = 1 - amp * 0.5 * (1 + Math.sin(0.9 * x + 0.35 * y) * Math.sin(0.3 * x - 0.85 * y));
      const p = (y * img.width + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = (img.data[p + c] ?? 0) * m + 30 * (1 - m);
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** A glare highlight: a bright elliptical reflection, off-centre, washing the modules under it towards white. */
function glare(img: Rgba, sev: Severity): Rgba {
  const strength = pick(sev, [0.55, 0.75, 0.92]);
  const radius = pick(sev, [0.16, 0.24, 0.32]) * Math.min(img.width, img.height);
  const cx = img.width * 0.62;
  const cy = img.height * 0.38;
  const out = new Uint8ClampedArray(img.data);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const d = Math.hypot((x - cx) / 1.4, y - cy) / radius;
      if (d >= 1) continue;
      const a = strength * (1 - d * d);
      const p = (y * img.width + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = (img.data[p + c] ?? 0) * (1 - a) + 255 * a;
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** A camera's (or a messenger's) JPEG compression at qualities 40, 20, 8. */
function jpegQuality(img: Rgba, sev: Severity): Rgba {
  const encoded = jpeg.encode({ width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length) }, pick(sev, [40, 20, 8]));
  const decoded = jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: true });
  return { width: decoded.width, height: decoded.height, data: new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length) };
}

/** A dark-mode screen: light modules on dark, at full, 60 % and 35 % contrast. */
function inverted(img: Rgba, sev: Severity): Rgba {
  const contrast = pick(sev, [1, 0.6, 0.35]);
  const out = new Uint8ClampedArray(img.data);
  for (let p = 0; p < out.length; p += 4) {
    for (let c = 0; c < 3; c++) out[p + c] = 128 + (127 - (img.data[p + c] ?? 0)) * contrast;
  }
  return { width: img.width, height: img.height, data: out };
}

/** Held far from the camera: shrunk to 2, 1.5 and 1.2 pixels a module (area-averaged) in a 640×480 camera frame. */
function small(img: Rgba, sev: Severity, modulePx: number): Rgba {
  const target = pick(sev, [2, 1.5, 1.2]);
  const side = Math.max(21, Math.round((img.width * target) / modulePx));
  const shrunk = resizeArea(img, side, side);
  const frame = background(Math.max(640, side + 40), Math.max(480, side + 40), seeded(side));
  return paste(frame, shrunk, Math.round((frame.width - side) * 0.3), Math.round((frame.height - side) * 0.6));
}

/** Resized to `w`×`h` by averaging the source pixels each destination pixel covers. */
export function resizeArea(img: Rgba, w: number, h: number): Rgba {
  const out = new Uint8ClampedArray(w * h * 4);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * sx);
      const y0 = Math.floor(y * sy);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += img.data[(yy * img.width + xx) * 4 + c] ?? 0;
        out[(y * w + x) * 4 + c] = sum / ((x1 - x0) * (y1 - y0));
      }
    }
  }
  return { width: w, height: h, data: out };
}

const DEGRADE: Readonly<Record<Degradation, (img: Rgba, sev: Severity, modulePx: number) => Rgba>> = {
  perspective,
  blur,
  moire,
  glare,
  jpeg: jpegQuality,
  inverted,
  small,
};

/** `img` (a code rendered at `modulePx` pixels a module) after `kind` at `sev`. */
export function degrade(img: Rgba, kind: Degradation, sev: Severity, modulePx: number): Rgba {
  return DEGRADE[kind](img, sev, modulePx);
}

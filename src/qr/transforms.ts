/** Pure operations on luminance images, each returning a new image: what the zxing-js pipeline tries. */
import type { Luminance } from './image.js';

/** Rotated 90° clockwise. */
export function rotateClockwise(l: Luminance): Luminance {
  const { width: w, height: h, data } = l;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[x * h + (h - 1 - y)] = data[y * w + x] ?? 0;
  }
  return { width: h, height: w, data: out };
}

/** Dark for light: a code shown light-on-dark (a dark-mode screen) becomes an ordinary one. */
export function invert(l: Luminance): Luminance {
  const out = new Uint8ClampedArray(l.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - (l.data[i] ?? 0);
  return { width: l.width, height: l.height, data: out };
}

/** Shrunk by an integer `factor` by averaging factor×factor blocks (a box filter: no aliasing of fine modules into moiré). */
export function downscale(l: Luminance, factor: number): Luminance {
  const w = Math.floor(l.width / factor);
  const h = Math.floor(l.height / factor);
  const out = new Uint8ClampedArray(w * h);
  const area = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * l.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += l.data[row + dx] ?? 0;
      }
      out[y * w + x] = Math.round(sum / area);
    }
  }
  return { width: w, height: h, data: out };
}

/** Shrunk by the smallest whole factor that brings its longer side to `side` or below (unchanged if it already is). */
export function shrinkToSide(l: Luminance, side: number): Luminance {
  const factor = Math.ceil(Math.max(l.width, l.height) / side);
  return factor > 1 ? downscale(l, factor) : l;
}

/** Enlarged by an integer `factor` (nearest neighbour), so a code small in the frame gets modules of several pixels. */
export function upscale(l: Luminance, factor: number): Luminance {
  const w = l.width * factor;
  const h = l.height * factor;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    const src = Math.floor(y / factor) * l.width;
    for (let x = 0; x < w; x++) out[y * w + x] = l.data[src + Math.floor(x / factor)] ?? 0;
  }
  return { width: w, height: h, data: out };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of `l` inside `r` (clipped to the image). */
export function crop(l: Luminance, r: Rect): Luminance {
  const x0 = Math.max(0, Math.min(l.width - 1, Math.floor(r.x)));
  const y0 = Math.max(0, Math.min(l.height - 1, Math.floor(r.y)));
  const w = Math.max(1, Math.min(l.width - x0, Math.floor(r.width)));
  const h = Math.max(1, Math.min(l.height - y0, Math.floor(r.height)));
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) out.set(l.data.subarray((y0 + y) * l.width + x0, (y0 + y) * l.width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}

/**
 * Where a code most likely is: the square window (a third of the shorter side, on a grid of half-window steps)
 * with the most strong horizontal and vertical edges, grown by half a window on every side. A QR code is the
 * densest patch of sharp black-white transitions in a camera frame; a screen's bezel or a face is not.
 */
export function regionOfInterest(l: Luminance): Rect {
  const cell = Math.max(8, Math.floor(Math.min(l.width, l.height) / 6));
  const cols = Math.floor(l.width / cell);
  const rows = Math.floor(l.height / cell);
  const edges = new Float64Array(cols * rows);
  for (let y = 1; y < rows * cell; y++) {
    const row = y * l.width;
    for (let x = 1; x < cols * cell; x++) {
      const v = l.data[row + x] ?? 0;
      const e = Math.abs(v - (l.data[row + x - 1] ?? 0)) + Math.abs(v - (l.data[row + x - l.width] ?? 0));
      if (e > 48) {
        const i = Math.floor(y / cell) * cols + Math.floor(x / cell);
        edges[i] = (edges[i] ?? 0) + 1;
      }
    }
  }
  let best = { score: -1, cx: 0, cy: 0 };
  for (let cy = 0; cy + 1 < rows; cy++) {
    for (let cx = 0; cx + 1 < cols; cx++) {
      const score = (edges[cy * cols + cx] ?? 0) + (edges[cy * cols + cx + 1] ?? 0) + (edges[(cy + 1) * cols + cx] ?? 0) + (edges[(cy + 1) * cols + cx + 1] ?? 0);
      if (score > best.score) best = { score, cx, cy };
    }
  }
  return { x: (best.cx - 1) * cell, y: (best.cy - 1) * cell, width: 4 * cell, height: 4 * cell };
}

/** A box blur of radius `r` along rows, then along columns (edges clamped), rounded to whole grey levels. */
function boxBlur(data: Uint8ClampedArray, w: number, h: number, r: number): Uint8ClampedArray {
  const rows = new Uint8ClampedArray(w * h);
  const out = new Uint8ClampedArray(w * h);
  const n = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += data[row + Math.min(w - 1, Math.max(0, i))] ?? 0;
    for (let x = 0; x < w; x++) {
      rows[row + x] = sum / n;
      sum += (data[row + Math.min(w - 1, x + r + 1)] ?? 0) - (data[row + Math.max(0, x - r)] ?? 0);
    }
  }
  for (let x = 0; x < w; x++) {
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += rows[Math.min(h - 1, Math.max(0, i)) * w + x] ?? 0;
    for (let y = 0; y < h; y++) {
      out[y * w + x] = sum / n;
      sum += (rows[Math.min(h - 1, y + r + 1) * w + x] ?? 0) - (rows[Math.max(0, y - r) * w + x] ?? 0);
    }
  }
  return out;
}

/**
 * Unsharp masking: `l + amount·(l − blurred l)`, the blur two box passes of `radius` (about a Gaussian of
 * σ ≈ radius for radius ≥ 2). Restores the module edges an out-of-focus camera (or a screen's own smoothing) softens, so the
 * binarizer's threshold falls between modules again.
 */
export function sharpen(l: Luminance, radius: number, amount: number): Luminance {
  const { width: w, height: h, data } = l;
  const blurred = boxBlur(boxBlur(data, w, h, radius), w, h, radius);
  const out = new Uint8ClampedArray(w * h);
  for (let i = 0; i < out.length; i++) {
    const v = data[i] ?? 0;
    out[i] = v + amount * (v - (blurred[i] ?? 0));
  }
  return { width: w, height: h, data: out };
}

/**
 * Camera frames for timing: 640×480 and 1280×720, half holding a health code (EC M, 3 px a module, at a random
 * place, tilted or with glare at severity 1) and half empty, as a camera mostly sees nobody. An empty frame is a
 * decoder's slowest: every strategy runs until the budget.
 */
import type { QrDecoder } from '../src/qr/decoder.js';
import { percentile } from './figure.js';
import type { Rgba } from './qr-images.js';
import { degrade } from './qr-degrade.js';
import { background, paste, renderQr, seeded } from './qr-render.js';

export function cameraFrames(width: number, height: number, count: number, codeText: string): Rgba[] {
  const random = seeded(width * 7 + height);
  const code = renderQr(codeText, 'M', 3);
  const variants = [degrade(code, 'perspective', 1, 3), degrade(code, 'glare', 1, 3)];
  return Array.from({ length: count }, (_, i) => {
    const frame = background(width, height, random);
    const v = variants[i % variants.length];
    if (i % 2 === 1 || v === undefined) return frame;
    return paste(frame, v, Math.floor(random() * Math.max(1, width - v.width)), Math.floor(random() * Math.max(1, height - v.height)));
  });
}

export interface FrameTimes {
  readonly p50: number;
  readonly p99: number;
  /** Frames with a code that were read. */
  readonly read: number;
  readonly runs: number;
}

/** Each frame decoded `rounds` times by `decoder` (the first round warms it up and is not counted). */
export async function timeFrames(decoder: QrDecoder, frames: readonly Rgba[], rounds = 3): Promise<FrameTimes> {
  const times: number[] = [];
  let read = 0;
  for (let round = 0; round < rounds; round++) {
    for (const frame of frames) {
      const out = await decoder.decode(frame);
      if (round === 0) continue;
      times.push(out.ms);
      if (round === 1 && out.ok) read++;
    }
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), read, runs: times.length };
}

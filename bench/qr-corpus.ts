/** Scores decoders on the ZXing corpus: per set × rotation, images decoded correctly, misread, mean ms per image. */
import type { QrDecoder } from '../src/qr/decoder.js';
import { normaliseNewlines, ROTATIONS, rotateRgba, type CorpusImage, type Rotation } from './qr-images.js';

export interface Cell {
  readonly set: string;
  readonly rotation: Rotation;
  readonly decoder: string;
  readonly images: number;
  readonly correct: number;
  readonly misread: number;
  readonly msPerImage: number;
  /** Correct reads by the strategy that found them (which attempt of a pipeline). */
  readonly strategies: Readonly<Record<string, number>>;
}

/**
 * Every decoder on every image of every set at every rotation (rotated clockwise before decoding). Each decoder
 * first decodes a few images uncounted, so the first cell does not carry its compilation (JIT, wasm tiers).
 */
export async function scoreCorpus(decoders: readonly QrDecoder[], corpus: readonly { set: string; images: readonly CorpusImage[] }[]): Promise<Cell[]> {
  const warmup = corpus.flatMap((s) => s.images.slice(0, 3));
  for (const decoder of decoders) for (const im of warmup) await decoder.decode(im.image);
  const cells: Cell[] = [];
  for (const { set, images } of corpus) {
    for (const rotation of ROTATIONS) {
      const rotated = images.map((im) => rotateRgba(im.image, rotation));
      for (const decoder of decoders) {
        let correct = 0;
        let misread = 0;
        let ms = 0;
        const strategies: Record<string, number> = {};
        for (const [i, im] of images.entries()) {
          const out = await decoder.decode(rotated[i] ?? im.image);
          ms += out.ms;
          if (!out.ok) continue;
          if (normaliseNewlines(out.text) === im.expected) {
            correct++;
            strategies[out.strategy] = (strategies[out.strategy] ?? 0) + 1;
          } else misread++;
        }
        cells.push({ set, rotation, decoder: decoder.name, images: images.length, correct, misread, msPerImage: images.length === 0 ? 0 : ms / images.length, strategies });
      }
    }
  }
  return cells;
}

/** Sums of `cells` for one decoder. */
export function totals(cells: readonly Cell[], decoder: string): { correct: number; misread: number; images: number; msPerImage: number } {
  const mine = cells.filter((c) => c.decoder === decoder);
  const images = mine.reduce((n, c) => n + c.images, 0);
  return {
    images,
    correct: mine.reduce((n, c) => n + c.correct, 0),
    misread: mine.reduce((n, c) => n + c.misread, 0),
    msPerImage: images === 0 ? 0 : mine.reduce((n, c) => n + c.msPerImage * c.images, 0) / images,
  };
}

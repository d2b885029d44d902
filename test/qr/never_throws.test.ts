/** Arbitrary image data never makes a decoder throw or reject: sizes (0×0, huge claims over short buffers), noise, truncation. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QrDecoder } from '../../src/qr/decoder.js';
import { checkImage } from '../../src/qr/image.js';
import { benchDecoders } from '../../bench/qr-decoders.js';

let decoders: readonly QrDecoder[];
beforeAll(() => {
  decoders = benchDecoders().all;
});

const side = fc.oneof(fc.constantFrom(0, 1, 20, 21, 64, 8192, 8193, 100_000, -1, 1.5, Number.NaN), fc.integer({ min: 0, max: 96 }));
const image = fc.record({
  width: side,
  height: side,
  data: fc.oneof(fc.uint8Array({ maxLength: 96 * 96 * 4 }), fc.constant(new Uint8Array(0))),
  pixels: fc.constantFrom('rgba', 'luminance', undefined, 'cmyk'),
});

describe('QR decoders never throw', () => {
  it('on arbitrary sizes, buffers and noise: an outcome with a code, or a text', async () => {
    await fc.assert(
      fc.asyncProperty(image, async (img) => {
        for (const d of decoders) {
          const out = await d.decode(img as never);
          expect(typeof out.ms).toBe('number');
          if (!out.ok) expect(['qr.bad-image', 'qr.not-found', 'qr.ambiguous']).toContain(out.error.code);
          if (!checkImage(img).ok) expect(out.ok ? 'read' : out.error.code).toBe('qr.bad-image');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('on values that are not images at all', async () => {
    for (const d of decoders) {
      for (const v of [null, undefined, 42, 'x', {}, { width: 100, height: 100, data: [1, 2, 3] }]) {
        const out = await d.decode(v as never);
        expect(out.ok ? 'read' : out.error.code).toBe('qr.bad-image');
      }
    }
  });

  it('says which field is wrong for a huge claimed size over a short buffer', () => {
    const r = checkImage({ width: 4000, height: 4000, data: new Uint8Array(16) });
    expect(r.ok ? 'ok' : r.error.path).toBe('data');
  });
});

/**
 * Every decoder on QR images generated here (qrcode) for every payload kind the gate understands: an 18-character
 * resident ID number, a 10-digit badge number, MRZ lines, and the signed codes (pass, health, travel, up to 1,300
 * characters); clean, damaged, inverted, rotated and dense.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { QrDecoder } from '../../src/qr/decoder.js';
import { signedCodes, type SignedCode } from '../../bench/qr-codes.js';
import { benchDecoders } from '../../bench/qr-decoders.js';
import { degrade } from '../../bench/qr-degrade.js';
import { rotateRgba, type Rgba } from '../../bench/qr-images.js';
import { renderQr } from '../../bench/qr-render.js';

const ID = '11010519491231002X';
const BADGE = '0012345678';
const MRZ = 'P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nE123456786CHN8001014M3001014<<<<<<<<<<<<<<04';

let decoders: readonly QrDecoder[];
let codes: SignedCode[];
beforeAll(async () => {
  decoders = benchDecoders().all.filter((d) => d.name !== 'jsqr');
  codes = await signedCodes();
});

/** Blacks out a band across the middle of the code: a scratch, a finger, a crack. */
function scratch(img: Rgba): Rgba {
  const data = new Uint8ClampedArray(img.data);
  const y0 = Math.floor(img.height * 0.47);
  for (let y = y0; y < y0 + Math.max(2, Math.floor(img.height * 0.03)); y++) data.fill(0, y * img.width * 4 + img.width * 4 * 0.3, y * img.width * 4 + img.width * 4 * 0.6);
  return { ...img, data };
}

const decodes = async (d: QrDecoder, img: Rgba, text: string): Promise<void> => {
  const out = await d.decode(img);
  expect(out.ok ? out.text : out.error.code, `${d.name}`).toBe(text);
};

describe.each(['gate', 'gate-zxing-js', '@zxing/library', 'zxing-wasm'])('%s', (name) => {
  const decoder = (): QrDecoder => decoders.find((d) => d.name === name)!;

  it.each([
    ['resident ID number', ID],
    ['badge number', BADGE],
    ['MRZ lines', MRZ],
  ])('reads a %s, clean and rotated by 90/180/270', async (_kind, text) => {
    const img = renderQr(text, 'M', 4);
    for (const deg of [0, 90, 180, 270] as const) await decodes(decoder(), rotateRgba(img, deg), text);
  });

  it('reads each signed code (pass, health code, travel code) at EC M', async () => {
    for (const code of codes) await decodes(decoder(), renderQr(code.text, 'M', 4), code.text);
  });

  // The resident pass: plain @zxing/library does not read the health code at EC H even clean (the baseline's own
  // weakness with some module layouts; the other decoders read it scratched too, see the bench's synthetic set).
  it('reads a scratched code at EC H (error correction mends it)', async () => {
    const code = codes.find((c) => c.name.startsWith('pass-'))!;
    await decodes(decoder(), scratch(renderQr(code.text, 'H', 4)), code.text);
  });

  it('refuses nothing it should read and reports not-found on a blank frame', async () => {
    const blank = { width: 200, height: 200, data: new Uint8ClampedArray(200 * 200 * 4).fill(255) };
    const out = await decoder().decode(blank);
    expect(out.ok ? out.text : out.error.code).toBe('qr.not-found');
  });
});

describe('what only the pipeline and the gate read', () => {
  const named = (n: string): QrDecoder => decoders.find((d) => d.name === n)!;

  it.each(['gate', 'gate-zxing-js', 'zxing-wasm'])('%s reads an inverted (dark-mode) code; plain @zxing/library does not', async (name) => {
    const text = codes[0]!.text;
    const img = degrade(renderQr(text, 'M', 4), 'inverted', 1, 4);
    await decodes(named(name), img, text);
    expect((await named('@zxing/library').decode(img)).ok).toBe(false);
  });

  it('the gate reads the densest travel code (~1,300 characters, EC M) rotated, tilted and blurred', async () => {
    const dense = codes.at(-1)!;
    expect(dense.text.length).toBeGreaterThanOrEqual(1300);
    const img = renderQr(dense.text, 'M', 4);
    await decodes(named('gate'), rotateRgba(degrade(img, 'perspective', 2, 4), 90), dense.text);
    await decodes(named('gate'), degrade(img, 'blur', 2, 4), dense.text);
  });

  it('the gate refuses a frame with two different codes instead of picking one', async () => {
    const a = renderQr(ID, 'M', 4);
    const b = renderQr(BADGE, 'M', 4);
    const data = new Uint8ClampedArray((a.width + b.width) * a.height * 4).fill(255);
    for (let y = 0; y < a.height; y++) {
      data.set(a.data.subarray(y * a.width * 4, (y + 1) * a.width * 4), y * (a.width + b.width) * 4);
      if (y < b.height) data.set(b.data.subarray(y * b.width * 4, (y + 1) * b.width * 4), (y * (a.width + b.width) + a.width) * 4);
    }
    const out = await named('gate').decode({ width: a.width + b.width, height: a.height, data });
    expect(out.ok ? out.text : out.error.code).toBe('qr.ambiguous');
  });
});

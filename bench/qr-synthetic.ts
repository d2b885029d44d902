/**
 * The synthetic corpus: the gate's signed codes (bench/qr-codes.ts) at each error-correction level, each
 * degradation at each severity (bench/qr-degrade.ts), through each decoder.
 */
import type { QrDecoder } from '../src/qr/decoder.js';
import { signedCodes, type SignedCode } from './qr-codes.js';
import { DEGRADATIONS, SEVERITIES, degrade, type Degradation, type Severity } from './qr-degrade.js';
import { EC_LEVELS, fitsQr, renderQr, type EcLevel } from './qr-render.js';

/** Pixels a module when rendered, before degradation: a phone screen filling a good part of a camera frame. */
export const MODULE_PX = 4;

export interface SyntheticResult {
  readonly degradation: Degradation;
  readonly severity: Severity;
  readonly code: string;
  readonly ec: EcLevel;
  readonly decoder: string;
  readonly correct: boolean;
}

export async function runSynthetic(
  decoders: readonly QrDecoder[],
  opts: { codes?: readonly SignedCode[]; ecLevels?: readonly EcLevel[]; severities?: readonly Severity[] } = {},
): Promise<SyntheticResult[]> {
  const codes = opts.codes ?? (await signedCodes());
  const results: SyntheticResult[] = [];
  for (const code of codes) {
    // A travel code of 1,300 characters does not fit at EC H (version 40 holds 1,273 bytes): that pair is left out.
    for (const ec of (opts.ecLevels ?? EC_LEVELS).filter((level) => fitsQr(code.text, level))) {
      const clean = renderQr(code.text, ec, MODULE_PX);
      for (const degradation of DEGRADATIONS) {
        for (const severity of opts.severities ?? SEVERITIES) {
          const image = degrade(clean, degradation, severity, MODULE_PX);
          for (const decoder of decoders) {
            const out = await decoder.decode(image);
            results.push({ degradation, severity, code: code.name, ec, decoder: decoder.name, correct: out.ok && out.text === code.text });
          }
        }
      }
    }
  }
  return results;
}

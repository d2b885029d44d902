/**
 * `bundles`: what this gate takes from the district platform (docs/bundles.md) — the keys that may sign
 * each kind, where bundles are pulled from, and whether the local policy file still counts. Absent: no
 * bundle is trusted; the policy comes from `policyFile` and registers from `gate import`.
 */
import { z } from 'zod';
import { keyId } from '../bundles/envelope.js';
import { KEY_SCOPES } from '../bundles/kinds.js';
import { quantity } from '../schema-meta.js';
import { GATE_ID_FORMAT } from './uplink.js';

export const bundleKey = z
  .strictObject({
    kid: keyId.describe('The key id bundles name in their JWS header (`kid`).'),
    publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '43 base64url characters (32 bytes)').describe('The Ed25519 public key, base64url of its 32 raw bytes (`gate bundle keygen` prints it).'),
    kinds: z
      .array(z.enum(KEY_SCOPES))
      .min(1)
      .max(KEY_SCOPES.length)
      .describe('What this key may sign: bundle kinds, and `time` (the signed time in the platform’s ack). A bundle of another kind signed by it is refused.'),
  })
  .superRefine((k, ctx) => {
    const seen = new Set<string>();
    k.kinds.forEach((kind, i) => {
      if (seen.has(kind)) ctx.addIssue({ code: 'custom', message: `"${kind}" is listed twice`, path: ['kinds', i] });
      seen.add(kind);
    });
  })
  .describe('A key the technician trusts to sign bundles.');

export const bundlesConfig = z
  .strictObject({
    keys: z.array(bundleKey).min(1).max(16).describe('The signing keys this gate trusts, 1 to 16, kids unique.'),
    district: z.string().regex(GATE_ID_FORMAT, '1–64 letters, digits, `.`, `_`, `-`, starting with a letter or digit').optional().describe('The district whose bundles this gate takes (in MQTT topics and HTTPS paths).'),
    url: z.url({ protocol: /^https?$/ }).optional().describe('Where bundles are fetched over HTTPS (`GET <url>/<kind>`); default: the uplink’s HTTPS origin with `/bundles`.'),
    pullEveryMs: quantity(z.int().min(1000).max(86_400_000), 'ms', 'How often the gate asks for newer bundles over HTTPS (with `If-None-Match`); over MQTT they arrive as published.').default(300_000),
    policyFile: z
      .enum(['allowed', 'forbidden'])
      .default('allowed')
      .describe('`allowed`: the local `policyFile` still applies (journaled with `source: file`); `forbidden`: only signed policy bundles change the policy.'),
  })
  .superRefine((b, ctx) => {
    const kids = new Set<string>();
    b.keys.forEach((k, i) => {
      if (kids.has(k.kid)) ctx.addIssue({ code: 'custom', message: `duplicate kid "${k.kid}"`, path: ['keys', i, 'kid'] });
      kids.add(k.kid);
    });
  })
  .describe('Signed bundles from the district platform (docs/bundles.md). Absent: none is trusted.');

export type BundlesConfig = z.output<typeof bundlesConfig>;
export type BundleKeyConfig = BundlesConfig['keys'][number];

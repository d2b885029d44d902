/**
 * The online health-code check: for people without a signed QR code, the gate asks the district service
 * for the colour of a subject `ref`. Port + HTTP adapter.
 *
 * Protocol: `POST url` with body `{"subject": "<64 hex ref>"}` (content-type application/json); a 2xx reply
 * `{"colour": "green"|"yellow"|"red", "colourSince": "<ISO-8601>", "issuer": "<id>"}` (extra fields ignored;
 * a `subject` field, if present, must equal the one asked about) yields `verified` evidence via `online`.
 * Anything else is `unverifiable` — never an exception, never a guess:
 * - `timeout`     no complete reply within `timeoutMs` (connecting, headers and body together);
 * - `unreachable` the request could not be made (DNS, refused connection, reset, bad URL);
 * - `refused`     the service answered, but not with a usable verdict (non-2xx incl. redirects, not JSON, wrong shape,
 *                 another subject, a body over 64 KiB).
 */
import { z } from 'zod';
import type { HealthCodeEvidence } from '../../src/domain.js';
import { HEALTH_CODE_COLOURS } from '../../src/domain.js';

export interface HealthCodeVerifier {
  /** Never rejects. */
  check(subjectRef: string): Promise<HealthCodeEvidence>;
}

export interface HttpHealthCodeVerifierOptions {
  readonly url: string;
  /** Budget for the whole exchange, ms. */
  readonly timeoutMs: number;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetchImpl?: typeof fetch;
}

/** Largest reply body read; a verdict is ~100 bytes. */
export const MAX_REPLY_BYTES = 64 * 1024;

const replySchema = z.object({
  colour: z.enum(HEALTH_CODE_COLOURS),
  colourSince: z.iso.datetime({ offset: true }),
  issuer: z.string().min(1).max(256),
  subject: z.string().optional(),
});

type Unverifiable = Extract<HealthCodeEvidence, { status: 'unverifiable' }>;
const unverifiable = (reason: Unverifiable['reason']): Unverifiable => ({ status: 'unverifiable', via: 'online', reason });

/** Reads at most `MAX_REPLY_BYTES` of the body; undefined if it is longer. */
async function readCapped(response: Response): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_REPLY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseReply(text: string, subjectRef: string): HealthCodeEvidence {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return unverifiable('refused');
  }
  const r = replySchema.safeParse(json);
  if (!r.success) return unverifiable('refused');
  if (r.data.subject !== undefined && r.data.subject !== subjectRef) return unverifiable('refused');
  const issuedAt = Date.parse(r.data.colourSince);
  if (!Number.isFinite(issuedAt)) return unverifiable('refused');
  return { status: 'verified', via: 'online', colour: r.data.colour, subject: subjectRef, issuer: r.data.issuer, issuedAt };
}

/** An HTTP verifier; see the file comment for the protocol and how failures map to reasons. */
export function httpHealthCodeVerifier(opts: HttpHealthCodeVerifierOptions): HealthCodeVerifier {
  const fetchImpl = opts.fetchImpl ?? fetch;
  return {
    async check(subjectRef) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, Math.max(0, opts.timeoutMs));
      try {
        const response = await fetchImpl(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ subject: subjectRef }),
          signal: controller.signal,
          redirect: 'manual',
        });
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          return unverifiable('refused');
        }
        const text = await readCapped(response);
        if (text === undefined) return unverifiable('refused');
        return parseReply(text, subjectRef);
      } catch {
        // fetch rejects with TypeError for network failures and AbortError once aborted (also mid-body).
        return unverifiable(timedOut ? 'timeout' : 'unreachable');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

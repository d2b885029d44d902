/**
 * What a request to the headless host asks for, read without throwing: whether its Host header names this
 * host (a loopback name and our port; anything else is a DNS-rebinding page or a misdirected client), and
 * its decoded path (a malformed URL or percent sequence is the client's error, answered 400).
 */
import type { IncomingMessage } from 'node:http';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

/** The status for a request whose Host is not ours: 421 Misdirected Request (RFC 9110 §15.5.20). */
export const WRONG_HOST_STATUS = 421;
/** The names the page and the bridge answer to, with the host's own port. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The page's own origin, the only one a bridge connection may come from. */
export const pageOrigin = (port: number): string => `http://127.0.0.1:${port}`;

/** True when the Host header is one of LOOPBACK_NAMES with `port` (the port may be left out only when it is 80). */
export function isOwnHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}

/** The request's path, percent-decoded; `http.bad-url` for a URL or percent sequence that does not parse. */
export function requestPath(req: IncomingMessage): Result<string, Failure<'http.bad-url'>> {
  try {
    return ok(decodeURIComponent(new URL(req.url ?? '/', 'http://host.invalid').pathname));
  } catch {
    // new URL throws TypeError (ERR_INVALID_URL), decodeURIComponent URIError: both mean the client sent garbage.
    return err(failure('http.bad-url', 'the request URL does not parse'));
  }
}

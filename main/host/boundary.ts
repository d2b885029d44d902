/**
 * The one boundary every HTTP request to the headless host passes: a Host that is not ours is answered
 * 421 before anything else runs, and a handler that throws or rejects (a bug) is answered 500 and logged,
 * never left as an unhandled rejection that would end the process. Every response closes its connection: the
 * page loads its few files once, so no idle keep-alive socket is left holding a descriptor for seconds after.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { thrownForLog, type Log } from '../log.js';
import { WRONG_HOST_STATUS, isOwnHost } from './request.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function guardedRequests(handler: RequestHandler, port: () => number, log: Log): (req: IncomingMessage, res: ServerResponse) => void {
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('connection', 'close');
    if (!isOwnHost(req, port())) {
      res.writeHead(WRONG_HOST_STATUS, { connection: 'close' }).end();
      return;
    }
    await handler(req, res);
  };
  return (req, res) => {
    answer(req, res).catch((e: unknown) => {
      log.error({ error: thrownForLog(e) }, 'http: request handler failed');
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { connection: 'close' }).end();
    });
  };
}

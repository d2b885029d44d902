/** A real pino logger writing into arrays: one parsed object per line, and the raw lines (to search for what must never be logged). */
import { Writable } from 'node:stream';
import { pino } from 'pino';

export interface CapturedLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export function capturedLog() {
  const lines: CapturedLine[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter((l) => l !== '')) {
        raw.push(line);
        lines.push(JSON.parse(line) as CapturedLine);
      }
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines, raw };
}

/**
 * One pino logger for the main process, to stderr (stdout is for command output such as `export`).
 * Modules take a namespaced child: `logger('gate:lane')`. Level from GATE_LOG_LEVEL (default info).
 */
import { pino, type Logger } from 'pino';

const root = pino({ level: process.env['GATE_LOG_LEVEL'] ?? 'info', base: null }, pino.destination({ fd: 2, sync: false }));

export type Log = Logger;

export function logger(ns: string): Log {
  return root.child({ ns });
}

/** What a log line says about a thrown value: an Error's stack, else only its type (a thrown value may hold anything). */
export function thrownForLog(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `a thrown value of type ${typeof e}`;
}

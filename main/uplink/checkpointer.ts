/**
 * WAL checkpoints off the gate's thread while the uplink drains. Acknowledging batches writes the WAL fast
 * (every ack deletes a batch of rows), and a checkpoint ends in an fsync of the database file that can take
 * tens of milliseconds: run by the connection that commits (the forwarder's, or a decision's), it would stall
 * the lanes that share the thread. A worker thread with its own connection runs `wal_checkpoint(PASSIVE)`
 * every `everyMs` instead — PASSIVE never blocks a writer or a reader — and the forwarder's connection does
 * not checkpoint itself (`wal_autocheckpoint = 0`). The journal's own connection keeps its automatic
 * checkpoint (main/journal/db.ts) as the bound should the worker fall behind.
 *
 * The worker is evaluated code (no file to find from the TS sources under vitest or from out/): it loads
 * better-sqlite3 by the path this module resolves.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Log } from '../log.js';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 200');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Stops the worker (after the checkpoint in progress) and waits for it to exit. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs: number, log: Log): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, driver } });
  worker.on('message', (message: unknown) => log.warn({ message }, 'a background WAL checkpoint failed; the next one tries again'));
  worker.on('error', (e) => log.error({ error: e.message }, 'the WAL checkpointer stopped; the journal checkpoints by itself'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.unref();
  return {
    stop: async () => {
      worker.postMessage('stop');
      await exited;
    },
  };
}

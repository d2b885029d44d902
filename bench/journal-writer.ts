/**
 * Crash-test writer: `node out/bench/journal-writer.js <db> [--hold]` records synthetic decisions in a
 * loop and, after each `record` returns ok, prints `ACK <id>` on stdout, until killed. A line printed
 * is a decision the journal promised to keep; test/journal/writer_kill9.test.ts checks that it did.
 * `--hold`: load everything, then wait for a line on stdin before opening the journal, so the test can
 * spawn the next writer while the previous one runs without two writers ever sharing the file.
 * Exits 2 on usage errors and 1 when the journal fails.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Journal } from '../main/journal/journal.js';
import { syntheticInput } from './journal.js';

const [file, flag] = process.argv.slice(2);
if (file === undefined || (flag !== undefined && flag !== '--hold')) {
  console.error('usage: journal-writer <db-file> [--hold]');
  process.exit(2);
}
if (flag === '--hold') await once(process.stdin, 'data');
const opened = Journal.open(file);
if (!opened.ok) {
  console.error(`${opened.error.code}: ${opened.error.message}`);
  process.exit(1);
}
const journal = opened.value;
for (let n = 0; ; n++) {
  const id = randomUUID();
  const r = journal.record(syntheticInput(id, n, `lane-${process.pid}`));
  if (!r.ok) {
    console.error(`${r.error.code}: ${r.error.message}`);
    process.exit(1);
  }
  // Synchronous for pipes on Linux: the line is out before the next commit starts.
  process.stdout.write(`ACK ${id}\n`);
}

/**
 * The bench's platform, run as its own process so its work is not the gate's: takes `records` batches over
 * HTTP (`--http`, prints `port <n>`) or from an MQTT broker (`--mqtt URL --prefix P`, prints `ready`), stores
 * every record under a UNIQUE (gate, epoch, seq) constraint in SQLite (`--db FILE`), and acks each batch with
 * its highest seq. No fault injection and no schema validation: the tests' reference receivers do that
 * (test/uplink/); this one only has to keep up. Prints `stored <n>` on stdin's `count` line.
 */
import { createServer } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';

interface Batch {
  readonly batch: string;
  readonly records: readonly { readonly gate: string; readonly epoch: string; readonly seq: number; readonly kind: string; readonly payload: unknown }[];
}

const { values } = parseArgs({ options: { http: { type: 'boolean' }, mqtt: { type: 'string' }, prefix: { type: 'string' }, db: { type: 'string' } } });
const db = new Database(values.db ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS records (gate TEXT, epoch TEXT, seq INTEGER, kind TEXT, payload TEXT, UNIQUE (gate, epoch, seq))');
const insert = db.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
const store = db.transaction((b: Batch): string => {
  let highest = 0;
  for (const r of b.records) {
    insert.run(r.gate, r.epoch, r.seq, r.kind, JSON.stringify(r.payload));
    highest = Math.max(highest, r.seq);
  }
  return JSON.stringify({ v: 1, batch: b.batch, accepted: highest, rejected: [] });
});

process.stdin.setEncoding('utf8').on('data', (line: string) => {
  if (line.trim() === 'count') process.stdout.write(`stored ${String(db.prepare('SELECT count(*) FROM records').pluck().get())}\n`);
});

if (values.http === true) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.endsWith('/heartbeat') === true) return res.writeHead(204).end();
      const ack = store(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Batch);
      res.writeHead(200, { 'content-type': 'application/json' }).end(ack);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`port ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
  });
} else if (values.mqtt !== undefined) {
  const prefix = values.prefix ?? 'gates';
  const client = mqtt.connect(values.mqtt, { protocolVersion: 5, clientId: 'bench-platform', clean: false, properties: { sessionExpiryInterval: 3600 } });
  client.on('connect', () => {
    if (client.stream instanceof Socket) client.stream.setNoDelay(true);
    client.subscribe(`${prefix}/+/records`, { qos: 1 }, () => process.stdout.write('ready\n'));
  });
  client.on('message', (topic, payload) => {
    const gate = topic.split('/').at(-2) ?? '';
    client.publish(`${prefix}/${gate}/ack`, store(JSON.parse(payload.toString('utf8')) as Batch), { qos: 1 });
  });
  client.on('error', (e) => process.stderr.write(`platform sink: ${e.message}\n`));
}

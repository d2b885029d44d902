/**
 * The reference platform's store, shared by the HTTP receiver and the MQTT platform consumer: every batch is
 * validated against the published JSON Schemas (resources/uplink/, with ajv: independent of the gate's zod),
 * and every record lands in SQLite under a UNIQUE (gate, epoch, seq) constraint, so a duplicate is stored
 * once and counted. It can be told to reject records (a predicate), the way a platform refuses a record it
 * finds invalid.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Database from 'better-sqlite3';
import { resourcePath } from '../../main/resources.js';
import type { Ack, RecordsBatch, WireRecord } from '../../src/uplink/wire.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Every schema under resources/uplink/, compiled, by file name. */
export function wireValidators(): ReadonlyMap<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const dir = resourcePath('uplink');
  const out = new Map<string, ValidateFunction>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) out.set(f, ajv.compile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object));
  return out;
}

export interface StoreOutcome {
  readonly ack: Ack;
  /** Records new to the store. */
  readonly stored: number;
  /** Records it already had (same gate, epoch, seq). */
  readonly duplicates: number;
}

export class ReceivedRecords {
  private readonly db: Database.Database;
  private readonly validators = wireValidators();
  private readonly insert: Database.Statement;
  /** Messages that failed schema validation (they are answered with HTTP 400 / no ack). */
  readonly invalid: string[] = [];
  /** Payload kinds seen per message, for tests on what went up. */
  duplicateCount = 0;
  /** Records this platform refuses: the reason, or undefined to take it. */
  rejectWhen: (r: WireRecord) => string | undefined = () => undefined;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS records (
      gate TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL,
      UNIQUE (gate, epoch, seq)) STRICT`);
    this.insert = this.db.prepare('INSERT INTO records (gate, epoch, seq, id, kind, at, payload) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  }

  /** Validates `json` as a `records` batch (records.schema.json and each payload's own schema); the errors, or undefined when valid. */
  problems(json: unknown): string | undefined {
    const validate = (file: string, value: unknown): string | undefined => {
      const v = this.validators.get(file);
      if (v === undefined) return `no schema ${file}`;
      return v(value) ? undefined : `${file}: ${JSON.stringify(v.errors)}`;
    };
    const batch = validate('records.schema.json', json);
    if (batch !== undefined) return batch;
    for (const r of (json as RecordsBatch).records) {
      const p = validate(`${r.kind}.schema.json`, r.payload);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /** Validates a heartbeat; the errors, or undefined when valid. */
  heartbeatProblems(json: unknown): string | undefined {
    const v = this.validators.get('heartbeat.schema.json');
    return v?.(json) === true ? undefined : JSON.stringify(v?.errors ?? 'no heartbeat schema');
  }

  /** Stores a valid batch in one transaction and makes its ack: everything stored or rejected, so `accepted` is the batch's highest seq. */
  store(batch: RecordsBatch): StoreOutcome {
    return this.db.transaction((): StoreOutcome => {
      let stored = 0;
      let duplicates = 0;
      const rejected: { seq: number; reason: string }[] = [];
      for (const r of batch.records) {
        const reason = this.rejectWhen(r);
        if (reason !== undefined) {
          rejected.push({ seq: r.seq, reason });
          continue;
        }
        const n = this.insert.run(r.gate, r.epoch, r.seq, r.id, r.kind, r.at, JSON.stringify(r.payload)).changes;
        stored += n;
        duplicates += 1 - n;
      }
      this.duplicateCount += duplicates;
      const accepted = Math.max(...batch.records.map((r) => r.seq));
      return { ack: { v: 1, batch: batch.batch, accepted, rejected }, stored, duplicates };
    })();
  }

  count(where = '1 = 1', ...params: unknown[]): number {
    return Number(this.db.prepare(`SELECT count(*) FROM records WHERE ${where}`).pluck().get(...params));
  }

  /** Every stored seq of one gate's epoch, ascending. */
  seqs(gate: string, epoch: string): number[] {
    return this.db.prepare('SELECT seq FROM records WHERE gate = ? AND epoch = ? ORDER BY seq').pluck().all(gate, epoch) as number[];
  }

  /** Every stored record's seq and kind, in the order they arrived. */
  arrivals(): { seq: number; kind: string }[] {
    return this.db.prepare('SELECT seq, kind FROM records ORDER BY rowid').all() as { seq: number; kind: string }[];
  }

  /** The stored records of `kind`, as sent. */
  payloads(kind: string): unknown[] {
    return (this.db.prepare('SELECT payload FROM records WHERE kind = ? ORDER BY seq').pluck().all(kind) as string[]).map((p) => JSON.parse(p) as unknown);
  }

  close(): void {
    this.db.close();
  }
}

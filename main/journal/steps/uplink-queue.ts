/**
 * The code part of migration 0005 (resources/migrations/0005_uplink_queue.sql): reads the decisions the outbox
 * still held undelivered, runs the SQL (which drops the outbox), writes the backlog row (uplink off until the
 * gate starts with one configured: main/journal/uplink-queue.ts) and this install's epoch, and queues those
 * decisions in their journal order, so nothing the old outbox owed the platform is lost.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ok } from '../../../src/result.js';
import type { MigrationCode } from '../migrations.js';

/** The `settings` key of the install epoch (a UUID; a new journal is a new epoch). */
export const EPOCH_SETTING = 'uplink_epoch';

const undelivered = z.array(z.strictObject({ id: z.string(), at: z.string(), body: z.string() }));

export const uplinkQueue: MigrationCode = {
  transaction: true,
  foreignKeysOff: false,
  run: (db, sql) => {
    const owed = undelivered.parse(
      db.prepare('SELECT d.id, d.at, d.body FROM decisions d JOIN outbox o USING (seq) WHERE o.delivered_at IS NULL ORDER BY d.seq').all(),
    );
    sql();
    db.prepare("INSERT INTO uplink_backlog (one, enabled, max_records, max_bytes, when_full) VALUES (1, 0, 1000000, 1073741824, 'drop-oldest')").run();
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(EPOCH_SETTING, randomUUID());
    const insert = db.prepare("INSERT INTO uplink_queue (kind, id, at, payload) VALUES ('decision', ?, ?, ?)");
    for (const d of owed) insert.run(d.id, d.at, d.body);
    return ok(undefined);
  },
};

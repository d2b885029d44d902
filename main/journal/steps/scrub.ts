/**
 * The code part of migration 0004 (resources/migrations/0004_scrub.sql), run outside any transaction:
 * rewrites the database without its free pages (`secure_delete` on, `VACUUM`) and empties the WAL
 * (`wal_checkpoint(TRUNCATE)`), so no byte of the key rows 0003 deleted stays in journal.sqlite or
 * journal.sqlite-wal. When another connection keeps the WAL from being emptied, the step fails with
 * `journal.scrub-incomplete` and runs again at the next open.
 */
import { z } from 'zod';
import { err, failure, ok } from '../../../src/result.js';
import type { MigrationCode } from '../migrations.js';

const checkpointResult = z.array(z.strictObject({ busy: z.int(), log: z.int(), checkpointed: z.int() })).length(1);

export const scrub: MigrationCode = {
  transaction: false,
  run: (db, sql) => {
    const secureDelete = db.pragma('secure_delete', { simple: true });
    db.pragma('secure_delete = ON');
    try {
      sql();
      db.exec('VACUUM');
      const [r] = checkpointResult.parse(db.pragma('wal_checkpoint(TRUNCATE)'));
      if (r === undefined || r.busy !== 0) {
        return err(failure('journal.scrub-incomplete', 'another connection kept the WAL from being emptied after the keys left the journal; close it and open the journal again'));
      }
      return ok(undefined);
    } finally {
      db.pragma(`secure_delete = ${Number(secureDelete)}`);
    }
  },
};

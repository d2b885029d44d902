/**
 * The code part of migration 0006 (resources/migrations/0006_incremental_vacuum.sql), run outside any
 * transaction: `auto_vacuum = INCREMENTAL` takes effect only through a VACUUM. Repeating it is harmless.
 */
import { ok } from '../../../src/result.js';
import type { MigrationCode } from '../migrations.js';

export const incrementalVacuum: MigrationCode = {
  transaction: false,
  run: (db, sql) => {
    sql();
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
    return ok(undefined);
  },
};

-- 0005: one upstream queue for every kind of record, with its own sequence number; the outbox goes.
-- Forward-only: never edit a released migration, add the next NNNN file.
-- This step has a code part (main/journal/steps/uplink-queue.ts), which runs this SQL inside the step's
-- transaction and then makes the install epoch, the backlog row, and the queue rows of the decisions the
-- outbox still held undelivered.

-- What waits to go up (main/journal/uplink-queue.ts). `seq` is the upstream sequence number: one across
-- kinds, never reused (AUTOINCREMENT). `payload` is the kind's message payload as RFC 8785 canonical JSON
-- (src/uplink/wire.ts). An acknowledged row is deleted: the journal keeps the record for its retention.
-- `urgent` rows (the `uplink.overflow` event) are sent before the others. `set-aside`: the platform
-- rejected it as invalid (`reason`); it is kept, counted and shown, and no longer sent.
CREATE TABLE uplink_queue (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('decision', 'event', 'policy-change', 'registration', 'checkpoint')),
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  payload TEXT NOT NULL,
  urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'set-aside')),
  reason TEXT,
  set_aside_at TEXT
) STRICT;

CREATE INDEX uplink_queue_next ON uplink_queue (urgent DESC, seq) WHERE state = 'pending';

-- The backlog in one row, kept by the triggers below in every writer's transaction (the gate's, the
-- registers importer's): `records`/`bytes` pending, `set_aside` rows, `dropped*` since creation, and the open
-- overflow episode (`episode_*`: drops not yet announced by an `uplink.overflow` event). `enabled`, the caps
-- and `when_full` are the gate's config, written at every start (uplink absent: enabled 0, nothing queued).
CREATE TABLE uplink_backlog (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  max_records INTEGER NOT NULL,
  max_bytes INTEGER NOT NULL,
  when_full TEXT NOT NULL CHECK (when_full IN ('drop-oldest', 'refuse-admit')),
  records INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  set_aside INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  dropped_bytes INTEGER NOT NULL DEFAULT 0,
  episode_dropped INTEGER NOT NULL DEFAULT 0,
  episode_bytes INTEGER NOT NULL DEFAULT 0,
  episode_from_seq INTEGER,
  episode_to_seq INTEGER,
  episode_from_at TEXT,
  episode_to_at TEXT
) STRICT;

CREATE TRIGGER uplink_queue_added AFTER INSERT ON uplink_queue BEGIN
  UPDATE uplink_backlog SET
    records = records + (NEW.state = 'pending'), bytes = bytes + (NEW.state = 'pending') * length(NEW.payload),
    set_aside = set_aside + (NEW.state = 'set-aside');
END;

CREATE TRIGGER uplink_queue_removed AFTER DELETE ON uplink_queue BEGIN
  UPDATE uplink_backlog SET
    records = records - (OLD.state = 'pending'), bytes = bytes - (OLD.state = 'pending') * length(OLD.payload),
    set_aside = set_aside - (OLD.state = 'set-aside');
END;

CREATE TRIGGER uplink_queue_state AFTER UPDATE OF state ON uplink_queue WHEN OLD.state <> NEW.state BEGIN
  UPDATE uplink_backlog SET
    records = records + (NEW.state = 'pending') - (OLD.state = 'pending'),
    bytes = bytes + ((NEW.state = 'pending') - (OLD.state = 'pending')) * length(NEW.payload),
    set_aside = set_aside + (NEW.state = 'set-aside') - (OLD.state = 'set-aside');
END;

-- A payload is written once: the platform de-duplicates on seq, so a resent record must be the same.
CREATE TRIGGER uplink_queue_payload_fixed BEFORE UPDATE OF seq, kind, id, at, payload ON uplink_queue BEGIN
  SELECT RAISE(ABORT, 'an uplink record is never rewritten');
END;

DROP INDEX outbox_pending;
DROP TABLE outbox;

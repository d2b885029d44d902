-- 0001: the decision journal. Forward-only: never edit a released migration, add the next NNNN file.
-- Every `at` is ISO 8601 UTC with milliseconds ("2024-05-01T02:00:00.000Z"), so string order is time order.

-- One row per gate decision. `body` is the RFC 8785 canonical JSON of the export record (everything but seq);
-- the other columns repeat fields of it for filtering. AUTOINCREMENT: a seq is never reused, even after deletes.
CREATE TABLE decisions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  lane TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
  verdict TEXT NOT NULL CHECK (verdict IN ('admit', 'deny', 'refer')),
  policy_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_sha256 TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;

CREATE INDEX decisions_at ON decisions (at);

-- Transactional outbox: written with its decision, marked delivered by the uplink relay (at-least-once).
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY REFERENCES decisions (seq),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  delivered_at TEXT
) STRICT;

CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Hash chain over decisions: hash = sha256hex(prev_hash || "\n" || seq || "\n" || body), genesis prev_hash = 64 zeros.
CREATE TABLE chain (
  seq INTEGER PRIMARY KEY REFERENCES decisions (seq),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- Every policy swap attempt, applied or rejected.
CREATE TABLE policy_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  from_sha256 TEXT,
  to_sha256 TEXT,
  policy_id TEXT,
  policy_version TEXT,
  detail TEXT
) STRICT;

CREATE INDEX policy_changes_at ON policy_changes (at);

-- Counted operational events (garbled frames, unrecognised scans, ...). `detail` is canonical JSON.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;

CREATE INDEX events_at ON events (at);

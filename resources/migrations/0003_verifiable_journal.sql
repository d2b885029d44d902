-- 0003: every journal column verifiable; the keys leave the journal.
-- Forward-only: never edit a released migration, add the next NNNN file.
-- This step has a code part (main/journal/steps/verifiable-journal.ts), which runs this SQL inside the step's
-- transaction, with foreign_keys OFF (outbox, chain and passages reference decisions: SQLite's 12-step
-- table rebuild, foreign_key_check before commit). Around it, the code part refuses bodies that are not JSON,
-- computes the policy_changes and events links (SQL has no SHA-256), and moves the keys in `settings` to
-- their own files in the data folder (main/keys.ts, main/journal/device-key.ts).

-- decisions: every column but seq and body is generated from the hashed body, so no column can say other
-- than the chain vouches for (`UPDATE decisions SET verdict = …` is refused). STORED: a read never parses
-- JSON, so a damaged file reads as values that `gate verify` compares with the body, not as SQL errors.
-- The paths mirror DECISION_COLUMNS in main/journal/decision-row.ts.
CREATE TABLE decisions_0003 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE GENERATED ALWAYS AS (json_extract(body, '$.id')) STORED,
  at TEXT NOT NULL GENERATED ALWAYS AS (json_extract(body, '$.at')) STORED,
  lane TEXT NOT NULL GENERATED ALWAYS AS (json_extract(body, '$.lane')) STORED,
  direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')) GENERATED ALWAYS AS (json_extract(body, '$.direction')) STORED,
  verdict TEXT NOT NULL CHECK (verdict IN ('admit', 'deny', 'refer')) GENERATED ALWAYS AS (json_extract(body, '$.verdict')) STORED,
  policy_id TEXT NOT NULL GENERATED ALWAYS AS (json_extract(body, '$.policy.id')) STORED,
  policy_version TEXT NOT NULL GENERATED ALWAYS AS (json_extract(body, '$.policy.version')) STORED,
  policy_sha256 TEXT NOT NULL GENERATED ALWAYS AS (json_extract(body, '$.policy.sha256')) STORED,
  body TEXT NOT NULL
) STRICT;

INSERT INTO decisions_0003 (seq, body) SELECT seq, body FROM decisions ORDER BY seq;

-- Policy changes and events join the hash chain, one chain per table: hash = sha256hex(prev_hash "\n" table
-- "\n" RFC 8785 canonical JSON of every other column), genesis prev_hash = 64 zeros (main/journal/row-chain.ts).
-- The zeros below are placeholders the code part overwrites in this same transaction.
CREATE TABLE policy_changes_0003 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  from_sha256 TEXT,
  to_sha256 TEXT,
  policy_id TEXT,
  policy_version TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

INSERT INTO policy_changes_0003 (id, at, source, outcome, from_sha256, to_sha256, policy_id, policy_version, detail, prev_hash, hash)
SELECT id, at, source, outcome, from_sha256, to_sha256, policy_id, policy_version, detail, printf('%064d', 0), printf('%064d', 0)
FROM policy_changes ORDER BY id;

-- Events are never purged: they hold no personal data (lanes, codes, counts, file hashes), and a chain
-- from genesis makes a deleted one visible.
CREATE TABLE events_0003 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

INSERT INTO events_0003 (id, at, kind, detail, prev_hash, hash)
SELECT id, at, kind, detail, printf('%064d', 0), printf('%064d', 0) FROM events ORDER BY id;

-- AUTOINCREMENT high-water marks carry over (a deleted newest row stays visible to verify, and no id is reused).
DELETE FROM sqlite_sequence WHERE name IN ('decisions_0003', 'policy_changes_0003', 'events_0003');
INSERT INTO sqlite_sequence (name, seq)
SELECT name || '_0003', seq FROM sqlite_sequence WHERE name IN ('decisions', 'policy_changes', 'events');

DROP TABLE decisions;
ALTER TABLE decisions_0003 RENAME TO decisions;
CREATE INDEX decisions_at ON decisions (at);

DROP TABLE policy_changes;
ALTER TABLE policy_changes_0003 RENAME TO policy_changes;
CREATE INDEX policy_changes_at ON policy_changes (at);

DROP TABLE events;
ALTER TABLE events_0003 RENAME TO events;
CREATE INDEX events_at ON events (at);

-- `settings` keeps only the registers' generation; its key rows (device_ed25519_jwk, district_hmac_key)
-- are moved to files and deleted by the code part, and 0004 scrubs the file.

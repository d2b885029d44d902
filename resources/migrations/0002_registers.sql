-- 0002: registers, passages, sealed registrations, retention checkpoints, settings.
-- Forward-only: never edit a released migration, add the next NNNN file.
-- Instants (`*_at`, `not_before`, `not_after`) are ISO 8601 UTC with milliseconds, so string order is time order;
-- days (`*_day`) are YYYY-MM-DD.

-- Registered residents: `ref` is the district HMAC of the credential (64 lowercase hex), never an ID number.
CREATE TABLE residents (
  ref TEXT PRIMARY KEY CHECK (length(ref) = 64),
  household TEXT NOT NULL
) STRICT;

-- Home quarantine, per person: from_at ≤ t < until_at (until_at NULL: until further notice).
CREATE TABLE quarantine (
  ref TEXT NOT NULL CHECK (length(ref) = 64),
  from_at TEXT NOT NULL,
  until_at TEXT
) STRICT;

-- Risk areas (6-digit administrative division codes), listed from from_day through until_day inclusive (NULL: still listed).
CREATE TABLE risk_areas (
  area TEXT NOT NULL CHECK (length(area) = 6),
  level TEXT NOT NULL CHECK (level IN ('high', 'medium')),
  from_day TEXT NOT NULL,
  until_day TEXT
) STRICT;

-- Keys of credential issuers (health codes, travel codes, resident passes). `typs` is a JSON array of token
-- types the key may sign; `public_jwk` an Ed25519 OKP JWK as JSON.
CREATE TABLE issuer_keys (
  kid TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  typs TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  not_before TEXT,
  not_after TEXT
) STRICT;

-- One row per passage through a gate; for now one per admitted exit decision (confirmed = 0: no lane has a
-- passage sensor yet). The exit quota counts a household's exits since a time.
CREATE TABLE passages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  lane TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
  household TEXT,
  decision_seq INTEGER NOT NULL REFERENCES decisions (seq),
  confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1))
) STRICT;

CREATE INDEX passages_household_exits ON passages (household, direction, at);
-- Deleting a decision looks up its passages (foreign key): without this, purge is quadratic.
CREATE INDEX passages_decision ON passages (decision_seq);

-- Registration records (name, phone, ...) sealed with HPKE to the health authority's key; the gate cannot open them.
CREATE TABLE sealed_registrations (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  authority_kid TEXT NOT NULL,
  enc BLOB NOT NULL,
  ciphertext BLOB NOT NULL
) STRICT;

CREATE INDEX sealed_registrations_at ON sealed_registrations (at);

-- Signed by the device key when purge deletes a prefix of the decisions: the chain continues from upto_hash.
CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  upto_seq INTEGER NOT NULL,
  upto_hash TEXT NOT NULL CHECK (length(upto_hash) = 64),
  signature TEXT NOT NULL,
  public_jwk TEXT NOT NULL
) STRICT;

-- Small named values: district_hmac_key (hex), the device signing key, the registers' generation.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

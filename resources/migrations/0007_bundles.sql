-- 0007: what is in force per bundle kind (main/bundles/in-force.ts), whichever way it came: a signed bundle
-- (`version`, `issued_at`, `kid` set), the policy file or `gate import` (those three NULL).
-- Forward-only: never edit a released migration, add the next NNNN file.
--
-- `sha256`: of the bundle's JWS text, or of the file. `source`: `uplink:https`, `uplink:mqtt`, `cli:<path>`,
-- `file`, `import:<path>`. `body`: what a restart needs that lives nowhere else: the policy document of a
-- policy bundle (canonical JSON); NULL for every other kind (their rows are the registers' tables).
CREATE TABLE bundles (
  kind TEXT PRIMARY KEY CHECK (kind IN ('policy', 'residents', 'quarantine', 'risk-areas', 'issuer-keys', 'notices', 'district-key')),
  version INTEGER CHECK (version IS NULL OR version >= 1),
  issued_at TEXT,
  applied_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  source TEXT NOT NULL,
  kid TEXT,
  body TEXT
) STRICT;

-- Catalogue documents: immutable versions (retention table, business steps, schemes, fonds).
CREATE TABLE catalogue_versions (
  kind       TEXT NOT NULL,
  scope      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  body       TEXT NOT NULL,
  author     TEXT NOT NULL,
  note       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, scope, version)
) WITHOUT ROWID;

-- Items (件). `body` is the whole item as JSON; the columns beside it exist to filter and to enforce.
CREATE TABLE items (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  fonds_code       TEXT NOT NULL,
  year             INTEGER NOT NULL,
  class_code       TEXT NOT NULL,
  retention        TEXT NOT NULL,
  insurance_type   TEXT NOT NULL,
  business_step    TEXT,
  section          TEXT NOT NULL,
  status           TEXT NOT NULL,
  archival_code    TEXT UNIQUE,
  item_number      INTEGER,
  due_date         TEXT,
  revision         INTEGER NOT NULL,
  indexed_revision INTEGER NOT NULL DEFAULT 0,
  body             TEXT NOT NULL
);
CREATE INDEX items_by_fonds     ON items (fonds_code, seq);
CREATE INDEX items_by_year      ON items (year, seq);
CREATE INDEX items_by_class     ON items (class_code, seq);
CREATE INDEX items_by_insurance ON items (insurance_type, seq);
CREATE INDEX items_by_step      ON items (business_step, seq);
CREATE INDEX items_by_retention ON items (retention, seq);
CREATE INDEX items_by_status    ON items (status, seq);
CREATE INDEX items_by_section   ON items (section, seq);
CREATE INDEX items_by_due       ON items (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX items_stale_index  ON items (seq) WHERE indexed_revision <> revision;

CREATE TABLE item_persons (
  item_seq    INTEGER NOT NULL REFERENCES items (seq),
  name        TEXT NOT NULL,
  resident_id TEXT
);
CREATE INDEX item_persons_by_id   ON item_persons (resident_id, item_seq) WHERE resident_id IS NOT NULL;
CREATE INDEX item_persons_by_name ON item_persons (name, item_seq);
CREATE INDEX item_persons_of_item ON item_persons (item_seq);

CREATE TABLE item_units (
  item_seq INTEGER NOT NULL REFERENCES items (seq),
  name     TEXT NOT NULL,
  code     TEXT
);
CREATE INDEX item_units_by_code ON item_units (code, item_seq) WHERE code IS NOT NULL;
CREATE INDEX item_units_by_name ON item_units (name, item_seq);
CREATE INDEX item_units_of_item ON item_units (item_seq);

-- 档号 numbering: the last number used in each group. Numbers only ever go up.
CREATE TABLE archival_counters (
  grp  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER archival_counters_never_down BEFORE UPDATE ON archival_counters
  WHEN NEW.last <= OLD.last BEGIN SELECT RAISE(ABORT, 'archival counters never go down'); END;
CREATE TRIGGER archival_counters_never_deleted BEFORE DELETE ON archival_counters
  BEGIN SELECT RAISE(ABORT, 'archival counters are never deleted'); END;

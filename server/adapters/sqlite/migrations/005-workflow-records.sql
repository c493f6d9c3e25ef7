-- Workflow records (transfers, boxes, locations, loans, appraisals, destruction lists): JSON documents
-- with a revision for compare-and-set writes, in named collections.
CREATE TABLE workflow_records (
  seq      INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,
  id       TEXT NOT NULL,
  revision INTEGER NOT NULL,
  body     TEXT NOT NULL,
  UNIQUE (kind, id)
);
CREATE INDEX workflow_records_by_kind ON workflow_records (kind, seq);

-- Exclusive claims (e.g. a physical item checked out on one loan).
CREATE TABLE workflow_claims (
  key   TEXT PRIMARY KEY,
  owner TEXT NOT NULL
) WITHOUT ROWID;

-- Named sequences (request numbers, box numbers): they only go up.
CREATE TABLE workflow_sequences (
  name TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER workflow_sequences_never_down BEFORE UPDATE ON workflow_sequences
  WHEN NEW.last <= OLD.last BEGIN SELECT RAISE(ABORT, 'sequences never go down'); END;

-- Which items hold which stored objects: destruction deletes an object only when no other item uses it.
CREATE TABLE item_blobs (
  sha256  TEXT NOT NULL,
  item_id TEXT NOT NULL,
  PRIMARY KEY (sha256, item_id)
) WITHOUT ROWID;
CREATE INDEX item_blobs_of_item ON item_blobs (item_id);
INSERT OR IGNORE INTO item_blobs (sha256, item_id)
  SELECT ref, id FROM (
    SELECT p.value ->> '$.sha256' AS ref, items.id AS id FROM items, json_each(items.body, '$.pages') AS p
    UNION ALL SELECT p.value ->> '$.preview', items.id FROM items, json_each(items.body, '$.pages') AS p
    UNION ALL SELECT p.value ->> '$.thumbnail', items.id FROM items, json_each(items.body, '$.pages') AS p
    UNION ALL SELECT p.value ->> '$.text.words', items.id FROM items, json_each(items.body, '$.pages') AS p
    UNION ALL SELECT items.body ->> '$.searchablePdf', items.id FROM items
  ) WHERE ref IS NOT NULL;

-- 页数 beside the other catalogue columns, and a covering index for statistics (no table reads).
ALTER TABLE items ADD COLUMN page_count INTEGER NOT NULL DEFAULT 0;
UPDATE items SET page_count = json_array_length(body, '$.pages');
CREATE INDEX items_tally ON items (fonds_code, year, class_code, retention, insurance_type, section, status, page_count);
-- Items out of their box (on loan, moved out): few, so a partial index counts them without reading bodies.
CREATE INDEX items_out ON items (fonds_code, year, section, status, page_count)
  WHERE json_extract(body, '$.out') IS NOT NULL;
CREATE INDEX items_by_archival_code ON items (archival_code) WHERE archival_code IS NOT NULL;

-- Whether an item has an active hold (冻结), beside the due date: "falling due" counts without reading bodies.
ALTER TABLE items ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
UPDATE items SET held = 1 WHERE EXISTS (
  SELECT 1 FROM json_each(body, '$.holds') AS h WHERE h.value ->> '$.liftedAt' IS NULL
);
CREATE INDEX items_due_tally ON items (due_date, status, held, fonds_code, year, class_code, retention,
  insurance_type, section, page_count) WHERE due_date IS NOT NULL;

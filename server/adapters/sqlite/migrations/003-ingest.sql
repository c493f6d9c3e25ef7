-- Ingest batches: the batch as JSON, its files one row each (jobs page files of one batch concurrently).
CREATE TABLE ingest_batches (
  id         TEXT PRIMARY KEY,
  section    TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  body       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ingest_batches_by_section ON ingest_batches (section, created_at);

CREATE TABLE ingest_batch_files (
  batch_id TEXT NOT NULL REFERENCES ingest_batches (id),
  n        INTEGER NOT NULL,
  body     TEXT NOT NULL,
  PRIMARY KEY (batch_id, n)
) WITHOUT ROWID;

-- Drafts: items on their way through the pipeline, or waiting in the review queue.
CREATE TABLE ingest_drafts (
  seq      INTEGER PRIMARY KEY,
  id       TEXT NOT NULL UNIQUE,
  batch_id TEXT NOT NULL REFERENCES ingest_batches (id),
  section  TEXT NOT NULL,
  status   TEXT NOT NULL,
  revision INTEGER NOT NULL,
  body     TEXT NOT NULL
);
CREATE INDEX ingest_drafts_by_batch  ON ingest_drafts (batch_id, seq);
CREATE INDEX ingest_drafts_by_status ON ingest_drafts (status, section, seq);

-- The first owner of each file ever ingested (duplicates are reported against it).
CREATE TABLE ingest_fingerprints (
  sha256   TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  file_n   INTEGER NOT NULL,
  item_id  TEXT
) WITHOUT ROWID;

-- Form-title variants clerks taught the matcher in review.
CREATE TABLE ingest_title_variants (
  business_step TEXT NOT NULL,
  variant       TEXT NOT NULL,
  added_by      TEXT NOT NULL,
  added_at      TEXT NOT NULL,
  PRIMARY KEY (business_step, variant)
) WITHOUT ROWID;

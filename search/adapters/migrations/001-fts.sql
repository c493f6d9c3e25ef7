-- Full-text index over pre-tokenised text (search/tokenizer.ts): `grams` holds the Han bigrams and
-- ASCII tokens of every searchable field; `facets` holds one token per filter value (see facetToken).
CREATE VIRTUAL TABLE fts USING fts5 (grams, facets, tokenize = 'unicode61', detail = full);

-- What a hit shows: the searchable fields as text, for highlighting. rowid = the fts rowid.
CREATE TABLE docs (
  rowid    INTEGER PRIMARY KEY,
  item_id  TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL,
  title    TEXT NOT NULL,
  text     TEXT NOT NULL,
  persons  TEXT NOT NULL,
  units    TEXT NOT NULL
);

-- The facet values of each document packed into one integer (dictionary codes), for fast counting.
CREATE TABLE facet_map (rowid INTEGER PRIMARY KEY, packed INTEGER NOT NULL);
CREATE TABLE facet_values (
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  code  INTEGER NOT NULL,
  PRIMARY KEY (facet, value)
) WITHOUT ROWID;

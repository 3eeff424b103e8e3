// Migration 002: the per-document rows that ingest writes are keyed by the document's seq, not its id.
//
// A document id is a content hash: every table keyed by it takes each new document at a random place in its
// B-tree, so that every 64-document transaction dirtied (and wrote to the WAL, then checkpointed) ~36 scattered
// pages per document, more as the store grew. Keyed by seq (the ingest order), the same rows are appended at the
// right edge of each B-tree; indexes led by an entity key take each new row at the end of that entity's range.
// The near-duplicate keys become one row per document (the store indexes them in memory, store/near-dup.ts), and
// documents no longer keep their normalized text.
// `mentions`, `copies` and `near_keys` stay readable under their old names and columns, as views.
import type { Migration } from "./index.js";

const sqlite = `
-- Every place a text was seen (the first one included), by the document's seq.
CREATE TABLE doc_copies (
  doc_seq INTEGER NOT NULL,      -- documents.seq
  place TEXT NOT NULL,           -- url, else path, else ''
  outlet TEXT NOT NULL DEFAULT '',
  url TEXT,
  title TEXT,
  published TEXT,
  path TEXT,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (doc_seq, place, outlet)
) WITHOUT ROWID;
INSERT INTO doc_copies (doc_seq, place, outlet, url, title, published, path, seen_at)
  SELECT d.seq, c.place, c.outlet, c.url, c.title, c.published, c.path, c.seen_at FROM copies c JOIN documents d ON d.id = c.doc_id;
DROP TABLE copies;
CREATE VIEW copies AS
  SELECT d.id AS doc_id, c.place, c.outlet, c.url, c.title, c.published, c.path, c.seen_at
  FROM doc_copies c JOIN documents d ON d.seq = c.doc_seq;

-- Entity mentions, by the document's seq. No index by entity: each document's mentions of it are found through
-- entity_docs (an index led by the entity took each mention at the end of that entity's range: ~2 pages written
-- per document and transaction, for the aliases of an entity only).
CREATE TABLE doc_mentions (
  doc_seq INTEGER NOT NULL,
  entity TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  surface TEXT NOT NULL,         -- the words as written: the aliases of the entity
  PRIMARY KEY (doc_seq, entity, span_start)
) WITHOUT ROWID;
INSERT INTO doc_mentions (doc_seq, entity, span_start, span_end, surface)
  SELECT d.seq, m.entity, m.span_start, m.span_end, m.surface FROM mentions m JOIN documents d ON d.id = m.doc_id;
DROP TABLE mentions;
CREATE VIEW mentions AS
  SELECT d.id AS doc_id, m.entity, m.span_start, m.span_end, m.surface
  FROM doc_mentions m JOIN documents d ON d.seq = m.doc_seq;

-- Which documents speak of an entity (mentions and claim parties), for counts and first/last seen.
CREATE TABLE entity_docs_v2 (
  entity TEXT NOT NULL,
  doc_seq INTEGER NOT NULL,
  mentions INTEGER NOT NULL,
  seen TEXT,
  PRIMARY KEY (entity, doc_seq)
) WITHOUT ROWID;
INSERT INTO entity_docs_v2 (entity, doc_seq, mentions, seen)
  SELECT e.entity, d.seq, e.mentions, e.seen FROM entity_docs e JOIN documents d ON d.id = e.doc_id;
DROP TABLE entity_docs;
ALTER TABLE entity_docs_v2 RENAME TO entity_docs;
CREATE INDEX entity_docs_doc ON entity_docs(doc_seq);

-- The normalized text is made again where it is needed (near-duplicate candidates, the search index): it doubled
-- the size of every document row.
ALTER TABLE documents DROP COLUMN norm_text;

-- MinHash LSH keys (store/near-dup.ts): one row per document long enough to compare, its keys as a JSON array,
-- and its word 3-shingles (sorted 32-bit hashes, little-endian) to compare a new document with it without making
-- them again from its text (NULL for documents stored before: made from the text then).
CREATE TABLE near_sigs (
  doc_seq INTEGER PRIMARY KEY,
  keys TEXT NOT NULL,
  shingles BLOB
);
INSERT INTO near_sigs (doc_seq, keys) SELECT doc_seq, json_group_array(key) FROM near_keys GROUP BY doc_seq;
DROP TABLE near_keys;
CREATE VIEW near_keys AS
  SELECT j.value AS key, s.doc_seq AS doc_seq FROM near_sigs s, json_each(s.keys) j;
`;

export const m002AppendOrder: Migration = { version: 2, name: "append-order", sqlite };

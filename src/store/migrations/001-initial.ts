// Migration 001: documents, copies, entities, mentions, claims with their parties and items, reviews, failures,
// the full-text index and the aggregated edges view.
import type { Migration } from "./index.js";

const sqlite = `
-- One row per distinct text. id = content hash of the normalized text; seq = ingest order (and the FTS rowid).
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_id TEXT,
  url TEXT,
  title TEXT,
  outlet TEXT,
  published TEXT,
  pub_date TEXT,                 -- YYYY-MM-DD of published, for filters
  text TEXT NOT NULL,            -- exactly as received: every span points into it
  norm_text TEXT NOT NULL,       -- normalizeForMatch(text): what id hashes
  duplicate_of TEXT,             -- the first copy of a near-duplicate
  path TEXT,
  ingested_at TEXT NOT NULL,
  pipeline TEXT NOT NULL
);
CREATE INDEX documents_pub ON documents(pub_date);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_dup ON documents(duplicate_of);
CREATE INDEX documents_ingested ON documents(ingested_at);

-- MinHash LSH keys of each document long enough to compare (store/near-dup.ts): documents sharing a key are
-- near-duplicate candidates, confirmed by the Jaccard similarity of their normalized texts.
CREATE TABLE near_keys (
  key INTEGER NOT NULL,
  doc_seq INTEGER NOT NULL,
  PRIMARY KEY (key, doc_seq)
) WITHOUT ROWID;

-- Every place a text was seen (the first one included): syndicated copies are recorded, never counted again.
-- A place is its URL, else the file it was read from.
CREATE TABLE copies (
  doc_id TEXT NOT NULL,
  place TEXT NOT NULL,           -- url, else path, else ''
  outlet TEXT NOT NULL DEFAULT '',
  url TEXT,
  title TEXT,
  published TEXT,
  path TEXT,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (doc_id, place, outlet)
) WITHOUT ROWID;

CREATE TABLE entities (
  key TEXT PRIMARY KEY,          -- actor/isis, place/sy-deir-ez-zor, actor/~<normalized name>
  kind TEXT NOT NULL CHECK (kind IN ('actor', 'place')),
  type TEXT,
  name_ar TEXT,
  name_en TEXT,
  norm_name TEXT,                -- normalized Arabic (or English) name, for lookup
  lat REAL,
  lon REAL,
  geo_precision TEXT,
  ingested_at TEXT NOT NULL
);
CREATE INDEX entities_norm ON entities(norm_name);
CREATE INDEX entities_kind ON entities(kind, ingested_at);

CREATE TABLE mentions (
  doc_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  surface TEXT NOT NULL,         -- the words as written: the aliases of the entity
  PRIMARY KEY (doc_id, entity, span_start)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity, surface);

-- Which documents speak of an entity (mentions and claim parties), for counts and first/last seen.
CREATE TABLE entity_docs (
  entity TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  seen TEXT,
  PRIMARY KEY (entity, doc_id)
) WITHOUT ROWID;
CREATE INDEX entity_docs_doc ON entity_docs(doc_id);

-- Claims: machine output kept verbatim in machine (JSON); the other columns are the effective values (machine
-- output with the document's reviews applied), rewritten whenever a review is added or the claim is re-extracted.
CREATE TABLE claims (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('flow', 'event', 'fact')),
  ordinal INTEGER NOT NULL,      -- position in the extraction
  machine TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'confirmed', 'rejected', 'corrected')),
  type TEXT,                     -- event or fact type
  mode TEXT,                     -- flow mode
  giver TEXT,
  receiver TEXT,
  via TEXT,
  place TEXT,
  killed INTEGER,
  injured INTEGER,
  ev_start INTEGER NOT NULL,
  ev_end INTEGER NOT NULL,
  ev_text TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source_start INTEGER,
  source_end INTEGER,
  source_text TEXT,
  modality TEXT,
  time_start TEXT,
  time_end TEXT,
  time_precision TEXT,
  date TEXT,                     -- time_start, else the document's pub_date
  seen TEXT                      -- the document's pub_date (first/last seen), NULL when it has none
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX claims_kind_date ON claims(kind, date);
CREATE INDEX claims_giver ON claims(giver);
CREATE INDEX claims_receiver ON claims(receiver);

CREATE TABLE claim_parties (
  claim_id TEXT NOT NULL,
  role TEXT NOT NULL,            -- giver receiver via place (flows) · agent target place (events) · subject object (facts)
  entity TEXT NOT NULL,
  PRIMARY KEY (claim_id, role, entity)
) WITHOUT ROWID;
CREATE INDEX claim_parties_entity ON claim_parties(entity, role);

CREATE TABLE flow_items (
  claim_id TEXT NOT NULL,
  category TEXT NOT NULL,
  PRIMARY KEY (claim_id, category)
) WITHOUT ROWID;
CREATE INDEX flow_items_category ON flow_items(category);

-- Analysts' reviews, apart from machine output and never deleted by ingest: no foreign key, so a review outlives
-- a re-extraction that drops its claim (it is then listed as orphaned).
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  claim_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('confirm', 'reject', 'correct')),
  corrected TEXT,                -- JSON: the corrected fields
  reviewer TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX reviews_claim ON reviews(claim_id, id);
CREATE INDEX reviews_doc ON reviews(doc_id);

CREATE TABLE failures (
  path TEXT NOT NULL,
  item TEXT NOT NULL DEFAULT '',
  doc TEXT,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (path, item)
) WITHOUT ROWID;

-- Full-text index over the normalized, diacritics-stripped, clitic-segmented copy (see store/search-text.ts):
-- unicode61 splits words at harakat and strips no clitics, so it is fed text where both are already done.
CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- The aggregated edges (giver, receiver, item category) for people who query the file with sqlite3.
-- rasad builds the same aggregate with filters in sqlite.ts (edgeSelect); keep the two in step.
CREATE VIEW edges AS
SELECT c.giver AS giver, c.receiver AS receiver, i.category AS category,
  sum(c.modality IS NOT 'denied') AS claims,
  count(DISTINCT CASE WHEN c.modality IS NOT 'denied' THEN c.doc_id END) AS documents,
  count(DISTINCT CASE WHEN c.modality IS NOT 'denied' AND d.duplicate_of IS NULL
    THEN coalesce(d.outlet, 'doc:' || d.id) END) AS outlets,
  sum(c.modality IS 'denied') AS denied,
  sum(c.modality IS 'hedged') AS hedged,
  min(c.seen) AS first_seen,
  max(c.seen) AS last_seen,
  group_concat(DISTINCT c.source_kind) AS source_kinds,
  group_concat(DISTINCT c.mode) AS modes
FROM claims c
JOIN flow_items i ON i.claim_id = c.id
JOIN documents d ON d.id = c.doc_id
WHERE c.kind = 'flow' AND c.status <> 'rejected'
GROUP BY c.giver, c.receiver, i.category;
`;

export const m001Initial: Migration = { version: 1, name: "initial", sqlite };

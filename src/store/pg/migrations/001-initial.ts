// PostgreSQL migration 001: the same tables as SQLite's 001 (documents, copies, entities, mentions, claims with
// their parties and items, reviews, failures, the edges view), plus what many writers in parallel need.
//
// Differences from SQLite, and why:
// - Every text column that is compared or sorted is COLLATE "C": byte order, as in SQLite. Under a linguistic
//   collation (en_US.UTF-8) punctuation is ignored at the first level, and the date bound "2024-03~" would sort
//   before "2024-03-15".
// - documents.seq is the document's place in the input order (taken from the doc_order sequence when the document
//   is read or enqueued, not when a worker happens to store it), so that "the first copy" of a syndicated or
//   near-duplicate text is the same whichever worker finishes first.
// - entities carry, per field, the seq of the document that gave the value: the earliest document in input order
//   wins, as it does when one process ingests in order.
// - Full-text search is a tsvector with the `simple` configuration over the application's search text
//   (store/search-text.ts: normalized, diacritics stripped, clitics segmented), title weighted A and body B.
import type { PgMigration } from "./index.js";

const sql = `
CREATE SEQUENCE doc_order;

CREATE TABLE documents (
  id text COLLATE "C" PRIMARY KEY,         -- content hash of the normalized text
  seq bigint NOT NULL,                     -- input order (doc_order): the lowest is the first copy
  source_id text COLLATE "C",
  url text COLLATE "C",
  title text COLLATE "C",
  outlet text COLLATE "C",
  published text COLLATE "C",
  pub_date text COLLATE "C",               -- YYYY-MM-DD prefix of published, for filters
  text text NOT NULL,                      -- exactly as received: every span points into it
  norm_text text NOT NULL,                 -- normalizeForMatch(text): what id hashes
  length integer NOT NULL,                 -- UTF-16 code units of text
  duplicate_of text COLLATE "C",           -- the first copy of a near-duplicate
  path text COLLATE "C",
  ingested_at text COLLATE "C" NOT NULL,
  pipeline text COLLATE "C" NOT NULL,
  tsv tsvector NOT NULL
);
CREATE INDEX documents_seq ON documents(seq);
CREATE INDEX documents_pub ON documents(pub_date);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_dup ON documents(duplicate_of);
CREATE INDEX documents_ingested ON documents(ingested_at);
CREATE INDEX documents_tsv ON documents USING gin (tsv);

-- MinHash LSH keys (store/near-dup.ts): documents sharing a key are near-duplicate candidates.
CREATE TABLE near_keys (
  key bigint NOT NULL,
  doc_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (key, doc_id)
);
CREATE INDEX near_keys_doc ON near_keys(doc_id);

-- Every place a text was seen (the first one included): its URL, else the file it was read from.
CREATE TABLE copies (
  doc_id text COLLATE "C" NOT NULL,
  place text COLLATE "C" NOT NULL,         -- url, else path, else ''
  outlet text COLLATE "C" NOT NULL DEFAULT '',
  url text COLLATE "C",
  title text,
  published text,
  path text,
  seen_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (doc_id, place, outlet)
);

CREATE TABLE entities (
  key text COLLATE "C" PRIMARY KEY,        -- actor/isis, place/sy-deir-ez-zor, actor/~<normalized name>
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('actor', 'place')),
  type text COLLATE "C",
  name_ar text COLLATE "C",
  name_en text COLLATE "C",
  norm_name text COLLATE "C",
  lat double precision,
  lon double precision,
  geo_precision text COLLATE "C",
  ingested_at text COLLATE "C" NOT NULL,
  -- the seq of the document each field came from (NULL: a review or a stub set it)
  type_seq bigint, name_ar_seq bigint, name_en_seq bigint, norm_seq bigint, geo_seq bigint
);
CREATE INDEX entities_norm ON entities(norm_name);
CREATE INDEX entities_kind ON entities(kind, ingested_at);

CREATE TABLE mentions (
  doc_id text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  span_start integer NOT NULL,
  span_end integer NOT NULL,
  surface text COLLATE "C" NOT NULL,
  PRIMARY KEY (doc_id, entity, span_start)
);
CREATE INDEX mentions_entity ON mentions(entity, surface);

CREATE TABLE entity_docs (
  entity text COLLATE "C" NOT NULL,
  doc_id text COLLATE "C" NOT NULL,
  mentions integer NOT NULL,
  seen text COLLATE "C",
  PRIMARY KEY (entity, doc_id)
);
CREATE INDEX entity_docs_doc ON entity_docs(doc_id);

CREATE TABLE claims (
  id text COLLATE "C" PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('flow', 'event', 'fact')),
  ordinal integer NOT NULL,
  machine json NOT NULL,                   -- the extractor's claim verbatim
  status text COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'confirmed', 'rejected', 'corrected')),
  type text COLLATE "C",
  mode text COLLATE "C",
  giver text COLLATE "C",
  receiver text COLLATE "C",
  via text COLLATE "C",
  place text COLLATE "C",
  killed integer,
  injured integer,
  ev_start integer NOT NULL,
  ev_end integer NOT NULL,
  ev_text text NOT NULL,
  source_kind text COLLATE "C" NOT NULL,
  source_start integer,
  source_end integer,
  source_text text COLLATE "C",
  modality text COLLATE "C",
  time_start text COLLATE "C",
  time_end text COLLATE "C",
  time_precision text COLLATE "C",
  date text COLLATE "C",
  seen text COLLATE "C"
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX claims_kind_date ON claims(kind, date);
CREATE INDEX claims_giver ON claims(giver);
CREATE INDEX claims_receiver ON claims(receiver);

CREATE TABLE claim_parties (
  claim_id text COLLATE "C" NOT NULL,
  role text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  PRIMARY KEY (claim_id, role, entity)
);
CREATE INDEX claim_parties_entity ON claim_parties(entity, role);

CREATE TABLE flow_items (
  claim_id text COLLATE "C" NOT NULL,
  category text COLLATE "C" NOT NULL,
  PRIMARY KEY (claim_id, category)
);
CREATE INDEX flow_items_category ON flow_items(category);

-- Reviews: apart from machine output, no foreign key (a review outlives a re-extraction that drops its claim).
CREATE TABLE reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id text COLLATE "C" NOT NULL,
  doc_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  verdict text COLLATE "C" NOT NULL CHECK (verdict IN ('confirm', 'reject', 'correct')),
  corrected json,
  reviewer text COLLATE "C" NOT NULL,
  note text,
  at text COLLATE "C" NOT NULL
);
CREATE INDEX reviews_claim ON reviews(claim_id, id);
CREATE INDEX reviews_doc ON reviews(doc_id);

CREATE TABLE failures (
  path text COLLATE "C" NOT NULL,
  item text COLLATE "C" NOT NULL DEFAULT '',
  doc text COLLATE "C",
  code text COLLATE "C" NOT NULL,
  message text NOT NULL,
  at text COLLATE "C" NOT NULL,
  PRIMARY KEY (path, item)
);

CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);

-- The aggregated edges, for people who query the database with psql; postgres.ts builds the same aggregate
-- with filters (EDGE_AGG): keep the two in step.
CREATE VIEW edges AS
SELECT c.giver AS giver, c.receiver AS receiver, i.category AS category,
  (count(*) FILTER (WHERE c.modality IS DISTINCT FROM 'denied'))::int AS claims,
  (count(DISTINCT c.doc_id) FILTER (WHERE c.modality IS DISTINCT FROM 'denied'))::int AS documents,
  (count(DISTINCT coalesce(d.outlet, 'doc:' || d.id)) FILTER (WHERE c.modality IS DISTINCT FROM 'denied' AND d.duplicate_of IS NULL))::int AS outlets,
  (count(*) FILTER (WHERE c.modality = 'denied'))::int AS denied,
  (count(*) FILTER (WHERE c.modality = 'hedged'))::int AS hedged,
  min(c.seen) AS first_seen,
  max(c.seen) AS last_seen,
  string_agg(DISTINCT c.source_kind, ',') AS source_kinds,
  string_agg(DISTINCT c.mode, ',') AS modes
FROM claims c
JOIN flow_items i ON i.claim_id = c.id
JOIN documents d ON d.id = c.doc_id
WHERE c.kind = 'flow' AND c.status <> 'rejected'
GROUP BY c.giver, c.receiver, i.category;
`;

export const pg001Initial: PgMigration = { version: 1, name: "initial", sql };

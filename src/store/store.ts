// The Store interface: what rasad keeps (documents, mentions, entities, claims, reviews) and every way it is read.
//
// Every method returns a Promise so that the SQLite backend (sqlite.ts) and a PostgreSQL backend can share one
// interface and one test suite. Machine output is written once per document and never edited: reviews live in
// their own table and are applied when claims are read, so they survive re-ingest and re-extraction (claim ids are
// derived from content: see claim-id.ts). Offsets are always UTF-16 offsets into the document text as received.
import { z } from "zod";
import {
  ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, FACT_TYPES,
  type ActorType, type PlaceType, type EntityKind, type GeoPrecision, type ItemCategory, type FlowMode, type EventType,
  type FactType, type SourceKind, type Modality, type Span, type Extraction, type RasadError,
} from "../contract/index.js";

// ---------- paging ----------

export interface PageOpts {
  /** Default 50, at most 1000 (the SQLite backend clamps). */
  limit?: number;
  offset?: number;
}
export interface Page<T> {
  items: T[];
  /** How many items match in all, for a pager. */
  total: number;
  limit: number;
  offset: number;
}

// ---------- entities ----------

export interface Geo { lat: number; lon: number; precision?: GeoPrecision }

/** An entity as it appears inside a claim or a mention: enough to label it. */
export interface EntityRef {
  /** The canonical key across documents: `actor/isis`, `place/sy-deir-ez-zor`, `actor/~<normalized name>`. */
  key: string;
  kind: EntityKind;
  type?: ActorType | PlaceType;
  name: { ar?: string; en?: string };
  geo?: Geo;
}

/** An entity with what the store knows about it. */
export interface EntityRecord extends EntityRef {
  /** Distinct documents that mention it or name it in a claim. */
  documents: number;
  mentions: number;
  /** Publication dates (ISO) of the first and last document that mentions it. */
  firstSeen?: string;
  lastSeen?: string;
  /** When the store first saw it (ISO timestamp): what is new since yesterday. */
  ingestedAt: string;
}

export interface Alias { text: string; count: number }

export interface EntityFilter {
  /** Matches the key, the Arabic and English names and the aliases (normalized, so «داعش» finds «الدولة» too only through aliases). */
  q?: string;
  kind?: EntityKind;
  type?: (ActorType | PlaceType)[];
  /** Only entities first stored at or after this ISO timestamp. */
  since?: string;
  /** Only places with coordinates. */
  geo?: boolean;
}

// ---------- documents ----------

export interface DocumentMeta {
  /** The content hash of the normalized text (32 hex digits). */
  id: string;
  /** The id the source gave it (a feed guid, a JSONL `id`), if any. */
  sourceId?: string;
  url?: string;
  title?: string;
  outlet?: string;
  /** ISO 8601 as given by the source (date or date-time). */
  published?: string;
  /** ISO timestamp. */
  ingestedAt: string;
  /** The extractor's version that produced its claims. */
  pipeline: string;
  /** The first copy this document is a near-duplicate of; it is then not counted as an independent source. */
  duplicateOf?: string;
  /** Where it was read from (a file path, `path#line`, `-` for stdin). */
  path?: string;
  /** Length of the text in UTF-16 code units. */
  length: number;
}

/** Another place the same text was seen (an exact, syndicated copy): not stored again, not counted again. */
export interface Copy { url?: string; outlet?: string; title?: string; published?: string; path?: string; seenAt: string }

export interface MentionRecord { entity: string; kind: EntityKind; span: Span; text: string }

export interface DocumentFull extends DocumentMeta {
  text: string;
  mentions: MentionRecord[];
  entities: EntityRef[];
  flows: FlowClaim[];
  events: EventClaim[];
  facts: FactClaim[];
  /** Every place this exact text was seen, the first included. */
  copies: Copy[];
  /** Documents recorded as near-duplicates of this one. */
  nearDuplicates: DocumentMeta[];
}

export interface DocumentFilter {
  /** Documents whose id starts with this (the 12-digit prefixes people copy from listings). */
  idPrefix?: string;
  /** Full-text query (same syntax as `search`). */
  q?: string;
  outlet?: string[];
  from?: string;
  to?: string;
  /** Only documents mentioning this entity key. */
  entity?: string;
  /** Only documents ingested at or after this ISO timestamp. */
  since?: string;
  /** Leave out near-duplicates. */
  originalsOnly?: boolean;
}

// ---------- claims ----------

export type ClaimKind = "flow" | "event" | "fact";
export const CLAIM_KINDS: readonly ClaimKind[] = ["flow", "event", "fact"];
export type ReviewVerdict = "confirm" | "reject" | "correct";
export const REVIEW_VERDICTS: readonly ReviewVerdict[] = ["confirm", "reject", "correct"];
/** A claim as the machine made it, or as the latest review left it. */
export type ClaimStatus = "machine" | "confirmed" | "rejected" | "corrected";
export const CLAIM_STATUSES: readonly ClaimStatus[] = ["machine", "confirmed", "rejected", "corrected"];

export interface ClaimDoc { id: string; title?: string; outlet?: string; published?: string; url?: string; duplicateOf?: string }

export interface ClaimSource {
  kind: SourceKind;
  span?: Span;
  /** The words of the source («مصادر محلية», a named official), taken from the text where the span says. */
  text?: string;
}

export interface ClaimTime {
  start?: string;
  end?: string;
  precision?: "day" | "week" | "month" | "year";
  span?: Span;
  text?: string;
}

interface ClaimCommon {
  /** Stable across re-extraction of the same text: derived from the document hash, the kind, the parties and the evidence span. */
  id: string;
  kind: ClaimKind;
  doc: ClaimDoc;
  evidence: { span: Span; text: string };
  trigger?: Span;
  source: ClaimSource;
  modality?: Modality;
  time?: ClaimTime;
  /** The date the claim is filed under: its own time if the text gives one, else the document's publication date (YYYY-MM-DD). */
  date?: string;
  status: ClaimStatus;
  /** The latest review, which `status` and the fields reflect. */
  review?: Review;
  /** The machine's values of the fields a correction changed (keys as in the correction). */
  machine?: Record<string, unknown>;
}

export interface FlowItem { category: ItemCategory; span?: Span; text?: string }

export interface FlowClaim extends ClaimCommon {
  kind: "flow";
  giver: EntityRef | null;
  receiver: EntityRef | null;
  items: FlowItem[];
  mode?: FlowMode;
  via?: EntityRef | null;
  place?: EntityRef | null;
  /** Ids of the flows given back in return («مقابل», "in exchange for"). */
  exchangeFor: string[];
}

export interface EventClaim extends ClaimCommon {
  kind: "event";
  type: EventType;
  agents: EntityRef[];
  targets: EntityRef[];
  places: EntityRef[];
  killed?: number;
  injured?: number;
}

export interface FactClaim extends ClaimCommon {
  kind: "fact";
  type: FactType;
  subject: EntityRef | null;
  object?: EntityRef | null;
  value?: number;
}

export type Claim = FlowClaim | EventClaim | FactClaim;

/**
 * Filters shared by `query`, `export`, the API and the UI. Entity filters take canonical keys (`actor/isis`);
 * resolve names with `resolveEntities` first. Several values in one field mean any of them. In `giver` and
 * `receiver`, "" stands for an unnamed party (null), so that the claims behind an edge with one can be listed.
 */
export interface ClaimFilter {
  giver?: string[];
  receiver?: string[];
  /** Flows: giver or receiver; events: agent or target; facts: subject or object. */
  actor?: string[];
  /** Any role at all: a party, an agent or target, a place or via, a subject or object. */
  entity?: string[];
  item?: ItemCategory[];
  mode?: FlowMode[];
  /** Flows: place or via; events: any of their places. */
  place?: string[];
  /** Event types (events) or fact types (facts). */
  type?: (EventType | FactType)[];
  /** Inclusive bounds on the claim's date (YYYY-MM-DD or a prefix of it: "2024", "2024-03"). */
  from?: string;
  to?: string;
  doc?: string;
  outlet?: string[];
  source?: SourceKind[];
  modality?: Modality[];
  status?: ClaimStatus[];
  /** Rejected claims are left out unless asked for (or unless `status` names "rejected"). */
  includeRejected?: boolean;
  /** Leave out claims from near-duplicate documents. */
  originalsOnly?: boolean;
}

// ---------- edges and graph ----------

/** The aggregated edge giver → receiver for one item category, over every non-rejected flow claim. */
export interface Edge {
  giver: EntityRef | null;
  receiver: EntityRef | null;
  category: ItemCategory;
  /** Flow claims (not denied) behind it. */
  claims: number;
  /** Distinct documents carrying it (near-duplicates included). */
  documents: number;
  /** Independent outlets: distinct outlets over original documents; syndicated and near-duplicate copies are not counted again. */
  outlets: number;
  /** Claims that deny it («نفى», fact-checks). */
  denied: number;
  /** Claims hedged by their source («يُعتقد», «قد»). */
  hedged: number;
  /** Publication dates of the first and last document carrying it. */
  firstSeen?: string;
  lastSeen?: string;
  sourceKinds: SourceKind[];
  modes: FlowMode[];
}

export interface EdgeFilter extends ClaimFilter {
  /** Only edges with at least this many independent outlets. */
  minOutlets?: number;
}

export interface Graph { nodes: EntityRecord[]; edges: Edge[] }

export interface NeighbourhoodOpts extends EdgeFilter {
  /** 1 (default) or 2 hops. */
  depth?: number;
  /** At most this many edges (default 500), strongest first. */
  maxEdges?: number;
}

// ---------- profiles, places, search, stats ----------

export interface EntityProfile {
  entity: EntityRecord;
  aliases: Alias[];
  /** Edges where it gives (out) and receives (in), strongest first. */
  out: Edge[];
  in: Edge[];
  /** Its latest events (as agent, target or place), up to 50. */
  events: EventClaim[];
  eventTypes: { type: EventType; count: number }[];
  facts: FactClaim[];
  /** On whose word the claims about it rest. */
  sources: { kind: SourceKind; text?: string; count: number }[];
  /** Places named in its flows and events, most frequent first. */
  places: { entity: EntityRef; count: number }[];
  /** Latest documents that mention it, up to 20. */
  documents: DocumentMeta[];
  counts: { flowsOut: number; flowsIn: number; events: number; facts: number; documents: number };
}

export interface PlaceRecord extends EntityRecord {
  events: number;
  /** Flows that pass through it (checkpoint, crossing, route). */
  flowsVia: number;
  /** Flows that happen there. */
  flowsAt: number;
}

export interface PlaceFilter extends ClaimFilter {
  /** Only places with coordinates. */
  geo?: boolean;
}

export interface Snippet {
  /** A window of the original text (harakat kept). */
  text: string;
  /** Where the window starts in the document text. */
  start: number;
  /** Matched words, as [start, end) offsets into `text`. Render them as ranges, never as HTML. */
  highlights: Span[];
}

export interface SearchHit { doc: DocumentMeta; score: number; snippet: Snippet }

export interface Failure {
  path: string;
  /** Which document within the file (`#line`, an item index or an id); "" for the file itself. */
  item: string;
  doc?: string;
  code: string;
  message: string;
  at: string;
}
export interface FailureInput { path: string; item?: string; doc?: string; code: string; message: string }

export interface Stats {
  documents: number;
  /** Exact copies seen again (syndication, re-ingest of the same text at another URL or outlet). */
  copies: number;
  nearDuplicates: number;
  failures: number;
  outlets: number;
  entities: { actor: number; place: number };
  claims: { flow: number; event: number; fact: number };
  reviews: number;
  edges: number;
  published: { first?: string; last?: string };
  lastIngest?: string;
  pipelines: { pipeline: string; documents: number }[];
  schemaVersion: number;
  /** With `since`: what came in at or after it. */
  since?: { at: string; documents: number; entities: EntityRecord[]; flows: number; events: number };
}

// ---------- reviews ----------

const key = z.string().max(300).regex(/^(actor|place)\/\S/, "an entity key such as actor/isis or place/~name");
const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

export const FlowCorrectionSchema = z.object({
  giver: key.nullable(),
  receiver: key.nullable(),
  items: z.array(enumOf(ITEM_CATEGORIES.values)).min(1),
  mode: enumOf(FLOW_MODES.values),
  via: key.nullable(),
  place: key.nullable(),
}).partial().strict();
export const EventCorrectionSchema = z.object({
  type: enumOf(EVENT_TYPES.values),
  agents: z.array(key),
  targets: z.array(key),
  places: z.array(key),
  killed: z.number().int().nonnegative().nullable(),
  injured: z.number().int().nonnegative().nullable(),
}).partial().strict();
export const FactCorrectionSchema = z.object({
  type: enumOf(FACT_TYPES.values),
  subject: key,
  object: key.nullable(),
  value: z.number().nullable(),
}).partial().strict();
export type FlowCorrection = z.infer<typeof FlowCorrectionSchema>;
export type EventCorrection = z.infer<typeof EventCorrectionSchema>;
export type FactCorrection = z.infer<typeof FactCorrectionSchema>;
export type Correction = FlowCorrection | EventCorrection | FactCorrection;

/** What a reviewer sends. `corrected` is required for "correct" and checked against the claim's kind. */
export const ReviewInputSchema = z.object({
  claimId: z.string().min(1).max(200),
  verdict: enumOf(REVIEW_VERDICTS),
  corrected: z.record(z.string(), z.unknown()).optional(),
  reviewer: z.string().min(1).max(200),
  note: z.string().max(10_000).optional(),
}).strict();
export type ReviewInput = z.infer<typeof ReviewInputSchema>;

export interface Review {
  id: number;
  claimId: string;
  /** The claim's document and kind, kept so that a review stays readable if a new extractor drops its claim. */
  docId: string;
  kind: ClaimKind;
  verdict: ReviewVerdict;
  corrected?: Correction;
  reviewer: string;
  note?: string;
  at: string;
}

export interface ReviewFilter {
  claimId?: string;
  docId?: string;
  reviewer?: string;
  verdict?: ReviewVerdict[];
  /** Only reviews whose claim no longer exists (after a re-extraction changed it). */
  orphaned?: boolean;
}

// ---------- writing ----------

/** One document to store with its extraction. The ingest path computes the derived texts in its workers. */
export interface DocumentInput {
  /** Content hash of `normText` (see `documentId`). */
  id: string;
  text: string;
  /** normalizeForMatch(text): the form that is hashed; computed by the store when absent. */
  normText?: string;
  /** The diacritics-stripped, clitic-segmented copy for full-text search (`indexText`); computed when absent. */
  indexText?: string;
  /** MinHash LSH keys of the normalized text (`nearKeys`), for near-duplicates; none: no near-duplicate check. */
  nearKeys?: number[];
  title?: string;
  url?: string;
  outlet?: string;
  published?: string;
  sourceId?: string;
  path?: string;
  /** The claims; null only for a document already stored (then only the copy is recorded). */
  extraction: Extraction | null;
  pipeline: string;
}

export interface PutOptions {
  /** Jaccard similarity of word 3-shingles at or above which a text is a near-duplicate (default 0.7; 0 turns the check off). */
  nearThreshold?: number;
  /** A document already stored is re-extracted: its claims are replaced (reviews kept) when its pipeline differs. */
  reextract?: boolean;
}

export interface PutOutcome {
  id: string;
  /** "failed": this document was not stored (the others in the batch were); see `error`. */
  status: "ingested" | "near_duplicate" | "duplicate" | "reextracted" | "failed";
  /** For near_duplicate: the first copy. */
  duplicateOf?: string;
  error?: RasadError;
}

// ---------- the interface ----------

export interface Store {
  readonly backend: "sqlite" | "postgres";
  /** Where it lives (a file path or a connection string without its password). */
  readonly location: string;

  // writing (each call is atomic: a document is never half-written)
  /** Stores documents in one transaction, in order: exact copies are recorded as copies, near-duplicates linked. */
  putDocuments(docs: DocumentInput[], opts?: PutOptions): Promise<PutOutcome[]>;
  /** Replaces a stored document's claims, mentions and entities from a new extraction; reviews are kept. */
  replaceExtraction(docId: string, extraction: Extraction, pipeline: string): Promise<void>;
  /** The pipeline version of each id that is stored (absent ids are not in the map). */
  knownDocuments(ids: string[]): Promise<Map<string, string>>;
  /** Records a document that could not be read or extracted (one row per path + item; a rerun overwrites it). */
  recordFailure(f: FailureInput): Promise<void>;
  /**
   * Removes a document: its text, copies, claims, mentions and search entry, and the entities only it spoke of.
   * Reviews of its claims are kept (listed as orphaned); near-duplicates linked to it become originals. False when
   * no such document is stored.
   */
  deleteDocument(id: string): Promise<boolean>;
  /** Adds a review; throws RasadError NOT_FOUND for an unknown claim, BAD_PARAM for a bad correction. */
  addReview(r: ReviewInput): Promise<Review>;

  // reading: documents
  getDocument(id: string): Promise<DocumentFull | null>;
  listDocuments(filter?: DocumentFilter, page?: PageOpts): Promise<Page<DocumentMeta>>;

  // reading: entities
  getEntity(key: string): Promise<EntityRecord | null>;
  getEntities(keys: string[]): Promise<EntityRecord[]>;
  findEntities(filter?: EntityFilter, page?: PageOpts): Promise<Page<EntityRecord>>;
  entityProfile(key: string): Promise<EntityProfile | null>;
  aliases(key: string, limit?: number): Promise<Alias[]>;

  // reading: claims (reviews applied)
  getClaim(id: string): Promise<Claim | null>;
  listFlows(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FlowClaim>>;
  listEvents(filter?: ClaimFilter, page?: PageOpts): Promise<Page<EventClaim>>;
  listFacts(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FactClaim>>;
  /** Every matching claim of a kind, in a stable order, without paging (for exports). */
  iterateClaims(kind: "flow", filter?: ClaimFilter): AsyncIterable<FlowClaim>;
  iterateClaims(kind: "event", filter?: ClaimFilter): AsyncIterable<EventClaim>;
  iterateClaims(kind: "fact", filter?: ClaimFilter): AsyncIterable<FactClaim>;

  // reading: the graph
  listEdges(filter?: EdgeFilter, page?: PageOpts): Promise<Page<Edge>>;
  /** The whole graph under a filter: every edge (no paging) and the entities at their ends. */
  graph(filter?: EdgeFilter): Promise<Graph>;
  neighbourhood(key: string, opts?: NeighbourhoodOpts): Promise<Graph>;
  listPlaces(filter?: PlaceFilter, page?: PageOpts): Promise<Page<PlaceRecord>>;

  // reading: search, reviews, failures, stats
  /** Full-text search: words are normalized and clitic-segmented like the index; "quoted phrases" stay phrases. */
  search(q: string, page?: PageOpts): Promise<Page<SearchHit>>;
  listReviews(filter?: ReviewFilter, page?: PageOpts): Promise<Page<Review>>;
  listFailures(page?: PageOpts): Promise<Page<Failure>>;
  stats(opts?: { since?: string }): Promise<Stats>;

  /**
   * A value that changes whenever what is stored changes, by this connection or any other (a server's answers are
   * reused while it stays the same: server/cache.ts). Absent, or null, where the backend cannot tell cheaply.
   */
  changeToken?(): string | null;

  close(): Promise<void>;
}

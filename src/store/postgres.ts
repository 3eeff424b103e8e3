// The PostgreSQL store (pg@8): the Store interface with SQLite's semantics, for teams and for many ingest workers.
//
// The rules (canonical keys, claim ids, reviews applied on read, search text, near-duplicate similarity) are the
// shared pure functions of claims.ts, search-text.ts and near-dup.ts; this file differs from sqlite.ts in SQL only,
// and in what parallel writers need:
// - a document's place in the input order (documents.seq) is given by whoever read it (the enqueuer) and decides
//   which copy is "the first", so that workers finishing in any order build the store one process would;
// - a batch is written in a few statements in one transaction (advisory locks on the document ids and their LSH
//   keys, one insert of every new document through data-modifying CTEs); a batch one document of which fails is
//   written again document by document, with a savepoint each; a deadlock runs the transaction again (pg/sql.ts);
// - entities are created and their fields settled in a short statement of their own before the transaction, so
//   that workers writing the same new entity do not wait for each other's batches;
// - full-text search is a tsvector (`simple` configuration) over the application's search text, because the
//   `arabic` configuration neither strips clitics nor matches «والميليشيات» ("and the militias") to «الميليشيات».
import type pg from "pg";
import { RasadError, type Extraction, type Span, type SourceKind, type FlowMode, type ItemCategory, type EventType } from "../contract/index.js";
import { normalizeForMatch } from "../text/index.js";
import {
  prepareExtraction, applyReviews, partiesOf, validateCorrection, correctionKeys, kindOfKey, nameFromKey, datePrefix,
  type PreparedExtraction, type PreparedClaim, type StoredFields, type StoredFlow, type StoredEvent, type StoredFact,
  claimFromRow, stubRef, type ClaimRow,
} from "./claims.js";
import { docMeta, entityRef, entityRecord, edgeFromRow } from "./rows.js";
import { indexText, parseQuery, makeSnippet } from "./search-text.js";
import { NEAR_THRESHOLD, shingles, jaccard } from "./near-dup.js";
import {
  ReviewInputSchema,
  type Store, type DocumentInput, type PutOptions, type PutOutcome, type FailureInput, type Failure, type ReviewInput, type Review,
  type ReviewFilter, type DocumentFull, type DocumentMeta, type DocumentFilter, type Copy, type MentionRecord, type EntityRecord,
  type EntityRef, type EntityFilter, type EntityProfile, type Alias, type Claim, type FlowClaim, type EventClaim, type FactClaim,
  type ClaimFilter, type ClaimKind, type ClaimDoc, type Edge, type EdgeFilter, type Graph, type NeighbourhoodOpts, type PlaceRecord,
  type PlaceFilter, type SearchHit, type Stats, type Page, type PageOpts, type Correction,
} from "./store.js";
import { createPool, transaction, lockKeys, redactUrl, storeError, isRetryable, searchBodyOf, Params, type Row, type Queryable } from "./pg/sql.js";
import { migrate } from "./pg/migrate.js";
import { relinkNear } from "./pg/near.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
function pageOf(p: PageOpts | undefined): { limit: number; offset: number } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(p?.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const offset = Math.max(0, Math.trunc(p?.offset ?? 0) || 0);
  return { limit, offset };
}
const now = () => new Date().toISOString();

export interface PostgresOptions {
  /** Open without writing: no migrations (the schema must exist). */
  readonly?: boolean;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

/** A document with its place in the input order (from `nextSeqs`), as the queue carries it. */
export interface OrderedDocument {
  doc: DocumentInput;
  /** Its place in the input order; absent: the order in which it is stored. */
  seq?: number;
}

/** Opens (and creates or migrates) a PostgreSQL store from a `postgres://` connection string. */
export async function openPostgresStore(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
  const pool = createPool(url, opts.maxConnections ?? 10);
  try {
    if (opts.readonly) await pool.query("SELECT 1 FROM schema_migrations LIMIT 1");
    else await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof RasadError) throw err;
    throw storeError(`cannot open ${redactUrl(url)}`, err);
  }
  return new PostgresStore(pool, redactUrl(url), opts.readonly ?? false);
}

/**
 * Empties a PostgreSQL store: every document, entity, claim, review and failure (for benchmarks and tests; `rasad
 * queue reset --store --yes`). The schema stays.
 */
export async function emptyPostgresStore(url: string): Promise<void> {
  const pool = createPool(url, 1);
  try {
    await migrate(pool);
    await transaction(pool, async (c) => {
      const tables = (await c.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'meta')",
      )).rows.map((r) => `"${r.tablename}"`);
      await c.query(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY`);
      await c.query("ALTER SEQUENCE doc_order RESTART");
    });
  } catch (err) {
    throw storeError(`emptying ${redactUrl(url)}`, err);
  } finally {
    await pool.end().catch(() => {});
  }
}

// ---------- SQL fragments ----------

const DOC_META_COLS = "d.id, d.source_id, d.url, d.title, d.outlet, d.published, d.ingested_at, d.pipeline, d.duplicate_of, d.path, d.length";
const CLAIM_COLS = "c.id, c.kind, c.doc_id, c.machine, c.status, c.date, d.title AS d_title, d.outlet AS d_outlet, d.published AS d_published, d.url AS d_url, d.duplicate_of AS d_duplicate_of";
const ENTITY_COLS = "e.key, e.kind, e.type, e.name_ar, e.name_en, e.lat, e.lon, e.geo_precision, e.ingested_at";
const ENTITY_AGG = `count(ed.doc_id)::int AS documents, coalesce(sum(ed.mentions), 0)::int AS mention_count,
  min(ed.seen) AS first_seen, max(ed.seen) AS last_seen`;
const ACTOR_ROLES = ["giver", "receiver", "agent", "target", "subject", "object"];
/** The search vector from two parameters: the title's search text (weight A) and the body's (weight B). */
const tsv = (title: string, body: string) => `setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${body}), 'B')`;
/** ts_rank weights {D, C, B, A}: a title word counts three times a body word, as bm25(3.0, 1.0) in SQLite. */
const RANK_WEIGHTS = "'{0, 0, 0.333, 1.0}'::float4[]";


function reviewOf(r: Row): Review {
  const v: Review = { id: r.id, claimId: r.claim_id, docId: r.doc_id, kind: r.kind, verdict: r.verdict, reviewer: r.reviewer, at: r.at };
  if (r.corrected !== null) v.corrected = r.corrected as Correction;
  if (r.note !== null) v.note = r.note;
  return v;
}
function reviewsByClaim(rows: Row[]): Map<string, Review[]> {
  const m = new Map<string, Review[]>();
  for (const r of rows) {
    const v = reviewOf(r);
    let l = m.get(v.claimId);
    if (!l) m.set(v.claimId, (l = []));
    l.push(v);
  }
  return m;
}

/** WHERE conditions (over claims c joined with documents d) for a claim filter. */
function claimWhere(kind: ClaimKind | null, f: ClaimFilter = {}, p: Params): string[] {
  const sql: string[] = [];
  const inList = (col: string, vals: readonly unknown[] | undefined) => {
    if (!vals || vals.length === 0) return;
    sql.push(`${col} = ANY(${p.list(vals)})`);
  };
  const party = (roles: string[], vals: string[] | undefined) => {
    if (!vals || vals.length === 0) return;
    sql.push(`EXISTS (SELECT 1 FROM claim_parties p WHERE p.claim_id = c.id AND p.role = ANY(${p.list(roles)}) AND p.entity = ANY(${p.list(vals)}))`);
  };
  // "" in giver or receiver stands for an unnamed party (NULL)
  const party0 = (col: string, vals: string[] | undefined) => {
    if (!vals || vals.length === 0) return;
    const named = vals.filter((v) => v !== "");
    const alts: string[] = [];
    if (named.length) alts.push(`${col} = ANY(${p.list(named)})`);
    if (named.length < vals.length) alts.push(`${col} IS NULL`);
    sql.push(`(${alts.join(" OR ")})`);
  };
  if (kind) sql.push(`c.kind = ${p.add(kind)}`);
  party0("c.giver", f.giver);
  party0("c.receiver", f.receiver);
  party(ACTOR_ROLES, f.actor);
  if (f.entity && f.entity.length > 0) {
    sql.push(`EXISTS (SELECT 1 FROM claim_parties p WHERE p.claim_id = c.id AND p.entity = ANY(${p.list(f.entity)}))`);
  }
  party(["place", "via"], f.place);
  if (f.item && f.item.length > 0) {
    sql.push(`EXISTS (SELECT 1 FROM flow_items fi WHERE fi.claim_id = c.id AND fi.category = ANY(${p.list(f.item)}))`);
  }
  inList("c.mode", f.mode);
  inList("c.type", f.type);
  if (f.from) sql.push(`c.date >= ${p.add(f.from)}`);
  // "2024-03" as an upper bound includes every day of March: compare against the prefix
  if (f.to) sql.push(`c.date <= ${p.add(f.to + "~")}`);
  if (f.doc) sql.push(`c.doc_id = ${p.add(f.doc)}`);
  inList("d.outlet", f.outlet);
  inList("c.source_kind", f.source);
  inList("c.modality", f.modality);
  if (f.status && f.status.length > 0) inList("c.status", f.status);
  else if (!f.includeRejected) sql.push("c.status <> 'rejected'");
  if (f.originalsOnly) sql.push("d.duplicate_of IS NULL");
  return sql;
}
const where = (conds: string[]) => (conds.length ? "WHERE " + conds.join(" AND ") : "");

/** The edge aggregate, as in the `edges` view of migration 001, over claims that pass a filter. */
const EDGE_AGG = `c.giver AS giver, c.receiver AS receiver, i.category AS category,
  (count(*) FILTER (WHERE c.modality IS DISTINCT FROM 'denied'))::int AS claims,
  (count(DISTINCT c.doc_id) FILTER (WHERE c.modality IS DISTINCT FROM 'denied'))::int AS documents,
  (count(DISTINCT coalesce(d.outlet, 'doc:' || d.id)) FILTER (WHERE c.modality IS DISTINCT FROM 'denied' AND d.duplicate_of IS NULL))::int AS outlets,
  (count(*) FILTER (WHERE c.modality = 'denied'))::int AS denied,
  (count(*) FILTER (WHERE c.modality = 'hedged'))::int AS hedged,
  min(c.seen) AS first_seen, max(c.seen) AS last_seen,
  string_agg(DISTINCT c.source_kind, ',') AS source_kinds,
  string_agg(DISTINCT c.mode, ',') AS modes`;
// NULLS FIRST: SQLite sorts NULL before any text, and an unstated giver must sort the same in both backends
const EDGE_ORDER = "ORDER BY outlets DESC, documents DESC, claims DESC, giver NULLS FIRST, receiver NULLS FIRST, category";
const EDGE_FROM = "FROM claims c JOIN flow_items i ON i.claim_id = c.id JOIN documents d ON d.id = c.doc_id";

/** An FTS5-style expression from parseQuery («"w1" "w2 w3"») as a tsquery: phrases with <->, all ANDed. */
export function ftsToTsquery(fts: string): string {
  const parts: string[] = [];
  fts.split('"').forEach((chunk, i) => {
    if (i % 2 === 0) return;
    const words = chunk.split(" ").filter(Boolean).map((w) => `'${w.replace(/['\\]/g, "")}'`);
    if (words.length === 1) parts.push(words[0]);
    else if (words.length > 1) parts.push(`(${words.join(" <-> ")})`);
  });
  return parts.join(" & ");
}

/** A document's search text, cut to what a tsvector holds. */
function searchBody(doc: DocumentInput, normText: string): string {
  return searchBodyOf(doc.indexText ?? indexText(normText));
}
const searchTitle = (title: string | undefined | null) => (title ? indexText(normalizeForMatch(title)) : "");

/** An advisory-lock key for a document id (its first 60 bits: ids are hex hashes). */
function docLockKey(id: string): bigint {
  const hex = /^[0-9a-f]{15}/i.test(id) ? id.slice(0, 15) : Buffer.from(id).toString("hex").padEnd(15, "0").slice(0, 15);
  // above 2^60, out of the range of LSH keys (band × 2^32 + hash < 2^36)
  return (1n << 60n) + BigInt("0x" + hex);
}

/** A new document ready for insertNew. */
interface NewDoc { doc: DocumentInput; x: PreparedExtraction; normText: string; seq: number; keys: number[]; duplicateOf: string | null }

interface EntityArrays {
  key: string[]; kind: string[]; type: (string | null)[]; ar: (string | null)[]; en: (string | null)[]; norm: (string | null)[];
  lat: (number | null)[]; lon: (number | null)[]; prec: (string | null)[];
}
function entityArrays(ents: PreparedExtraction["entities"]): EntityArrays {
  // longitude and precision go with a latitude: the geo fields are one value
  return {
    key: ents.map((e) => e.key), kind: ents.map((e) => e.kind), type: ents.map((e) => e.type ?? null),
    ar: ents.map((e) => e.name.ar ?? null), en: ents.map((e) => e.name.en ?? null), norm: ents.map((e) => e.normName ?? null),
    lat: ents.map((e) => e.geo?.lat ?? null), lon: ents.map((e) => (e.geo?.lat == null ? null : e.geo.lon ?? null)),
    prec: ents.map((e) => (e.geo?.lat == null ? null : e.geo.precision ?? null)),
  };
}
const entityUnnest = (E: EntityArrays, p: Params) =>
  `unnest(${p.list(E.key)}, ${p.list(E.kind)}, ${p.list(E.type)}, ${p.list(E.ar)}, ${p.list(E.en)}, ${p.list(E.norm)},
    ${p.list(E.lat, "float8")}, ${p.list(E.lon, "float8")}, ${p.list(E.prec)}) AS v(key, kind, type, name_ar, name_en, norm_name, lat, lon, geo_precision)`;

const CLAIM_NAMES = ["id", "kind", "ordinal", "machine", "status", "type", "mode", "giver", "receiver", "via", "place", "killed", "injured",
  "ev_start", "ev_end", "ev_text", "source_kind", "source_start", "source_end", "source_text", "modality", "time_start", "time_end",
  "time_precision", "date", "seen"];
const CLAIM_TYPES = ["text", "text", "int", "json", "text", "text", "text", "text", "text", "text", "text", "int", "int",
  "int", "int", "text", "text", "int", "int", "text", "text", "text", "text", "text", "text", "text"];

/** Claim rows as column arrays (machine JSON + the effective values with reviews applied), their parties and items. */
function claimRows(claims: PreparedClaim[], pubDate: string | null, seen: string | null, reviews: Map<string, Review[]>) {
  const cols: unknown[][] = CLAIM_NAMES.map(() => []);
  const parties: [string, string, string][] = [];
  const items: [string, string][] = [];
  const status = new Map<string, string>();
  for (const cl of claims) {
    const eff = applyReviews(cl.kind, cl.machine, reviews.get(cl.id) ?? []);
    const f = eff.fields;
    const flow = cl.kind === "flow" ? (f as StoredFlow) : null;
    const ev = cl.kind === "event" ? (f as StoredEvent) : null;
    const type = cl.kind === "flow" ? null : (f as StoredEvent | StoredFact).type;
    const values = [
      cl.id, cl.kind, cl.ordinal, JSON.stringify(cl.machine), eff.status, type, flow?.mode ?? null,
      flow?.giver ?? null, flow?.receiver ?? null, flow?.via ?? null, flow?.place ?? null, ev?.killed ?? null, ev?.injured ?? null,
      f.evidence[0], f.evidence[1], f.evidenceText, f.source.kind, f.source.span?.[0] ?? null, f.source.span?.[1] ?? null,
      f.source.text ?? null, f.modality ?? null, f.time?.start ?? null, f.time?.end ?? null, f.time?.precision ?? null,
      datePrefix(f.time?.start) ?? pubDate, seen,
    ];
    values.forEach((v, i) => cols[i].push(v));
    status.set(cl.id, eff.status);
    for (const pa of partiesOf(cl.kind, f)) parties.push([cl.id, pa.role, pa.entity]);
    if (flow) {
      const cats = new Set<string>();
      for (const it of flow.items) if (!cats.has(it.category)) { cats.add(it.category); items.push([cl.id, it.category]); }
    }
  }
  return { cols, parties, items, status };
}

export class PostgresStore implements Store {
  readonly backend = "postgres" as const;
  private closed = false;

  constructor(readonly pool: pg.Pool, readonly location: string, private readonly readonly = false) {}

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows;
  }
  private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.pool.query(sql, params)).rows[0];
  }
  private async wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storeError(what, err);
    }
  }
  private writable(): void {
    if (this.readonly) throw new RasadError("STORE", "the store was opened read-only");
  }

  // ---------- writing ----------

  async putDocuments(docs: DocumentInput[], opts: PutOptions = {}): Promise<PutOutcome[]> {
    return this.putOrdered(docs.map((doc) => ({ doc })), opts);
  }

  /**
   * Stores documents in one transaction, each at its place in the input order. `inTransaction` runs inside the same
   * transaction after the documents (the queue completes its jobs there: a job is done exactly when its document
   * is stored).
   */
  async putOrdered(
    items: OrderedDocument[], opts: PutOptions = {},
    inTransaction?: (c: Queryable, outcomes: PutOutcome[]) => Promise<void>,
  ): Promise<PutOutcome[]> {
    if (this.readonly) {
      const error = new RasadError("STORE", "the store was opened read-only");
      return items.map(({ doc }) => ({ id: doc.id, status: "failed", error }));
    }
    const threshold = opts.nearThreshold ?? NEAR_THRESHOLD;
    const reextract = opts.reextract ?? false;
    return this.wrap("writing documents", async () => {
      // a place in the input order for documents stored directly (not read by an enqueuer): the order of this call
      const missing = items.filter((it) => it.seq === undefined).length;
      const fresh = missing > 0 ? await this.nextSeqs(missing) : [];
      const todo = items.map((it) => ({
        doc: it.doc, seq: it.seq ?? fresh.shift()!,
        x: it.doc.extraction ? prepareExtraction(it.doc.id, it.doc.text, it.doc.extraction) : null,
      }));
      await this.upsertEntities(todo.flatMap((t) => (t.x ? [{ x: t.x, seq: t.seq }] : [])));
      return this.putPrepared(todo, threshold, reextract, inTransaction);
    });
  }

  private async putPrepared(
    todo: { doc: DocumentInput; seq: number; x: PreparedExtraction | null }[], threshold: number, reextract: boolean,
    inTransaction?: (c: Queryable, outcomes: PutOutcome[]) => Promise<void>,
  ): Promise<PutOutcome[]> {
    const run = (savepoints: boolean) => transaction(this.pool, async (c) => {
      if (!savepoints) {
        const outcomes = await this.putBatch(c, todo, threshold, reextract);
        if (inTransaction) await inTransaction(c, outcomes);
        return outcomes;
      }
      const outcomes: PutOutcome[] = [];
      for (const { doc, seq, x } of todo) {
        await c.query("SAVEPOINT doc");
        try {
          outcomes.push(await this.putOne(c, doc, seq, threshold, reextract, x));
          await c.query("RELEASE SAVEPOINT doc");
        } catch (err) {
          // a deadlock aborts the whole batch (transaction() runs it again); anything else fails this document only
          if (isRetryable(err)) throw err;
          await c.query("ROLLBACK TO SAVEPOINT doc");
          const error = err instanceof RasadError ? err
            : new RasadError("STORE", (err as Error).message, { doc: doc.id, file: doc.path }, { cause: err });
          outcomes.push({ id: doc.id, status: "failed", error });
        }
      }
      if (inTransaction) await inTransaction(c, outcomes);
      return outcomes;
    });
    try {
      // first the whole batch at once (a few statements in all); documents rarely fail, and when one does the batch
      // runs again document by document with savepoints, so that the others are stored and only that one fails
      return await run(false);
    } catch (err) {
      if (isRetryable(err)) throw err;
      return run(true);
    }
  }

  /**
   * A batch in a few statements: the locks of every document and LSH key, one look-up of the documents and of
   * the near-duplicate candidates, one insert of every new document; then, one by one, what needs more: an exact
   * copy (a copy row), an earlier copy stored late, a re-extraction, a near-duplicate landing before one stored.
   * The outcomes are those of putOne for each document, in input order.
   */
  private async putBatch(
    c: Queryable, todo: { doc: DocumentInput; seq: number; x: PreparedExtraction | null }[], threshold: number, reextract: boolean,
  ): Promise<PutOutcome[]> {
    const at = now();
    const keysOf = (doc: DocumentInput) => [...new Set((doc.nearKeys ?? []).filter((k) => Number.isSafeInteger(k) && k >= 0))];
    const allKeys = [...new Set(todo.flatMap((t) => keysOf(t.doc)))];
    await lockKeys(c, [...todo.map((t) => docLockKey(t.doc.id)), ...allKeys.map((k) => BigInt(k))]);
    const ids = [...new Set(todo.map((t) => t.doc.id))];
    const stored = new Map((await c.query(
      "SELECT id, seq, pipeline, pub_date, ingested_at FROM documents WHERE id = ANY($1::text[])", [ids],
    )).rows.map((r) => [r.id as string, r]));
    interface Cand { id: string; seq: number; duplicateOf: string | null; sh: Uint32Array | null }
    const candsByKey = new Map<number, Cand[]>();
    if (threshold > 0 && allKeys.length > 0) {
      const rows = (await c.query(
        `SELECT k.key, d.id, d.seq, d.duplicate_of, d.norm_text FROM near_keys k JOIN documents d ON d.id = k.doc_id
         WHERE k.key = ANY($1::bigint[])`,
        [allKeys],
      )).rows;
      const byId = new Map<string, Cand>();
      for (const r of rows) {
        let cand = byId.get(r.id);
        if (!cand) byId.set(r.id, (cand = { id: r.id, seq: r.seq, duplicateOf: r.duplicate_of, sh: shingles(r.norm_text) }));
        let l = candsByKey.get(r.key);
        if (!l) candsByKey.set(r.key, (l = []));
        l.push(cand);
      }
    }

    const outcomes: PutOutcome[] = new Array(todo.length);
    const fresh: NewDoc[] = [];
    const relink: number[] = [];
    const later: number[] = [];
    const inBatch = new Map<string, number>();
    // in input order: within the batch, the first copy of a text is the one with the lowest seq
    const order = todo.map((_, i) => i).sort((a, b) => todo[a].seq - todo[b].seq);
    for (const i of order) {
      const { doc, seq, x } = todo[i];
      if (stored.has(doc.id) || inBatch.has(doc.id)) { later.push(i); continue; }
      if (!doc.extraction || !x) {
        outcomes[i] = { id: doc.id, status: "failed", error: new RasadError("BAD_INPUT", "a new document needs its extraction", { doc: doc.id, file: doc.path }) };
        continue;
      }
      const normText = doc.normText ?? normalizeForMatch(doc.text);
      const keys = keysOf(doc);
      let duplicateOf: string | null = null;
      const mine = threshold > 0 && keys.length > 0 ? shingles(normText) : null;
      if (mine) {
        const seen = new Set<string>();
        const near: Cand[] = [];
        for (const k of keys) for (const cand of candsByKey.get(k) ?? []) {
          if (seen.has(cand.id) || cand.id === doc.id) continue;
          seen.add(cand.id);
          if (cand.sh && jaccard(mine, cand.sh) >= threshold) near.push(cand);
        }
        near.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
        if (near.some((n) => n.seq > seq)) relink.push(i);
        else if (near.length > 0) duplicateOf = near[0].duplicateOf ?? near[0].id;
        // later documents of this batch see this one as a candidate
        const me: Cand = { id: doc.id, seq, duplicateOf, sh: mine };
        for (const k of keys) {
          let l = candsByKey.get(k);
          if (!l) candsByKey.set(k, (l = []));
          l.push(me);
        }
      }
      fresh.push({ doc, x, normText, seq, keys, duplicateOf });
      inBatch.set(doc.id, i);
      outcomes[i] = duplicateOf ? { id: doc.id, status: "near_duplicate", duplicateOf } : { id: doc.id, status: "ingested" };
    }
    await this.insertNew(c, fresh, at);
    // stored before a near-duplicate that comes after it in the input order: the component is relinked
    for (const i of relink) {
      const link = await relinkNear(c, todo[i].doc.id, threshold);
      outcomes[i] = link ? { id: todo[i].doc.id, status: "near_duplicate", duplicateOf: link } : { id: todo[i].doc.id, status: "ingested" };
    }
    for (const i of later) {
      const { doc, seq, x } = todo[i];
      const s = stored.get(doc.id);
      if (!s) {
        // a second copy of a text new in this batch
        await this.addCopy(c, doc, at);
        outcomes[i] = { id: doc.id, status: "duplicate" };
        continue;
      }
      outcomes[i] = await this.putOne(c, doc, seq, threshold, reextract, x);
    }
    return outcomes;
  }

  /**
   * The entities of a batch, in their own short statement before the batch's transaction: a new entity is created
   * (committed at once), and each field of an existing one takes this batch's value when it comes from an earlier
   * document in input order (the first value wins, as when one process ingests in order). In the document
   * transactions of parallel workers, inserting the same new entity («جيش العشائر», a tribal army first seen in
   * two reports at once) would make each wait for the other's whole batch, and often deadlock.
   * What this costs: an entity of a document whose transaction then fails stays, with no document.
   */
  private async upsertEntities(entries: { x: PreparedExtraction; seq: number }[]): Promise<void> {
    if (entries.length === 0) return;
    interface Merged {
      key: string; kind: string; type: string | null; typeSeq: number | null; ar: string | null; arSeq: number | null;
      en: string | null; enSeq: number | null; norm: string | null; normSeq: number | null;
      lat: number | null; lon: number | null; prec: string | null; geoSeq: number | null;
    }
    const merged = new Map<string, Merged>();
    for (const { x, seq } of [...entries].sort((a, b) => a.seq - b.seq)) {
      for (const e of x.entities) {
        let m = merged.get(e.key);
        if (!m) {
          m = { key: e.key, kind: e.kind, type: null, typeSeq: null, ar: null, arSeq: null, en: null, enSeq: null, norm: null, normSeq: null, lat: null, lon: null, prec: null, geoSeq: null };
          merged.set(e.key, m);
        }
        if (m.type === null && e.type) { m.type = e.type; m.typeSeq = seq; }
        if (m.ar === null && e.name.ar) { m.ar = e.name.ar; m.arSeq = seq; }
        if (m.en === null && e.name.en) { m.en = e.name.en; m.enSeq = seq; }
        if (m.norm === null && e.normName) { m.norm = e.normName; m.normSeq = seq; }
        if (m.lat === null && e.geo && e.geo.lat != null) { m.lat = e.geo.lat; m.lon = e.geo.lon ?? null; m.prec = e.geo.precision ?? null; m.geoSeq = seq; }
      }
    }
    const rows = [...merged.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const p = new Params();
    const col = <K extends keyof Merged>(k: K, t = "text") => p.list(rows.map((r) => r[k]), t);
    const take = (f: string, fs: string) => `(excluded.${f} IS NOT NULL AND (entities.${f} IS NULL OR excluded.${fs} < entities.${fs}))`;
    const geo = take("lat", "geo_seq");
    const fields: [string, string][] = [["type", "type_seq"], ["name_ar", "name_ar_seq"], ["name_en", "name_en_seq"], ["norm_name", "norm_seq"]];
    await this.pool.query(
      `INSERT INTO entities (key, kind, type, type_seq, name_ar, name_ar_seq, name_en, name_en_seq, norm_name, norm_seq,
         lat, lon, geo_precision, geo_seq, ingested_at)
       SELECT v.*, ${p.add(now())} FROM unnest(${col("key")}, ${col("kind")}, ${col("type")}, ${col("typeSeq", "bigint")}, ${col("ar")},
         ${col("arSeq", "bigint")}, ${col("en")}, ${col("enSeq", "bigint")}, ${col("norm")}, ${col("normSeq", "bigint")},
         ${col("lat", "float8")}, ${col("lon", "float8")}, ${col("prec")}, ${col("geoSeq", "bigint")})
         AS v(key, kind, type, type_seq, name_ar, name_ar_seq, name_en, name_en_seq, norm_name, norm_seq, lat, lon, geo_precision, geo_seq)
       ORDER BY v.key
       ON CONFLICT (key) DO UPDATE SET
         ${fields.map(([f, fs]) => `${f} = CASE WHEN ${take(f, fs)} THEN excluded.${f} ELSE entities.${f} END, ${fs} = CASE WHEN ${take(f, fs)} THEN excluded.${fs} ELSE entities.${fs} END`).join(",\n         ")},
         lat = CASE WHEN ${geo} THEN excluded.lat ELSE entities.lat END,
         lon = CASE WHEN ${geo} THEN excluded.lon ELSE entities.lon END,
         geo_precision = CASE WHEN ${geo} THEN excluded.geo_precision ELSE entities.geo_precision END,
         geo_seq = CASE WHEN ${geo} THEN excluded.geo_seq ELSE entities.geo_seq END
       WHERE ${fields.map(([f, fs]) => take(f, fs)).join(" OR ")} OR ${geo}`,
      p.values,
    );
  }

  private async putOne(c: Queryable, doc: DocumentInput, seq: number, threshold: number, reextract: boolean, x: PreparedExtraction | null): Promise<PutOutcome> {
    const at = now();
    const keys = [...new Set((doc.nearKeys ?? []).filter((k) => Number.isSafeInteger(k) && k >= 0))];
    // one writer at a time per text and per LSH key: a document and its near-duplicates always share a key
    await lockKeys(c, [docLockKey(doc.id), ...keys.map((k) => BigInt(k))]);
    const check = threshold > 0 && keys.length > 0;
    const rows = (await c.query(
      `SELECT 'self' AS what, seq, pipeline, pub_date, ingested_at, id, NULL::text AS norm_text, duplicate_of FROM documents WHERE id = $1
       UNION ALL
       SELECT 'near', d.seq, NULL, NULL, NULL, d.id, d.norm_text, d.duplicate_of FROM documents d
       WHERE $3::boolean AND d.id <> $1 AND d.id IN (SELECT doc_id FROM near_keys WHERE key = ANY($2::bigint[]))`,
      [doc.id, keys, check],
    )).rows;
    const existing = rows.find((r) => r.what === "self");
    if (existing) {
      await this.addCopy(c, doc, at);
      if (doc.extraction && seq < existing.seq) {
        // an earlier copy in the input order, stored after a later one: it becomes the document, as it would have
        // been had it been stored first (its metadata and its extraction, which resolved dates against it)
        await this.becomeFirstCopy(c, doc, seq, existing.ingested_at, threshold);
        return { id: doc.id, status: "duplicate" };
      }
      if (reextract && doc.extraction && existing.pipeline !== doc.pipeline) {
        await this.rewriteExtraction(c, doc.id, doc.text, existing.pub_date ?? null, existing.ingested_at, doc.extraction, doc.pipeline, existing.seq);
        return { id: doc.id, status: "reextracted" };
      }
      return { id: doc.id, status: "duplicate" };
    }
    if (!doc.extraction) throw new RasadError("BAD_INPUT", "a new document needs its extraction", { doc: doc.id, file: doc.path });
    const normText = doc.normText ?? normalizeForMatch(doc.text);
    // the first earlier text (in input order) this one nearly duplicates: the same test as the SQLite store
    const mine = check ? shingles(normText) : null;
    const near = mine
      ? rows.filter((r) => r.what === "near").filter((r) => { const t = shingles(r.norm_text); return t !== null && jaccard(mine, t) >= threshold; })
        .sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1))
      : [];
    const inOrder = near.every((n) => n.seq < seq);
    let duplicateOf: string | null = inOrder && near.length > 0 ? (near[0].duplicate_of ?? near[0].id) : null;
    await this.insertNew(c, [{ doc, x: x ?? prepareExtraction(doc.id, doc.text, doc.extraction), normText, seq, keys, duplicateOf }], at);
    // stored before a near-duplicate that comes after it in the input order: the component is relinked
    if (!inOrder) duplicateOf = await relinkNear(c, doc.id, threshold);
    return duplicateOf ? { id: doc.id, status: "near_duplicate", duplicateOf } : { id: doc.id, status: "ingested" };
  }

  /**
   * New documents and everything extracted from them, in one statement (data-modifying CTEs over arrays): one
   * round trip for a whole batch instead of one per table and document. Their entities were written before the
   * transaction (upsertEntities).
   */
  private async insertNew(c: Queryable, docs: NewDoc[], at: string): Promise<void> {
    if (docs.length === 0) return;
    const D = { id: [] as string[], seq: [] as number[], sourceId: [] as (string | null)[], url: [] as (string | null)[], title: [] as (string | null)[],
      outlet: [] as (string | null)[], published: [] as (string | null)[], pubDate: [] as (string | null)[], text: [] as string[], norm: [] as string[],
      length: [] as number[], dup: [] as (string | null)[], path: [] as (string | null)[], pipeline: [] as string[], sTitle: [] as string[], sBody: [] as string[],
      place: [] as string[], outletCopy: [] as string[] };
    const K: [number, string][] = [];
    const M: [string, string, number, number, string][] = [];
    const C = { cols: CLAIM_NAMES.map(() => [] as unknown[]), doc: [] as string[], parties: [] as [string, string, string][], items: [] as [string, string][] };
    const ED: [string, string, number, string | null][] = [];
    for (const n of docs) {
      const { doc, x } = n;
      const pubDate = datePrefix(doc.published) ?? null;
      // first/last seen are publication dates; a document without one does not move them
      const seen = pubDate;
      D.id.push(doc.id); D.seq.push(n.seq); D.sourceId.push(doc.sourceId ?? null); D.url.push(doc.url ?? null); D.title.push(doc.title ?? null);
      D.outlet.push(doc.outlet ?? null); D.published.push(doc.published ?? null); D.pubDate.push(pubDate); D.text.push(doc.text);
      D.norm.push(n.normText); D.length.push(doc.text.length); D.dup.push(n.duplicateOf); D.path.push(doc.path ?? null); D.pipeline.push(doc.pipeline);
      D.sTitle.push(searchTitle(doc.title)); D.sBody.push(searchBody(doc, n.normText));
      D.place.push(doc.url || doc.path || ""); D.outletCopy.push(doc.outlet ?? "");
      for (const k of n.keys) K.push([k, doc.id]);
      // mentions: the first of a (entity, start) wins, as ON CONFLICT DO NOTHING does row by row in SQLite
      const ents = [...x.entities].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const seenMention = new Set<string>();
      const perEntity = new Map<string, number>();
      for (const e of ents) for (const m of e.mentions) {
        const k = `${e.key}\u0000${m.span[0]}`;
        if (seenMention.has(k)) continue;
        seenMention.add(k);
        M.push([doc.id, e.key, m.span[0], m.span[1], m.surface]);
        perEntity.set(e.key, (perEntity.get(e.key) ?? 0) + 1);
      }
      // a new document has no reviews: they attach to claims of stored documents
      const R = claimRows(x.claims, pubDate, seen, new Map());
      R.cols.forEach((col, i) => C.cols[i].push(...col));
      for (let i = 0; i < x.claims.length; i++) C.doc.push(doc.id);
      C.parties.push(...R.parties);
      C.items.push(...R.items);
      // entity_docs: mentions per entity, and every party of a claim that is not rejected
      for (const pa of R.parties) if (R.status.get(pa[0]) !== "rejected" && !perEntity.has(pa[2])) perEntity.set(pa[2], 0);
      for (const [entity, count] of perEntity) ED.push([entity, doc.id, count, seen]);
    }
    const p = new Params();
    const sql = `WITH
      doc AS (INSERT INTO documents (id, seq, source_id, url, title, outlet, published, pub_date, text, norm_text, length, duplicate_of,
          path, ingested_at, pipeline, tsv)
        SELECT v.id, v.seq, v.source_id, v.url, v.title, v.outlet, v.published, v.pub_date, v.text, v.norm_text, v.length, v.dup, v.path,
          ${p.add(at)}, v.pipeline, ${tsv("v.s_title", "v.s_body")}
        FROM unnest(${p.list(D.id)}, ${p.list(D.seq, "bigint")}, ${p.list(D.sourceId)}, ${p.list(D.url)}, ${p.list(D.title)}, ${p.list(D.outlet)},
          ${p.list(D.published)}, ${p.list(D.pubDate)}, ${p.list(D.text)}, ${p.list(D.norm)}, ${p.list(D.length, "int")}, ${p.list(D.dup)},
          ${p.list(D.path)}, ${p.list(D.pipeline)}, ${p.list(D.sTitle)}, ${p.list(D.sBody)})
          AS v(id, seq, source_id, url, title, outlet, published, pub_date, text, norm_text, length, dup, path, pipeline, s_title, s_body)),
      nk AS (INSERT INTO near_keys (key, doc_id) SELECT * FROM unnest(${p.list(K.map((k) => k[0]), "bigint")}, ${p.list(K.map((k) => k[1]))})
        ON CONFLICT DO NOTHING),
      cp AS (INSERT INTO copies (doc_id, place, outlet, url, title, published, path, seen_at)
        SELECT v.*, ${p.add(at)} FROM unnest(${p.list(D.id)}, ${p.list(D.place)}, ${p.list(D.outletCopy)}, ${p.list(D.url)}, ${p.list(D.title)},
          ${p.list(D.published)}, ${p.list(D.path)}) AS v ON CONFLICT DO NOTHING),
      mn AS (INSERT INTO mentions (doc_id, entity, span_start, span_end, surface)
        SELECT * FROM unnest(${p.list(M.map((m) => m[0]))}, ${p.list(M.map((m) => m[1]))}, ${p.list(M.map((m) => m[2]), "int")},
          ${p.list(M.map((m) => m[3]), "int")}, ${p.list(M.map((m) => m[4]))})),
      cl AS (INSERT INTO claims (doc_id, ${CLAIM_NAMES.join(", ")})
        SELECT * FROM unnest(${p.list(C.doc)}, ${CLAIM_TYPES.map((t, i) => p.list(C.cols[i], t)).join(", ")})),
      pa AS (INSERT INTO claim_parties (claim_id, role, entity)
        SELECT * FROM unnest(${p.list(C.parties.map((r) => r[0]))}, ${p.list(C.parties.map((r) => r[1]))}, ${p.list(C.parties.map((r) => r[2]))})),
      it AS (INSERT INTO flow_items (claim_id, category)
        SELECT * FROM unnest(${p.list(C.items.map((r) => r[0]))}, ${p.list(C.items.map((r) => r[1]))})),
      ed AS (INSERT INTO entity_docs (entity, doc_id, mentions, seen)
        SELECT * FROM unnest(${p.list(ED.map((r) => r[0]))}, ${p.list(ED.map((r) => r[1]))}, ${p.list(ED.map((r) => r[2]), "int")},
          ${p.list(ED.map((r) => r[3]))}))
      SELECT 1`;
    await c.query(sql, p.values);
  }

  private async becomeFirstCopy(c: Queryable, doc: DocumentInput, seq: number, ingestedAt: string, threshold: number): Promise<void> {
    const pubDate = datePrefix(doc.published) ?? null;
    const normText = doc.normText ?? normalizeForMatch(doc.text);
    await c.query(
      `UPDATE documents SET seq = $2, source_id = $3, url = $4, title = $5, outlet = $6, published = $7, pub_date = $8, path = $9,
         tsv = ${tsv("$10", "$11")}, text = $12, norm_text = $13, length = $14 WHERE id = $1`,
      [doc.id, seq, doc.sourceId ?? null, doc.url ?? null, doc.title ?? null, doc.outlet ?? null, doc.published ?? null, pubDate,
        doc.path ?? null, searchTitle(doc.title), searchBody(doc, normText), doc.text, normText, doc.text.length],
    );
    await this.rewriteExtraction(c, doc.id, doc.text, pubDate, ingestedAt, doc.extraction!, doc.pipeline, seq);
    await relinkNear(c, doc.id, threshold);
  }

  private async addCopy(c: Queryable, doc: DocumentInput, at: string): Promise<void> {
    await c.query(
      "INSERT INTO copies (doc_id, place, outlet, url, title, published, path, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
      [doc.id, doc.url || doc.path || "", doc.outlet ?? "", doc.url ?? null, doc.title ?? null, doc.published ?? null, doc.path ?? null, at],
    );
  }

  /** The slow path (re-extraction, an earlier copy, a review): claims may have reviews, rows may exist. */
  private async writeExtraction(c: Queryable, docId: string, x: PreparedExtraction, pubDate: string | null, at: string, seq: number): Promise<void> {
    // entities in key order: every writer locks rows in the same order
    const ents = [...x.entities].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (ents.length > 0) {
      const E = entityArrays(ents);
      const p = new Params();
      await c.query(
        `INSERT INTO entities (key, kind, type, name_ar, name_en, norm_name, lat, lon, geo_precision, ingested_at,
           type_seq, name_ar_seq, name_en_seq, norm_seq, geo_seq)
         SELECT v.key, v.kind, v.type, v.name_ar, v.name_en, v.norm_name, v.lat, v.lon, v.geo_precision, ${p.add(at)},
           ${["type", "name_ar", "name_en", "norm_name", "lat"].map((f) => `CASE WHEN v.${f} IS NULL THEN NULL ELSE ${p.add(seq)}::bigint END`).join(", ")}
         FROM ${entityUnnest(E, p)} ORDER BY v.key
         ON CONFLICT (key) DO NOTHING`,
        p.values,
      );
      await this.updateEntityFields(c, E, seq);
      const m = ents.flatMap((e) => e.mentions.map((mm) => [e.key, mm.span[0], mm.span[1], mm.surface] as const));
      if (m.length > 0) {
        await c.query(
          `INSERT INTO mentions (doc_id, entity, span_start, span_end, surface)
           SELECT $1, v.entity, v.s, v.e, v.surface FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) AS v(entity, s, e, surface)
           ON CONFLICT DO NOTHING`,
          [docId, m.map((r) => r[0]), m.map((r) => r[1]), m.map((r) => r[2]), m.map((r) => r[3])],
        );
      }
    }
    const seen = pubDate;
    const reviews = reviewsByClaim((await c.query("SELECT * FROM reviews WHERE doc_id = $1 ORDER BY id", [docId])).rows);
    await this.writeClaims(c, docId, x.claims, pubDate, seen, reviews);
    await this.refreshEntityDocs(c, docId, seen);
  }

  /**
   * Existing entities: each field keeps the value of the earliest document (in input order) that gave one, which
   * is what one process ingesting in order keeps (the first value wins). A row changes only when that is us, so
   * frequent entities («داعش», ISIS) are not locked by every writer.
   */
  private async updateEntityFields(c: Queryable, E: EntityArrays, seq: number): Promise<void> {
    const p = new Params();
    const unnest = entityUnnest(E, p);
    const s = `${p.add(seq)}::bigint`;
    const take = (f: string, fs: string) => `(v.${f} IS NOT NULL AND (e.${f} IS NULL OR ${s} < e.${fs}))`;
    const geo = `(v.lat IS NOT NULL AND (e.lat IS NULL OR ${s} < e.geo_seq))`;
    const fields: [string, string][] = [["type", "type_seq"], ["name_ar", "name_ar_seq"], ["name_en", "name_en_seq"], ["norm_name", "norm_seq"]];
    await c.query(
      `UPDATE entities e SET
         ${fields.map(([f, fs]) => `${f} = CASE WHEN ${take(f, fs)} THEN v.${f} ELSE e.${f} END, ${fs} = CASE WHEN ${take(f, fs)} THEN ${s} ELSE e.${fs} END`).join(",\n         ")},
         lat = CASE WHEN ${geo} THEN v.lat ELSE e.lat END,
         lon = CASE WHEN ${geo} THEN v.lon ELSE e.lon END,
         geo_precision = CASE WHEN ${geo} THEN v.geo_precision ELSE e.geo_precision END,
         geo_seq = CASE WHEN ${geo} THEN ${s} ELSE e.geo_seq END
       FROM ${unnest}
       WHERE e.key = v.key AND (${fields.map(([f, fs]) => take(f, fs)).join(" OR ")} OR ${geo})`,
      p.values,
    );
  }

  /** Upserts claim rows (machine JSON + effective columns) and rewrites their parties and items. */
  private async writeClaims(c: Queryable, docId: string, claims: PreparedClaim[], pubDate: string | null, seen: string | null, reviews: Map<string, Review[]>): Promise<void> {
    if (claims.length === 0) return;
    const C = claimRows(claims, pubDate, seen, reviews);
    const p = new Params();
    await c.query(
      `INSERT INTO claims (doc_id, ${CLAIM_NAMES.join(", ")})
       SELECT ${p.add(docId)}, ${CLAIM_NAMES.map((n) => `v.${n}`).join(", ")}
       FROM unnest(${CLAIM_TYPES.map((t, i) => p.list(C.cols[i], t)).join(", ")}) AS v(${CLAIM_NAMES.join(", ")})
       ON CONFLICT (id) DO UPDATE SET ${CLAIM_NAMES.filter((n) => n !== "id" && n !== "kind").map((n) => `${n} = excluded.${n}`).join(", ")}`,
      p.values,
    );
    const ids = claims.map((cl) => cl.id);
    await c.query("DELETE FROM claim_parties WHERE claim_id = ANY($1::text[])", [ids]);
    if (C.parties.length > 0) {
      await c.query(
        "INSERT INTO claim_parties (claim_id, role, entity) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])",
        [C.parties.map((r) => r[0]), C.parties.map((r) => r[1]), C.parties.map((r) => r[2])],
      );
    }
    await c.query("DELETE FROM flow_items WHERE claim_id = ANY($1::text[])", [ids]);
    if (C.items.length > 0) {
      await c.query(
        "INSERT INTO flow_items (claim_id, category) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
        [C.items.map((r) => r[0]), C.items.map((r) => r[1])],
      );
    }
  }

  private async ensureEntity(c: Queryable, key: string): Promise<void> {
    const name = nameFromKey(key) ?? null;
    await c.query(
      "INSERT INTO entities (key, kind, name_ar, norm_name, ingested_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING",
      [key, kindOfKey(key), name, name ? normalizeForMatch(name) : null, now()],
    );
  }

  private async refreshEntityDocs(c: Queryable, docId: string, seen: string | null): Promise<void> {
    await c.query("DELETE FROM entity_docs WHERE doc_id = $1", [docId]);
    await c.query(
      `INSERT INTO entity_docs (entity, doc_id, mentions, seen)
       SELECT entity, $1, sum(m), $2 FROM (
         SELECT entity, 1 AS m FROM mentions WHERE doc_id = $1
         UNION ALL
         SELECT p.entity, 0 FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = $1 AND c.status <> 'rejected'
       ) x GROUP BY entity`,
      [docId, seen],
    );
  }

  /** A document's claims (with their parties and items) and mentions: what a re-extraction replaces. */
  private async dropExtraction(c: Queryable, docId: string): Promise<void> {
    await c.query("DELETE FROM claim_parties WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = $1)", [docId]);
    await c.query("DELETE FROM flow_items WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = $1)", [docId]);
    await c.query("DELETE FROM claims WHERE doc_id = $1", [docId]);
    await c.query("DELETE FROM mentions WHERE doc_id = $1", [docId]);
  }

  private async rewriteExtraction(c: Queryable, docId: string, text: string, pubDate: string | null, ingestedAt: string, x: Extraction, pipeline: string, seq: number): Promise<void> {
    await this.dropExtraction(c, docId);
    await c.query("UPDATE documents SET pipeline = $1 WHERE id = $2", [pipeline, docId]);
    await this.writeExtraction(c, docId, prepareExtraction(docId, text, x), pubDate, ingestedAt, seq);
  }

  async deleteDocument(id: string): Promise<boolean> {
    this.writable();
    return this.wrap("deleting a document", () => transaction(this.pool, async (c) => {
      await lockKeys(c, [docLockKey(id)]);
      const d = (await c.query("SELECT seq FROM documents WHERE id = $1", [id])).rows[0];
      if (!d) return false;
      const entities = (await c.query(
        "SELECT entity FROM entity_docs WHERE doc_id = $1 UNION SELECT p.entity FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = $1",
        [id],
      )).rows.map((r) => r.entity as string);
      await this.dropExtraction(c, id);
      await c.query("DELETE FROM entity_docs WHERE doc_id = $1", [id]);
      await c.query("DELETE FROM copies WHERE doc_id = $1", [id]);
      await c.query("DELETE FROM near_keys WHERE doc_id = $1", [id]);
      await c.query("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = $1", [id]);
      await c.query("DELETE FROM documents WHERE id = $1", [id]);
      // the entities no other document speaks of
      if (entities.length) {
        await c.query(
          `DELETE FROM entities e WHERE e.key = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM entity_docs ed WHERE ed.entity = e.key)
             AND NOT EXISTS (SELECT 1 FROM claim_parties p WHERE p.entity = e.key)`,
          [entities],
        );
      }
      return true;
    }));
  }

  async replaceExtraction(docId: string, extraction: Extraction, pipeline: string): Promise<void> {
    this.writable();
    await this.wrap("replacing an extraction", () => transaction(this.pool, async (c) => {
      await lockKeys(c, [docLockKey(docId)]);
      const d = (await c.query("SELECT text, pub_date, ingested_at, seq FROM documents WHERE id = $1", [docId])).rows[0];
      if (!d) throw new RasadError("NOT_FOUND", "no such document", { doc: docId });
      await this.rewriteExtraction(c, docId, d.text, d.pub_date, d.ingested_at, extraction, pipeline, d.seq);
    }));
  }

  async knownDocuments(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [id, v] of await this.knownSeqs(ids)) out.set(id, v.pipeline);
    return out;
  }

  /** The pipeline and the place in the input order of each id that is stored. */
  async knownSeqs(ids: string[]): Promise<Map<string, { pipeline: string; seq: number }>> {
    const out = new Map<string, { pipeline: string; seq: number }>();
    if (ids.length === 0) return out;
    for (const r of await this.wrap("looking up documents", () => this.q("SELECT id, pipeline, seq FROM documents WHERE id = ANY($1::text[])", [ids]))) {
      out.set(r.id, { pipeline: r.pipeline, seq: r.seq });
    }
    return out;
  }

  /** `n` places in the input order, increasing (for documents read now and stored later, by any worker). */
  async nextSeqs(n: number): Promise<number[]> {
    if (n <= 0) return [];
    const rows = await this.wrap("numbering documents", () => this.q("SELECT nextval('doc_order') AS s FROM generate_series(1, $1)", [n]));
    return rows.map((r) => r.s as number).sort((a, b) => a - b);
  }

  async recordFailure(f: FailureInput): Promise<void> {
    this.writable();
    await this.wrap("recording a failure", () => this.q(
      `INSERT INTO failures (path, item, doc, code, message, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (path, item) DO UPDATE SET doc = excluded.doc, code = excluded.code, message = excluded.message, at = excluded.at`,
      [f.path, f.item ?? "", f.doc ?? null, f.code, f.message, now()],
    ));
  }

  async addReview(input: ReviewInput): Promise<Review> {
    const parsed = ReviewInputSchema.safeParse(input);
    if (!parsed.success) {
      const what = parsed.error.issues.map((i) => `${i.path.join(".") || "review"}: ${i.message}`).join("; ");
      throw new RasadError("BAD_PARAM", what, { param: String(parsed.error.issues[0]?.path[0] ?? "review") });
    }
    this.writable();
    const r = parsed.data;
    return this.wrap("adding a review", () => transaction(this.pool, async (tx) => {
      const c = (await tx.query(
        "SELECT c.id, c.kind, c.doc_id, c.ordinal, c.machine, d.pub_date, d.ingested_at FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = $1",
        [r.claimId],
      )).rows[0];
      if (!c) throw new RasadError("NOT_FOUND", `no claim ${r.claimId}`, { param: "claimId" });
      // the same lock as a writer of this document: a review and a re-extraction never interleave
      await lockKeys(tx, [docLockKey(c.doc_id)]);
      let corrected: Correction | null = null;
      if (r.verdict === "correct") {
        if (!r.corrected) throw new RasadError("BAD_PARAM", "a correction needs the corrected fields", { param: "corrected" });
        corrected = validateCorrection(c.kind, r.corrected);
        for (const k of correctionKeys(corrected)) await this.ensureEntity(tx, k);
      } else if (r.corrected) {
        throw new RasadError("BAD_PARAM", `corrected fields go with the verdict "correct", not "${r.verdict}"`, { param: "corrected" });
      }
      const ins = (await tx.query(
        "INSERT INTO reviews (claim_id, doc_id, kind, verdict, corrected, reviewer, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        [c.id, c.doc_id, c.kind, r.verdict, corrected ? JSON.stringify(corrected) : null, r.reviewer, r.note ?? null, now()],
      )).rows[0];
      const reviews = (await tx.query("SELECT * FROM reviews WHERE claim_id = $1 ORDER BY id", [c.id])).rows.map(reviewOf);
      const seen: string | null = c.pub_date ?? null;
      const claim: PreparedClaim = { id: c.id, kind: c.kind, ordinal: c.ordinal, machine: c.machine as StoredFields };
      await this.writeClaims(tx, c.doc_id, [claim], c.pub_date, seen, new Map([[c.id, reviews]]));
      await this.refreshEntityDocs(tx, c.doc_id, seen);
      return reviewOf(ins);
    }));
  }

  // ---------- reading: documents ----------

  async getDocument(id: string): Promise<DocumentFull | null> {
    return this.wrap("reading a document", async () => {
      const r = await this.one(`SELECT ${DOC_META_COLS}, d.text FROM documents d WHERE d.id = $1`, [id]);
      if (!r) return null;
      const mentions: MentionRecord[] = (await this.q(
        "SELECT m.entity, m.span_start, m.span_end, m.surface, e.kind FROM mentions m LEFT JOIN entities e ON e.key = m.entity WHERE m.doc_id = $1 ORDER BY m.span_start, m.span_end",
        [id],
      )).map((m) => ({ entity: m.entity, kind: m.kind ?? kindOfKey(m.entity), span: [m.span_start, m.span_end] as Span, text: m.surface }));
      const claims = await this.readClaims(await this.q(
        `SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = $1 ORDER BY c.kind, c.ordinal`, [id],
      ));
      const keys = new Set(mentions.map((m) => m.entity));
      for (const k of await this.q("SELECT DISTINCT p.entity FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = $1", [id])) keys.add(k.entity);
      const refs = await this.refs([...keys]);
      const copies: Copy[] = (await this.q("SELECT * FROM copies WHERE doc_id = $1 ORDER BY seen_at, place, outlet", [id])).map((c) => {
        const o: Copy = { seenAt: c.seen_at };
        if (c.url !== null) o.url = c.url;
        if (c.outlet) o.outlet = c.outlet;
        if (c.title !== null) o.title = c.title;
        if (c.published !== null) o.published = c.published;
        if (c.path !== null) o.path = c.path;
        return o;
      });
      const near = (await this.q(`SELECT ${DOC_META_COLS} FROM documents d WHERE d.duplicate_of = $1 ORDER BY d.seq`, [id])).map(docMeta);
      return {
        ...docMeta(r), text: r.text, mentions, entities: [...refs.values()],
        flows: claims.filter((c): c is FlowClaim => c.kind === "flow"),
        events: claims.filter((c): c is EventClaim => c.kind === "event"),
        facts: claims.filter((c): c is FactClaim => c.kind === "fact"),
        copies, nearDuplicates: near,
      };
    });
  }

  async listDocuments(filter: DocumentFilter = {}, page?: PageOpts): Promise<Page<DocumentMeta>> {
    const { limit, offset } = pageOf(page);
    const p = new Params();
    const conds: string[] = [];
    let order = "ORDER BY d.seq DESC";
    if (filter.q !== undefined) {
      const pq = parseQuery(filter.q);
      if (!pq.fts) return { items: [], total: 0, limit, offset };
      const tq = `to_tsquery('simple', ${p.add(ftsToTsquery(pq.fts))})`;
      conds.push(`d.tsv @@ ${tq}`);
      order = `ORDER BY ts_rank(${RANK_WEIGHTS}, d.tsv, ${tq}) DESC, d.seq`;
    }
    if (filter.outlet?.length) conds.push(`d.outlet = ANY(${p.list(filter.outlet)})`);
    if (filter.from) conds.push(`d.pub_date >= ${p.add(filter.from)}`);
    if (filter.to) conds.push(`d.pub_date <= ${p.add(filter.to + "~")}`);
    if (filter.since) conds.push(`d.ingested_at >= ${p.add(filter.since)}`);
    if (filter.entity) conds.push(`EXISTS (SELECT 1 FROM entity_docs ed WHERE ed.doc_id = d.id AND ed.entity = ${p.add(filter.entity)})`);
    if (filter.originalsOnly) conds.push("d.duplicate_of IS NULL");
    if (filter.idPrefix) conds.push(`d.id LIKE ${p.add(filter.idPrefix.toLowerCase().replace(/[\\%_]/g, (c) => "\\" + c) + "%")}`);
    return this.wrap("listing documents", async () => {
      const total = (await this.one(`SELECT count(*)::int AS n FROM documents d ${where(conds)}`, p.values))!.n as number;
      const items = (await this.q(
        `SELECT ${DOC_META_COLS} FROM documents d ${where(conds)} ${order} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values,
      )).map(docMeta);
      return { items, total, limit, offset };
    });
  }

  // ---------- reading: entities ----------

  private async entityRows(keys: string[]): Promise<Row[]> {
    if (keys.length === 0) return [];
    return this.q(
      `SELECT ${ENTITY_COLS}, ${ENTITY_AGG}
       FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key WHERE e.key = ANY($1::text[]) GROUP BY e.key`,
      [keys],
    );
  }

  /** EntityRefs for keys (a stub for a key the store lacks). */
  private async refs(keys: string[]): Promise<Map<string, EntityRef>> {
    const m = new Map<string, EntityRef>();
    if (keys.length > 0) {
      for (const r of await this.q(`SELECT ${ENTITY_COLS} FROM entities e WHERE e.key = ANY($1::text[])`, [keys])) m.set(r.key, entityRef(r));
    }
    for (const k of keys) if (!m.has(k)) m.set(k, stubRef(k));
    return m;
  }

  async getEntity(key: string): Promise<EntityRecord | null> {
    const r = await this.wrap("reading an entity", () => this.entityRows([key]));
    return r.length ? entityRecord(r[0]) : null;
  }

  async getEntities(keys: string[]): Promise<EntityRecord[]> {
    const rows = await this.wrap("reading entities", () => this.entityRows([...new Set(keys)]));
    const byKey = new Map(rows.map((r) => [r.key as string, entityRecord(r)]));
    return keys.map((k) => byKey.get(k)).filter((e): e is EntityRecord => e !== undefined);
  }

  async findEntities(filter: EntityFilter = {}, page?: PageOpts): Promise<Page<EntityRecord>> {
    const { limit, offset } = pageOf(page);
    const p = new Params();
    const conds: string[] = [];
    if (filter.q !== undefined && filter.q.trim() !== "") {
      const q = filter.q.trim();
      const n = normalizeForMatch(q);
      const like = `%${n.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
      const pq = p.add(q);
      const pl = p.add(like);
      // ILIKE for norm_name: SQLite's LIKE folds ASCII case
      conds.push(`(e.key = ${pq} OR e.norm_name ILIKE ${pl} OR lower(e.name_en) LIKE ${pl}
        OR e.key IN (SELECT entity FROM mentions WHERE surface = ${pq}))`);
    }
    if (filter.kind) conds.push(`e.kind = ${p.add(filter.kind)}`);
    if (filter.type?.length) conds.push(`e.type = ANY(${p.list(filter.type)})`);
    if (filter.since) conds.push(`e.ingested_at >= ${p.add(filter.since)}`);
    if (filter.geo) conds.push("e.lat IS NOT NULL");
    return this.wrap("finding entities", async () => {
      const total = (await this.one(`SELECT count(*)::int AS n FROM entities e ${where(conds)}`, p.values))!.n as number;
      const rows = await this.q(
        `SELECT ${ENTITY_COLS}, ${ENTITY_AGG}
         FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key ${where(conds)}
         GROUP BY e.key ORDER BY documents DESC, e.key LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      );
      return { items: rows.map(entityRecord), total, limit, offset };
    });
  }

  async aliases(key: string, limit = 20): Promise<Alias[]> {
    return this.wrap("reading aliases", async () => (await this.q(
      "SELECT surface AS text, count(*)::int AS count FROM mentions WHERE entity = $1 GROUP BY surface ORDER BY count DESC, surface LIMIT $2",
      [key, limit],
    )) as Alias[]);
  }

  async entityProfile(key: string): Promise<EntityProfile | null> {
    const entity = await this.getEntity(key);
    if (!entity) return null;
    return this.wrap("reading an entity profile", async () => {
      const count = async (sql: string, ...params: unknown[]) => (await this.one(sql, params))!.n as number;
      const involved = "EXISTS (SELECT 1 FROM claim_parties p WHERE p.claim_id = c.id AND p.entity = $1)";
      const [out, inn, events, facts] = await Promise.all([
        this.listEdges({ giver: [key] }, { limit: 100 }),
        this.listEdges({ receiver: [key] }, { limit: 100 }),
        this.listEvents({ entity: [key] }, { limit: 50 }),
        this.listFacts({ entity: [key] }, { limit: 50 }),
      ]);
      const eventTypes = (await this.q(
        `SELECT c.type, count(*)::int AS count FROM claims c WHERE c.kind = 'event' AND c.status <> 'rejected' AND ${involved}
         GROUP BY c.type ORDER BY count DESC, c.type`,
        [key],
      )) as { type: EventType; count: number }[];
      const sources = (await this.q(
        `SELECT c.source_kind AS kind, c.source_text AS text, count(*)::int AS count FROM claims c
         WHERE c.status <> 'rejected' AND ${involved} GROUP BY c.source_kind, c.source_text ORDER BY count DESC, kind LIMIT 30`,
        [key],
      )).map((r) => (r.text === null ? { kind: r.kind as SourceKind, count: r.count } : { kind: r.kind as SourceKind, text: r.text, count: r.count }));
      const placeRows = await this.q(
        `SELECT p2.entity, count(DISTINCT c.id)::int AS count FROM claims c
         JOIN claim_parties p ON p.claim_id = c.id AND p.entity = $1
         JOIN claim_parties p2 ON p2.claim_id = c.id AND p2.role IN ('place', 'via') AND p2.entity <> $1
         WHERE c.status <> 'rejected' GROUP BY p2.entity ORDER BY count DESC, p2.entity LIMIT 30`,
        [key],
      );
      const prefs = await this.refs(placeRows.map((r) => r.entity));
      const documents = (await this.q(
        `SELECT ${DOC_META_COLS} FROM entity_docs ed JOIN documents d ON d.id = ed.doc_id WHERE ed.entity = $1
         ORDER BY d.pub_date DESC NULLS LAST, d.seq DESC LIMIT 20`,
        [key],
      )).map(docMeta);
      return {
        entity, aliases: await this.aliases(key), out: out.items, in: inn.items, events: events.items, eventTypes,
        facts: facts.items, sources, places: placeRows.map((r) => ({ entity: prefs.get(r.entity)!, count: r.count })), documents,
        counts: {
          flowsOut: await count("SELECT count(*)::int AS n FROM claims c WHERE c.kind = 'flow' AND c.status <> 'rejected' AND c.giver = $1", key),
          flowsIn: await count("SELECT count(*)::int AS n FROM claims c WHERE c.kind = 'flow' AND c.status <> 'rejected' AND c.receiver = $1", key),
          events: events.total,
          facts: facts.total,
          documents: entity.documents,
        },
      };
    });
  }

  // ---------- reading: claims ----------

  /** Claims from rows of CLAIM_COLS: reviews applied, entity keys resolved. */
  private async readClaims(rows: Row[]): Promise<Claim[]> {
    const reviewed = rows.filter((r) => r.status !== "machine").map((r) => r.id as string);
    const reviews = reviewed.length > 0
      ? reviewsByClaim(await this.q("SELECT * FROM reviews WHERE claim_id = ANY($1::text[]) ORDER BY id", [reviewed]))
      : new Map<string, Review[]>();
    const effs = rows.map((r) => applyReviews(r.kind, r.machine as StoredFields, reviews.get(r.id) ?? []));
    const keys = new Set<string>();
    effs.forEach((e, i) => {
      for (const p of partiesOf(rows[i].kind as ClaimKind, e.fields)) keys.add(p.entity);
    });
    const refs = await this.refs([...keys]);
    const ref = (k: string | null | undefined) => (k ? refs.get(k) ?? stubRef(k) : null);
    return rows.map((r, i) => claimFromRow(r as ClaimRow, effs[i], ref));
  }

  async getClaim(id: string): Promise<Claim | null> {
    return this.wrap("reading a claim", async () => {
      const rows = await this.q(`SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = $1`, [id]);
      return rows.length ? (await this.readClaims(rows))[0] : null;
    });
  }

  private async listClaims(kind: ClaimKind, filter: ClaimFilter | undefined, page: PageOpts | undefined): Promise<Page<Claim>> {
    const { limit, offset } = pageOf(page);
    const p = new Params();
    const w = claimWhere(kind, filter, p);
    return this.wrap(`listing ${kind}s`, async () => {
      const total = (await this.one(`SELECT count(*)::int AS n FROM claims c JOIN documents d ON d.id = c.doc_id ${where(w)}`, p.values))!.n as number;
      const rows = await this.q(
        `SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id ${where(w)}
         ORDER BY c.date DESC NULLS LAST, d.seq DESC, c.ordinal LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      );
      return { items: await this.readClaims(rows), total, limit, offset };
    });
  }

  async listFlows(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FlowClaim>> {
    return (await this.listClaims("flow", filter, page)) as Page<FlowClaim>;
  }
  async listEvents(filter?: ClaimFilter, page?: PageOpts): Promise<Page<EventClaim>> {
    return (await this.listClaims("event", filter, page)) as Page<EventClaim>;
  }
  async listFacts(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FactClaim>> {
    return (await this.listClaims("fact", filter, page)) as Page<FactClaim>;
  }

  iterateClaims(kind: "flow", filter?: ClaimFilter): AsyncIterable<FlowClaim>;
  iterateClaims(kind: "event", filter?: ClaimFilter): AsyncIterable<EventClaim>;
  iterateClaims(kind: "fact", filter?: ClaimFilter): AsyncIterable<FactClaim>;
  async *iterateClaims(kind: ClaimKind, filter?: ClaimFilter): AsyncIterable<Claim> {
    // keyset paging in input order (document, then position in its extraction): the order one process ingesting
    // in order gives SQLite's rowids, and no cursor stays open across the consumer's awaits
    let after: [number, number, string] = [-1, -1, ""];
    for (;;) {
      const p = new Params();
      const w = claimWhere(kind, filter, p);
      const rows = await this.wrap("iterating claims", () => this.q(
        `SELECT d.seq AS k_seq, c.ordinal AS k_ord, ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id
         ${where([...w, `(d.seq, c.ordinal, c.id) > (${p.add(after[0])}::bigint, ${p.add(after[1])}::int, ${p.add(after[2])}::text)`])}
         ORDER BY d.seq, c.ordinal, c.id LIMIT 500`,
        p.values,
      ));
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = [last.k_seq, last.k_ord, last.id];
      yield* await this.readClaims(rows);
    }
  }

  // ---------- reading: edges and graph ----------

  private async edgeRows(filter: EdgeFilter, extra?: (p: Params) => string[], tail?: (p: Params) => string): Promise<Row[]> {
    const p = new Params();
    const conds = [...claimWhere("flow", filter, p), ...(extra ? extra(p) : [])];
    if (filter.item?.length) conds.push(`i.category = ANY(${p.list(filter.item)})`);
    const having = filter.minOutlets ? `HAVING (count(DISTINCT coalesce(d.outlet, 'doc:' || d.id)) FILTER (WHERE c.modality IS DISTINCT FROM 'denied' AND d.duplicate_of IS NULL)) >= ${Math.max(0, Math.trunc(filter.minOutlets))}` : "";
    return this.q(
      `SELECT ${EDGE_AGG} ${EDGE_FROM} ${where(conds)} GROUP BY c.giver, c.receiver, i.category ${having} ${tail ? tail(p) : ""}`,
      p.values,
    );
  }

  private async edges(rows: Row[]): Promise<Edge[]> {
    const keys = new Set<string>();
    for (const r of rows) { if (r.giver) keys.add(r.giver); if (r.receiver) keys.add(r.receiver); }
    const refs = await this.refs([...keys]);
    return rows.map((r) => edgeFromRow(r, refs));
  }

  async listEdges(filter: EdgeFilter = {}, page?: PageOpts): Promise<Page<Edge>> {
    const { limit, offset } = pageOf(page);
    return this.wrap("listing edges", async () => {
      const p = new Params();
      const conds = claimWhere("flow", filter, p);
      if (filter.item?.length) conds.push(`i.category = ANY(${p.list(filter.item)})`);
      const having = filter.minOutlets ? `HAVING (count(DISTINCT coalesce(d.outlet, 'doc:' || d.id)) FILTER (WHERE c.modality IS DISTINCT FROM 'denied' AND d.duplicate_of IS NULL)) >= ${Math.max(0, Math.trunc(filter.minOutlets))}` : "";
      const total = (await this.one(
        `SELECT count(*)::int AS n FROM (SELECT 1 ${EDGE_FROM} ${where(conds)} GROUP BY c.giver, c.receiver, i.category ${having}) x`,
        p.values,
      ))!.n as number;
      const rows = await this.edgeRows(filter, undefined, (q) => `${EDGE_ORDER} LIMIT ${q.add(limit)} OFFSET ${q.add(offset)}`);
      return { items: await this.edges(rows), total, limit, offset };
    });
  }

  private async graphOf(edges: Edge[]): Promise<Graph> {
    const keys = new Set<string>();
    for (const e of edges) { if (e.giver) keys.add(e.giver.key); if (e.receiver) keys.add(e.receiver.key); }
    const nodes = (await this.entityRows([...keys])).map(entityRecord).sort((a, b) => b.documents - a.documents || a.key.localeCompare(b.key));
    return { nodes, edges };
  }

  async graph(filter: EdgeFilter = {}): Promise<Graph> {
    return this.wrap("reading the graph", async () => this.graphOf(await this.edges(await this.edgeRows(filter, undefined, () => EDGE_ORDER))));
  }

  async neighbourhood(key: string, opts: NeighbourhoodOpts = {}): Promise<Graph> {
    const depth = Math.min(2, Math.max(1, Math.trunc(opts.depth ?? 1)));
    const maxEdges = Math.min(5000, Math.max(1, Math.trunc(opts.maxEdges ?? 500)));
    return this.wrap("reading a neighbourhood", async () => {
      let frontier = [key];
      let rows: Row[] = [];
      for (let hop = 0; hop < depth; hop++) {
        const f = frontier;
        rows = await this.edgeRows(
          opts,
          (p) => [`EXISTS (SELECT 1 FROM claim_parties p WHERE p.claim_id = c.id AND p.entity = ANY(${p.list(f)}))`],
          (p) => `${EDGE_ORDER} LIMIT ${p.add(maxEdges)}`,
        );
        const next = new Set(frontier);
        for (const r of rows) { if (r.giver) next.add(r.giver); if (r.receiver) next.add(r.receiver); }
        if (next.size === frontier.length || next.size > 500) break;
        frontier = [...next];
      }
      return this.graphOf(await this.edges(rows));
    });
  }

  async listPlaces(filter: PlaceFilter = {}, page?: PageOpts): Promise<Page<PlaceRecord>> {
    const { limit, offset } = pageOf(page);
    return this.wrap("listing places", async () => {
      const p = new Params();
      const w = claimWhere(null, filter, p);
      const counts = new Map<string, Row>();
      for (const r of await this.q(
        `SELECT p.entity, (count(*) FILTER (WHERE c.kind = 'event' AND p.role = 'place'))::int AS events,
           (count(*) FILTER (WHERE p.role = 'via'))::int AS flows_via,
           (count(*) FILTER (WHERE c.kind = 'flow' AND p.role = 'place'))::int AS flows_at
         FROM claim_parties p JOIN claims c ON c.id = p.claim_id JOIN documents d ON d.id = c.doc_id
         ${where([...w, "p.role IN ('place', 'via')", "p.entity LIKE 'place/%'"])} GROUP BY p.entity`,
        p.values,
      )) counts.set(r.entity, r);
      const { giver, receiver, actor, entity, place, item, mode, type, from, to, doc, outlet, source, modality, status, originalsOnly } = filter;
      const narrowed = [giver, receiver, actor, entity, place, item, mode, type, from, to, doc, outlet, source, modality, status, originalsOnly]
        .some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));
      let keys: string[];
      if (narrowed) keys = [...counts.keys()];
      else keys = (await this.q("SELECT key FROM entities WHERE kind = 'place'")).map((r) => r.key as string);
      let recs = (await this.entityRows(keys)).map((r) => {
        const c = counts.get(r.key);
        return { ...entityRecord(r), events: c?.events ?? 0, flowsVia: c?.flows_via ?? 0, flowsAt: c?.flows_at ?? 0 } as PlaceRecord;
      });
      if (filter.geo) recs = recs.filter((x) => x.geo);
      recs.sort((a, b) => (b.events + b.flowsVia + b.flowsAt) - (a.events + a.flowsVia + a.flowsAt) || b.documents - a.documents || a.key.localeCompare(b.key));
      return { items: recs.slice(offset, offset + limit), total: recs.length, limit, offset };
    });
  }

  // ---------- search, reviews, failures, stats ----------

  async search(q: string, page?: PageOpts): Promise<Page<SearchHit>> {
    const { limit, offset } = pageOf(page);
    const pq = parseQuery(q);
    if (!pq.fts) return { items: [], total: 0, limit, offset };
    const tsq = ftsToTsquery(pq.fts);
    return this.wrap("searching", async () => {
      const total = (await this.one("SELECT count(*)::int AS n FROM documents d WHERE d.tsv @@ to_tsquery('simple', $1)", [tsq]))!.n as number;
      const rows = await this.q(
        `SELECT ${DOC_META_COLS}, d.text, ts_rank(${RANK_WEIGHTS}, d.tsv, q) AS score
         FROM documents d, to_tsquery('simple', $1) q WHERE d.tsv @@ q ORDER BY score DESC, d.seq LIMIT $2 OFFSET $3`,
        [tsq, limit, offset],
      );
      const items = rows.map((r) => ({ doc: docMeta(r), score: r.score as number, snippet: makeSnippet(r.text, pq.terms) }));
      return { items, total, limit, offset };
    });
  }

  async listReviews(filter: ReviewFilter = {}, page?: PageOpts): Promise<Page<Review>> {
    const { limit, offset } = pageOf(page);
    const p = new Params();
    const conds: string[] = [];
    if (filter.claimId) conds.push(`r.claim_id = ${p.add(filter.claimId)}`);
    if (filter.docId) conds.push(`r.doc_id = ${p.add(filter.docId)}`);
    if (filter.reviewer) conds.push(`r.reviewer = ${p.add(filter.reviewer)}`);
    if (filter.verdict?.length) conds.push(`r.verdict = ANY(${p.list(filter.verdict)})`);
    if (filter.orphaned) conds.push("NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = r.claim_id)");
    return this.wrap("listing reviews", async () => {
      const total = (await this.one(`SELECT count(*)::int AS n FROM reviews r ${where(conds)}`, p.values))!.n as number;
      const items = (await this.q(
        `SELECT r.* FROM reviews r ${where(conds)} ORDER BY r.id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values,
      )).map(reviewOf);
      return { items, total, limit, offset };
    });
  }

  async listFailures(page?: PageOpts): Promise<Page<Failure>> {
    const { limit, offset } = pageOf(page);
    return this.wrap("listing failures", async () => {
      const total = (await this.one("SELECT count(*)::int AS n FROM failures"))!.n as number;
      const items = (await this.q("SELECT * FROM failures ORDER BY path, item LIMIT $1 OFFSET $2", [limit, offset])).map((r) => {
        const f: Failure = { path: r.path, item: r.item, code: r.code, message: r.message, at: r.at };
        if (r.doc !== null) f.doc = r.doc;
        return f;
      });
      return { items, total, limit, offset };
    });
  }

  async stats(opts: { since?: string } = {}): Promise<Stats> {
    return this.wrap("reading stats", async () => {
      const n = async (sql: string, ...params: unknown[]) => ((await this.one(sql, params))!.n as number) ?? 0;
      const kinds = new Map((await this.q("SELECT kind, count(*)::int AS n FROM claims WHERE status <> 'rejected' GROUP BY kind")).map((r) => [r.kind, r.n]));
      const ek = new Map((await this.q("SELECT kind, count(*)::int AS n FROM entities GROUP BY kind")).map((r) => [r.kind, r.n]));
      const pub = (await this.one("SELECT min(pub_date) AS first, max(pub_date) AS last, max(ingested_at) AS last_ingest FROM documents"))!;
      const documents = await n("SELECT count(*)::int AS n FROM documents");
      const s: Stats = {
        documents,
        copies: (await n("SELECT count(*)::int AS n FROM copies")) - (await n("SELECT count(DISTINCT doc_id)::int AS n FROM copies")),
        nearDuplicates: await n("SELECT count(*)::int AS n FROM documents WHERE duplicate_of IS NOT NULL"),
        failures: await n("SELECT count(*)::int AS n FROM failures"),
        outlets: await n("SELECT count(DISTINCT outlet)::int AS n FROM documents"),
        entities: { actor: ek.get("actor") ?? 0, place: ek.get("place") ?? 0 },
        claims: { flow: kinds.get("flow") ?? 0, event: kinds.get("event") ?? 0, fact: kinds.get("fact") ?? 0 },
        reviews: await n("SELECT count(*)::int AS n FROM reviews"),
        edges: await n(`SELECT count(*)::int AS n FROM (SELECT 1 FROM claims c JOIN flow_items i ON i.claim_id = c.id
                  WHERE c.kind = 'flow' AND c.status <> 'rejected' GROUP BY c.giver, c.receiver, i.category) x`),
        published: { ...(pub.first ? { first: pub.first } : {}), ...(pub.last ? { last: pub.last } : {}) },
        pipelines: (await this.q("SELECT pipeline, count(*)::int AS documents FROM documents GROUP BY pipeline ORDER BY pipeline")) as Stats["pipelines"],
        schemaVersion: await n("SELECT coalesce(max(version), 0)::int AS n FROM schema_migrations"),
      };
      if (pub.last_ingest) s.lastIngest = pub.last_ingest;
      if (opts.since) {
        const since = opts.since;
        const ents = (await this.q(
          `SELECT ${ENTITY_COLS}, ${ENTITY_AGG}
           FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key WHERE e.ingested_at >= $1
           GROUP BY e.key ORDER BY documents DESC, e.key LIMIT 100`,
          [since],
        )).map(entityRecord);
        const claimsSince = (kind: string) => n(
          "SELECT count(*)::int AS n FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.kind = $1 AND c.status <> 'rejected' AND d.ingested_at >= $2",
          kind, since,
        );
        s.since = {
          at: since, documents: await n("SELECT count(*)::int AS n FROM documents WHERE ingested_at >= $1", since), entities: ents,
          flows: await claimsSince("flow"), events: await claimsSince("event"),
        };
      }
      return s;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

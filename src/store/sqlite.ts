// The SQLite store (better-sqlite3): WAL, one transaction per batch of documents, versioned migrations, FTS5.
//
// better-sqlite3 is synchronous; the methods are async only to honour the Store interface. Writers in other
// processes wait up to `busy_timeout`; readers never block the writer (WAL).
import Database from "better-sqlite3";
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { statSync } from "node:fs";
import { RasadError, type Extraction, type Span, type SourceKind, type FlowMode, type ItemCategory, type EventType } from "../contract/index.js";
import { normalizeForMatch } from "../text/index.js";
import { MIGRATIONS, LATEST_SCHEMA } from "./migrations/index.js";
import {
  prepareExtraction, applyReviews, partiesOf, validateCorrection, correctionKeys, kindOfKey, nameFromKey, datePrefix,
  type PreparedExtraction, type PreparedClaim, type Effective, type StoredFields, type StoredFlow, type StoredEvent, type StoredFact,
  claimFromRow, stubRef, type ClaimRow,
} from "./claims.js";
import { docMeta, entityRef, entityRecord, edgeFromRow } from "./rows.js";
import { indexText, parseQuery, makeSnippet, SEARCH_TEXT_VERSION } from "./search-text.js";
import { shingles, jaccard, NEAR_THRESHOLD, NearIndex, shinglesToBytes, shinglesFromBytes } from "./near-dup.js";
import {
  ReviewInputSchema,
  type Store, type DocumentInput, type PutOptions, type PutOutcome, type FailureInput, type Failure, type ReviewInput, type Review,
  type ReviewFilter, type DocumentFull, type DocumentMeta, type DocumentFilter, type Copy, type MentionRecord, type EntityRecord,
  type EntityRef, type EntityFilter, type EntityProfile, type Alias, type Claim, type FlowClaim, type EventClaim, type FactClaim,
  type ClaimFilter, type ClaimKind, type ClaimDoc, type Edge, type EdgeFilter, type Graph, type NeighbourhoodOpts, type PlaceRecord,
  type PlaceFilter, type SearchHit, type Stats, type Page, type PageOpts, type Correction,
} from "./store.js";

type Row = Record<string, any>;
type Params = unknown[];

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const CHUNK = 500;
/** WAL pages between automatic checkpoints (SQLite's default: 1,000). */
const WAL_CHECKPOINT_PAGES = 10_000;
/** Documents a connection writes before its WAL is checkpointed from another thread (see SqliteStore.checkpointer). */
const CHECKPOINT_THREAD_AFTER = 8192;
/**
 * How often that thread checkpoints, and the WAL size at which the writer checkpoints (and truncates) it itself:
 * a continuous writer rarely leaves the thread a moment in which everything is copied, and only then can the next
 * transaction start the WAL over; what the writer has left to do then is mostly done.
 */
const CHECKPOINT_EVERY_MS = 1000;
const WAL_MAX_BYTES = 64 * 1024 * 1024;
/**
 * The checkpointing thread (CommonJS, run with `eval`): a connection of its own that copies the WAL into the
 * database every CHECKPOINT_EVERY_MS (PASSIVE: it never waits for, nor blocks, the writer) until told to stop.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("synchronous = NORMAL");
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* the next tick, or the last close */ } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once("message", () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;
/** Rows a multi-row INSERT takes at most (SQLite binds at most 32,766 values). */
const MULTI_ROWS = 64;

function pageOf(p: PageOpts | undefined): { limit: number; offset: number } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(p?.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const offset = Math.max(0, Math.trunc(p?.offset ?? 0) || 0);
  return { limit, offset };
}
const qs = (n: number) => Array(n).fill("?").join(",");
const now = () => new Date().toISOString();
const undef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * A document to store, with what the ingest workers made beside its LSH keys: its shingles (`shingles(normText)`),
 * which the SQLite store keeps to compare later documents with it. Made here when absent.
 */
export interface SqliteDocumentInput extends DocumentInput {
  shingles?: Uint32Array;
}

export interface SqliteOptions {
  /** Open without writing (no migrations); for readers in other processes. */
  readonly?: boolean;
}

/** Opens (and creates or migrates) a SQLite store. */
export async function openSqliteStore(file: string, opts: SqliteOptions = {}): Promise<SqliteStore> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new RasadError("STORE", `cannot open ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    db.pragma("busy_timeout = 10000");
    if (!opts.readonly) {
      db.pragma("journal_mode = WAL");
      // NORMAL in WAL mode: a crash of the process (kill -9) never loses a committed transaction.
      db.pragma("synchronous = NORMAL");
      // checkpoints every ~40 MB of WAL instead of 4: a page that many transactions rewrite (the last page of an
      // entity's rows, the full-text index's newest segment) is copied to the database once, not once per
      // checkpoint; the last connection to close checkpoints what is left
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    }
    db.pragma("foreign_keys = OFF");
    // 16 MB of page cache: ingest writes at the right edges of its B-trees (and the last pages of each entity's
    // rows); 32 or 64 MB were not faster, and the cache counts in the ingest process's memory
    db.pragma("cache_size = -16384");
    if (!opts.readonly) migrate(db);
    else checkSchema(db, file);
    return new SqliteStore(db, file);
  } catch (err) {
    db.close();
    if (err instanceof RasadError) throw err;
    throw new RasadError("STORE", `cannot prepare ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const done = new Set((db.prepare("SELECT version FROM schema_migrations").all() as Row[]).map((r) => r.version as number));
  const newest = Math.max(0, ...done);
  if (newest > LATEST_SCHEMA) {
    throw new RasadError("STORE", `the database has schema ${newest}, newer than this rasad (${LATEST_SCHEMA}); upgrade rasad`);
  }
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sqlite);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, now());
    }).immediate();
  }
  const v = db.prepare("SELECT value FROM meta WHERE key = 'search_text_version'").get() as Row | undefined;
  if (v && v.value !== SEARCH_TEXT_VERSION) reindexSearch(db);
  db.prepare("INSERT INTO meta (key, value) VALUES ('search_text_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(SEARCH_TEXT_VERSION);
}

/** A reader cannot migrate: it refuses a store made by an older rasad (its tables have other names). */
function checkSchema(db: Database.Database, file: string): void {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!has) return;
  const v = (db.prepare("SELECT coalesce(max(version), 0) AS n FROM schema_migrations").get() as Row).n as number;
  if (v < LATEST_SCHEMA) {
    throw new RasadError("STORE", `the store has schema ${v} and this rasad reads schema ${LATEST_SCHEMA}: open it for writing once (rasad ingest or rasad serve) to upgrade it`, { file });
  }
}

/** Rebuilds the full-text index when the rules of search-text.ts change (SEARCH_TEXT_VERSION). */
function reindexSearch(db: Database.Database): void {
  db.transaction(() => {
    db.exec("DELETE FROM documents_fts");
    const ins = db.prepare("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)");
    const page = db.prepare("SELECT seq, title, text FROM documents WHERE seq > ? ORDER BY seq LIMIT 1000");
    // pages, not an iterator: better-sqlite3 runs no other statement while one iterates
    for (let after = -1; ;) {
      const rows = page.all(after) as Row[];
      if (rows.length === 0) break;
      for (const r of rows) ins.run(r.seq, r.title ? indexText(normalizeForMatch(r.title)) : "", indexText(normalizeForMatch(r.text)));
      after = rows[rows.length - 1].seq;
    }
  }).immediate();
}

// ---------- SQL fragments ----------

const DOC_META_COLS = "d.id, d.source_id, d.url, d.title, d.outlet, d.published, d.ingested_at, d.pipeline, d.duplicate_of, d.path, length(d.text) AS length";
const CLAIM_COLS = "c.id, c.kind, c.doc_id, c.machine, c.status, c.date, d.title AS d_title, d.outlet AS d_outlet, d.published AS d_published, d.url AS d_url, d.duplicate_of AS d_duplicate_of";
const ENTITY_COLS = "e.key, e.kind, e.type, e.name_ar, e.name_en, e.lat, e.lon, e.geo_precision, e.ingested_at";
const ACTOR_ROLES = ["giver", "receiver", "agent", "target", "subject", "object"];
/** The entity columns an upsert fills when they are empty (see SqliteStore.entityBits). */
const ENTITY_BITS = { type: 1, nameAr: 2, nameEn: 4, normName: 8, geo: 16 } as const;


function reviewOf(r: Row): Review {
  const v: Review = { id: r.id, claimId: r.claim_id, docId: r.doc_id, kind: r.kind, verdict: r.verdict, reviewer: r.reviewer, at: r.at };
  if (r.corrected !== null) v.corrected = JSON.parse(r.corrected) as Correction;
  if (r.note !== null) v.note = r.note;
  return v;
}

/** WHERE conditions (over claims c joined with documents d) for a claim filter. */
function claimWhere(kind: ClaimKind | null, f: ClaimFilter = {}): { sql: string[]; params: Params } {
  const sql: string[] = [];
  const params: Params = [];
  const inList = (col: string, vals: readonly unknown[] | undefined) => {
    if (!vals || vals.length === 0) return;
    sql.push(`${col} IN (${qs(vals.length)})`);
    params.push(...vals);
  };
  const party = (roles: string[], vals: string[] | undefined) => {
    if (!vals || vals.length === 0) return;
    // driven from the entity's index (claim_parties_entity): a correlated EXISTS read every claim of the kind
    sql.push(`c.id IN (SELECT p.claim_id FROM claim_parties p WHERE p.entity IN (${qs(vals.length)}) AND p.role IN (${qs(roles.length)}))`);
    params.push(...vals, ...roles);
  };
  // "" in giver or receiver stands for an unnamed party (NULL)
  const party0 = (col: string, vals: string[] | undefined) => {
    if (!vals || vals.length === 0) return;
    const named = vals.filter((v) => v !== "");
    const alts = [];
    if (named.length) { alts.push(`${col} IN (${qs(named.length)})`); params.push(...named); }
    if (named.length < vals.length) alts.push(`${col} IS NULL`);
    sql.push(`(${alts.join(" OR ")})`);
  };
  if (kind) { sql.push("c.kind = ?"); params.push(kind); }
  party0("c.giver", f.giver);
  party0("c.receiver", f.receiver);
  party(ACTOR_ROLES, f.actor);
  if (f.entity && f.entity.length > 0) {
    sql.push(`c.id IN (SELECT p.claim_id FROM claim_parties p WHERE p.entity IN (${qs(f.entity.length)}))`);
    params.push(...f.entity);
  }
  party(["place", "via"], f.place);
  if (f.item && f.item.length > 0) {
    sql.push(`c.id IN (SELECT fi.claim_id FROM flow_items fi WHERE fi.category IN (${qs(f.item.length)}))`);
    params.push(...f.item);
  }
  inList("c.mode", f.mode);
  inList("c.type", f.type);
  if (f.from) { sql.push("c.date >= ?"); params.push(f.from); }
  // "2024-03" as an upper bound includes every day of March: compare against the prefix
  if (f.to) { sql.push("c.date <= ?"); params.push(f.to + "~"); }
  if (f.doc) { sql.push("c.doc_id = ?"); params.push(f.doc); }
  inList("d.outlet", f.outlet);
  inList("c.source_kind", f.source);
  inList("c.modality", f.modality);
  if (f.status && f.status.length > 0) inList("c.status", f.status);
  else if (!f.includeRejected) sql.push("c.status <> 'rejected'");
  if (f.originalsOnly) sql.push("d.duplicate_of IS NULL");
  return { sql, params };
}
const where = (conds: string[]) => (conds.length ? "WHERE " + conds.join(" AND ") : "");

/** The edge aggregate, as in the `edges` view of migration 001, over claims that pass a filter. */
const EDGE_AGG = `c.giver AS giver, c.receiver AS receiver, i.category AS category,
  sum(c.modality IS NOT 'denied') AS claims,
  count(DISTINCT CASE WHEN c.modality IS NOT 'denied' THEN c.doc_id END) AS documents,
  count(DISTINCT CASE WHEN c.modality IS NOT 'denied' AND d.duplicate_of IS NULL THEN coalesce(d.outlet, 'doc:' || d.id) END) AS outlets,
  sum(c.modality IS 'denied') AS denied,
  sum(c.modality IS 'hedged') AS hedged,
  min(c.seen) AS first_seen, max(c.seen) AS last_seen,
  group_concat(DISTINCT c.source_kind) AS source_kinds,
  group_concat(DISTINCT c.mode) AS modes`;
const EDGE_ORDER = "ORDER BY outlets DESC, documents DESC, claims DESC, giver, receiver, category";

export class SqliteStore implements Store {
  readonly backend = "sqlite" as const;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database, readonly location: string) {}

  /** A cached prepared statement. */
  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) { s = this.db.prepare(sql); this.stmts.set(sql, s); }
    return s;
  }
  /**
   * PRAGMA data_version moves when another connection commits; total_changes() counts the rows this connection has
   * written (its own commits do not move data_version). Together: a token that moves with any stored change.
   */
  changeToken(): string {
    const other = this.db.pragma("data_version", { simple: true }) as number;
    const own = this.st("SELECT total_changes()").pluck().get() as number;
    return [other, own].join(":");
  }

  private all(sql: string, ...params: unknown[]): Row[] { return this.st(sql).all(...params) as Row[]; }
  private get(sql: string, ...params: unknown[]): Row | undefined { return this.st(sql).get(...params) as Row | undefined; }
  private run(sql: string, ...params: unknown[]): Database.RunResult { return this.st(sql).run(...params); }

  /** Multi-row INSERT statements, by their SQL head and row count. */
  private readonly multi = new Map<string, Database.Statement>();

  /**
   * Inserts rows (`params`: `width` values a row, flat) with one statement per MULTI_ROWS rows: a document's
   * mentions or entity rows in one call instead of one call each.
   */
  private insertRows(head: string, width: number, params: unknown[], tail = ""): void {
    for (let at = 0; at < params.length; at += width * MULTI_ROWS) {
      const rows = Math.min(MULTI_ROWS, (params.length - at) / width);
      const key = `${rows}|${head}${tail}`;
      let st = this.multi.get(key);
      if (!st) {
        const one = `(${qs(width)})`;
        st = this.db.prepare(`${head} VALUES ${Array(rows).fill(one).join(", ")}${tail}`);
        this.multi.set(key, st);
      }
      st.run(rows === params.length / width ? params : params.slice(at, at + rows * width));
    }
  }

  private wrap<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof RasadError) throw err;
      throw new RasadError("STORE", `${what}: ${(err as Error).message}`, {}, { cause: err });
    }
  }

  // ---------- writing ----------

  /**
   * A thread that checkpoints the WAL once this connection has written many documents (an ingest run): a checkpoint
   * syncs the WAL and the database file to disk, and the writer waiting for those fsyncs was a quarter of a 10×
   * run's time; now it goes on. The writer's own automatic checkpoints are off meanwhile.
   */
  private checkpointer: Worker | null = null;
  private documentsWritten = 0;
  private batchesWritten = 0;

  private afterBatch(docs: number): void {
    this.documentsWritten += docs;
    this.batchesWritten++;
    if (!this.checkpointer && this.documentsWritten >= CHECKPOINT_THREAD_AFTER) this.startCheckpointer();
    if (this.checkpointer && this.batchesWritten % 16 === 0) {
      try {
        if (statSync(`${this.location}-wal`).size > WAL_MAX_BYTES) this.db.pragma("wal_checkpoint(TRUNCATE)");
      } catch { /* no WAL file, or busy: the next time */ }
    }
  }

  private startCheckpointer(): void {
    if (this.location === "" || this.location === ":memory:" || this.location.startsWith("file:")) return;
    let w: Worker;
    try {
      const driver = createRequire(import.meta.url).resolve("better-sqlite3");
      w = new Worker(CHECKPOINTER, { eval: true, workerData: { driver, file: resolve(this.location), everyMs: CHECKPOINT_EVERY_MS } });
    } catch {
      return; // checkpoints stay in this thread
    }
    w.unref();
    w.on("error", () => {
      // the thread could not open the store: checkpoints go back to this thread
      if (this.checkpointer === w) this.checkpointer = null;
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    });
    this.db.pragma("wal_autocheckpoint = 0");
    this.checkpointer = w;
  }

  private async stopCheckpointer(): Promise<void> {
    const w = this.checkpointer;
    if (!w) return;
    this.checkpointer = null;
    const exited = new Promise<void>((res) => w.once("exit", () => res()));
    w.postMessage("stop");
    const timer = setTimeout(() => void w.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  }

  /** LSH keys of the stored documents, in memory: loaded on the first near-duplicate check, caught up at each batch. */
  private near: NearIndex | null = null;
  /** The index's last seq when the current batch began: a rolled-back batch forgets what it added after it. */
  private batchNearStart = 0;
  /**
   * Entities this connection wrote, with a bit per column it knows to be set (ENTITY_BITS): an upsert that could
   * change nothing is skipped. Cleared when a transaction rolls back.
   */
  private readonly entityBits = new Map<string, number>();

  async putDocuments(docs: DocumentInput[], opts: PutOptions = {}): Promise<PutOutcome[]> {
    const nearThreshold = opts.nearThreshold ?? NEAR_THRESHOLD;
    const reextract = opts.reextract ?? false;
    const outcomes = this.wrap("writing documents", () => {
      try {
        // the batch in one transaction, without a savepoint per document: each savepoint's release made FTS5
        // flush its pending terms, and a document's rows rarely fail
        return this.inTransaction(() => {
          this.beginBatch(nearThreshold);
          return docs.map((doc) => this.putOne(doc, nearThreshold, reextract));
        });
      } catch {
        // a document failed and the whole batch was rolled back: again, each document in its own savepoint, so
        // that the failing one is reported and leaves no row while the others are stored
        return this.inTransaction(() => {
          this.beginBatch(nearThreshold);
          return docs.map((doc) => {
            const nearStart = this.near?.through ?? 0;
            try {
              return this.db.transaction(() => this.putOne(doc, nearThreshold, reextract))();
            } catch (err) {
              this.forget(nearStart);
              const error = err instanceof RasadError ? err
                : new RasadError("STORE", (err as Error).message, { doc: doc.id, file: doc.path }, { cause: err });
              return { id: doc.id, status: "failed", error } satisfies PutOutcome;
            }
          });
        });
      }
    });
    this.afterBatch(docs.length);
    return outcomes;
  }

  /** A write transaction; when it rolls back, the in-memory caches forget what they learnt in it. */
  private inTransaction<T>(fn: () => T): T {
    this.batchNearStart = this.near?.through ?? 0;
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      this.forget(this.batchNearStart);
      throw err;
    }
  }

  private forget(nearThrough: number): void {
    this.entityBits.clear();
    if (this.near && !this.near.truncate(nearThrough)) this.near = null;
  }

  /** At the start of a batch's transaction: the near-duplicate index, caught up with what other writers stored. */
  private beginBatch(nearThreshold: number): void {
    if (nearThreshold > 0) {
      const near = this.near ?? (this.near = new NearIndex());
      near.compact();
      // under the write lock: no other writer can add rows while they are read
      const rows = (this.st("SELECT doc_seq, keys FROM near_sigs WHERE doc_seq > ? ORDER BY doc_seq").raw(true)
        .all(near.through) as [number, string][]).map(([seq, keys]) => [seq, JSON.parse(keys) as number[]] as [number, number[]]);
      if (rows.length > 4096) near.load(rows);
      else for (const [seq, keys] of rows) near.add(seq, keys);
    }
    this.batchNearStart = this.near?.through ?? 0;
  }

  private putOne(doc: DocumentInput, nearThreshold: number, reextract: boolean): PutOutcome {
    const at = now();
    const existing = this.get("SELECT seq, pipeline, pub_date, ingested_at FROM documents WHERE id = ?", doc.id);
    if (existing) {
      this.addCopy(existing.seq, doc, at);
      if (reextract && doc.extraction && existing.pipeline !== doc.pipeline) {
        this.rewriteExtraction(existing.seq, doc.id, doc.text, existing.pub_date ?? null, existing.ingested_at, doc.extraction, doc.pipeline);
        return { id: doc.id, status: "reextracted" };
      }
      return { id: doc.id, status: "duplicate" };
    }
    if (!doc.extraction) throw new RasadError("BAD_INPUT", "a new document needs its extraction", { doc: doc.id, file: doc.path });
    const normText = doc.normText ?? normalizeForMatch(doc.text);
    const keys = [...new Set((doc.nearKeys ?? []).filter((k) => Number.isSafeInteger(k)))];
    const given = (doc as SqliteDocumentInput).shingles;
    let mine: Uint32Array | null | undefined = given instanceof Uint32Array ? given : undefined;
    const myShingles = () => (mine === undefined ? (mine = shingles(normText)) : mine);
    const duplicateOf = nearThreshold > 0 && keys.length > 0 ? this.nearDuplicateOf(myShingles, keys, nearThreshold) : null;
    const pubDate = datePrefix(doc.published) ?? null;
    const r = this.run(
      `INSERT INTO documents (id, source_id, url, title, outlet, published, pub_date, text, duplicate_of, path, ingested_at, pipeline)
       VALUES (${qs(12)})`,
      doc.id, doc.sourceId ?? null, doc.url ?? null, doc.title ?? null, doc.outlet ?? null, doc.published ?? null, pubDate,
      doc.text, duplicateOf, doc.path ?? null, at, doc.pipeline,
    );
    const seq = Number(r.lastInsertRowid);
    if (keys.length > 0) {
      const sh = myShingles();
      this.run("INSERT INTO near_sigs (doc_seq, keys, shingles) VALUES (?, ?, ?)", seq, JSON.stringify(keys), sh ? shinglesToBytes(sh) : null);
      // the index was caught up at the start of the batch only when the check is on
      if (nearThreshold > 0) this.near?.add(seq, keys);
    }
    const title = doc.title ? indexText(normalizeForMatch(doc.title)) : "";
    this.run("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)", seq, title, doc.indexText ?? indexText(normText));
    this.addCopy(seq, doc, at);
    this.writeExtraction(seq, doc.id, prepareExtraction(doc.id, doc.text, doc.extraction), pubDate, at, true);
    return duplicateOf ? { id: doc.id, status: "near_duplicate", duplicateOf } : { id: doc.id, status: "ingested" };
  }

  /** The first stored document this text nearly duplicates (its root if that one is itself a copy), or null. */
  private nearDuplicateOf(myShingles: () => Uint32Array | null, keys: number[], threshold: number): string | null {
    const cands = this.near ? this.near.candidates(keys, 50) : [];
    if (cands.length === 0) return null;
    const mine = myShingles();
    if (!mine) return null;
    cands.sort((a, b) => a.seq - b.seq);
    // the candidates' stored shingles, in one query (a copy of a much-copied text has dozens of candidates)
    const stored = new Map<number, Uint8Array | null>();
    for (const part of chunks(cands.map((c) => c.seq), 50)) {
      for (const [seq, sh] of this.st(`SELECT doc_seq, shingles FROM near_sigs WHERE doc_seq IN (${qs(part.length)})`).raw(true).all(...part) as [number, Uint8Array | null][]) {
        stored.set(seq, sh);
      }
    }
    for (const c of cands) {
      const bytes = stored.get(c.seq);
      let theirs: Uint32Array | null;
      if (bytes) theirs = shinglesFromBytes(bytes);
      else {
        // stored before shingles were kept: made again from the text (the normalized text is not stored)
        const d = this.get("SELECT text FROM documents WHERE seq = ?", c.seq);
        theirs = d ? shingles(normalizeForMatch(d.text)) : null;
      }
      if (theirs && jaccard(mine, theirs) >= threshold) {
        const d = this.get("SELECT id, duplicate_of FROM documents WHERE seq = ?", c.seq);
        if (d) return d.duplicate_of ?? d.id;
      }
    }
    return null;
  }

  private addCopy(seq: number, doc: DocumentInput, at: string): void {
    this.run(
      "INSERT INTO doc_copies (doc_seq, place, outlet, url, title, published, path, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      seq, doc.url || doc.path || "", doc.outlet ?? "", doc.url ?? null, doc.title ?? null, doc.published ?? null, doc.path ?? null, at,
    );
  }

  /**
   * Writes a document's entities, mentions, claims and entity_docs rows. `fresh`: the document was just inserted,
   * so it has no rows to replace and no reviews (reviews are added to stored claims only).
   */
  private writeExtraction(seq: number, docId: string, x: PreparedExtraction, pubDate: string | null, at: string, fresh = false): void {
    const mentions: unknown[] = [];
    for (const e of x.entities) {
      const bits = (e.type ? ENTITY_BITS.type : 0) | (e.name.ar ? ENTITY_BITS.nameAr : 0) | (e.name.en ? ENTITY_BITS.nameEn : 0)
        | (e.normName ? ENTITY_BITS.normName : 0) | (e.geo ? ENTITY_BITS.geo : 0);
      const known = this.entityBits.get(e.key);
      if (known === undefined || (bits & ~known) !== 0) {
        this.run(
          `INSERT INTO entities (key, kind, type, name_ar, name_en, norm_name, lat, lon, geo_precision, ingested_at) VALUES (${qs(10)})
           ON CONFLICT(key) DO UPDATE SET
             type = coalesce(entities.type, excluded.type),
             name_ar = coalesce(entities.name_ar, excluded.name_ar),
             name_en = coalesce(entities.name_en, excluded.name_en),
             norm_name = coalesce(entities.norm_name, excluded.norm_name),
             lon = CASE WHEN entities.lat IS NULL THEN excluded.lon ELSE entities.lon END,
             geo_precision = CASE WHEN entities.lat IS NULL THEN excluded.geo_precision ELSE entities.geo_precision END,
             lat = coalesce(entities.lat, excluded.lat)`,
          e.key, e.kind, e.type ?? null, e.name.ar ?? null, e.name.en ?? null, e.normName ?? null,
          e.geo?.lat ?? null, e.geo?.lon ?? null, e.geo?.precision ?? null, at,
        );
        this.entityBits.set(e.key, (known ?? 0) | bits);
      }
      for (const m of e.mentions) mentions.push(seq, e.key, m.span[0], m.span[1], m.surface);
    }
    this.insertRows("INSERT INTO doc_mentions (doc_seq, entity, span_start, span_end, surface)", 5, mentions, " ON CONFLICT DO NOTHING");
    // first/last seen are publication dates; a document without one does not move them
    const seen = pubDate;
    const reviews = fresh ? new Map<string, Review[]>() : this.reviewsByClaim(this.all("SELECT * FROM reviews WHERE doc_id = ? ORDER BY id", docId));
    // entity_docs from what was just written (cheaper than refreshEntityDocs' aggregate query)
    const perEntity = new Map<string, number>();
    for (const e of x.entities) {
      const n = new Set(e.mentions.map((m) => m.span[0])).size;
      if (n > 0) perEntity.set(e.key, (perEntity.get(e.key) ?? 0) + n);
    }
    for (const c of x.claims) {
      const eff = this.writeClaim(docId, c, pubDate, seen, reviews.get(c.id) ?? [], fresh);
      if (eff.status === "rejected") continue;
      for (const p of partiesOf(c.kind, eff.fields)) if (!perEntity.has(p.entity)) perEntity.set(p.entity, 0);
    }
    if (!fresh) this.run("DELETE FROM entity_docs WHERE doc_seq = ?", seq);
    const rows: unknown[] = [];
    for (const [entity, n] of perEntity) rows.push(entity, seq, n, seen);
    this.insertRows("INSERT INTO entity_docs (entity, doc_seq, mentions, seen)", 4, rows);
  }

  private reviewsByClaim(rows: Row[]): Map<string, Review[]> {
    const m = new Map<string, Review[]>();
    for (const r of rows) {
      const v = reviewOf(r);
      let l = m.get(v.claimId);
      if (!l) m.set(v.claimId, (l = []));
      l.push(v);
    }
    return m;
  }

  /** Upserts a claim row (machine JSON + effective columns) and rewrites its parties and items (`fresh`: a new claim, it has none). */
  private writeClaim(docId: string, c: PreparedClaim, pubDate: string | null, seen: string | null, reviews: Review[], fresh = false): Effective {
    const eff = applyReviews(c.kind, c.machine, reviews);
    const f = eff.fields;
    const flow = c.kind === "flow" ? (f as StoredFlow) : null;
    const ev = c.kind === "event" ? (f as StoredEvent) : null;
    const type = c.kind === "flow" ? null : (f as StoredEvent | StoredFact).type;
    this.run(
      `INSERT INTO claims (id, doc_id, kind, ordinal, machine, status, type, mode, giver, receiver, via, place, killed, injured,
        ev_start, ev_end, ev_text, source_kind, source_start, source_end, source_text, modality, time_start, time_end, time_precision,
        date, seen) VALUES (${qs(27)})
       ON CONFLICT(id) DO UPDATE SET ordinal = excluded.ordinal, machine = excluded.machine, status = excluded.status,
        type = excluded.type, mode = excluded.mode, giver = excluded.giver, receiver = excluded.receiver, via = excluded.via,
        place = excluded.place, killed = excluded.killed, injured = excluded.injured, ev_start = excluded.ev_start,
        ev_end = excluded.ev_end, ev_text = excluded.ev_text, source_kind = excluded.source_kind,
        source_start = excluded.source_start, source_end = excluded.source_end, source_text = excluded.source_text,
        modality = excluded.modality, time_start = excluded.time_start, time_end = excluded.time_end,
        time_precision = excluded.time_precision, date = excluded.date, seen = excluded.seen`,
      c.id, docId, c.kind, c.ordinal, JSON.stringify(c.machine), eff.status, type, flow?.mode ?? null,
      flow?.giver ?? null, flow?.receiver ?? null, flow?.via ?? null, flow?.place ?? null, ev?.killed ?? null, ev?.injured ?? null,
      f.evidence[0], f.evidence[1], f.evidenceText, f.source.kind, f.source.span?.[0] ?? null, f.source.span?.[1] ?? null,
      f.source.text ?? null, f.modality ?? null, f.time?.start ?? null, f.time?.end ?? null, f.time?.precision ?? null,
      datePrefix(f.time?.start) ?? pubDate, seen,
    );
    if (!fresh) this.run("DELETE FROM claim_parties WHERE claim_id = ?", c.id);
    this.insertRows("INSERT INTO claim_parties (claim_id, role, entity)", 3, partiesOf(c.kind, f).flatMap((p) => [c.id, p.role, p.entity]));
    if (!fresh) this.run("DELETE FROM flow_items WHERE claim_id = ?", c.id);
    if (flow) this.insertRows("INSERT INTO flow_items (claim_id, category)", 2, flow.items.flatMap((it) => [c.id, it.category]));
    return eff;
  }

  private ensureEntity(key: string): void {
    const name = nameFromKey(key) ?? null;
    this.run(
      "INSERT INTO entities (key, kind, name_ar, norm_name, ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
      key, kindOfKey(key), name, name ? normalizeForMatch(name) : null, now(),
    );
  }

  private refreshEntityDocs(seq: number, docId: string, seen: string | null): void {
    this.run("DELETE FROM entity_docs WHERE doc_seq = ?", seq);
    this.run(
      `INSERT INTO entity_docs (entity, doc_seq, mentions, seen)
       SELECT entity, ?, sum(m), ? FROM (
         SELECT entity, 1 AS m FROM doc_mentions WHERE doc_seq = ?
         UNION ALL
         SELECT p.entity, 0 FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = ? AND c.status <> 'rejected'
       ) GROUP BY entity`,
      seq, seen, seq, docId,
    );
  }

  /** A document's claims (with their parties and items) and mentions: what a re-extraction replaces. */
  private dropExtraction(seq: number, docId: string): void {
    this.run("DELETE FROM claim_parties WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = ?)", docId);
    this.run("DELETE FROM flow_items WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = ?)", docId);
    this.run("DELETE FROM claims WHERE doc_id = ?", docId);
    this.run("DELETE FROM doc_mentions WHERE doc_seq = ?", seq);
  }

  private rewriteExtraction(seq: number, docId: string, text: string, pubDate: string | null, ingestedAt: string, x: Extraction, pipeline: string): void {
    this.dropExtraction(seq, docId);
    this.run("UPDATE documents SET pipeline = ? WHERE seq = ?", pipeline, seq);
    this.writeExtraction(seq, docId, prepareExtraction(docId, text, x), pubDate, ingestedAt);
  }

  async deleteDocument(id: string): Promise<boolean> {
    return this.wrap("deleting a document", () => this.inTransaction(() => {
      const d = this.get("SELECT seq FROM documents WHERE id = ?", id);
      if (!d) return false;
      const seq = d.seq as number;
      const entities = this.st("SELECT entity FROM entity_docs WHERE doc_seq = ? UNION SELECT p.entity FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = ?")
        .pluck().all(seq, id) as string[];
      this.dropExtraction(seq, id);
      this.run("DELETE FROM entity_docs WHERE doc_seq = ?", seq);
      this.run("DELETE FROM doc_copies WHERE doc_seq = ?", seq);
      this.run("DELETE FROM near_sigs WHERE doc_seq = ?", seq);
      this.run("DELETE FROM documents_fts WHERE rowid = ?", seq);
      this.run("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?", id);
      this.run("DELETE FROM documents WHERE seq = ?", seq);
      // the entities no other document speaks of
      for (const part of chunks(entities)) {
        this.run(
          `DELETE FROM entities WHERE key IN (${qs(part.length)})
             AND NOT EXISTS (SELECT 1 FROM entity_docs ed WHERE ed.entity = entities.key)
             AND NOT EXISTS (SELECT 1 FROM claim_parties p WHERE p.entity = entities.key)`,
          ...part,
        );
      }
      return true;
    }));
  }

  async replaceExtraction(docId: string, extraction: Extraction, pipeline: string): Promise<void> {
    this.wrap("replacing an extraction", () => this.inTransaction(() => {
      const d = this.get("SELECT seq, text, pub_date, ingested_at FROM documents WHERE id = ?", docId);
      if (!d) throw new RasadError("NOT_FOUND", "no such document", { doc: docId });
      this.rewriteExtraction(d.seq, docId, d.text, d.pub_date, d.ingested_at, extraction, pipeline);
    }));
  }

  async knownDocuments(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(ids)) {
      for (const r of this.all(`SELECT id, pipeline FROM documents WHERE id IN (${qs(part.length)})`, ...part)) out.set(r.id, r.pipeline);
    }
    return out;
  }

  async recordFailure(f: FailureInput): Promise<void> {
    this.wrap("recording a failure", () => this.run(
      `INSERT INTO failures (path, item, doc, code, message, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(path, item) DO UPDATE SET doc = excluded.doc, code = excluded.code, message = excluded.message, at = excluded.at`,
      f.path, f.item ?? "", f.doc ?? null, f.code, f.message, now(),
    ));
  }

  async addReview(input: ReviewInput): Promise<Review> {
    const parsed = ReviewInputSchema.safeParse(input);
    if (!parsed.success) {
      const what = parsed.error.issues.map((i) => `${i.path.join(".") || "review"}: ${i.message}`).join("; ");
      throw new RasadError("BAD_PARAM", what, { param: String(parsed.error.issues[0]?.path[0] ?? "review") });
    }
    const r = parsed.data;
    return this.wrap("adding a review", () => this.db.transaction(() => {
      const c = this.get("SELECT c.id, c.kind, c.doc_id, c.ordinal, c.machine, d.seq, d.pub_date, d.ingested_at FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?", r.claimId);
      if (!c) throw new RasadError("NOT_FOUND", `no claim ${r.claimId}`, { param: "claimId" });
      let corrected: Correction | null = null;
      if (r.verdict === "correct") {
        if (!r.corrected) throw new RasadError("BAD_PARAM", "a correction needs the corrected fields", { param: "corrected" });
        corrected = validateCorrection(c.kind, r.corrected);
        for (const k of correctionKeys(corrected)) this.ensureEntity(k);
      } else if (r.corrected) {
        throw new RasadError("BAD_PARAM", `corrected fields go with the verdict "correct", not "${r.verdict}"`, { param: "corrected" });
      }
      const at = now();
      const ins = this.run(
        "INSERT INTO reviews (claim_id, doc_id, kind, verdict, corrected, reviewer, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        c.id, c.doc_id, c.kind, r.verdict, corrected ? JSON.stringify(corrected) : null, r.reviewer, r.note ?? null, at,
      );
      const reviews = this.all("SELECT * FROM reviews WHERE claim_id = ? ORDER BY id", c.id).map(reviewOf);
      const seen: string | null = c.pub_date ?? null;
      this.writeClaim(c.doc_id, { id: c.id, kind: c.kind, ordinal: c.ordinal, machine: JSON.parse(c.machine) }, c.pub_date, seen, reviews);
      this.refreshEntityDocs(c.seq, c.doc_id, seen);
      return reviewOf(this.get("SELECT * FROM reviews WHERE id = ?", ins.lastInsertRowid)!);
    }).immediate());
  }

  // ---------- reading: documents ----------

  async getDocument(id: string): Promise<DocumentFull | null> {
    const r = this.get(`SELECT ${DOC_META_COLS}, d.seq, d.text FROM documents d WHERE d.id = ?`, id);
    if (!r) return null;
    const mentions: MentionRecord[] = this.all(
      "SELECT m.entity, m.span_start, m.span_end, m.surface, e.kind FROM doc_mentions m LEFT JOIN entities e ON e.key = m.entity WHERE m.doc_seq = ? ORDER BY m.span_start, m.span_end",
      r.seq,
    ).map((m) => ({ entity: m.entity, kind: m.kind ?? kindOfKey(m.entity), span: [m.span_start, m.span_end] as Span, text: m.surface }));
    const claims = this.readClaims(this.all(
      `SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ? ORDER BY c.kind, c.ordinal`, id,
    ));
    const keys = new Set(mentions.map((m) => m.entity));
    for (const k of this.all("SELECT DISTINCT p.entity FROM claim_parties p JOIN claims c ON c.id = p.claim_id WHERE c.doc_id = ?", id)) keys.add(k.entity);
    const refs = this.refs([...keys]);
    const copies: Copy[] = this.all("SELECT * FROM doc_copies WHERE doc_seq = ? ORDER BY seen_at, place, outlet", r.seq).map((c) => {
      const o: Copy = { seenAt: c.seen_at };
      if (c.url !== null) o.url = c.url;
      if (c.outlet) o.outlet = c.outlet;
      if (c.title !== null) o.title = c.title;
      if (c.published !== null) o.published = c.published;
      if (c.path !== null) o.path = c.path;
      return o;
    });
    const near = this.all(`SELECT ${DOC_META_COLS} FROM documents d WHERE d.duplicate_of = ? ORDER BY d.seq`, id).map(docMeta);
    return {
      ...docMeta(r), text: r.text, mentions, entities: [...refs.values()],
      flows: claims.filter((c): c is FlowClaim => c.kind === "flow"),
      events: claims.filter((c): c is EventClaim => c.kind === "event"),
      facts: claims.filter((c): c is FactClaim => c.kind === "fact"),
      copies, nearDuplicates: near,
    };
  }

  async listDocuments(filter: DocumentFilter = {}, page?: PageOpts): Promise<Page<DocumentMeta>> {
    const { limit, offset } = pageOf(page);
    const conds: string[] = [];
    const params: Params = [];
    let from = "documents d";
    let order = "ORDER BY d.seq DESC";
    if (filter.q !== undefined) {
      const pq = parseQuery(filter.q);
      if (!pq.fts) return { items: [], total: 0, limit, offset };
      from = "documents_fts JOIN documents d ON d.seq = documents_fts.rowid";
      conds.push("documents_fts MATCH ?");
      params.push(pq.fts);
      order = "ORDER BY bm25(documents_fts, 3.0, 1.0), d.seq";
    }
    if (filter.idPrefix) { conds.push("d.id LIKE ? ESCAPE '\\'"); params.push(filter.idPrefix.toLowerCase().replace(/[\\%_]/g, (c) => "\\" + c) + "%"); }
    if (filter.outlet?.length) { conds.push(`d.outlet IN (${qs(filter.outlet.length)})`); params.push(...filter.outlet); }
    if (filter.from) { conds.push("d.pub_date >= ?"); params.push(filter.from); }
    if (filter.to) { conds.push("d.pub_date <= ?"); params.push(filter.to + "~"); }
    if (filter.since) { conds.push("d.ingested_at >= ?"); params.push(filter.since); }
    if (filter.entity) { conds.push("d.seq IN (SELECT ed.doc_seq FROM entity_docs ed WHERE ed.entity = ?)"); params.push(filter.entity); }
    if (filter.originalsOnly) conds.push("d.duplicate_of IS NULL");
    return this.wrap("listing documents", () => {
      const total = this.get(`SELECT count(*) AS n FROM ${from} ${where(conds)}`, ...params)!.n as number;
      const items = this.all(`SELECT ${DOC_META_COLS} FROM ${from} ${where(conds)} ${order} LIMIT ? OFFSET ?`, ...params, limit, offset).map(docMeta);
      return { items, total, limit, offset };
    });
  }

  // ---------- reading: entities ----------

  private entityRows(keys: string[]): Row[] {
    const out: Row[] = [];
    for (const part of chunks(keys)) {
      out.push(...this.all(
        `SELECT ${ENTITY_COLS}, count(ed.doc_seq) AS documents, coalesce(sum(ed.mentions), 0) AS mention_count,
          min(ed.seen) AS first_seen, max(ed.seen) AS last_seen
         FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key WHERE e.key IN (${qs(part.length)}) GROUP BY e.key`,
        ...part,
      ));
    }
    return out;
  }

  /** EntityRefs for keys (a stub for a key the store lacks). */
  private refs(keys: string[]): Map<string, EntityRef> {
    const m = new Map<string, EntityRef>();
    for (const part of chunks(keys)) {
      for (const r of this.all(`SELECT ${ENTITY_COLS} FROM entities e WHERE e.key IN (${qs(part.length)})`, ...part)) m.set(r.key, entityRef(r));
    }
    for (const k of keys) if (!m.has(k)) m.set(k, stubRef(k));
    return m;
  }

  async getEntity(key: string): Promise<EntityRecord | null> {
    const r = this.entityRows([key]);
    return r.length ? entityRecord(r[0]) : null;
  }

  async getEntities(keys: string[]): Promise<EntityRecord[]> {
    const byKey = new Map(this.entityRows([...new Set(keys)]).map((r) => [r.key as string, entityRecord(r)]));
    return keys.map((k) => byKey.get(k)).filter((e): e is EntityRecord => e !== undefined);
  }

  async findEntities(filter: EntityFilter = {}, page?: PageOpts): Promise<Page<EntityRecord>> {
    const { limit, offset } = pageOf(page);
    const conds: string[] = [];
    const params: Params = [];
    if (filter.q !== undefined && filter.q.trim() !== "") {
      const q = filter.q.trim();
      const n = normalizeForMatch(q);
      const like = `%${n.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
      conds.push(`(e.key = ? OR e.norm_name LIKE ? ESCAPE '\\' OR lower(e.name_en) LIKE ? ESCAPE '\\'
        OR e.key IN (SELECT entity FROM doc_mentions WHERE surface = ?))`);
      params.push(q, like, like, q);
    }
    if (filter.kind) { conds.push("e.kind = ?"); params.push(filter.kind); }
    if (filter.type?.length) { conds.push(`e.type IN (${qs(filter.type.length)})`); params.push(...filter.type); }
    if (filter.since) { conds.push("e.ingested_at >= ?"); params.push(filter.since); }
    if (filter.geo) conds.push("e.lat IS NOT NULL");
    return this.wrap("finding entities", () => {
      const total = this.get(`SELECT count(*) AS n FROM entities e ${where(conds)}`, ...params)!.n as number;
      const rows = this.all(
        `SELECT ${ENTITY_COLS}, count(ed.doc_seq) AS documents, coalesce(sum(ed.mentions), 0) AS mention_count,
          min(ed.seen) AS first_seen, max(ed.seen) AS last_seen
         FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key ${where(conds)}
         GROUP BY e.key ORDER BY documents DESC, e.key LIMIT ? OFFSET ?`,
        ...params, limit, offset,
      );
      return { items: rows.map(entityRecord), total, limit, offset };
    });
  }

  async aliases(key: string, limit = 20): Promise<Alias[]> {
    // through the documents that mention it (entity_docs), then each one's mentions of it (the primary key)
    return this.all(
      `SELECT m.surface AS text, count(*) AS count FROM entity_docs ed JOIN doc_mentions m ON m.doc_seq = ed.doc_seq AND m.entity = ed.entity
       WHERE ed.entity = ? GROUP BY m.surface ORDER BY count DESC, m.surface LIMIT ?`,
      key, limit,
    ) as Alias[];
  }

  async entityProfile(key: string): Promise<EntityProfile | null> {
    const entity = await this.getEntity(key);
    if (!entity) return null;
    const count = (sql: string, ...p: unknown[]) => this.get(sql, ...p)!.n as number;
    const involved = "c.id IN (SELECT p.claim_id FROM claim_parties p WHERE p.entity = ?)";
    const [out, inn, events, facts] = await Promise.all([
      this.listEdges({ giver: [key] }, { limit: 100 }),
      this.listEdges({ receiver: [key] }, { limit: 100 }),
      this.listEvents({ entity: [key] }, { limit: 50 }),
      this.listFacts({ entity: [key] }, { limit: 50 }),
    ]);
    const eventTypes = this.all(
      `SELECT c.type, count(*) AS count FROM claims c WHERE c.kind = 'event' AND c.status <> 'rejected' AND ${involved} GROUP BY c.type ORDER BY count DESC, c.type`,
      key,
    ) as { type: EventType; count: number }[];
    const sources = this.all(
      `SELECT c.source_kind AS kind, c.source_text AS text, count(*) AS count FROM claims c
       WHERE c.status <> 'rejected' AND ${involved} GROUP BY c.source_kind, c.source_text ORDER BY count DESC, kind LIMIT 30`,
      key,
    ).map((r) => (r.text === null ? { kind: r.kind as SourceKind, count: r.count } : { kind: r.kind as SourceKind, text: r.text, count: r.count }));
    const placeRows = this.all(
      `SELECT p2.entity, count(DISTINCT c.id) AS count FROM claims c
       JOIN claim_parties p ON p.claim_id = c.id AND p.entity = ?
       JOIN claim_parties p2 ON p2.claim_id = c.id AND p2.role IN ('place', 'via') AND p2.entity <> ?
       WHERE c.status <> 'rejected' GROUP BY p2.entity ORDER BY count DESC, p2.entity LIMIT 30`,
      key, key,
    );
    const prefs = this.refs(placeRows.map((r) => r.entity));
    const documents = this.all(
      `SELECT ${DOC_META_COLS} FROM entity_docs ed JOIN documents d ON d.seq = ed.doc_seq WHERE ed.entity = ?
       ORDER BY d.pub_date DESC NULLS LAST, d.seq DESC LIMIT 20`,
      key,
    ).map(docMeta);
    return {
      entity, aliases: await this.aliases(key), out: out.items, in: inn.items, events: events.items, eventTypes,
      facts: facts.items, sources, places: placeRows.map((r) => ({ entity: prefs.get(r.entity)!, count: r.count })), documents,
      counts: {
        flowsOut: count("SELECT count(*) AS n FROM claims c WHERE c.kind = 'flow' AND c.status <> 'rejected' AND c.giver = ?", key),
        flowsIn: count("SELECT count(*) AS n FROM claims c WHERE c.kind = 'flow' AND c.status <> 'rejected' AND c.receiver = ?", key),
        events: events.total,
        facts: facts.total,
        documents: entity.documents,
      },
    };
  }

  // ---------- reading: claims ----------

  /** Claims from rows of CLAIM_COLS: reviews applied, entity keys resolved. */
  private readClaims(rows: Row[]): Claim[] {
    const reviewed = rows.filter((r) => r.status !== "machine").map((r) => r.id as string);
    const reviews = new Map<string, Review[]>();
    for (const part of chunks(reviewed)) {
      for (const [k, v] of this.reviewsByClaim(this.all(`SELECT * FROM reviews WHERE claim_id IN (${qs(part.length)}) ORDER BY id`, ...part))) reviews.set(k, v);
    }
    const effs = rows.map((r) => applyReviews(r.kind, JSON.parse(r.machine) as StoredFields, reviews.get(r.id) ?? []));
    const keys = new Set<string>();
    effs.forEach((e, i) => {
      const kind = rows[i].kind as ClaimKind;
      for (const p of partiesOf(kind, e.fields)) keys.add(p.entity);
    });
    const refs = this.refs([...keys]);
    const ref = (k: string | null | undefined) => (k ? refs.get(k) ?? stubRef(k) : null);
    return rows.map((r, i) => claimFromRow(r as ClaimRow, effs[i], ref));
  }

  async getClaim(id: string): Promise<Claim | null> {
    const rows = this.all(`SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?`, id);
    return rows.length ? this.readClaims(rows)[0] : null;
  }

  private listClaims(kind: ClaimKind, filter: ClaimFilter | undefined, page: PageOpts | undefined): Page<Claim> {
    const { limit, offset } = pageOf(page);
    const w = claimWhere(kind, filter);
    return this.wrap(`listing ${kind}s`, () => {
      const total = this.get(`SELECT count(*) AS n FROM claims c JOIN documents d ON d.id = c.doc_id ${where(w.sql)}`, ...w.params)!.n as number;
      const rows = this.all(
        `SELECT ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id ${where(w.sql)}
         ORDER BY c.date DESC NULLS LAST, d.seq DESC, c.ordinal LIMIT ? OFFSET ?`,
        ...w.params, limit, offset,
      );
      return { items: this.readClaims(rows), total, limit, offset };
    });
  }

  async listFlows(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FlowClaim>> {
    return this.listClaims("flow", filter, page) as Page<FlowClaim>;
  }
  async listEvents(filter?: ClaimFilter, page?: PageOpts): Promise<Page<EventClaim>> {
    return this.listClaims("event", filter, page) as Page<EventClaim>;
  }
  async listFacts(filter?: ClaimFilter, page?: PageOpts): Promise<Page<FactClaim>> {
    return this.listClaims("fact", filter, page) as Page<FactClaim>;
  }

  iterateClaims(kind: "flow", filter?: ClaimFilter): AsyncIterable<FlowClaim>;
  iterateClaims(kind: "event", filter?: ClaimFilter): AsyncIterable<EventClaim>;
  iterateClaims(kind: "fact", filter?: ClaimFilter): AsyncIterable<FactClaim>;
  async *iterateClaims(kind: ClaimKind, filter?: ClaimFilter): AsyncIterable<Claim> {
    const w = claimWhere(kind, filter);
    let after = -1;
    // keyset paging on the rowid: stable, and no statement stays open across the consumer's awaits
    for (;;) {
      const rows = this.all(
        `SELECT c.rowid AS rid, ${CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id ${where([...w.sql, "c.rowid > ?"])}
         ORDER BY c.rowid LIMIT 500`,
        ...w.params, after,
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1].rid;
      yield* this.readClaims(rows);
    }
  }

  // ---------- reading: edges and graph ----------

  private edgeRows(filter: EdgeFilter, extra: { sql: string[]; params: Params } = { sql: [], params: [] }, tail = "", tailParams: Params = []): Row[] {
    const w = claimWhere("flow", filter);
    const conds = [...w.sql, ...extra.sql];
    const params = [...w.params, ...extra.params];
    if (filter.item?.length) { conds.push(`i.category IN (${qs(filter.item.length)})`); params.push(...filter.item); }
    const having = filter.minOutlets ? `HAVING outlets >= ${Math.max(0, Math.trunc(filter.minOutlets))}` : "";
    return this.all(
      `SELECT ${EDGE_AGG} FROM claims c JOIN flow_items i ON i.claim_id = c.id JOIN documents d ON d.id = c.doc_id
       ${where(conds)} GROUP BY c.giver, c.receiver, i.category ${having} ${tail}`,
      ...params, ...tailParams,
    );
  }

  private edges(rows: Row[]): Edge[] {
    const keys = new Set<string>();
    for (const r of rows) { if (r.giver) keys.add(r.giver); if (r.receiver) keys.add(r.receiver); }
    const refs = this.refs([...keys]);
    return rows.map((r) => edgeFromRow(r, refs));
  }

  async listEdges(filter: EdgeFilter = {}, page?: PageOpts): Promise<Page<Edge>> {
    const { limit, offset } = pageOf(page);
    return this.wrap("listing edges", () => {
      const w = claimWhere("flow", filter);
      const conds = [...w.sql];
      const params = [...w.params];
      if (filter.item?.length) { conds.push(`i.category IN (${qs(filter.item.length)})`); params.push(...filter.item); }
      const having = filter.minOutlets ? `HAVING outlets >= ${Math.max(0, Math.trunc(filter.minOutlets))}` : "";
      const total = this.get(
        `SELECT count(*) AS n FROM (SELECT ${EDGE_AGG} FROM claims c JOIN flow_items i ON i.claim_id = c.id JOIN documents d ON d.id = c.doc_id
         ${where(conds)} GROUP BY c.giver, c.receiver, i.category ${having})`,
        ...params,
      )!.n as number;
      const rows = this.edgeRows(filter, undefined, `${EDGE_ORDER} LIMIT ? OFFSET ?`, [limit, offset]);
      return { items: this.edges(rows), total, limit, offset };
    });
  }

  private graphOf(edges: Edge[]): Graph {
    const keys = new Set<string>();
    for (const e of edges) { if (e.giver) keys.add(e.giver.key); if (e.receiver) keys.add(e.receiver.key); }
    const nodes = this.entityRows([...keys]).map(entityRecord).sort((a, b) => b.documents - a.documents || a.key.localeCompare(b.key));
    return { nodes, edges };
  }

  async graph(filter: EdgeFilter = {}): Promise<Graph> {
    return this.wrap("reading the graph", () => this.graphOf(this.edges(this.edgeRows(filter, undefined, EDGE_ORDER))));
  }

  async neighbourhood(key: string, opts: NeighbourhoodOpts = {}): Promise<Graph> {
    const depth = Math.min(2, Math.max(1, Math.trunc(opts.depth ?? 1)));
    const maxEdges = Math.min(5000, Math.max(1, Math.trunc(opts.maxEdges ?? 500)));
    return this.wrap("reading a neighbourhood", () => {
      let frontier = [key];
      let rows: Row[] = [];
      for (let hop = 0; hop < depth; hop++) {
        rows = this.edgeRows(
          opts,
          { sql: [`c.id IN (SELECT p.claim_id FROM claim_parties p WHERE p.entity IN (${qs(frontier.length)}))`], params: frontier },
          `${EDGE_ORDER} LIMIT ?`, [maxEdges],
        );
        const next = new Set(frontier);
        for (const r of rows) { if (r.giver) next.add(r.giver); if (r.receiver) next.add(r.receiver); }
        if (next.size === frontier.length || next.size > CHUNK) break;
        frontier = [...next];
      }
      return this.graphOf(this.edges(rows));
    });
  }

  async listPlaces(filter: PlaceFilter = {}, page?: PageOpts): Promise<Page<PlaceRecord>> {
    const { limit, offset } = pageOf(page);
    return this.wrap("listing places", () => {
      const w = claimWhere(null, filter);
      const counts = new Map<string, Row>();
      for (const r of this.all(
        `SELECT p.entity, sum(c.kind = 'event' AND p.role = 'place') AS events, sum(p.role = 'via') AS flows_via,
           sum(c.kind = 'flow' AND p.role = 'place') AS flows_at
         FROM claim_parties p JOIN claims c ON c.id = p.claim_id JOIN documents d ON d.id = c.doc_id
         ${where([...w.sql, "p.role IN ('place', 'via')", "p.entity LIKE 'place/%'"])} GROUP BY p.entity`,
        ...w.params,
      )) counts.set(r.entity, r);
      const { giver, receiver, actor, entity, place, item, mode, type, from, to, doc, outlet, source, modality, status, originalsOnly } = filter;
      const narrowed = [giver, receiver, actor, entity, place, item, mode, type, from, to, doc, outlet, source, modality, status, originalsOnly]
        .some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));
      let keys: string[];
      if (narrowed) keys = [...counts.keys()];
      else keys = this.all("SELECT key FROM entities WHERE kind = 'place'").map((r) => r.key as string);
      let recs = this.entityRows(keys).map((r) => {
        const c = counts.get(r.key);
        return { ...entityRecord(r), events: c?.events ?? 0, flowsVia: c?.flows_via ?? 0, flowsAt: c?.flows_at ?? 0 } as PlaceRecord;
      });
      if (filter.geo) recs = recs.filter((p) => p.geo);
      recs.sort((a, b) => (b.events + b.flowsVia + b.flowsAt) - (a.events + a.flowsVia + a.flowsAt) || b.documents - a.documents || a.key.localeCompare(b.key));
      return { items: recs.slice(offset, offset + limit), total: recs.length, limit, offset };
    });
  }

  // ---------- search, reviews, failures, stats ----------

  async search(q: string, page?: PageOpts): Promise<Page<SearchHit>> {
    const { limit, offset } = pageOf(page);
    const pq = parseQuery(q);
    if (!pq.fts) return { items: [], total: 0, limit, offset };
    return this.wrap("searching", () => {
      const total = this.get("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?", pq.fts)!.n as number;
      const rows = this.all(
        `SELECT ${DOC_META_COLS}, d.text, bm25(documents_fts, 3.0, 1.0) AS score FROM documents_fts
         JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ? ORDER BY score, d.seq LIMIT ? OFFSET ?`,
        pq.fts, limit, offset,
      );
      const items = rows.map((r) => ({ doc: docMeta(r), score: -r.score, snippet: makeSnippet(r.text, pq.terms) }));
      return { items, total, limit, offset };
    });
  }

  async listReviews(filter: ReviewFilter = {}, page?: PageOpts): Promise<Page<Review>> {
    const { limit, offset } = pageOf(page);
    const conds: string[] = [];
    const params: Params = [];
    if (filter.claimId) { conds.push("r.claim_id = ?"); params.push(filter.claimId); }
    if (filter.docId) { conds.push("r.doc_id = ?"); params.push(filter.docId); }
    if (filter.reviewer) { conds.push("r.reviewer = ?"); params.push(filter.reviewer); }
    if (filter.verdict?.length) { conds.push(`r.verdict IN (${qs(filter.verdict.length)})`); params.push(...filter.verdict); }
    if (filter.orphaned) conds.push("NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = r.claim_id)");
    const total = this.get(`SELECT count(*) AS n FROM reviews r ${where(conds)}`, ...params)!.n as number;
    const items = this.all(`SELECT r.* FROM reviews r ${where(conds)} ORDER BY r.id DESC LIMIT ? OFFSET ?`, ...params, limit, offset).map(reviewOf);
    return { items, total, limit, offset };
  }

  async listFailures(page?: PageOpts): Promise<Page<Failure>> {
    const { limit, offset } = pageOf(page);
    const total = this.get("SELECT count(*) AS n FROM failures")!.n as number;
    const items = this.all("SELECT * FROM failures ORDER BY path, item LIMIT ? OFFSET ?", limit, offset).map((r) => {
      const f: Failure = { path: r.path, item: r.item, code: r.code, message: r.message, at: r.at };
      if (r.doc !== null) f.doc = r.doc;
      return f;
    });
    return { items, total, limit, offset };
  }

  async stats(opts: { since?: string } = {}): Promise<Stats> {
    return this.wrap("reading stats", () => {
      const n = (sql: string, ...p: unknown[]) => (this.get(sql, ...p)!.n as number) ?? 0;
      const kinds = new Map(this.all("SELECT kind, count(*) AS n FROM claims WHERE status <> 'rejected' GROUP BY kind").map((r) => [r.kind, r.n]));
      const ek = new Map(this.all("SELECT kind, count(*) AS n FROM entities GROUP BY kind").map((r) => [r.kind, r.n]));
      const pub = this.get("SELECT min(pub_date) AS first, max(pub_date) AS last, max(ingested_at) AS last_ingest FROM documents")!;
      const documents = n("SELECT count(*) AS n FROM documents");
      const s: Stats = {
        documents,
        copies: n("SELECT count(*) AS n FROM doc_copies") - n("SELECT count(DISTINCT doc_seq) AS n FROM doc_copies"),
        nearDuplicates: n("SELECT count(*) AS n FROM documents WHERE duplicate_of IS NOT NULL"),
        failures: n("SELECT count(*) AS n FROM failures"),
        outlets: n("SELECT count(DISTINCT outlet) AS n FROM documents"),
        entities: { actor: ek.get("actor") ?? 0, place: ek.get("place") ?? 0 },
        claims: { flow: kinds.get("flow") ?? 0, event: kinds.get("event") ?? 0, fact: kinds.get("fact") ?? 0 },
        reviews: n("SELECT count(*) AS n FROM reviews"),
        edges: n(`SELECT count(*) AS n FROM (SELECT 1 FROM claims c JOIN flow_items i ON i.claim_id = c.id
                  WHERE c.kind = 'flow' AND c.status <> 'rejected' GROUP BY c.giver, c.receiver, i.category)`),
        published: { ...(pub.first ? { first: pub.first } : {}), ...(pub.last ? { last: pub.last } : {}) },
        pipelines: this.all("SELECT pipeline, count(*) AS documents FROM documents GROUP BY pipeline ORDER BY pipeline") as Stats["pipelines"],
        schemaVersion: n("SELECT coalesce(max(version), 0) AS n FROM schema_migrations"),
      };
      if (pub.last_ingest) s.lastIngest = pub.last_ingest;
      if (opts.since) {
        const since = opts.since;
        const ents = this.all(
          `SELECT ${ENTITY_COLS}, count(ed.doc_seq) AS documents, coalesce(sum(ed.mentions), 0) AS mention_count,
             min(ed.seen) AS first_seen, max(ed.seen) AS last_seen
           FROM entities e LEFT JOIN entity_docs ed ON ed.entity = e.key WHERE e.ingested_at >= ?
           GROUP BY e.key ORDER BY documents DESC, e.key LIMIT 100`,
          since,
        ).map(entityRecord);
        const claimsSince = (kind: string) => n(
          "SELECT count(*) AS n FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.kind = ? AND c.status <> 'rejected' AND d.ingested_at >= ?",
          kind, since,
        );
        s.since = {
          at: since, documents: n("SELECT count(*) AS n FROM documents WHERE ingested_at >= ?", since), entities: ents,
          flows: claimsSince("flow"), events: claimsSince("event"),
        };
      }
      return s;
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.stopCheckpointer();
    try { this.db.pragma("optimize"); } catch { /* read-only or busy: optimizing is optional */ }
    this.db.close();
  }
}

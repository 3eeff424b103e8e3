// What a store file holds, per document, and the checks run on it after a crash: SQLite and full-text index
// integrity, no partial document (each stored document carries exactly the rows a clean run gives it), no row
// without its document, and every review the server acknowledged still there.
//
// Everything here reads the file with SQL, not through the Store, so it checks what is on disk whatever the ingest
// code does to write it (batches, savepoints or not).
import Database from "better-sqlite3";

/** One stored document as comparable strings: its claims, mentions, parties, items and entity links. */
export interface DocState {
  duplicateOf: string | null;
  claims: string;
  mentions: string;
  parties: string;
  items: string;
  /** entity:count for the entities the document mentions (claim parties alone move with reviews). */
  mentioned: string;
}

export interface StoreState {
  docs: Map<string, DocState>;
  /** doc|place|outlet */
  copies: Set<string>;
  /** path|item|code */
  failures: Set<string>;
}

/** A review the server answered 2xx to. */
export interface AckedReview { id: number; claimId: string; verdict: string; note: string }

type Row = Record<string, unknown>;

function perDoc(db: Database.Database, sql: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of db.prepare(sql).all() as { doc: string; v: string }[]) m.set(r.doc, r.v);
  return m;
}

/** Reads a store file (no writes). */
export function readState(file: string): StoreState {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // group_concat over an ordered subquery: SQLite keeps the order of its input
    const claims = perDoc(db, "SELECT doc, group_concat(v, ' ') AS v FROM (SELECT doc_id AS doc, id AS v FROM claims ORDER BY doc_id, id) GROUP BY doc");
    const mentions = perDoc(db, `SELECT doc, group_concat(v, ' ') AS v FROM (SELECT doc_id AS doc, entity || '@' || span_start || '-' || span_end || '=' || surface AS v
      FROM mentions ORDER BY doc_id, entity, span_start) GROUP BY doc`);
    const parties = perDoc(db, `SELECT doc, group_concat(v, ' ') AS v FROM (SELECT c.doc_id AS doc, p.claim_id || '/' || p.role || '/' || p.entity AS v
      FROM claim_parties p JOIN claims c ON c.id = p.claim_id ORDER BY c.doc_id, p.claim_id, p.role, p.entity) GROUP BY doc`);
    const items = perDoc(db, `SELECT doc, group_concat(v, ' ') AS v FROM (SELECT c.doc_id AS doc, i.claim_id || '/' || i.category AS v
      FROM flow_items i JOIN claims c ON c.id = i.claim_id ORDER BY c.doc_id, i.claim_id, i.category) GROUP BY doc`);
    const mentioned = perDoc(db, `SELECT doc, group_concat(v, ' ') AS v FROM (SELECT d.id AS doc, e.entity || ':' || e.mentions AS v
      FROM entity_docs e JOIN documents d ON d.seq = e.doc_seq WHERE e.mentions > 0 ORDER BY d.id, e.entity) GROUP BY doc`);
    const docs = new Map<string, DocState>();
    for (const r of db.prepare("SELECT id, duplicate_of FROM documents ORDER BY seq").all() as Row[]) {
      const id = r.id as string;
      docs.set(id, {
        duplicateOf: (r.duplicate_of as string | null) ?? null,
        claims: claims.get(id) ?? "", mentions: mentions.get(id) ?? "", parties: parties.get(id) ?? "",
        items: items.get(id) ?? "", mentioned: mentioned.get(id) ?? "",
      });
    }
    const copies = new Set((db.prepare("SELECT doc_id, place, outlet FROM copies").all() as Row[]).map((r) => `${r.doc_id}|${r.place}|${r.outlet}`));
    const failures = new Set((db.prepare("SELECT path, item, code FROM failures").all() as Row[]).map((r) => `${r.path}|${r.item}|${r.code}`));
    return { docs, copies, failures };
  } finally {
    db.close();
  }
}

/** The status a claim must have after its reviews: the latest verdict decides (confirm and reject only here). */
const STATUS_OF: Record<string, string> = { confirm: "confirmed", reject: "rejected" };

/**
 * Checks a store after a kill. `ref` is a clean run's state over the same corpus; `acked` the reviews the server
 * acknowledged. Returns the problems found (none: the store is whole) and the number of documents.
 */
export function checkStore(file: string, ref: StoreState, acked: AckedReview[]): { problems: string[]; documents: number; reviews: number } {
  const problems: string[] = [];
  const db = new Database(file, { fileMustExist: true });
  try {
    const ic = db.pragma("integrity_check", { simple: true });
    if (ic !== "ok") problems.push(`integrity_check: ${String(ic)}`);
    try { db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')").run(); } catch (e) { problems.push(`fts integrity: ${(e as Error).message}`); }
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    // base tables (schema 2 keys per-document rows by documents.seq; the views of the old names join documents and
    // so could never show an orphan)
    const orphans: [string, string][] = [
      ["claims without their document", "SELECT count(*) AS n FROM claims c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.doc_id)"],
      ["mentions without their document", "SELECT count(*) AS n FROM doc_mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.seq = m.doc_seq)"],
      ["entity links without their document", "SELECT count(*) AS n FROM entity_docs e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.seq = e.doc_seq)"],
      ["copies without their document", "SELECT count(*) AS n FROM doc_copies c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.seq = c.doc_seq)"],
      ["near-duplicate keys without their document", "SELECT count(*) AS n FROM near_sigs k WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.seq = k.doc_seq)"],
      ["claim parties without their claim", "SELECT count(*) AS n FROM claim_parties p WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = p.claim_id)"],
      ["flow items without their claim", "SELECT count(*) AS n FROM flow_items i WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = i.claim_id)"],
      ["mentions of an entity not stored", "SELECT count(*) AS n FROM doc_mentions m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.key = m.entity)"],
      ["documents without a copy row", "SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_copies c WHERE c.doc_seq = d.seq)"],
      ["reviews of a claim not stored", "SELECT count(*) AS n FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = r.claim_id)"],
    ];
    for (const [what, sql] of orphans) {
      const k = n(sql);
      if (k > 0) problems.push(`${k} ${what}`);
    }
    const documents = n("SELECT count(*) AS n FROM documents");
    const fts = n("SELECT count(*) AS n FROM documents_fts");
    if (fts !== documents) problems.push(`${documents} documents but ${fts} full-text rows`);

    // a review and the claim's status are written together: the latest verdict is the status
    const statuses = db.prepare(`SELECT c.id, c.status, (SELECT r.verdict FROM reviews r WHERE r.claim_id = c.id ORDER BY r.id DESC LIMIT 1) AS latest
      FROM claims c WHERE c.status <> 'machine' OR EXISTS (SELECT 1 FROM reviews r WHERE r.claim_id = c.id)`).all() as Row[];
    for (const s of statuses) {
      const want = s.latest ? STATUS_OF[s.latest as string] : "machine";
      if (s.status !== want) { problems.push(`claim ${s.id} is ${s.status} but its latest review says ${s.latest}`); break; }
    }

    const reviews = new Map((db.prepare("SELECT id, claim_id, verdict, note FROM reviews").all() as Row[]).map((r) => [r.id as number, r]));
    const lost = acked.filter((a) => {
      const r = reviews.get(a.id);
      return !r || r.claim_id !== a.claimId || r.verdict !== a.verdict || r.note !== a.note;
    });
    if (lost.length > 0) problems.push(`${lost.length} of ${acked.length} acknowledged reviews lost or changed, e.g. #${lost[0].id} on ${lost[0].claimId}`);
    db.close();

    // no partial document: each one holds what a clean run gives it
    const state = readState(file);
    let partial = 0;
    for (const [id, got] of state.docs) {
      const want = ref.docs.get(id);
      if (!want) { problems.push(`document ${id} is not in a clean run`); continue; }
      for (const k of Object.keys(want) as (keyof DocState)[]) {
        if (got[k] !== want[k]) {
          if (partial++ < 3) problems.push(`document ${id}: ${k} differs from a clean run (${firstDifference(String(got[k]), String(want[k]))})`);
        }
      }
    }
    if (partial > 3) problems.push(`… ${partial - 3} more differences`);
    for (const c of state.copies) if (!ref.copies.has(c)) { problems.push(`a copy not in a clean run: ${c}`); break; }
    return { problems, documents, reviews: reviews.size };
  } finally {
    if (db.open) db.close();
  }
}

/** Where two space-separated lists first differ: "… here: X ≠ Y (the clean run)". */
function firstDifference(got: string, want: string): string {
  const a = got.split(" ");
  const b = want.split(" ");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `${a.length} vs ${b.length} items; item ${i + 1}: ${a[i] ?? "(none)"} ≠ ${b[i] ?? "(none)"} in the clean run`;
}

/** After a complete run: the same documents, copies and failures as a clean run, none missing and none extra. */
export function compareComplete(file: string, ref: StoreState): string[] {
  const got = readState(file);
  const problems: string[] = [];
  const missing = [...ref.docs.keys()].filter((id) => !got.docs.has(id));
  const extra = [...got.docs.keys()].filter((id) => !ref.docs.has(id));
  if (missing.length) problems.push(`${missing.length} documents lost, e.g. ${missing[0]}`);
  if (extra.length) problems.push(`${extra.length} documents not in a clean run, e.g. ${extra[0]}`);
  if (got.docs.size !== ref.docs.size) problems.push(`${got.docs.size} documents, a clean run has ${ref.docs.size}`);
  const setDiff = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));
  const lostCopies = setDiff(ref.copies, got.copies);
  if (lostCopies.length) problems.push(`${lostCopies.length} copies lost, e.g. ${lostCopies[0]}`);
  const lostFailures = setDiff(ref.failures, got.failures);
  const extraFailures = setDiff(got.failures, ref.failures);
  if (lostFailures.length || extraFailures.length) problems.push(`failures differ: missing ${lostFailures.join(", ")}; extra ${extraFailures.join(", ")}`);
  return problems;
}

/** A read-only look at a store while processes write it (WAL: readers never block the writer). */
export interface StoreWatch {
  /** Documents stored now (0 before the schema exists). */
  documents(): number;
  /** A random stored claim id, or null when there is none yet. */
  claim(u: number): string | null;
  close(): void;
}

export function watchStore(file: string): StoreWatch {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const n = (sql: string, ...p: unknown[]) => {
    try { return (db.prepare(sql).get(...p) as { n: number } | undefined)?.n ?? 0; } catch { return 0; }
  };
  return {
    documents: () => n("SELECT count(*) AS n FROM documents"),
    claim(u) {
      const total = n("SELECT count(*) AS n FROM claims");
      if (total === 0) return null;
      try {
        return (db.prepare("SELECT id FROM claims LIMIT 1 OFFSET ?").get(Math.floor(u * total)) as { id: string } | undefined)?.id ?? null;
      } catch { return null; }
    },
    close: () => db.close(),
  };
}

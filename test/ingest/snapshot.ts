// What a store holds, as plain rows in a stable order, to compare two stores (a clean run and a killed-and-rerun one).
import Database from "better-sqlite3";

export function snapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).all();
    return {
      documents: q("SELECT seq, id, source_id, url, title, outlet, published, pub_date, duplicate_of, path, pipeline, length(text) AS n FROM documents ORDER BY seq"),
      copies: q("SELECT doc_id, place, outlet, url, title, published, path FROM copies ORDER BY doc_id, place, outlet"),
      nearKeys: q("SELECT count(*) AS n, sum(key % 1000) AS s FROM near_keys"),
      entities: q("SELECT key, kind, type, name_ar, name_en, lat, lon FROM entities ORDER BY key"),
      mentions: q("SELECT doc_id, entity, span_start, span_end, surface FROM mentions ORDER BY doc_id, entity, span_start"),
      claims: q("SELECT id, doc_id, kind, status, giver, receiver, type, date FROM claims ORDER BY id"),
      parties: q("SELECT claim_id, role, entity FROM claim_parties ORDER BY claim_id, role, entity"),
      items: q("SELECT claim_id, category FROM flow_items ORDER BY claim_id, category"),
      edges: q("SELECT * FROM edges ORDER BY giver, receiver, category"),
      failures: q("SELECT path, item, code FROM failures ORDER BY path, item"),
      fts: q("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH '\"مصادر\"'"),
    };
  } finally {
    db.close();
  }
}

/** Checks a store file after a crash: SQLite and FTS5 integrity, and no document without its index row and copy. */
export function checkIntegrity(file: string): { ok: boolean; documents: number; problems: string[] } {
  const db = new Database(file);
  try {
    const problems: string[] = [];
    const ic = db.pragma("integrity_check", { simple: true });
    if (ic !== "ok") problems.push(`integrity_check: ${ic}`);
    try { db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')").run(); } catch (e) { problems.push(`fts: ${(e as Error).message}`); }
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const documents = n("SELECT count(*) AS n FROM documents");
    const fts = n("SELECT count(*) AS n FROM documents_fts");
    const copied = n("SELECT count(DISTINCT doc_id) AS n FROM copies");
    if (fts !== documents) problems.push(`${documents} documents but ${fts} index rows`);
    if (copied !== documents) problems.push(`${documents} documents but ${copied} with a copy row`);
    const orphanClaims = n("SELECT count(*) AS n FROM claims c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.doc_id)");
    if (orphanClaims) problems.push(`${orphanClaims} claims without their document`);
    const orphanMentions = n("SELECT count(*) AS n FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc_id)");
    if (orphanMentions) problems.push(`${orphanMentions} mentions without their document`);
    return { ok: problems.length === 0, documents, problems };
  } finally {
    db.close();
  }
}

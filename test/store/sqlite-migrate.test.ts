// A store made by schema 1 (rows keyed by document id, near_keys, norm_text) opens, migrates to schema 2, and
// answers as before; a reader refuses a store it cannot read.
import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { normalizeForMatch } from "../../src/text/index.js";
import { openStore, indexText, MIGRATIONS, LATEST_SCHEMA } from "../../src/store/index.js";
import { canonicalKey } from "../../src/store/claims.js";
import { TEXT_A, inputA, inputC, extractionA } from "./fixtures.js";

const dirs: string[] = [];
process.on("exit", () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "rasad-migrate-"));
  dirs.push(dir);
  return join(dir, "v1.db");
}

/** A schema-1 store holding document A as rasad of schema 1 wrote it (documents, copies, mentions, entity_docs, near_keys, FTS). */
function schema1Store(file: string): { id: string } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  db.exec(MIGRATIONS.find((m) => m.version === 1)!.sqlite);
  db.prepare("INSERT INTO schema_migrations VALUES (1, 'initial', '2024-01-01')").run();
  db.prepare("INSERT INTO meta VALUES ('search_text_version', '1')").run();
  const a = inputA();
  const norm = normalizeForMatch(a.text);
  const seq = Number(db.prepare(
    `INSERT INTO documents (id, source_id, url, title, outlet, published, pub_date, text, norm_text, duplicate_of, path, ingested_at, pipeline)
     VALUES (?, NULL, ?, ?, ?, ?, '2024-03-10', ?, ?, NULL, ?, '2024-03-10T12:00:00Z', ?)`,
  ).run(a.id, a.url, a.title, a.outlet, a.published, a.text, norm, a.path, a.pipeline).lastInsertRowid);
  for (const k of a.nearKeys!) db.prepare("INSERT INTO near_keys VALUES (?, ?)").run(k, seq);
  db.prepare("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)").run(seq, indexText(normalizeForMatch(a.title!)), indexText(norm));
  const copy = db.prepare("INSERT INTO copies (doc_id, place, outlet, url, title, published, path, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  copy.run(a.id, a.url, a.outlet, a.url, a.title, a.published, a.path, "2024-03-10T12:00:00Z");
  copy.run(a.id, "https://other.example/a", "منصة أخرى", "https://other.example/a", null, null, "x.txt", "2024-03-11T12:00:00Z");
  for (const e of extractionA().entities) {
    const key = canonicalKey(e);
    db.prepare("INSERT OR IGNORE INTO entities (key, kind, name_ar, ingested_at) VALUES (?, ?, ?, '2024-03-10T12:00:00Z')").run(key, e.kind, e.name?.ar ?? null);
    for (const [s, t] of e.mentions) db.prepare("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)").run(a.id, key, s, t, TEXT_A.slice(s, t));
    db.prepare("INSERT INTO entity_docs VALUES (?, ?, ?, '2024-03-10')").run(key, a.id, e.mentions.length);
  }
  db.close();
  return { id: a.id };
}

describe("SQLite migration 002", () => {
  it("moves a schema-1 store's rows and keeps answering the same", async () => {
    const file = tempDb();
    const { id } = schema1Store(file);
    // a reader cannot migrate: it says so instead of failing on a missing table
    await expect(openStore(file, { readonly: true })).rejects.toMatchObject({ code: "STORE", message: expect.stringMatching(/schema 1.*open it for writing/) });

    const s = await openStore(file);
    expect((await s.stats()).schemaVersion).toBe(LATEST_SCHEMA);
    const d = (await s.getDocument(id))!;
    expect(d.mentions.map((m) => [m.entity, m.text])).toEqual([
      ["actor/isis", "داعش"], ["actor/~التجار", "التجار"], ["place/sy-deir-ez-zor", "دير الزور"], ["actor/ndf", "الدفاع الوطني"], ["actor/isis", "التنظيم"],
    ]);
    expect(d.copies.map((c) => c.outlet)).toEqual(["عين الفرات", "منصة أخرى"]);
    expect(await s.aliases("actor/isis")).toEqual([{ text: "التنظيم", count: 1 }, { text: "داعش", count: 1 }]);
    expect((await s.getEntity("actor/isis"))).toMatchObject({ documents: 1, mentions: 2 });
    expect((await s.listDocuments({ entity: "actor/ndf" })).items.map((x) => x.id)).toEqual([id]);
    expect((await s.findEntities({ q: "التنظيم" })).items.map((e) => e.key)).toEqual(["actor/isis"]);
    expect((await s.search("إتاوات")).total).toBe(1);
    expect((await s.stats()).copies).toBe(1);
    // the near-duplicate keys moved: a near copy of A is linked to it
    const [c] = await s.putDocuments([inputC()]);
    expect(c).toMatchObject({ status: "near_duplicate", duplicateOf: id });
    await s.close();

    // the old names are views over the new tables, for people who query the file
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM mentions WHERE doc_id = ?").get(id)).toEqual({ n: 5 });
      expect(db.prepare("SELECT count(*) AS n FROM copies WHERE doc_id = ?").get(id)).toEqual({ n: 2 });
      expect(db.prepare("SELECT count(DISTINCT doc_seq) AS n, count(*) AS k FROM near_keys").get()).toEqual({ n: 2, k: 32 });
      const cols = (db.prepare("SELECT name FROM pragma_table_info('documents')").all() as { name: string }[]).map((r) => r.name);
      expect(cols).not.toContain("norm_text");
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
    // now a reader opens it
    const r = await openStore(file, { readonly: true });
    expect((await r.stats()).documents).toBe(2);
    await r.close();
  });
});

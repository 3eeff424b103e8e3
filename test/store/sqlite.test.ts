// The shared store suite against SQLite, plus what only SQLite has: the file, WAL, migrations.
import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore, openStore, defaultDbLocation, LATEST_SCHEMA, type Store } from "../../src/store/index.js";
import { RasadError } from "../../src/contract/index.js";
import { runStoreSuite } from "./store-suite.js";
import { inputA } from "./fixtures.js";

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "rasad-store-"));
  dirs.push(dir);
  return join(dir, "t.db");
}
process.on("exit", () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

runStoreSuite("sqlite", {
  open: () => openSqliteStore(tempDb()),
  reopen: (s: Store) => openSqliteStore(s.location),
});

describe("SQLite specifics", () => {
  it("creates the schema once, records it, and uses WAL", async () => {
    const file = tempDb();
    (await openStore(file)).close();
    const s = await openStore(file);
    await s.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT version, name FROM schema_migrations").all()).toEqual([{ version: 1, name: "initial" }, { version: 2, name: "append-order" }]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'edges' AND type = 'view'").get()).toEqual({ n: 1 });
    db.close();
    expect(LATEST_SCHEMA).toBe(2);
  });

  it("refuses a database from a newer rasad", async () => {
    const file = tempDb();
    (await openStore(file)).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', '2099-01-01')").run();
    db.close();
    await expect(openStore(file)).rejects.toMatchObject({ code: "STORE" });
  });

  it("says clearly when the file cannot be opened, or PostgreSQL is asked for", async () => {
    await expect(openStore("/nonexistent-dir/x/y.db")).rejects.toBeInstanceOf(RasadError);
    // a PostgreSQL URL goes to the PostgreSQL store: with no server on port 1, a clear STORE error
    await expect(openStore("postgres://localhost:1/rasad")).rejects.toMatchObject({ code: "STORE" });
    expect(defaultDbLocation({})).toBe("rasad.db");
    expect(defaultDbLocation({ RASAD_DB: "/data/x.db" })).toBe("/data/x.db");
  });

  it("keeps the edges view in step with listEdges", async () => {
    const file = tempDb();
    const s = await openStore(file);
    await s.putDocuments([inputA()]);
    const fromStore = (await s.listEdges()).items.map((e) => [e.giver?.key, e.receiver?.key, e.category, e.documents, e.outlets]);
    await s.close();
    const db = new Database(file, { readonly: true });
    const fromView = (db.prepare("SELECT giver, receiver, category, documents, outlets FROM edges").all() as Record<string, unknown>[])
      .map((r) => [r.giver, r.receiver, r.category, r.documents, r.outlets]);
    db.close();
    expect(new Set(fromView.map((x) => JSON.stringify(x)))).toEqual(new Set(fromStore.map((x) => JSON.stringify(x))));
  });

  it("opens read-only for readers in other processes", async () => {
    const file = tempDb();
    const w = await openStore(file);
    await w.putDocuments([inputA()]);
    const r = await openStore(file, { readonly: true });
    expect((await r.stats()).documents).toBe(1);
    await expect(r.putDocuments([{ ...inputA(), id: "x".repeat(32) }])).resolves.toMatchObject([{ status: "failed" }]);
    await r.close();
    await w.close();
  });
});

describe("SQLite maintenance", () => {
  it("rebuilds the full-text index when the search-text rules change", async () => {
    const file = tempDb();
    const s = await openStore(file);
    await s.putDocuments([inputA()]);
    await s.close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = 'old' WHERE key = 'search_text_version'").run();
    db.prepare("DELETE FROM documents_fts").run();
    db.close();
    const again = await openStore(file);
    expect((await again.search("الإتاوات")).total).toBe(1);
    await again.close();
  });

  it("lists the claims behind an edge with an unnamed party, and documents by id prefix", async () => {
    const s = await openStore(tempDb());
    const [a] = await s.putDocuments([inputA()]);
    const x = (await s.getDocument(a.id))!;
    expect((await s.listFlows({ giver: [""] })).total).toBe(0);
    expect((await s.listFlows({ giver: ["", "actor/ndf"] })).total).toBe(1);
    await s.addReview({ claimId: x.flows[0].id, verdict: "correct", corrected: { giver: null }, reviewer: "t" });
    expect((await s.listFlows({ giver: [""] })).items.map((f) => f.id)).toEqual([x.flows[0].id]);
    expect((await s.listDocuments({ idPrefix: a.id.slice(0, 12) })).items.map((d) => d.id)).toEqual([a.id]);
    expect((await s.listDocuments({ idPrefix: "%" })).total).toBe(0);
    await s.close();
  });
});

// The shared store suite against PostgreSQL, plus what only PostgreSQL has: migrations under concurrency,
// input-order semantics for parallel writers, the tsvector search, connection errors.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import pg from "pg";
import { RasadError } from "../../src/contract/index.js";
import { MIGRATIONS } from "../../src/store/index.js";
import { openPostgresStore, ftsToTsquery, type PostgresStore } from "../../src/store/postgres.js";
import { PG_MIGRATIONS } from "../../src/store/pg/migrations/index.js";
import { runStoreSuite } from "../store/store-suite.js";
import { inputA, inputB, inputC, inputD, docIdOf, TEXT_A, TEXT_B, TEXT_C } from "../store/fixtures.js";
import { pgUnavailable, startTestServer, type TestServer } from "./server.js";

const why = pgUnavailable();
if (why) {
  describe("PostgreSQL store", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
} else {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); }, 90_000);
  afterAll(async () => { await server?.stop(); });

  const fresh = async () => openPostgresStore(await server.createDatabase("suite"));
  const urls = new WeakMap<object, string>();

  runStoreSuite("postgres", {
    open: async () => {
      const url = await server.emptyStore();
      const s = await openPostgresStore(url);
      urls.set(s, url);
      return s;
    },
    reopen: async (s) => openPostgresStore(urls.get(s)!),
  });

  describe("PostgreSQL specifics", () => {
    it("has a migration for every SQLite migration, same version and name", () => {
      expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    });

    it("migrates once when several processes open the same new database at once", async () => {
      const url = await server.createDatabase("mig");
      const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore(url)));
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        expect((await c.query("SELECT version, name FROM schema_migrations ORDER BY version")).rows).toEqual([{ version: 1, name: "initial" }, { version: 2, name: "append-order" }]);
        // the edges view agrees with listEdges
        await stores[0].putDocuments([inputA(), inputB()]);
        const fromStore = (await stores[1].listEdges()).items.map((e) => JSON.stringify([e.giver?.key, e.receiver?.key, e.category, e.documents, e.outlets]));
        const fromView = (await c.query("SELECT giver, receiver, category, documents, outlets FROM edges")).rows
          .map((r) => JSON.stringify([r.giver, r.receiver, r.category, r.documents, r.outlets]));
        expect(new Set(fromView)).toEqual(new Set(fromStore));
        // a database from a newer rasad is refused
        await c.query("INSERT INTO schema_migrations VALUES (99, 'future', '2099-01-01')");
        await expect(openPostgresStore(url)).rejects.toMatchObject({ code: "STORE" });
      } finally {
        await c.end();
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it("says clearly when the server cannot be reached, and hides the password", async () => {
      const err = await openPostgresStore("postgres://rasad:secret@127.0.0.1:1/none").catch((e) => e);
      expect(err).toBeInstanceOf(RasadError);
      expect(err.code).toBe("STORE");
      expect(err.message).toContain("cannot reach PostgreSQL");
      expect(err.message).not.toContain("secret");
      const s = await fresh();
      expect(s.location).not.toContain("secret");
      await s.close();
    });

    it("opens read-only for readers: no writes", async () => {
      const url = await server.createDatabase("ro");
      const w = await openPostgresStore(url);
      await w.putDocuments([inputA()]);
      const r = await openPostgresStore(url, { readonly: true });
      expect((await r.stats()).documents).toBe(1);
      expect(await r.putDocuments([{ ...inputA(), id: "x".repeat(32) }])).toMatchObject([{ status: "failed" }]);
      await r.close();
      await w.close();
    });

    it("builds the store of the input order whatever order documents are stored in", async () => {
      // C (a near-duplicate of A) and D (A's syndicated copy, another outlet) stored before A: A is still the
      // first copy, C links to it, and the document carries A's outlet and metadata
      const inOrder = await fresh();
      const shuffled = await fresh();
      try {
        await inOrder.putDocuments([inputA(), inputB(), inputC(), inputD()]);
        const seqs = await shuffled.nextSeqs(4);
        const [a, b, c, d] = [inputA(), inputB(), inputC(), inputD()].map((doc, i) => ({ doc, seq: seqs[i] }));
        const out = await shuffled.putOrdered([d, c]);
        // without A, D (4th in input order) is a near-duplicate of C (3rd)
        expect(out.map((o) => o.status)).toEqual(["near_duplicate", "ingested"]);
        await shuffled.putOrdered([b]);
        await shuffled.putOrdered([a]);
        const view = async (s: PostgresStore) => {
          const docA = (await s.getDocument(docIdOf(TEXT_A)))!;
          const docC = (await s.getDocument(docIdOf(TEXT_C)))!;
          return {
            outlet: docA.outlet, url: docA.url, path: docA.path, cDup: docC.duplicateOf ?? null,
            near: docA.nearDuplicates.map((x) => x.id),
            copies: docA.copies.map((x) => x.outlet).sort(),
            edges: (await s.listEdges()).items.map((e) => [e.giver?.key, e.receiver?.key, e.category, e.documents, e.outlets, e.claims]),
            stats: { ...(await s.stats()), lastIngest: undefined },
            entities: (await s.findEntities({}, { limit: 1000 })).items.map((e) => ({ ...e, ingestedAt: undefined })),
          };
        };
        const want = await view(inOrder);
        expect(want.cDup).toBe(docIdOf(TEXT_A));
        expect(await view(shuffled)).toEqual(want);
      } finally {
        await inOrder.close();
        await shuffled.close();
      }
    });

    it("stores the rest of a batch when PostgreSQL refuses one document (a NUL in its text)", async () => {
      const s = await fresh();
      try {
        const out = await s.putDocuments([inputA(), { ...inputB(), text: TEXT_B + "\u0000" }, inputC()]);
        expect(out.map((o) => o.status)).toEqual(["ingested", "failed", "near_duplicate"]);
        expect(out[1].error).toBeInstanceOf(RasadError);
        expect((await s.stats()).documents).toBe(2);
        expect(await s.getDocument(docIdOf(TEXT_B))).toBeNull();
      } finally {
        await s.close();
      }
    });

    it("rebuilds the search vectors when the search-text rules change", async () => {
      const url = await server.createDatabase("reindex");
      const s = await openPostgresStore(url);
      await s.putDocuments([inputA()]);
      await s.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query("UPDATE meta SET value = 'old' WHERE key = 'search_text_version'");
      await c.query("UPDATE documents SET tsv = ''::tsvector");
      await c.end();
      const again = await openPostgresStore(url);
      expect((await again.search("الإتاوات")).total).toBe(1);
      await again.close();
    });

    it("lists the claims behind an edge with an unnamed party, and documents by id prefix", async () => {
      const s = await fresh();
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

    it("turns a parsed query into a tsquery: phrases adjacent, everything ANDed", () => {
      expect(ftsToTsquery('"a" "b c" "d"')).toBe("'a' & ('b' <-> 'c') & 'd'");
      expect(ftsToTsquery("")).toBe("");
    });
  });
}

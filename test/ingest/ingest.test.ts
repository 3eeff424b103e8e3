// The ingest run in-process: counts over the fixture corpus (and 2,000 ANT articles), idempotence, re-extraction.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { ingest, type IngestSummary } from "../../src/ingest/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { CORPUS, ANT, HAVE_ANT, tempDir, fixture } from "./helpers.js";
import { snapshot } from "./snapshot.js";

const counts = (s: IngestSummary) => ({
  read: s.read, ingested: s.ingested, nearDuplicates: s.nearDuplicates, duplicates: s.duplicates, reextracted: s.reextracted, failed: s.failed,
});

async function fresh(): Promise<{ store: Store; file: string }> {
  const file = join(tempDir(), "t.db");
  return { store: await openStore(file), file };
}

describe("ingest (in-process)", () => {
  it("counts ingested, near-duplicate, duplicate and failed documents over the fixture corpus", async () => {
    const { store } = await fresh();
    const s = await ingest([CORPUS], { store, workers: 0 });
    expect(counts(s)).toEqual({ read: 30, ingested: 19, nearDuplicates: 1, duplicates: 2, reextracted: 0, failed: 9 });
    expect(s.failures.map((f) => f.code).sort()).toEqual(["BAD_ENCODING", "BAD_JSON", "BAD_JSON", "BINARY", "BINARY", "BINARY", "EMPTY", "EMPTY", "MISSING_FIELD"]);
    const st = await store.stats();
    expect(st).toMatchObject({ documents: 19, nearDuplicates: 1, copies: 2, failures: 9 });
    const f = await store.listFailures();
    expect(f.items.find((x) => x.path.endsWith("docs.jsonl") && x.item === "L4")?.code).toBe("BAD_JSON");
    expect(f.items.find((x) => x.path.endsWith("binary.png"))?.message).toMatch(/binary.png: the file is binary, not text \(a PNG file\)/);
    await store.close();
  });

  it("links the near-copy and the exact copies to the first one, and keeps the metadata", async () => {
    const { store } = await fresh();
    await ingest([CORPUS], { store, workers: 0 });
    const docs = (await store.listDocuments({}, { limit: 100 })).items;
    const byPath = (end: string) => docs.find((d) => d.path?.endsWith(end))!;
    // the folder is read in sorted order: duplicates/ comes before text/
    expect(byPath("text/report-2-bom.txt").duplicateOf).toBe(byPath("duplicates/near-copy-of-report-2.txt").id);
    expect(byPath("text/report-1.txt")).toBeUndefined();
    const r1 = (await store.getDocument(byPath("duplicates/copy-of-report-1.txt").id))!;
    expect(r1.copies.map((c) => c.path?.split("/").slice(-2).join("/"))).toEqual(["duplicates/copy-of-report-1.txt", "text/report-1.txt"]);
    const j1 = (await store.search("الخزانة الأمريكية")).items;
    expect(j1).toHaveLength(1);
    expect((await store.getDocument(j1[0].doc.id))!.copies.map((c) => c.outlet)).toEqual(["نهر ميديا", "منصة أخرى"]);
    const page = (await store.search("فدية")).items[0].doc;
    expect(page).toMatchObject({ title: "الإفراج عن تاجر مواشٍ مقابل فدية", outlet: "صدى الشرق", url: "https://sada.example/news/2024/05/ransom" });
    const rss = docs.find((d) => d.sourceId === "badia-2")!;
    expect(rss).toMatchObject({ outlet: "وكالة البادية", published: "2024-05-06T06:15:00.000Z", path: fixture("feeds/feed.rss") + "#2" });
    expect((await store.getDocument(byPath("encodings/report-windows-1256.txt").id))!.text).toBe(R.r3);
    await store.close();
  });

  it("is idempotent: the same folder again adds nothing and leaves the store as it was", async () => {
    const { store, file } = await fresh();
    await ingest([CORPUS], { store, workers: 0 });
    const before = snapshot(file);
    const again = await ingest([CORPUS], { store, workers: 0 });
    expect(counts(again)).toEqual({ read: 30, ingested: 0, nearDuplicates: 0, duplicates: 21, reextracted: 0, failed: 9 });
    expect(snapshot(file)).toEqual(before);
    await store.close();
  });

  it("re-extracts documents made by another pipeline version only when asked", async () => {
    const { store } = await fresh();
    await ingest([CORPUS], { store, workers: 0, pipeline: "old" });
    const plain = await ingest([CORPUS], { store, workers: 0, pipeline: "new" });
    expect(plain.reextracted).toBe(0);
    const re = await ingest([CORPUS], { store, workers: 0, pipeline: "new", reextract: true });
    expect(counts(re)).toMatchObject({ ingested: 0, reextracted: 19, duplicates: 2 });
    expect((await store.stats()).pipelines).toEqual([{ pipeline: "new", documents: 19 }]);
    await store.close();
  });

  it("applies the size limit to each document", async () => {
    const { store } = await fresh();
    const s = await ingest([fixture("text"), fixture("json/docs.json")], { store, workers: 0, maxSize: 400 });
    // the two reports are over 400 bytes; the three short JSON texts are under
    expect(counts(s)).toMatchObject({ ingested: 3, failed: 2 });
    expect(s.failures.map((f) => f.code)).toEqual(["TOO_LARGE", "TOO_LARGE"]);
    await store.close();
  });

  it("reads standard input", async () => {
    const { store } = await fresh();
    const stdin = async () => Buffer.from([R.l1, R.l3].map((text, i) => JSON.stringify({ id: `s${i}`, text })).join("\n"));
    const s = await ingest(["-"], { store, workers: 0, stdin });
    expect(counts(s)).toMatchObject({ read: 2, ingested: 2 });
    expect((await store.listDocuments()).items.map((d) => d.path).sort()).toEqual(["-#L1", "-#L2"]);
    await store.close();
  });

  it("stops reading when told and reports it", async () => {
    const { store } = await fresh();
    const stop = new AbortController();
    stop.abort();
    const s = await ingest([CORPUS], { store, workers: 0, signal: stop.signal });
    expect(s.stopped).toBe(true);
    expect(s.ingested).toBe(0);
    await store.close();
  });

  it.skipIf(!HAVE_ANT)("ingests 2,000 ANT articles and the fixtures together (needs ../shared)", async () => {
    const dir = tempDir();
    const ant = join(dir, "ant-2000.jsonl");
    writeFileSync(ant, readFileSync(ANT, "utf8").split("\n").slice(0, 2000).join("\n") + "\n");
    const { store } = await fresh();
    const s = await ingest([ant, CORPUS], { store, workers: 0 });
    // ANT's first 2,000 lines: 5 without text, 24 exact repeats, 1 rewritten copy (Jaccard 0.78)
    expect(counts(s)).toEqual({ read: 2030, ingested: 1990, nearDuplicates: 2, duplicates: 26, reextracted: 0, failed: 14 });
    const st = await store.stats();
    expect(st.documents).toBe(1990);
    expect(st.outlets).toBe(8); // Jawhara FM and the seven fixture outlets
    expect((await store.search("داعش")).total).toBeGreaterThan(20);
    await store.close();
  }, 180_000);
});

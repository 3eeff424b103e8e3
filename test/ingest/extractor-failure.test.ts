// A failing extractor fails its document only: recorded with the reason, the run goes on.
import { describe, it, expect, vi } from "vitest";
import { join } from "node:path";
import type { InputDoc } from "../../src/contract/index.js";

vi.mock("../../src/extract/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/extract/index.js")>();
  return {
    ...real,
    extract: (doc: InputDoc) => {
      if (doc.text.includes("الخبز")) throw new Error("boom on bread");
      if (doc.text.includes("الوقود")) return { doc: { id: doc.id }, entities: [], flows: "nope", events: [] };
      return real.extract(doc);
    },
  };
});

const { ingest } = await import("../../src/ingest/index.js");
const { openStore } = await import("../../src/store/index.js");
const { fixture, tempDir } = await import("./helpers.js");

describe("a failing extractor", () => {
  it("is a failure of that document, with the extractor's message; the others are stored", async () => {
    const store = await openStore(join(tempDir(), "x.db"));
    const s = await ingest([fixture("json/docs.jsonl")], { store, workers: 0 });
    expect({ ingested: s.ingested, failed: s.failed }).toEqual({ ingested: 1, failed: 4 });
    const f = (await store.listFailures()).items;
    const byItem = Object.fromEntries(f.map((x) => [x.item, x]));
    expect(byItem.L1).toMatchObject({ code: "INTERNAL" });
    expect(byItem.L1.message).toMatch(/the extractor's output breaks the contract: flows: /);
    expect(byItem.L3).toMatchObject({ code: "INTERNAL" });
    expect(byItem.L3.message).toMatch(/the extractor failed: boom on bread/);
    expect(byItem.L3.doc).toMatch(/^[0-9a-f]{32}$/);
    expect((await store.stats()).documents).toBe(1);
    await store.close();
  });
});

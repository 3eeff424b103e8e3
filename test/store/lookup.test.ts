// Names typed by people to entity keys: exact names and aliases win over partial matches.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, resolveEntities, type Store } from "../../src/store/index.js";
import { RasadError } from "../../src/contract/index.js";
import { inputA, inputB } from "./fixtures.js";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rasad-lookup-"));
  store = await openStore(join(dir, "x.db"));
  await store.putDocuments([inputA(), inputB()]);
});
afterAll(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });

describe("resolveEntities", () => {
  it("takes a key, an Arabic name (harakat and hamza forms aside), an English name or an alias as written", async () => {
    expect(await resolveEntities(store, "actor/isis")).toEqual(["actor/isis"]);
    expect(await resolveEntities(store, "داعش")).toEqual(["actor/isis"]);
    expect(await resolveEntities(store, "دَاعِش")).toEqual(["actor/isis"]);
    expect(await resolveEntities(store, "isis")).toEqual(["actor/isis"]);
    expect(await resolveEntities(store, "التنظيم")).toEqual(["actor/isis"]);
    expect(await resolveEntities(store, "المرصد السوري لحقوق الانسان")).toEqual(["actor/sohr"]);
  });
  it("falls back to partial matches, and says when nothing matches", async () => {
    expect(await resolveEntities(store, "الدفاع")).toEqual(["actor/ndf"]);
    await expect(resolveEntities(store, "لا أحد", "giver")).rejects.toMatchObject({ code: "NOT_FOUND", input: { param: "giver" } });
    await expect(resolveEntities(store, "  ")).rejects.toBeInstanceOf(RasadError);
  });
});

// The server's response cache: an answer is reused only while the store is unchanged, by this server or by another
// process, and a reused answer is byte for byte the one the store would give now.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildServer, hashToken, staticTokens } from "../../src/server/index.js";
import { ResponseCache } from "../../src/server/cache.js";
import { openSqliteStore, documentId, type Store } from "../../src/store/index.js";
import { normalizeForMatch } from "../../src/text/index.js";
import { extract } from "../../src/extract/index.js";
import { sampleStore, PIPELINE } from "./fixtures.js";

const ANALYST = "analyst-token-cache-00001";
const URLS = [
  "/api/graph", "/api/stats", "/api/flows?limit=50", "/api/events?limit=1000", "/api/places?geo=true&limit=1000",
  "/api/export/places.geojson", "/api/export/events.geojson", "/api/documents?limit=20", "/api/entities?kind=actor&limit=50",
];

let store: Store;
let file: string;
let cleanup: () => Promise<void>;
let cached: FastifyInstance;
let fresh: FastifyInstance;

beforeAll(async () => {
  ({ store, file, cleanup } = await sampleStore());
  const auth = { verify: staticTokens([{ hash: hashToken(ANALYST), name: "Amal", role: "analyst" as const }]) };
  cached = await buildServer(store, { auth });
  fresh = await buildServer(store, { auth, cache: false });
});
afterAll(async () => {
  await cached.close();
  await fresh.close();
  await cleanup();
});

const answer = async (app: FastifyInstance, url: string) => {
  const r = await app.inject({ method: "GET", url });
  expect(r.statusCode, url).toBe(200);
  return { body: r.body, type: r.headers["content-type"], disposition: r.headers["content-disposition"] };
};

describe("response cache", () => {
  it("answers a repeated read with the same body and headers as a server without it", async () => {
    for (const url of URLS) {
      const first = await answer(cached, url);
      const again = await answer(cached, url);
      const plain = await answer(fresh, url);
      expect(again, url).toEqual(first);
      expect(again, url).toEqual(plain);
    }
  });

  it("sees a document another process stores at once", async () => {
    const before = JSON.parse((await answer(cached, "/api/stats")).body).documents as number;
    const other = await openSqliteStore(file);
    const text = "قال مصدر محلي إن دورية مرت قرب القرية مساء أمس دون أن تتوقف عند الحاجز.";
    const id = documentId(normalizeForMatch(text));
    const out = await other.putDocuments([{ id, text, pipeline: PIPELINE, extraction: extract({ id, text }), path: "other.txt" }]);
    expect(out[0].status).toBe("ingested");
    await other.close();
    const after = JSON.parse((await answer(cached, "/api/stats")).body).documents as number;
    expect(after).toBe(before + 1);
    expect((await answer(cached, "/api/stats")).body).toBe((await answer(fresh, "/api/stats")).body);
  });

  it("sees a review written through the same server at once", async () => {
    const flows = JSON.parse((await answer(cached, "/api/flows?limit=50")).body) as { items: { id: string; status: string }[] };
    const id = flows.items[0].id;
    const url = `/api/claims/${encodeURIComponent(id)}`;
    expect(JSON.parse((await answer(cached, url)).body).claim.status).toBe("machine");
    const r = await cached.inject({ method: "POST", url: "/api/reviews", payload: { claimId: id, verdict: "reject" }, headers: { authorization: `Bearer ${ANALYST}` } });
    expect(r.statusCode).toBe(201);
    expect(JSON.parse((await answer(cached, url)).body).claim.status).toBe("rejected");
    // lists leave rejected claims out
    const list = await answer(cached, "/api/flows?limit=50");
    expect((JSON.parse(list.body) as { items: { id: string }[] }).items.some((f) => f.id === id)).toBe(false);
    expect(list).toEqual(await answer(fresh, "/api/flows?limit=50"));
  });
});

describe("ResponseCache", () => {
  it("hits under the same token only, and drops the least recently used past its size", () => {
    const c = new ResponseCache(100, 60);
    const b = (ch: string, n: number) => Buffer.from(ch.repeat(n));
    c.set("/a", "t1", b("x", 40), "application/json", undefined);
    expect(c.get("/a", "t1")?.body.toString()).toBe("x".repeat(40));
    expect(c.get("/a", "t2")).toBeUndefined();
    expect(c.get("/a", "t1")).toBeUndefined(); // a stale entry is dropped when seen
    c.set("/big", "t1", b("y", 61), "application/json", undefined);
    expect(c.get("/big", "t1")).toBeUndefined(); // over the entry limit: never kept
    c.set("/1", "t", b("a", 40), "application/json", undefined);
    c.set("/2", "t", b("b", 40), "application/json", undefined);
    expect(c.get("/1", "t")).toBeDefined(); // /1 is now the most recently used
    c.set("/3", "t", b("c", 40), "application/json", undefined); // 120 bytes > 100: /2 goes
    expect(c.get("/2", "t")).toBeUndefined();
    expect(c.get("/1", "t")).toBeDefined();
    expect(c.get("/3", "t")).toBeDefined();
    expect(c.stats()).toMatchObject({ entries: 2, bytes: 80 });
  });
});

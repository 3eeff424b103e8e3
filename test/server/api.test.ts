// The workbench API through fastify's inject(): every endpoint answers, filters filter, bad parameters get a 400
// with a JSON message (never a 500), writes need a token with the right role, and the server's defences hold.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { check as checkGeoJson } from "@placemarkio/check-geojson";
import { buildServer, hashToken, staticTokens, API_ROUTES, type ServerOptions } from "../../src/server/index.js";
import { openSqliteStore, type Store, type FlowClaim, type Page, type Edge, type EventClaim } from "../../src/store/index.js";
import { sampleStore, sampleDocuments, DOC_IDS, KEYS } from "./fixtures.js";

const LOCAL = "local-token-for-tests-0001";
const TOKENS = { viewer: "viewer-token-0000000001", analyst: "analyst-token-000000001", admin: "admin-token-00000000001" };
const auth = (role: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[role]}` });
const enc = encodeURIComponent;

let store: Store;
let app: FastifyInstance;
let dir: string;
let cleanup: () => Promise<void>;
/** "METHOD /route status" for every answer: the last test checks each route was seen answering 2xx and 400. */
const seen = new Set<string>();

async function serverFor(s: Store, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const a = await buildServer(s, {
    auth: {
      localToken: LOCAL,
      verify: staticTokens([
        { hash: hashToken(TOKENS.viewer), name: "Vera Viewer", role: "viewer" },
        { hash: hashToken(TOKENS.analyst), name: "Amal Analyst", role: "analyst" },
        { hash: hashToken(TOKENS.admin), name: "Adel Admin", role: "admin" },
      ]),
    },
    staticDir: join(dir, "ui"),
    ...opts,
  });
  a.addHook("onResponse", async (req, reply) => { seen.add(`${req.method} ${req.routeOptions.url} ${reply.statusCode}`); });
  return a;
}

beforeAll(async () => {
  ({ store, dir, cleanup } = await sampleStore());
  // A built UI stand-in, and a secret beside it that no URL may reach.
  mkdirSync(join(dir, "ui", "assets"), { recursive: true });
  writeFileSync(join(dir, "ui", "index.html"), "<!doctype html><title>rasad</title><p>workbench</p>");
  writeFileSync(join(dir, "ui", "assets", "app-abc123.js"), "console.log('ok');");
  writeFileSync(join(dir, "ui", "assets", "worker-abc123.mjs"), "self.onmessage = () => {};");
  writeFileSync(join(dir, "ui", ".env"), "SECRET=dotfile");
  writeFileSync(join(dir, "secret.txt"), "SECRET=outside");
  app = await serverFor(store);
});
afterAll(async () => {
  await app?.close();
  await cleanup?.();
});

function json<T = any>(r: LightMyRequestResponse): T {
  expect(r.headers["content-type"]).toMatch(/json/);
  return r.json() as T;
}
async function get<T = any>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const r = await app.inject({ url, headers });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return json<T>(r);
}
async function bad(url: string, param?: string, status = 400): Promise<void> {
  const r = await app.inject({ url });
  expect(r.statusCode, `${url} → ${r.body}`).toBe(status);
  const body = json(r);
  expect(body.statusCode).toBe(status);
  expect(typeof body.message).toBe("string");
  expect(body.message.length).toBeGreaterThan(5);
  expect(body.message).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack trace
  if (param) expect(body.param).toBe(param);
}

describe("meta", () => {
  it("health says ok and which store", async () => {
    const h = await get("/api/health");
    expect(h).toMatchObject({ status: "ok", backend: "sqlite", documents: 4 });
    await bad("/api/health?x=1", "x");
  });

  it("stats count what the store holds, and what came in since a time", async () => {
    const s = await get("/api/stats");
    expect(s.documents).toBe(4);
    expect(s.claims).toEqual({ flow: 6, event: 3, fact: 1 });
    expect(s.outlets).toBe(3);
    const since = await get(`/api/stats?since=${enc("2000-01-01T00:00:00Z")}`);
    expect(since.since.documents).toBe(4);
    await bad("/api/stats?since=yesterday", "since");
    await bad("/api/stats?since=2024-02-31T00:00:00Z", "since");
  });

  it("vocab lists every closed vocabulary with English and Arabic labels", async () => {
    const v = await get("/api/vocab");
    expect(v.items.map((i: any) => i.value)).toContain("weapons");
    expect(v.items.find((i: any) => i.value === "weapons")).toEqual({ value: "weapons", en: "weapons", ar: "أسلحة" });
    expect(v.eventTypes).toHaveLength(12);
    expect(v.statuses).toEqual(["machine", "confirmed", "rejected", "corrected"]);
    await bad("/api/vocab?lang=ar", "lang");
  });

  it("session hands the start-up token to a same-origin page on loopback only", async () => {
    const local = await get("/api/session");
    expect(local).toMatchObject({ role: "analyst", local: true, token: LOCAL });
    const cross = json((await app.inject({ url: "/api/session", headers: { "sec-fetch-site": "cross-site" } })));
    expect(cross.token).toBeUndefined();
    expect(cross.role).toBeNull();
    const remote = json(await app.inject({ url: "/api/session", remoteAddress: "192.0.2.7" }));
    expect(remote.token).toBeUndefined();
    const named = await get("/api/session", auth("viewer"));
    expect(named).toMatchObject({ name: "Vera Viewer", role: "viewer" });
    expect(named.token).toBeUndefined();
    await bad("/api/session?token=1", "token");
  });

  it("failures lists unreadable inputs, paged", async () => {
    await store.recordFailure({ path: "broken.json", code: "BAD_JSON", message: "not valid JSON" });
    const f = await get("/api/failures?limit=5");
    expect(f.items[0]).toMatchObject({ path: "broken.json", code: "BAD_JSON" });
    await bad("/api/failures?limit=-1", "limit");
  });

  it("openapi describes every route of the API", async () => {
    const spec = await get("/api/openapi.json");
    expect(spec.openapi).toBe("3.1.0");
    for (const r of API_ROUTES) {
      const path = r.url.replace(/:(\w+)/g, "{$1}");
      expect(spec.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path}`).toBeDefined();
    }
    const flows = spec.paths["/api/flows"].get;
    const item = flows.parameters.find((p: any) => p.name === "item");
    expect(item.schema.items.enum).toContain("weapons");
    expect(spec.paths["/api/reviews"].post.security).toEqual([{ bearer: [] }]);
    expect(spec.paths["/api/reviews"].post.requestBody.content["application/json"].schema.properties.verdict.enum).toEqual(["confirm", "reject", "correct"]);
  });
});

describe("documents and search", () => {
  it("lists documents with filters and paging", async () => {
    const all = await get<Page<any>>("/api/documents");
    expect(all.total).toBe(4);
    const page = await get<Page<any>>("/api/documents?limit=2&offset=1");
    expect(page.items).toHaveLength(2);
    expect(page).toMatchObject({ limit: 2, offset: 1, total: 4 });
    const dz = await get<Page<any>>(`/api/documents?outlet=${enc("دير الزور 24")}`);
    expect(dz.items.map((d) => d.id).sort()).toEqual([DOC_IDS.one, DOC_IDS.four].sort());
    const june = await get<Page<any>>("/api/documents?from=2024-06&to=2024-06-30");
    expect(june.items.map((d) => d.id).sort()).toEqual([DOC_IDS.three, DOC_IDS.four].sort());
    const withNdf = await get<Page<any>>(`/api/documents?entity=${enc(KEYS.ndf)}`);
    expect(withNdf.items.map((d) => d.id)).toEqual([DOC_IDS.three]);
    const q = await get<Page<any>>(`/api/documents?q=${enc("غارات")}`);
    expect(q.items.map((d) => d.id)).toEqual([DOC_IDS.four]);
    await bad("/api/documents?limit=0", "limit");
    await bad("/api/documents?limit=1001", "limit");
    await bad("/api/documents?limit=ten", "limit");
    await bad("/api/documents?offset=-5", "offset");
    await bad("/api/documents?from=2024-13", "from");
    await bad("/api/documents?to=24-01-01", "to");
    await bad("/api/documents?entity=isis", "entity");
    await bad("/api/documents?originalsOnly=maybe", "originalsOnly");
    await bad("/api/documents?sort=date", "sort");
  });

  it("gives one document whole: text, mentions, entities, claims", async () => {
    const d = await get(`/api/documents/${DOC_IDS.two}`);
    expect(d.text).toContain("السخنة");
    expect(d.title).toBe("هجوم قرب السخنة");
    expect(d.flows).toHaveLength(2);
    expect(d.events).toHaveLength(1);
    for (const m of d.mentions) expect(d.text.slice(m.span[0], m.span[1])).toBe(m.text);
    const ev = d.events[0];
    expect(d.text.slice(ev.evidence.span[0], ev.evidence.span[1])).toBe(ev.evidence.text);
    await bad(`/api/documents/${"f".repeat(32)}`, undefined, 404);
    await bad(`/api/documents/${"x".repeat(201)}`, "id");
    await bad(`/api/documents/${DOC_IDS.two}?full=1`, "full");
  });

  it("searches the text with snippets whose highlights are offsets into the snippet", async () => {
    const r = await get<Page<any>>(`/api/search?q=${enc("رشاوى")}`);
    expect(r.items.map((h) => h.doc.id).sort()).toEqual([DOC_IDS.one, DOC_IDS.three].sort());
    for (const hit of r.items) {
      expect(hit.snippet.highlights.length).toBeGreaterThan(0);
      const [a, b] = hit.snippet.highlights[0];
      expect(hit.snippet.text.slice(a, b)).toContain("رشاو");
    }
    const phrase = await get<Page<any>>(`/api/search?q=${enc('"حاجز المعامل"')}&limit=1`);
    expect(phrase.items).toHaveLength(1);
    await bad("/api/search", "q");
    await bad("/api/search?q=%20%20", "q");
    await bad(`/api/search?q=${"ب".repeat(501)}`, "q");
    await bad(`/api/search?q=x&limit=0`, "limit");
  });
});

describe("entities", () => {
  it("finds entities by name, kind, type and coordinates", async () => {
    const places = await get<Page<any>>("/api/entities?kind=place&geo=true&limit=100");
    expect(places.items.map((e) => e.key).sort()).toEqual([KEYS.badia, KEYS.bishri, KEYS.maamel, KEYS.shoula, KEYS.sukhna].sort());
    const militias = await get<Page<any>>("/api/entities?type=militia");
    expect(militias.items.map((e) => e.key)).toEqual([KEYS.ndf]);
    const byName = await get<Page<any>>(`/api/entities?q=${enc("الفرقة الرابعة")}`);
    expect(byName.items[0].key).toBe(KEYS.fourth);
    await bad("/api/entities?kind=person", "kind");
    await bad("/api/entities?type=spaceship", "type");
    await bad("/api/entities?geo=yes", "geo");
  });

  it("profiles an entity by its key as one encoded path segment", async () => {
    const p = await get(`/api/entities/${enc(KEYS.fourth)}`);
    expect(p.entity).toMatchObject({ key: KEYS.fourth, kind: "actor", type: "state_force", name: { ar: "الفرقة الرابعة", en: "Fourth Division" } });
    expect(p.in.find((e: Edge) => e.category === "money")).toMatchObject({ claims: 2, documents: 2, outlets: 2 });
    expect(p.out.map((e: Edge) => e.category).sort()).toEqual(["access", "fuel"]);
    expect(p.documents).toHaveLength(3);
    // A name the lexicon does not know is keyed by its normalized form, Arabic and spaces included.
    const families = await get(`/api/entities/${enc("actor/~ذويهم")}`);
    expect(families.entity.name).toEqual({ ar: "ذويهم", en: "their families" });
    await bad(`/api/entities/${enc("actor/nobody")}`, undefined, 404);
    await bad(`/api/entities/nobody`, "key");
    await bad(`/api/entities/${enc(KEYS.fourth)}?depth=2`, "depth");
  });

  it("lists aliases", async () => {
    const a = await get(`/api/entities/${enc(KEYS.fourth)}/aliases?limit=5`);
    expect(a.aliases).toEqual([{ text: "الفرقة الرابعة", count: 3 }]);
    await bad(`/api/entities/${enc(KEYS.fourth)}/aliases?limit=0`, "limit");
    await bad(`/api/entities/${enc("actor/nobody")}/aliases`, undefined, 404);
  });

  it("draws the graph around an entity, one or two hops", async () => {
    const one = await get(`/api/entities/${enc(KEYS.isis)}/graph`);
    expect(one.nodes.map((n: any) => n.key).sort()).toEqual([KEYS.fourth, KEYS.isis].sort());
    const two = await get(`/api/entities/${enc(KEYS.isis)}/graph?depth=2`);
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    const fuel = await get(`/api/entities/${enc(KEYS.isis)}/graph?item=fuel`);
    expect(fuel.edges.map((e: Edge) => e.category)).toEqual(["fuel"]);
    await bad(`/api/entities/${enc(KEYS.isis)}/graph?depth=3`, "depth");
    await bad(`/api/entities/${enc(KEYS.isis)}/graph?maxEdges=0`, "maxEdges");
    await bad(`/api/entities/${enc("actor/nobody")}/graph`, undefined, 404);
  });
});

describe("claims, edges, graph and places", () => {
  it("lists flows under filters (lists as commas or repeated parameters)", async () => {
    const all = await get<Page<FlowClaim>>("/api/flows?limit=100");
    expect(all.total).toBe(6);
    const money = await get<Page<FlowClaim>>("/api/flows?item=money");
    expect(money.total).toBe(3);
    const moneyOrFuel = await get<Page<FlowClaim>>("/api/flows?item=money,fuel");
    const repeated = await get<Page<FlowClaim>>("/api/flows?item=money&item=fuel");
    expect(moneyOrFuel.total).toBe(4);
    expect(repeated.total).toBe(4);
    const bribes = await get<Page<FlowClaim>>(`/api/flows?mode=bribe&place=${enc(KEYS.maamel)}`);
    expect(bribes.items.every((f) => f.mode === "bribe" && f.via?.key === KEYS.maamel)).toBe(true);
    expect(bribes.total).toBe(2);
    const toFourth = await get<Page<FlowClaim>>(`/api/flows?receiver=${enc(KEYS.fourth)}&source=anonymous`);
    expect(toFourth.total).toBe(2);
    const june = await get<Page<FlowClaim>>("/api/flows?from=2024-06");
    expect(june.items.every((f) => (f.date ?? "") >= "2024-06")).toBe(true);
    await bad("/api/flows?item=guns", "item");
    await bad("/api/flows?item=money,guns", "item");
    await bad("/api/flows?mode=gift", "mode");
    await bad("/api/flows?giver=isis", "giver");
    await bad("/api/flows?status=approved", "status");
    await bad("/api/flows?modality=certain", "modality");
    await bad("/api/flows?source=rumour", "source");
    await bad("/api/flows?includeRejected=2", "includeRejected");
  });

  it("lists events and facts", async () => {
    const ev = await get<Page<EventClaim>>("/api/events?limit=10");
    expect(ev.items.map((e) => e.type).sort()).toEqual(["abduction", "airstrike", "attack"]);
    const attack = await get<Page<EventClaim>>(`/api/events?type=attack&actor=${enc(KEYS.isis)}`);
    expect(attack.items).toHaveLength(1);
    expect(attack.items[0]).toMatchObject({ killed: 4, source: { kind: "organization", text: "المرصد السوري لحقوق الإنسان" } });
    const at = await get<Page<EventClaim>>(`/api/events?place=${enc(KEYS.shoula)}`);
    expect(at.items.map((e) => e.type)).toEqual(["abduction"]);
    const facts = await get<Page<any>>("/api/facts");
    expect(facts.items).toHaveLength(1);
    expect(facts.items[0]).toMatchObject({ type: "control", subject: { key: KEYS.isis }, object: { key: KEYS.bishri } });
    await bad("/api/events?type=riot", "type");
    await bad("/api/events?from=2024-1", "from");
    await bad("/api/facts?offset=x", "offset");
  });

  it("gives one claim with its review history", async () => {
    const f = (await get<Page<FlowClaim>>("/api/flows?item=fuel")).items[0];
    const c = await get(`/api/claims/${enc(f.id)}`);
    expect(c.claim.id).toBe(f.id);
    expect(c.reviews).toEqual([]);
    await bad("/api/claims/flow-does-not-exist", undefined, 404);
    await bad(`/api/claims/${enc(f.id)}?verbose=1`, "verbose");
  });

  it("aggregates edges with corroboration by independent outlets", async () => {
    const e = await get<Page<Edge>>("/api/edges");
    const bribe = e.items.find((x) => x.receiver?.key === KEYS.fourth && x.category === "money")!;
    expect(bribe).toMatchObject({ claims: 2, documents: 2, outlets: 2, modes: ["bribe"] });
    expect(e.items[0]).toBe(e.items.find((x) => x.outlets === Math.max(...e.items.map((y) => y.outlets))));
    const strong = await get<Page<Edge>>("/api/edges?minOutlets=2");
    expect(strong.items).toHaveLength(1);
    await bad("/api/edges?minOutlets=-1", "minOutlets");
  });

  it("returns the whole graph under a filter", async () => {
    const g = await get("/api/graph");
    expect(g.edges).toHaveLength(5);
    const keys = new Set(g.nodes.map((n: any) => n.key));
    for (const e of g.edges as Edge[]) {
      if (e.giver) expect(keys.has(e.giver.key)).toBe(true);
      if (e.receiver) expect(keys.has(e.receiver.key)).toBe(true);
    }
    const access = await get("/api/graph?item=access&from=2024-05-10");
    expect(access.edges.map((e: Edge) => `${e.giver?.key}>${e.receiver?.key}`)).toEqual([`${KEYS.isis}>${KEYS.fourth}`]);
    await bad("/api/graph?limit=5", "limit");
    await bad("/api/graph?to=2024-06-32", "to");
    await bad("/api/graph?to=2023-02-29", "to");
  });

  it("lists places with their counts", async () => {
    const p = await get<Page<any>>("/api/places?geo=true&limit=100");
    const maamel = p.items.find((x) => x.key === KEYS.maamel);
    expect(maamel).toMatchObject({ flowsVia: 3, geo: { lat: 35.31, lon: 40.05 } });
    const sukhna = p.items.find((x) => x.key === KEYS.sukhna);
    expect(sukhna.events).toBe(1);
    await bad("/api/places?geo=1&kind=place", "kind");
  });
});

describe("reviews", () => {
  let fuelId: string;
  beforeAll(async () => {
    fuelId = (await get<Page<FlowClaim>>("/api/flows?item=fuel")).items[0].id;
  });
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/api/reviews", payload: payload as object, headers });

  it("refuses a review without a token, with a bad token, or from a viewer", async () => {
    const none = await post({ claimId: fuelId, verdict: "confirm" });
    expect(none.statusCode).toBe(401);
    expect(json(none).code).toBe("UNAUTHORIZED");
    const wrong = await post({ claimId: fuelId, verdict: "confirm" }, { authorization: "Bearer not-a-real-token-at-all" });
    expect(wrong.statusCode).toBe(401);
    const garbled = await post({ claimId: fuelId, verdict: "confirm" }, { authorization: "Basic dXNlcjpwYXNz" });
    expect(garbled.statusCode).toBe(401);
    const viewer = await post({ claimId: fuelId, verdict: "confirm" }, auth("viewer"));
    expect(viewer.statusCode).toBe(403);
    expect(json(viewer).code).toBe("FORBIDDEN");
    expect((await get(`/api/claims/${enc(fuelId)}`)).claim.status).toBe("machine");
  });

  it("refuses bad bodies with 400", async () => {
    const cases: [unknown, string][] = [
      [{ claimId: fuelId }, "verdict"],
      [{ claimId: fuelId, verdict: "approve" }, "verdict"],
      [{ claimId: fuelId, verdict: "confirm", extra: 1 }, "extra"],
      [{ claimId: "", verdict: "confirm" }, "claimId"],
      [{ claimId: fuelId, verdict: "correct", corrected: { items: ["guns"] } }, ""],
      [{ claimId: fuelId, verdict: "correct", corrected: { type: "attack" } }, ""],
      [{ claimId: fuelId, verdict: "correct" }, ""],
      [[1, 2, 3], ""],
    ];
    for (const [body, field] of cases) {
      const r = await post(body, auth("analyst"));
      expect(r.statusCode, JSON.stringify(body) + " → " + r.body).toBe(400);
      if (field) expect(json(r).message).toContain(field);
    }
    const notJson = await app.inject({ method: "POST", url: "/api/reviews", payload: "{verdict", headers: { ...auth("analyst"), "content-type": "application/json" } });
    expect(notJson.statusCode).toBe(400);
    expect(json(notJson).code).toBe("BAD_JSON");
    const text = await app.inject({ method: "POST", url: "/api/reviews", payload: "confirm", headers: { ...auth("analyst"), "content-type": "text/plain" } });
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    const unknown = await post({ claimId: "flow-nope", verdict: "confirm" }, auth("analyst"));
    expect(unknown.statusCode).toBe(404);
  });

  it("confirms a claim under the token's own name and shows it reviewed", async () => {
    const r = await post({ claimId: fuelId, verdict: "confirm", reviewer: "someone else", note: "two sources agree" }, auth("analyst"));
    expect(r.statusCode).toBe(201);
    const body = json(r);
    expect(body.review).toMatchObject({ claimId: fuelId, verdict: "confirm", reviewer: "Amal Analyst", note: "two sources agree" });
    expect(body.claim.status).toBe("confirmed");
    const c = await get(`/api/claims/${enc(fuelId)}`);
    expect(c.claim.status).toBe("confirmed");
    expect(c.reviews).toHaveLength(1);
    const confirmed = await get<Page<FlowClaim>>("/api/flows?status=confirmed");
    expect(confirmed.items.map((f) => f.id)).toEqual([fuelId]);
  });

  it("lets the local browser name its reviewer, and corrects a flow", async () => {
    const access = (await get<Page<FlowClaim>>(`/api/flows?item=access&giver=${enc(KEYS.isis)}`)).items[0];
    const r = await post({ claimId: access.id, verdict: "correct", reviewer: "Mona", corrected: { items: ["money"], mode: "pay" } }, { authorization: `Bearer ${LOCAL}` });
    expect(r.statusCode).toBe(201);
    const body = json(r);
    expect(body.review.reviewer).toBe("Mona");
    expect(body.claim).toMatchObject({ status: "corrected", mode: "pay", items: [{ category: "money" }] });
    expect(body.claim.machine).toBeDefined();
  });

  it("rejects a claim: it leaves the default lists and the graph, but stays findable", async () => {
    const ransom = (await get<Page<FlowClaim>>("/api/flows?mode=ransom")).items[0];
    const before = (await get("/api/graph")).edges.length;
    const r = await post({ claimId: ransom.id, verdict: "reject" }, auth("admin"));
    expect(r.statusCode).toBe(201);
    expect((await get<Page<FlowClaim>>("/api/flows?mode=ransom")).total).toBe(0);
    expect((await get<Page<FlowClaim>>("/api/flows?mode=ransom&includeRejected=true")).total).toBe(1);
    expect((await get<Page<FlowClaim>>("/api/flows?status=rejected")).items.map((f) => f.id)).toEqual([ransom.id]);
    expect((await get("/api/graph")).edges.length).toBe(before - 1);
  });

  it("lists reviews with filters", async () => {
    const all = await get<Page<any>>("/api/reviews");
    expect(all.total).toBe(3);
    const rejects = await get<Page<any>>("/api/reviews?verdict=reject");
    expect(rejects.items).toHaveLength(1);
    const mine = await get<Page<any>>(`/api/reviews?reviewer=${enc("Mona")}`);
    expect(mine.items.map((r) => r.verdict)).toEqual(["correct"]);
    const forDoc = await get<Page<any>>(`/api/reviews?docId=${DOC_IDS.two}`);
    expect(forDoc.total).toBe(2);
    await bad("/api/reviews?verdict=maybe", "verdict");
    await bad("/api/reviews?orphaned=perhaps", "orphaned");
  });

  it("keeps reviews through a restart and a re-ingest of the same reports", async () => {
    const file = store.location;
    await app.close();
    await store.close();
    store = await openSqliteStore(file);
    const outcomes = await store.putDocuments(sampleDocuments());
    expect(outcomes.every((o) => o.status === "duplicate")).toBe(true);
    app = await serverFor(store);
    expect((await get(`/api/claims/${enc(fuelId)}`)).claim.status).toBe("confirmed");
    expect((await get<Page<any>>("/api/reviews")).total).toBe(3);
  });

  it("limits the rate of writes", async () => {
    const limited = await serverFor(store, { rateLimit: { write: 2, read: 1000 } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await limited.inject({ method: "POST", url: "/api/reviews", payload: { claimId: fuelId, verdict: "confirm" }, headers: auth("analyst"), remoteAddress: "192.0.2.9" });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([201, 201, 429]);
    const last = await limited.inject({ method: "POST", url: "/api/reviews", payload: { claimId: fuelId, verdict: "confirm" }, headers: auth("analyst"), remoteAddress: "192.0.2.9" });
    expect(json(last).code).toBe("RATE_LIMITED");
    await limited.close();
  });
});

describe("exports", () => {
  it("downloads claims as JSON lines", async () => {
    const r = await app.inject({ url: "/api/export/claims.jsonl?kind=flow,event" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-disposition"]).toMatch(/attachment; filename="rasad-claims\.jsonl"/);
    expect(r.headers["content-type"]).toMatch(/ndjson/);
    const lines = r.body.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((c) => c.kind === "flow")).toHaveLength(5); // the rejected ransom is left out
    expect(lines.filter((c) => c.kind === "event")).toHaveLength(3);
    for (const c of lines) expect(c.evidence.text.length).toBeGreaterThan(0);
    const weapons = await app.inject({ url: "/api/export/claims.jsonl?item=weapons" });
    expect(weapons.body).toBe("");
    await bad("/api/export/claims.jsonl?kind=flows", "kind");
  });

  it("downloads places and events as valid GeoJSON", async () => {
    const p = await app.inject({ url: "/api/export/places.geojson" });
    expect(p.statusCode).toBe(200);
    expect(p.headers["content-disposition"]).toMatch(/rasad-places\.geojson/);
    const places = checkGeoJson(p.body) as any;
    expect(places.features).toHaveLength(5);
    const e = await app.inject({ url: `/api/export/events.geojson?type=attack` });
    const events = checkGeoJson(e.body) as any;
    expect(events.features).toHaveLength(1);
    expect(events.features[0].geometry.coordinates).toEqual([38.872, 34.887]);
    expect(events.features[0].properties).toMatchObject({ type: "attack", killed: 4, source_kind: "organization" });
    await bad("/api/export/places.geojson?geo=false", "geo");
    await bad("/api/export/events.geojson?type=parade", "type");
  });
});

describe("defences", () => {
  it("sends security headers and a strict Content-Security-Policy", async () => {
    const r = await app.inject({ url: "/" });
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    const api = await app.inject({ url: "/api/health" });
    expect(api.headers["content-security-policy"]).toBeDefined();
  });

  it("serves the built UI, and nothing outside its folder", async () => {
    const index = await app.inject({ url: "/" });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain("workbench");
    const js = await app.inject({ url: "/assets/app-abc123.js" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["cache-control"]).toContain("immutable");
    const worker = await app.inject({ url: "/assets/worker-abc123.mjs" });
    expect(worker.headers["content-type"]).toMatch(/^text\/javascript/);
    for (const url of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/.env", "/assets/../.env", "/%00.js"]) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
      expect(r.body, url).not.toContain("SECRET");
    }
    const unknown = await app.inject({ url: "/api/nothing-here" });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).code).toBe("NOT_FOUND");
  });

  it("says how to build the UI when it is not built", async () => {
    const bare = await buildServer(store, { staticDir: join(dir, "no-such-folder") });
    const r = await bare.inject({ url: "/" });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain("npm run build:web");
    await bare.close();
  });

  it("answers only to the host names it is told (no DNS rebinding)", async () => {
    const guarded = await serverFor(store, { allowedHosts: ["127.0.0.1", "localhost"] });
    expect((await guarded.inject({ url: "/api/health", headers: { host: "127.0.0.1:8080" } })).statusCode).toBe(200);
    expect((await guarded.inject({ url: "/api/health", headers: { host: "localhost:8080" } })).statusCode).toBe(200);
    const evil = await guarded.inject({ url: "/api/session", headers: { host: "attacker.example:8080" } });
    expect(evil.statusCode).toBe(403);
    expect(evil.body).not.toContain(LOCAL);
    await guarded.close();
  });

  it("makes reads need a token when the server says so", async () => {
    const closed = await serverFor(store, { auth: { readNeedsToken: true, verify: staticTokens([{ hash: hashToken(TOKENS.viewer), name: "V", role: "viewer" }]) } });
    expect((await closed.inject({ url: "/api/documents" })).statusCode).toBe(401);
    expect((await closed.inject({ url: "/api/documents", headers: auth("viewer") })).statusCode).toBe(200);
    expect((await closed.inject({ url: "/api/health" })).statusCode).toBe(200);
    await closed.close();
  });

  it("never answers 500 to hostile values in any query parameter", async () => {
    // SQL, FTS5 query syntax, markup, script URLs, bidi overrides, NUL, zero-width marks, an over-long value.
    const hostile = [
      "' OR 1=1 --", "<script>alert(1)</script>javascript:", "\u202Eevil\u202C\u200B", "*\"(((", "NEAR(a b) AND OR",
      "\u0000%", "x".repeat(300), "actor/isis'--",
    ];
    const failures: string[] = [];
    for (const r of API_ROUTES.filter((x) => x.method === "GET" && x.query)) {
      const shape = (r.query as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const url = r.url.replace(":id", enc(DOC_IDS.one)).replace(":key", enc(KEYS.isis));
      for (const param of [...Object.keys(shape), "unknown"]) {
        for (const v of hostile) {
          const res = await app.inject({ url: `${url}?${param}=${enc(v)}` });
          if (res.statusCode >= 500) failures.push(`${url}?${param}=${v.slice(0, 30)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          else if (res.statusCode >= 400) expect(res.headers["content-type"]).toMatch(/json/);
        }
      }
    }
    expect(failures).toEqual([]);
    for (const v of hostile) {
      const res = await app.inject({ url: `/api/documents/${enc(v)}` });
      expect(res.statusCode, v).toBeLessThan(500);
      const e = await app.inject({ url: `/api/entities/${enc(v)}` });
      expect(e.statusCode, v).toBeLessThan(500);
    }
  });
});

describe("adding a report (POST /api/documents)", () => {
  // 'Local sources said that National Defence members at a checkpoint near al-Shoula took bribes from livestock breeders.'
  const TEXT = "أفادت مصادر محلية بأن عناصر الدفاع الوطني على حاجز قرب قرية الشولا تقاضوا رشاوى من مربي المواشي للسماح لهم بالمرور.";
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/api/documents", payload: payload as object, headers });

  it("needs an analyst's token", async () => {
    expect((await post({ text: TEXT })).statusCode).toBe(401);
    const viewer = await post({ text: TEXT }, auth("viewer"));
    expect(viewer.statusCode).toBe(403);
    expect((await get<Page<unknown>>(`/api/search?q=${enc("المواشي")}`)).total).toBe(0);
  });

  it("refuses an empty text, an unknown field and a body over the limit", async () => {
    const empty = await post({ text: "  \n " }, auth("analyst"));
    expect(empty.statusCode).toBe(400);
    expect(json(empty).code).toBe("EMPTY");
    const extra = await post({ text: TEXT, author: "x" }, auth("analyst"));
    expect(extra.statusCode).toBe(400);
    expect(json(extra).message).toMatch(/author/);
    const none = await post({ title: "بلا نص" }, auth("analyst"));
    expect(none.statusCode).toBe(400);
    const big = await post({ text: "ب ".repeat(600_000) }, auth("analyst"));
    expect(big.statusCode).toBe(413);
    expect(json(big).code).toBe("TOO_LARGE");
  });

  it("extracts and stores the report; the same text again is a copy, not a second document", async () => {
    const before = (await get<{ documents: number }>("/api/stats")).documents;
    const res = await post({ text: TEXT, title: "رشاوى قرب الشولا", outlet: "شبكة اختبار", published: "2024-07-01" }, auth("analyst"));
    expect(res.statusCode).toBe(201);
    const { id, status } = json(res) as { id: string; status: string };
    expect(status).toBe("ingested");
    const doc = await get<{ title: string; outlet: string; text: string; entities: { key: string }[]; flows: { mode: string }[] }>(`/api/documents/${enc(id)}`);
    expect(doc).toMatchObject({ title: "رشاوى قرب الشولا", outlet: "شبكة اختبار", text: TEXT });
    expect(doc.entities.map((e) => e.key)).toContain(KEYS.ndf);
    expect(doc.flows.map((f) => f.mode)).toContain("bribe");
    expect((await get<{ documents: number }>("/api/stats")).documents).toBe(before + 1);
    const again = await post({ text: TEXT, outlet: "منصة أخرى" }, auth("analyst"));
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ id, status: "duplicate" });
    expect((await get<{ documents: number }>("/api/stats")).documents).toBe(before + 1);
  });
});

describe("removing a report (DELETE /api/documents/:id)", () => {
  const del = (id: string, headers: Record<string, string> = {}) => app.inject({ method: "DELETE", url: `/api/documents/${enc(id)}`, headers });

  it("needs an admin's token", async () => {
    expect((await del(DOC_IDS.two)).statusCode).toBe(401);
    expect((await del(DOC_IDS.two, auth("viewer"))).statusCode).toBe(403);
    const analyst = await del(DOC_IDS.two, auth("analyst"));
    expect(analyst.statusCode).toBe(403);
    expect(json(analyst).code).toBe("FORBIDDEN");
    expect((await app.inject({ url: `/api/documents/${enc(DOC_IDS.two)}` })).statusCode).toBe(200);
  });

  it("removes the report, keeps the reviews of its claims as orphans, and answers 404 and 400 where it should", async () => {
    const before = await get<{ documents: number }>("/api/stats");
    const reviewed = (await get<Page<{ claimId: string; docId: string }>>("/api/reviews?limit=100")).items.filter((r) => r.docId === DOC_IDS.two);
    expect(reviewed.length).toBeGreaterThan(0); // the reviews test above reviewed its fuel flow
    const res = await del(DOC_IDS.two, auth("admin"));
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ id: DOC_IDS.two, deleted: true });
    expect((await app.inject({ url: `/api/documents/${enc(DOC_IDS.two)}` })).statusCode).toBe(404);
    expect((await get<{ documents: number }>("/api/stats")).documents).toBe(before.documents - 1);
    const orphans = await get<Page<{ claimId: string }>>("/api/reviews?orphaned=true&limit=100");
    for (const r of reviewed) expect(orphans.items.map((o) => o.claimId)).toContain(r.claimId);
    // SOHR was named by that report only
    expect((await app.inject({ url: `/api/entities/${enc(KEYS.sohr)}` })).statusCode).toBe(404);
    expect((await del(DOC_IDS.two, auth("admin"))).statusCode).toBe(404);
    const long = await del("x".repeat(300), auth("admin"));
    expect(long.statusCode).toBe(400);
  });
});

describe("coverage of the route table", () => {
  it("every route was seen answering successfully and refusing a bad parameter with 400", () => {
    const missing: string[] = [];
    for (const r of API_ROUTES) {
      const ok = r.method === "POST" ? "201" : "200"; // DELETE answers 200 with what it removed
      if (!seen.has(`${r.method} ${r.url} ${ok}`)) missing.push(`${r.method} ${r.url} ${ok}`);
      if (!seen.has(`${r.method} ${r.url} 400`)) missing.push(`${r.method} ${r.url} 400`);
    }
    expect(missing).toEqual([]);
  });
});

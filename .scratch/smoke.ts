import { sampleStore, KEYS } from "../test/server/fixtures.js";
import { buildServer } from "../src/server/index.js";
const { store, cleanup } = await sampleStore();
const app = await buildServer(store, { auth: { localToken: "local-token-abcdef" } });
for (const u of ["/api/health", "/api/stats", `/api/entities/${encodeURIComponent(KEYS.fourth)}`, "/api/edges", "/api/places?geo=true", "/api/search?q=" + encodeURIComponent("رشاوى"), "/api/flows?item=money,access&limit=2", "/api/flows?item=foo", "/api/documents?limit=0", "/api/nope", "/api/session", "/api/entities/actor%2Ffourth-division/graph?depth=2", "/api/export/claims.jsonl?kind=event", "/api/export/events.geojson", "/"]) {
  const r = await app.inject({ url: u });
  console.log(r.statusCode, u, r.headers["content-type"], r.body.slice(0, 300));
}
const c = (await store.listFlows({}, { limit: 1 })).items[0];
let r = await app.inject({ method: "POST", url: "/api/reviews", payload: { claimId: c.id, verdict: "confirm" } });
console.log(r.statusCode, r.body);
r = await app.inject({ method: "POST", url: "/api/reviews", headers: { authorization: "Bearer local-token-abcdef" }, payload: { claimId: c.id, verdict: "confirm", reviewer: "Mona" } });
console.log(r.statusCode, r.body.slice(0, 400));
r = await app.inject({ method: "POST", url: "/api/reviews", headers: { authorization: "Bearer local-token-abcdef", "content-type": "application/json" }, payload: "{bad" });
console.log(r.statusCode, r.body.slice(0, 400));
console.log(JSON.stringify(r.headers).slice(0, 1500));
await app.close(); await cleanup();

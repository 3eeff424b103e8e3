// FollowTheMoney entities (JSON lines) for Aleph: actors, places, source articles, and claims as links and events,
// so that flows can be cross-referenced with sanctions lists. Every link carries its evidence and source.
//
// Mapping: money flows → Payment (payer → beneficiary); other flows → UnknownLink (subject → object, the role says
// what passed: "supply: weapons"); events → Event (organizer, involved, addressEntity, proof); affiliation facts →
// Membership; control and presence facts → UnknownLink. A claim with an unknown party (null) is left out: FtM
// links need both ends.
import { createHash } from "node:crypto";
import type { Store, ClaimFilter, EntityRef, ClaimDoc, FlowClaim, EventClaim, FactClaim } from "../store/index.js";
import { entityLabel, en, ar } from "./common.js";

export interface FtmEntity { id: string; schema: string; properties: Record<string, string[]> }

const ftmId = (prefix: string, key: string) => `rasad-${prefix}-${createHash("sha1").update(key).digest("hex").slice(0, 20)}`;
export const entityFtmId = (key: string) => ftmId(key.startsWith("place/") ? "place" : "actor", key);
export const docFtmId = (id: string) => `rasad-doc-${id}`;

function schemaOf(e: EntityRef): string {
  if (e.kind === "place") return "Address";
  if (e.type === "person") return "Person";
  if (e.type === "civilians" || !e.type) return "LegalEntity";
  return "Organization";
}

function props(p: Record<string, (string | number | undefined | null)[] | string | number | undefined | null>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(p)) {
    const vals = (Array.isArray(v) ? v : [v]).filter((x): x is string | number => x !== undefined && x !== null && x !== "").map(String);
    if (vals.length) out[k] = [...new Set(vals)];
  }
  return out;
}

function provenance(c: FlowClaim | EventClaim | FactClaim): Record<string, string | undefined> {
  const src = `${en("source", c.source.kind)}${c.source.text ? `: ${c.source.text}` : ""}${c.modality ? `; ${en("modality", c.modality)}` : ""}; review: ${c.status}`;
  return { summary: c.evidence.text, description: src, sourceUrl: c.doc.url, publisher: c.doc.outlet, recordId: c.id };
}

function entityOf(e: EntityRef, aliases: string[]): FtmEntity {
  const schema = schemaOf(e);
  const names = [e.name.ar, e.name.en].filter((x): x is string => Boolean(x));
  const base = { name: names.length ? names : [entityLabel(e)], alias: aliases.filter((a) => !names.includes(a)), notes: `rasad ${e.key}`, keywords: e.type ? [en(e.kind === "place" ? "place" : "actor", e.type), ar(e.kind === "place" ? "place" : "actor", e.type)] : [] };
  if (schema === "Address") {
    return { id: entityFtmId(e.key), schema, properties: props({ ...base, full: entityLabel(e), latitude: e.geo?.lat, longitude: e.geo?.lon }) };
  }
  return { id: entityFtmId(e.key), schema, properties: props(base) };
}

function articleOf(d: ClaimDoc): FtmEntity {
  return { id: docFtmId(d.id), schema: "Article", properties: props({ title: d.title, name: d.title ?? d.id, publishedAt: d.published?.slice(0, 10), sourceUrl: d.url, publisher: d.outlet }) };
}

export async function* exportFtm(store: Store, filter: ClaimFilter = {}): AsyncGenerator<string> {
  const entities = new Map<string, EntityRef>();
  const docs = new Map<string, ClaimDoc>();
  const use = (e: EntityRef) => { entities.set(e.key, e); return entityFtmId(e.key); };
  const line = (e: FtmEntity) => JSON.stringify(e) + "\n";

  for await (const f of store.iterateClaims("flow", filter)) {
    if (!f.giver || !f.receiver) continue;
    docs.set(f.doc.id, f.doc);
    const giver = use(f.giver), receiver = use(f.receiver);
    const date = f.date;
    const cats = f.items.map((i) => i.category);
    const what = `${en("mode", f.mode) || "flow"}: ${cats.map((c) => en("item", c)).join(", ")}`;
    const via = f.via ? ` via ${entityLabel(f.via)}` : "";
    if (f.via) use(f.via);
    if (f.place) use(f.place);
    if (cats.includes("money")) {
      yield line({ id: `rasad-${f.id}`, schema: "Payment", properties: props({ payer: giver, beneficiary: receiver, purpose: what + via, date, ...provenance(f) }) });
    } else {
      yield line({ id: `rasad-${f.id}`, schema: "UnknownLink", properties: props({ subject: giver, object: receiver, role: what + via, date, ...provenance(f) }) });
    }
  }
  for await (const e of store.iterateClaims("event", filter)) {
    docs.set(e.doc.id, e.doc);
    // organizer and involved take legal entities: actors only
    const agents = e.agents.filter((a) => a.kind === "actor").map(use);
    const targets = e.targets.filter((a) => a.kind === "actor").map(use);
    const places = e.places.filter((p) => p.kind === "place");
    places.forEach(use);
    const name = `${en("event", e.type)} (${ar("event", e.type)})${places.length ? ` — ${entityLabel(places[0])}` : ""}`;
    yield line({
      id: `rasad-${e.id}`, schema: "Event",
      properties: props({
        name, date: e.date, organizer: agents, involved: [...agents, ...targets], addressEntity: places.map((p) => entityFtmId(p.key)),
        location: places.map(entityLabel), proof: docFtmId(e.doc.id), ...provenance(e),
        notes: e.killed !== undefined ? `killed: ${e.killed}${e.injured !== undefined ? `, injured: ${e.injured}` : ""}` : undefined,
      }),
    });
  }
  for await (const f of store.iterateClaims("fact", filter)) {
    if (!f.subject || !f.object) continue;
    if (f.type === "affiliation") {
      if (f.subject.kind !== "actor" || f.object.kind !== "actor" || schemaOf(f.object) !== "Organization") continue;
      docs.set(f.doc.id, f.doc);
      yield line({ id: `rasad-${f.id}`, schema: "Membership", properties: props({ member: use(f.subject), organization: use(f.object), role: "affiliated", date: f.date, ...provenance(f) }) });
    } else if (f.type === "control" || f.type === "presence") {
      docs.set(f.doc.id, f.doc);
      yield line({ id: `rasad-${f.id}`, schema: "UnknownLink", properties: props({ subject: use(f.subject), object: use(f.object), role: en("fact", f.type), date: f.date, ...provenance(f) }) });
    }
  }
  for (const e of entities.values()) yield line(entityOf(e, (await store.aliases(e.key, 10)).map((a) => a.text)));
  for (const d of docs.values()) yield line(articleOf(d));
}

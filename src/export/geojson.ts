// GeoJSON (RFC 7946) for QGIS: places with what happened there, events and flows at their places, each with its source.
import type { Store, ClaimFilter, EntityRef, EventClaim, FlowClaim } from "../store/index.js";
import { entityLabel, en } from "./common.js";

type Feature = { type: "Feature"; id: string; geometry: { type: "Point"; coordinates: [number, number] }; properties: Record<string, unknown> };

function point(e: EntityRef | null | undefined): [number, number] | null {
  const g = e?.geo;
  if (!g || !Number.isFinite(g.lat) || !Number.isFinite(g.lon) || Math.abs(g.lat) > 90 || Math.abs(g.lon) > 180) return null;
  return [Math.round(g.lon * 1e6) / 1e6, Math.round(g.lat * 1e6) / 1e6];
}

function claimProps(c: EventClaim | FlowClaim): Record<string, unknown> {
  return {
    claim_id: c.id, date: c.date ?? null, source_kind: c.source.kind, source_text: c.source.text ?? null, modality: c.modality ?? null,
    evidence: c.evidence.text, doc_id: c.doc.id, url: c.doc.url ?? null, outlet: c.doc.outlet ?? null, published: c.doc.published ?? null,
    status: c.status,
  };
}

/** A FeatureCollection, streamed: the features of places first, then events, then flows. */
export async function* exportGeojson(store: Store, filter: ClaimFilter = {}): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[\n';
  let first = true;
  const emit = (f: Feature) => { const s = (first ? "" : ",\n") + JSON.stringify(f); first = false; return s; };
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listPlaces({ ...filter, geo: true }, { limit: 1000, offset });
    for (const p of page.items) {
      const c = point(p);
      if (!c) continue;
      yield emit({
        type: "Feature", id: p.key, geometry: { type: "Point", coordinates: c },
        properties: {
          kind: "place", key: p.key, label: entityLabel(p), name_ar: p.name.ar ?? null, name_en: p.name.en ?? null, type: p.type ?? null,
          geo_precision: p.geo?.precision ?? null, events: p.events, flows_via: p.flowsVia, flows_at: p.flowsAt, documents: p.documents,
        },
      });
    }
    if (offset + page.items.length >= page.total) break;
  }
  for await (const e of store.iterateClaims("event", filter)) {
    const at = e.places.find((p) => point(p));
    const c = point(at);
    if (!c) continue;
    yield emit({
      type: "Feature", id: e.id, geometry: { type: "Point", coordinates: c },
      properties: {
        kind: "event", type: e.type, type_label: en("event", e.type), place: entityLabel(at), place_key: at!.key,
        agents: e.agents.map(entityLabel), targets: e.targets.map(entityLabel), killed: e.killed ?? null, injured: e.injured ?? null,
        ...claimProps(e),
      },
    });
  }
  for await (const f of store.iterateClaims("flow", filter)) {
    const at = point(f.via) ? f.via : f.place;
    const c = point(at);
    if (!c) continue;
    yield emit({
      type: "Feature", id: f.id, geometry: { type: "Point", coordinates: c },
      properties: {
        kind: "flow", role: at === f.via ? "via" : "place", place: entityLabel(at), place_key: at!.key,
        giver: entityLabel(f.giver), receiver: entityLabel(f.receiver), items: f.items.map((i) => i.category), mode: f.mode ?? null,
        ...claimProps(f),
      },
    });
  }
  yield "\n]}\n";
}

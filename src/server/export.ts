// Downloads: claims as JSON lines (streamed) and places and events as GeoJSON, each carrying source and evidence.
//
// The full export formats (FollowTheMoney, ACLED CSV, GEXF, GraphML) belong to src/export; these three are what the
// workbench offers from its own views.
import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import type { Store, ClaimKind, ClaimFilter, EntityRef, PlaceRecord } from "../store/index.js";

export function attachment(reply: FastifyReply, filename: string, type: string): void {
  void reply.header("content-disposition", `attachment; filename="${filename}"`).type(type);
}

/** Every claim of the given kinds as one JSON object per line, streamed so a large store never sits in memory. */
export function claimLines(store: Store, kinds: ClaimKind[], filter: ClaimFilter): Readable {
  async function* lines(): AsyncGenerator<string> {
    for (const kind of kinds) {
      // The overloads of iterateClaims differ only in the claim type they yield.
      for await (const claim of store.iterateClaims(kind as "flow", filter)) yield JSON.stringify(claim) + "\n";
    }
  }
  return Readable.from(lines());
}

async function allPlaces(store: Store, filter: ClaimFilter): Promise<PlaceRecord[]> {
  const out: PlaceRecord[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listPlaces({ ...filter, geo: true }, { limit: 1000, offset });
    out.push(...page.items);
    if (page.items.length < 1000 || out.length >= page.total) return out;
  }
}

const point = (lon: number, lat: number) => ({ type: "Point" as const, coordinates: [lon, lat] });

export async function placesGeoJson(store: Store, filter: ClaimFilter): Promise<object> {
  const places = await allPlaces(store, filter);
  return {
    type: "FeatureCollection",
    features: places.filter((p) => p.geo).map((p) => ({
      type: "Feature",
      id: p.key,
      geometry: point(p.geo!.lon, p.geo!.lat),
      properties: {
        key: p.key, name_ar: p.name.ar ?? null, name_en: p.name.en ?? null, type: p.type ?? null, precision: p.geo!.precision ?? null,
        events: p.events, flows_via: p.flowsVia, flows_at: p.flowsAt, documents: p.documents, first_seen: p.firstSeen ?? null, last_seen: p.lastSeen ?? null,
      },
    })),
  };
}

const firstGeo = (refs: EntityRef[]) => refs.find((r) => r.geo);

export async function eventsGeoJson(store: Store, filter: ClaimFilter): Promise<object> {
  const features: object[] = [];
  for await (const e of store.iterateClaims("event", filter)) {
    const at = firstGeo(e.places);
    if (!at?.geo) continue;
    features.push({
      type: "Feature",
      id: e.id,
      geometry: point(at.geo.lon, at.geo.lat),
      properties: {
        claim: e.id, type: e.type, date: e.date ?? null, place: at.key, place_ar: at.name.ar ?? null, place_en: at.name.en ?? null,
        agents: e.agents.map((a) => a.key).join(";"), targets: e.targets.map((a) => a.key).join(";"),
        killed: e.killed ?? null, injured: e.injured ?? null, status: e.status, modality: e.modality ?? null,
        source_kind: e.source.kind, source_text: e.source.text ?? null, evidence: e.evidence.text,
        doc: e.doc.id, outlet: e.doc.outlet ?? null, url: e.doc.url ?? null, published: e.doc.published ?? null,
      },
    });
  }
  return { type: "FeatureCollection", features };
}

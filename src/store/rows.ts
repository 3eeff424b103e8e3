// Rows of either backend's documents and entities tables, as the store's records (shared by SQLite and PostgreSQL).
import type { DocumentMeta, EntityRef, EntityRecord, Edge } from "./store.js";
import type { ItemCategory, SourceKind, FlowMode } from "../contract/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export function docMeta(r: Row): DocumentMeta {
  const m: DocumentMeta = { id: r.id, ingestedAt: r.ingested_at, pipeline: r.pipeline, length: r.length ?? 0 };
  if (r.source_id !== null) m.sourceId = r.source_id;
  if (r.url !== null) m.url = r.url;
  if (r.title !== null) m.title = r.title;
  if (r.outlet !== null) m.outlet = r.outlet;
  if (r.published !== null) m.published = r.published;
  if (r.duplicate_of !== null) m.duplicateOf = r.duplicate_of;
  if (r.path !== null) m.path = r.path;
  return m;
}

export function entityRef(r: Row): EntityRef {
  const e: EntityRef = { key: r.key, kind: r.kind, name: {} };
  if (r.type !== null) e.type = r.type;
  if (r.name_ar !== null) e.name.ar = r.name_ar;
  if (r.name_en !== null) e.name.en = r.name_en;
  if (r.lat !== null && r.lon !== null) {
    e.geo = { lat: r.lat, lon: r.lon };
    if (r.geo_precision !== null) e.geo.precision = r.geo_precision;
  }
  return e;
}
export function entityRecord(r: Row): EntityRecord {
  const e = entityRef(r) as EntityRecord;
  e.documents = r.documents ?? 0;
  e.mentions = r.mention_count ?? 0;
  if (r.first_seen) e.firstSeen = r.first_seen;
  if (r.last_seen) e.lastSeen = r.last_seen;
  e.ingestedAt = r.ingested_at;
  return e;
}

/** An aggregated edge row (giver, receiver, category with its counts) with its parties resolved. */
export function edgeFromRow(r: Row, refs: Map<string, EntityRef>): Edge {
  const e: Edge = {
    giver: r.giver ? refs.get(r.giver)! : null, receiver: r.receiver ? refs.get(r.receiver)! : null, category: r.category as ItemCategory,
    claims: r.claims, documents: r.documents, outlets: r.outlets, denied: r.denied, hedged: r.hedged,
    sourceKinds: r.source_kinds ? (String(r.source_kinds).split(",").sort() as SourceKind[]) : [],
    modes: r.modes ? (String(r.modes).split(",").sort() as FlowMode[]) : [],
  };
  if (r.first_seen) e.firstSeen = r.first_seen;
  if (r.last_seen) e.lastSeen = r.last_seen;
  return e;
}

// ACLED-style CSV: ACLED's column names where they apply (events), plus rasad's flow and provenance columns.
//
// Event types map onto ACLED's event and sub-event types; an attack on an armed actor is a battle, an attack on
// civilians is violence against civilians. ACLED's inter codes come from the actor types. Flows are rows of their
// own (rasad_kind = flow) with the ACLED event columns left empty. Country and admin columns are filled only when
// a place of that level is named; rasad does not guess them.
import type { Store, ClaimFilter, EntityRef, EventClaim, FlowClaim } from "../store/index.js";
import type { EventType } from "../contract/index.js";
import { entityLabel, en, csv } from "./common.js";

export const ACLED_COLUMNS = [
  "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
  "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
  "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
  "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
] as const;
export const RASAD_COLUMNS = [
  "rasad_kind", "claim_id", "doc_id", "url", "published", "source_kind", "source_text", "modality", "review_status",
  "flow_giver", "flow_receiver", "flow_items", "flow_mode", "flow_via", "flow_place", "injured", "evidence",
] as const;
type Row = Partial<Record<(typeof ACLED_COLUMNS)[number] | (typeof RASAD_COLUMNS)[number], string | number | undefined>>;

const POLITICAL_VIOLENCE = "Political violence";
const STRATEGIC = "Strategic developments";
const ARMED = new Set(["armed_group", "militia", "state_force", "foreign_force"]);

/** ACLED's inter codes: 1 state forces, 2 rebel groups, 3 political militias, 7 civilians, 8 external/other forces. */
function inter(e: EntityRef | undefined): number | undefined {
  switch (e?.type) {
    case "state_force": case "government": return 1;
    case "armed_group": return 2;
    case "militia": return 3;
    case "civilians": case "person": return 7;
    case "foreign_force": return 8;
    default: return undefined;
  }
}

function acledType(e: EventClaim): [string, string, string] {
  const armedTarget = e.targets.some((t) => t.type && ARMED.has(t.type));
  const map: Record<EventType, [string, string, string]> = {
    armed_clash: [POLITICAL_VIOLENCE, "Battles", "Armed clash"],
    attack: armedTarget ? [POLITICAL_VIOLENCE, "Battles", "Armed clash"] : [POLITICAL_VIOLENCE, "Violence against civilians", "Attack"],
    airstrike: [POLITICAL_VIOLENCE, "Explosions/Remote violence", "Air/drone strike"],
    shelling: [POLITICAL_VIOLENCE, "Explosions/Remote violence", "Shelling/artillery/missile attack"],
    explosive: [POLITICAL_VIOLENCE, "Explosions/Remote violence", "Remote explosive/landmine/IED"],
    territory_change: e.agents.some((a) => a.type === "state_force")
      ? [POLITICAL_VIOLENCE, "Battles", "Government regains territory"] : [POLITICAL_VIOLENCE, "Battles", "Non-state actor overtakes territory"],
    abduction: [POLITICAL_VIOLENCE, "Violence against civilians", "Abduction/forced disappearance"],
    arrest: [STRATEGIC, STRATEGIC, "Arrests"],
    killing: [POLITICAL_VIOLENCE, "Violence against civilians", "Attack"],
    agreement: [STRATEGIC, STRATEGIC, "Agreement"],
    sanction: [STRATEGIC, STRATEGIC, "Other"],
    siege: [STRATEGIC, STRATEGIC, "Other"],
  };
  return map[e.type];
}

/** ACLED's time precision: 1 the day is known, 2 the week, 3 only the month; a date taken from publication is 2. */
function timePrecision(c: EventClaim | FlowClaim): number {
  const p = c.time?.precision;
  if (!c.time?.start) return 2;
  return p === "day" || !p ? 1 : p === "week" ? 2 : 3;
}
/** ACLED's geo precision: 1 the town, 2 the district, 3 a larger region. */
function geoPrecision(e: EntityRef | undefined): number | undefined {
  const p = e?.geo?.precision;
  if (!e?.geo) return undefined;
  return p === "exact" || p === "town" ? 1 : p === "district" ? 2 : 3;
}

function placeColumns(places: EntityRef[]): Row {
  const at = places.find((p) => p.geo) ?? places[0];
  const row: Row = { location: at ? entityLabel(at) : undefined, latitude: at?.geo?.lat, longitude: at?.geo?.lon, geo_precision: geoPrecision(at) };
  for (const p of places) {
    if (p.type === "country" && !row.country) row.country = p.name.en ?? p.name.ar;
    if (p.type === "governorate" && !row.admin1) row.admin1 = p.name.en ?? p.name.ar;
    if (p.type === "district" && !row.admin2) row.admin2 = p.name.en ?? p.name.ar;
  }
  return row;
}

function common(c: EventClaim | FlowClaim, now: number): Row {
  return {
    event_id_cnty: c.id, event_date: c.date, year: c.date?.slice(0, 4), time_precision: timePrecision(c), source: c.doc.outlet,
    notes: c.evidence.text, timestamp: now, claim_id: c.id, doc_id: c.doc.id, url: c.doc.url, published: c.doc.published,
    source_kind: c.source.kind, source_text: c.source.text, modality: c.modality, review_status: c.status,
    tags: [c.modality && `modality: ${c.modality}`, `source: ${en("source", c.source.kind)}`].filter(Boolean).join("; "),
    evidence: c.evidence.text,
  };
}

const line = (r: Row) => [...ACLED_COLUMNS, ...RASAD_COLUMNS].map((k) => csv(r[k])).join(",") + "\r\n";

export async function* exportAcled(store: Store, filter: ClaimFilter = {}): AsyncGenerator<string> {
  const now = Math.floor(Date.now() / 1000);
  yield [...ACLED_COLUMNS, ...RASAD_COLUMNS].join(",") + "\r\n";
  for await (const e of store.iterateClaims("event", filter)) {
    const [disorder, type, sub] = acledType(e);
    const [a1, ...assoc1] = e.agents;
    const [a2, ...assoc2] = e.targets;
    const i1 = inter(a1), i2 = inter(a2);
    yield line({
      ...common(e, now), ...placeColumns(e.places), rasad_kind: "event", disorder_type: disorder, event_type: type, sub_event_type: sub,
      actor1: entityLabel(a1), assoc_actor_1: assoc1.map(entityLabel).join("; "), inter1: i1,
      actor2: entityLabel(a2), assoc_actor_2: assoc2.map(entityLabel).join("; "), inter2: i2,
      interaction: i1 !== undefined ? (i2 !== undefined ? Math.min(i1, i2) * 10 + Math.max(i1, i2) : i1 * 10) : undefined,
      civilian_targeting: e.targets.some((t) => t.type === "civilians") ? "Civilian targeting" : "",
      fatalities: e.killed ?? 0, injured: e.injured,
    });
  }
  for await (const f of store.iterateClaims("flow", filter)) {
    const places = [f.via, f.place].filter((p): p is EntityRef => Boolean(p));
    yield line({
      ...common(f, now), ...placeColumns(places), rasad_kind: "flow",
      actor1: entityLabel(f.giver), inter1: inter(f.giver ?? undefined), actor2: entityLabel(f.receiver), inter2: inter(f.receiver ?? undefined),
      flow_giver: f.giver?.key, flow_receiver: f.receiver?.key, flow_items: f.items.map((i) => i.category).join(";"), flow_mode: f.mode,
      flow_via: f.via?.key, flow_place: f.place?.key,
    });
  }
}

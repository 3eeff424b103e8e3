// From an Extraction to what the store keeps (canonical entity keys, stable claim ids), and reviews applied to claims.
//
// Pure functions shared by every backend: the SQLite and PostgreSQL stores differ in SQL, never in these rules.
import {
  RasadError, type Extraction, type Entity, type Span, type Modality, type FlowMode, type EventType, type FactType,
  type EntityKind, type ActorType, type PlaceType, type GeoPrecision,
} from "../contract/index.js";
import { normalizeForMatch } from "../text/index.js";
import { claimId } from "./ids.js";
import {
  FlowCorrectionSchema, EventCorrectionSchema, FactCorrectionSchema,
  type ClaimKind, type ClaimSource, type ClaimTime, type ClaimStatus, type Correction, type FlowItem, type Review,
  type Claim, type ClaimDoc, type EntityRef, type FlowClaim, type EventClaim, type FactClaim,
} from "./store.js";

// ---------- stored forms (the `machine` JSON of a claim) ----------

export interface StoredBase {
  evidence: Span;
  evidenceText: string;
  trigger?: Span;
  source: ClaimSource;
  modality?: Modality;
  time?: ClaimTime;
}
export interface StoredFlow extends StoredBase {
  giver: string | null;
  receiver: string | null;
  items: FlowItem[];
  mode?: FlowMode;
  via: string | null;
  place: string | null;
  exchangeFor: string[];
}
export interface StoredEvent extends StoredBase {
  type: EventType;
  agents: string[];
  targets: string[];
  places: string[];
  killed?: number;
  injured?: number;
}
export interface StoredFact extends StoredBase {
  type: FactType;
  subject: string | null;
  object: string | null;
  value?: number;
}
export type StoredFields = StoredFlow | StoredEvent | StoredFact;

export interface PreparedClaim { id: string; kind: ClaimKind; ordinal: number; machine: StoredFields }

export interface PreparedEntity {
  key: string;
  kind: EntityKind;
  type?: ActorType | PlaceType;
  name: { ar?: string; en?: string };
  normName?: string;
  geo?: { lat: number; lon: number; precision?: GeoPrecision };
  mentions: { span: Span; surface: string }[];
}

export interface PreparedExtraction { entities: PreparedEntity[]; claims: PreparedClaim[] }

// ---------- entity keys ----------

/** A canonical key: `actor/…` or `place/…` (lexicon ids, or `~` + a normalized name for unknown names). */
export const ENTITY_KEY = /^(actor|place)\/\S/u;

export function kindOfKey(key: string): EntityKind {
  return key.startsWith("place/") ? "place" : "actor";
}

/** The cross-document key of an extracted entity: its id when it is already canonical, else kind/~normalized name. */
export function canonicalKey(e: Pick<Entity, "id" | "kind" | "name">): string {
  if (ENTITY_KEY.test(e.id)) return e.id;
  const name = e.name?.ar || e.name?.en || e.id;
  return `${e.kind}/~${normalizeForMatch(name) || e.id}`;
}

/** The name an unknown-name key carries: `actor/~جيش العشائر` → «جيش العشائر». */
export function nameFromKey(key: string): string | undefined {
  const i = key.indexOf("/~");
  return i >= 0 ? key.slice(i + 2) : undefined;
}

// ---------- spans ----------

function okSpan(s: Span | undefined, len: number): Span | undefined {
  if (!s) return undefined;
  const [a, b] = s;
  return Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= len ? [a, b] : undefined;
}
/** A required span clamped into the text (an extractor bug must not lose the claim, nor point outside the text). */
function clampSpan(s: Span, len: number): Span {
  const a = Math.min(Math.max(0, Math.trunc(s[0]) || 0), len);
  const b = Math.min(Math.max(a, Math.trunc(s[1]) || 0), len);
  return [a, b];
}
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?/;
/** The date prefix (YYYY, YYYY-MM or YYYY-MM-DD) of an ISO string, if it has one. */
export function datePrefix(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const m = DATE.exec(s);
  return m ? m[0] : undefined;
}

// ---------- preparing an extraction ----------

/**
 * Canonical keys, spans checked against the text, stable claim ids. Claims that name an entity id missing from
 * `entities` keep it if it is a canonical key (a stub entity is made for it) and drop it otherwise.
 */
export function prepareExtraction(docId: string, text: string, x: Extraction): PreparedExtraction {
  const len = text.length;
  const keyOf = new Map<string, string>();
  const entities = new Map<string, PreparedEntity>();
  for (const e of x.entities) {
    const key = canonicalKey(e);
    keyOf.set(e.id, key);
    let pe = entities.get(key);
    if (!pe) {
      const name = { ar: e.name?.ar || undefined, en: e.name?.en || undefined };
      if (!name.ar && !name.en) name.ar = nameFromKey(key);
      pe = {
        key, kind: kindOfKey(key), type: e.type, name, normName: norm(name.ar || name.en),
        geo: e.geo && Number.isFinite(e.geo.lat) && Number.isFinite(e.geo.lon) ? { ...e.geo } : undefined, mentions: [],
      };
      entities.set(key, pe);
    }
    for (const m of e.mentions) {
      const span = okSpan(m, len);
      if (span && span[1] > span[0]) pe.mentions.push({ span, surface: text.slice(span[0], span[1]) });
    }
  }
  const ref = (id: string | null | undefined): string | null => {
    if (id === null || id === undefined || id === "") return null;
    const k = keyOf.get(id) ?? (ENTITY_KEY.test(id) ? id : null);
    if (k && !entities.has(k)) {
      entities.set(k, { key: k, kind: kindOfKey(k), name: { ar: nameFromKey(k) }, normName: norm(nameFromKey(k)), mentions: [] });
    }
    return k;
  };
  const refs = (ids: string[]): string[] => [...new Set(ids.map(ref).filter((k): k is string => k !== null))];

  const base = (c: { evidence: Span; trigger?: Span; source: Extraction["flows"][number]["source"]; modality?: Modality; time?: Extraction["flows"][number]["time"] }): StoredBase => {
    const evidence = clampSpan(c.evidence, len);
    const sspan = okSpan(c.source.span, len);
    const source: ClaimSource = { kind: c.source.kind };
    if (sspan) source.span = sspan;
    const stext = c.source.text || (sspan ? text.slice(sspan[0], sspan[1]) : undefined);
    if (stext) source.text = stext;
    const out: StoredBase = { evidence, evidenceText: text.slice(evidence[0], evidence[1]), source };
    const trig = okSpan(c.trigger, len);
    if (trig) out.trigger = trig;
    if (c.modality) out.modality = c.modality;
    if (c.time) {
      const t: ClaimTime = {};
      if (c.time.start) t.start = c.time.start;
      if (c.time.end) t.end = c.time.end;
      if (c.time.precision) t.precision = c.time.precision;
      const ts = okSpan(c.time.span, len);
      if (ts) { t.span = ts; t.text = text.slice(ts[0], ts[1]); }
      if (Object.keys(t).length > 0) out.time = t;
    }
    return out;
  };

  const claims: PreparedClaim[] = [];
  const used = new Set<string>();
  const unique = (id: string) => {
    let u = id;
    for (let n = 2; used.has(u); n++) u = `${id}-${n}`;
    used.add(u);
    return u;
  };

  const flowIds: string[] = [];
  x.flows.forEach((f, i) => {
    const items: FlowItem[] = [];
    const seenCat = new Set<string>();
    for (const it of f.items) {
      if (seenCat.has(it.category)) continue;
      seenCat.add(it.category);
      const span = okSpan(it.span, len);
      items.push(span ? { category: it.category, span, text: text.slice(span[0], span[1]) } : { category: it.category });
    }
    const m: StoredFlow = {
      ...base(f), giver: ref(f.giver), receiver: ref(f.receiver), items, via: ref(f.via), place: ref(f.place), exchangeFor: [],
    };
    if (f.mode) m.mode = f.mode;
    const id = unique(claimId(docId, "flow", [m.giver, m.receiver, [...seenCat].sort(), m.mode ?? null, m.evidence]));
    flowIds.push(id);
    claims.push({ id, kind: "flow", ordinal: i, machine: m });
  });
  x.flows.forEach((f, i) => {
    const ex = (f.exchange_for ?? []).filter((j) => j !== i && j >= 0 && j < flowIds.length).map((j) => flowIds[j]);
    (claims[i].machine as StoredFlow).exchangeFor = [...new Set(ex)];
  });
  x.events.forEach((e, i) => {
    const m: StoredEvent = { ...base(e), type: e.type, agents: refs(e.agents), targets: refs(e.targets), places: refs(e.places) };
    if (e.killed !== undefined) m.killed = e.killed;
    if (e.injured !== undefined) m.injured = e.injured;
    const id = unique(claimId(docId, "event", [m.type, [...m.agents].sort(), m.evidence]));
    claims.push({ id, kind: "event", ordinal: i, machine: m });
  });
  (x.facts ?? []).forEach((f, i) => {
    const m: StoredFact = { ...base(f), type: f.type, subject: ref(f.subject), object: ref(f.object) };
    if (f.value !== undefined) m.value = f.value;
    const id = unique(claimId(docId, "fact", [m.type, m.subject, m.object, m.evidence]));
    claims.push({ id, kind: "fact", ordinal: i, machine: m });
  });
  return { entities: [...entities.values()], claims };
}

function norm(s: string | undefined): string | undefined {
  if (!s) return undefined;
  return normalizeForMatch(s) || undefined;
}

// ---------- reviews ----------

const CORRECTION_SCHEMAS = { flow: FlowCorrectionSchema, event: EventCorrectionSchema, fact: FactCorrectionSchema } as const;

/** Checks a correction against the claim's kind; RasadError BAD_PARAM names what is wrong. */
export function validateCorrection(kind: ClaimKind, corrected: unknown): Correction {
  const r = CORRECTION_SCHEMAS[kind].safeParse(corrected);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.join(".") || "corrected"}: ${i.message}`).join("; ");
    throw new RasadError("BAD_PARAM", `a ${kind} correction: ${what}`, { param: "corrected" });
  }
  if (Object.keys(r.data).length === 0) throw new RasadError("BAD_PARAM", "a correction must change at least one field", { param: "corrected" });
  return r.data;
}

/** Entity keys a correction introduces (they get a stub entity if the store has none). */
export function correctionKeys(c: Correction): string[] {
  const out: string[] = [];
  for (const v of Object.values(c)) {
    if (typeof v === "string" && ENTITY_KEY.test(v)) out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === "string" && ENTITY_KEY.test(x)) out.push(x);
  }
  return out;
}

export interface Effective {
  status: ClaimStatus;
  fields: StoredFields;
  /** Machine values of the fields a correction changed. */
  machine?: Record<string, unknown>;
  latest?: Review;
}

/**
 * The claim as its reviews leave it. Corrections accumulate in order; the status is "rejected" if the latest
 * verdict rejects, else "corrected" if any review corrected it, else "confirmed" if reviewed, else "machine".
 */
export function applyReviews(kind: ClaimKind, machine: StoredFields, reviews: Review[]): Effective {
  if (reviews.length === 0) return { status: "machine", fields: machine };
  let fields: Record<string, unknown> = { ...machine };
  const original: Record<string, unknown> = {};
  let corrected = false;
  for (const r of reviews) {
    if (r.verdict !== "correct" || !r.corrected) continue;
    corrected = true;
    for (const [k, v] of Object.entries(r.corrected)) {
      if (!(k in original)) original[k] = kind === "flow" && k === "items"
        ? (machine as StoredFlow).items.map((i) => i.category)
        : (machine as unknown as Record<string, unknown>)[k] ?? null;
      if (kind === "flow" && k === "items") {
        const prev = fields.items as FlowItem[];
        fields.items = (v as string[]).map((cat) => prev.find((i) => i.category === cat) ?? { category: cat });
      } else if (v === null && (k === "killed" || k === "injured" || k === "value")) {
        delete fields[k];
      } else {
        fields[k] = v;
      }
    }
  }
  const latest = reviews[reviews.length - 1];
  const status: ClaimStatus = latest.verdict === "reject" ? "rejected" : corrected ? "corrected" : "confirmed";
  if (kind === "flow") fields = { ...fields, exchangeFor: (machine as StoredFlow).exchangeFor };
  return { status, fields: fields as unknown as StoredFields, machine: corrected ? original : undefined, latest };
}

/** The (role, entity) rows a claim contributes to claim_parties. */
export function partiesOf(kind: ClaimKind, f: StoredFields): { role: string; entity: string }[] {
  const out: { role: string; entity: string }[] = [];
  const add = (role: string, e: string | null | undefined) => { if (e) out.push({ role, entity: e }); };
  if (kind === "flow") {
    const x = f as StoredFlow;
    add("giver", x.giver); add("receiver", x.receiver); add("via", x.via); add("place", x.place);
  } else if (kind === "event") {
    const x = f as StoredEvent;
    for (const a of x.agents) add("agent", a);
    for (const t of x.targets) add("target", t);
    for (const p of x.places) add("place", p);
  } else {
    const x = f as StoredFact;
    add("subject", x.subject); add("object", x.object);
  }
  // the primary key is (claim, role, entity)
  const seen = new Set<string>();
  return out.filter((p) => { const k = `${p.role} ${p.entity}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

// ---------- rows to claims (both backends) ----------

/** The columns of a claim row joined with its document, as both backends select them (CLAIM_COLS). */
export interface ClaimRow {
  id: string; doc_id: string; kind: string; date: string | null;
  d_title: string | null; d_outlet: string | null; d_published: string | null; d_url: string | null; d_duplicate_of: string | null;
}

/** An entity reference for a key the entities table does not hold (yet). */
export function stubRef(key: string): EntityRef {
  const name = nameFromKey(key);
  return { key, kind: kindOfKey(key), name: name ? { ar: name } : {} };
}

/** The claim the API serves: a row, its fields with reviews applied, and entity keys resolved by `ref`. */
export function claimFromRow(r: ClaimRow, eff: Effective, ref: (k: string | null | undefined) => EntityRef | null): Claim {
  const f = eff.fields;
  const doc: ClaimDoc = { id: r.doc_id };
  if (r.d_title !== null) doc.title = r.d_title;
  if (r.d_outlet !== null) doc.outlet = r.d_outlet;
  if (r.d_published !== null) doc.published = r.d_published;
  if (r.d_url !== null) doc.url = r.d_url;
  if (r.d_duplicate_of !== null) doc.duplicateOf = r.d_duplicate_of;
  const common = {
    id: r.id, doc, evidence: { span: f.evidence, text: f.evidenceText }, source: f.source, status: eff.status,
    ...(f.trigger ? { trigger: f.trigger } : {}), ...(f.modality ? { modality: f.modality } : {}), ...(f.time ? { time: f.time } : {}),
    ...(r.date !== null ? { date: r.date } : {}), ...(eff.latest ? { review: eff.latest } : {}),
    ...(eff.machine ? { machine: eff.machine } : {}),
  };
  if (r.kind === "flow") {
    const x = f as StoredFlow;
    const c: FlowClaim = {
      ...common, kind: "flow", giver: ref(x.giver), receiver: ref(x.receiver), items: x.items, via: ref(x.via), place: ref(x.place),
      exchangeFor: x.exchangeFor ?? [],
    };
    if (x.mode) c.mode = x.mode;
    return c;
  }
  if (r.kind === "event") {
    const x = f as StoredEvent;
    const c: EventClaim = {
      ...common, kind: "event", type: x.type, agents: x.agents.map((k) => ref(k)!), targets: x.targets.map((k) => ref(k)!),
      places: x.places.map((k) => ref(k)!),
    };
    if (x.killed !== undefined) c.killed = x.killed;
    if (x.injured !== undefined) c.injured = x.injured;
    return c;
  }
  const x = f as StoredFact;
  const c: FactClaim = { ...common, kind: "fact", type: x.type, subject: ref(x.subject), object: ref(x.object) };
  if (x.value !== undefined) c.value = x.value;
  return c;
}

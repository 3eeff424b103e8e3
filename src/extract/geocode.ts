// Geocoding stage: choose among homonymous gazetteer candidates by context and set every place's geo + precision.
//
// A place name may match several gazetteer entries: two villages «الحسينية», the core gazetteer's «السخنة» (Homs)
// and an imported «السخنة» (Aleppo). The candidates are first grouped (an imported village that is the core
// gazetteer's own town, a town and the district named after it, count as one place), then weighed against the
// report: the countries and governorates it names, the places already placed (near ones count), the head noun
// («قرية X» wants a village, «محافظة X» a governorate), feature type and population. Core entries start ahead and
// keep their names unless the context clearly says otherwise; a name the evidence cannot settle is kept as a place
// without coordinates rather than guessed.
//
// Imported villages are read bare only in context: after an indefinite head noun («قرية الخير», not «المنطقة
// الحمراء» "the red zone"), again later in the same report, or beside a place already placed («بلدتي الشحيل
// وذيبان», «الصبحة شرقي دير الزور»). Precision follows UCDP/ACLED practice: exact (a site), town, district,
// governorate, region («ريف دير الزور الغربي», «بادية الميادين» are Deir ez-Zor and al-Mayadin as regions), country.
// Places the grammar builds from others take their points from them: a road named by its ends lies between them
// («طريق دمشق السويداء»), a quarter in its town («أحياء “الجورة والقصور”»), a market in the town it serves («سوق
// البلدة»), a checkpoint at the village it is named for («حاجز المسمية»).
import { inRange, type Doc, type EntityRec, type Mention, type Tag } from "./doc.js";
import type { LexEntry, Match } from "../lexicon/index.js";
import { formKeys } from "../lexicon/index.js";
import { normalizeForMatch, TOKEN_PUNCT, TOKEN_WORD } from "../text/index.js";
import type { GeoPrecision } from "../contract/index.js";
import { entityFor, word, prepAt, precisionOf, LIST_HEAD, ROUTE_ENDS, SITE_AT } from "./entities.js";

/** Places that an imported gazetteer names by the tens of thousands: read bare only in context. */
const SMALL = new Set(["village", "site"]);
/** Candidates of one name this close together are one place (a town and its district share a name). */
const SAME_PLACE_KM: Record<string, number> = { governorate: 80, district: 45, region: 60, country: 400 };
const SAME_PLACE_KM_DEFAULT = 15;
/** A bare village beside a placed place must lie this close to it. */
const CONTEXT_KM = 60;
/** The winning candidate must lead the next one by this much. */
const MARGIN = 1;

export function geocode(doc: Doc): void {
  const idx = entryIndex(doc);
  absorbRegionHeads(doc);
  checkImported(doc);
  const pending = new Map<EntityRec, Cluster[]>();
  const geoOnly = new Map<EntityRec, Cluster[]>();
  for (const rec of [...doc.entities.values()]) {
    if (rec.kind !== "place" || !rec.mentions.length) continue;
    if (rec.key.startsWith("place/~")) {
      // a road named by its ends, a site named by the town it serves: placed by them (placeRoutes, placeSites)
      if (ROUTE_ENDS.has(rec) || SITE_AT.has(rec)) continue;
      // a name caught after a head noun («حاجز المسمية», «قرية إبطع»): the gazetteer may know it
      const cands = unknownCandidates(doc, rec);
      if (cands.length) geoOnly.set(rec, clusters(cands.map((e) => canonical(e, idx))));
      continue;
    }
    const own = idx.byKey.get(rec.key);
    if (!own) continue;
    const cands = candidatesOf(doc, own).map((e) => canonical(e, idx));
    pending.set(rec, clusters(cands));
  }
  // what one candidate settles gives the context for the rest; then two passes over the rest
  const settled = new Set<EntityRec>();
  const open = new Map<EntityRec, Cluster[]>();
  for (const [rec, cl] of pending) {
    if (cl.length === 1 && !cl[0].members.every((m) => isImported(m) && SMALL.has(m.type))) settled.add(choose(doc, rec, representative(cl[0].members, headType(doc, rec))));
    else open.set(rec, cl);
  }
  for (let pass = 0; pass < 2 && open.size; pass++) {
    const ctx = contextOf(doc, settled);
    for (const [rec, cl] of open) {
      const pick = decide(doc, rec, cl, ctx);
      if (pick) { settled.add(choose(doc, rec, pick)); open.delete(rec); }
    }
  }
  for (const rec of open.keys()) unresolve(doc, rec);
  const ctx = contextOf(doc, settled);
  for (const [rec, cl] of geoOnly) placeUnknown(doc, rec, cl, ctx);
  addContextMentions(doc, idx);
  placeSites(doc);
  placeRoutes(doc);
  for (const rec of doc.entities.values()) if (rec.kind === "place" && rec.geo) rec.geo.precision = precisionFor(doc, rec);
}

/**
 * «بادية مدينة تدمر» is Palmyra as a region, not the Syrian Desert («بادية») and then Palmyra: a bare region head
 * without the article, tagged as a place of its own, joins the place it heads (over a head noun between).
 */
function absorbRegionHeads(doc: Doc): void {
  let changed = false;
  for (const m of doc.mentions.slice()) {
    if (m.entity.kind !== "place" || m.entity.type !== "region" || m.last - m.first !== 1 || !BARE_REGION_HEAD.test(word(doc, m.first))) continue;
    // the next place starts right after, or after a head noun («مدينة») that it does not include
    const starts = [m.last];
    const h = doc.at.function?.[m.last] ?? -1;
    if (h >= 0 && doc.layers.function[h].first === m.last && doc.layers.function[h].entry.type === "place_head") starts.push(doc.layers.function[h].last);
    let next: Mention | null = null;
    for (const k of starts) {
      const i = k < doc.tokens.count ? doc.mentionAt[k] : -1;
      if (i >= 0 && doc.mentions[i].first === k) { next = doc.mentions[i]; break; }
    }
    if (!next || next.entity.kind !== "place" || next.entity === m.entity) continue;
    next.first = m.first;
    next.start = m.start;
    next.prep = m.prep;
    m.entity.mentions = m.entity.mentions.filter((x) => x !== m);
    if (!m.entity.mentions.length) doc.entities.delete(m.entity.key);
    dropMention(doc, m);
    changed = true;
  }
  if (changed) rebuildMentionIndex(doc);
}

// ---------- candidates ----------

interface EntryIndex { byKey: Map<string, LexEntry>; byId: Map<string, LexEntry>; position: Map<LexEntry, number> }
const indexes = new WeakMap<object, EntryIndex>();

function entryIndex(doc: Doc): EntryIndex {
  let ix = indexes.get(doc.lex);
  if (!ix) {
    ix = { byKey: new Map(), byId: new Map(), position: new Map() };
    doc.lex.entries.forEach((e, i) => {
      if (e.kind !== "place") return;
      ix!.position.set(e, i);
      if (!ix!.byId.has(e.id)) ix!.byId.set(e.id, e);
      const k = `place/${e.id}`;
      if (!ix!.byKey.has(k)) ix!.byKey.set(k, e);
    });
    indexes.set(doc.lex, ix);
  }
  return ix;
}

const isImported = (e: LexEntry) => !!e.extra.source;

/** An imported entry that is a core place stands for that core place. */
function canonical(e: LexEntry, ix: EntryIndex): LexEntry {
  const same = e.extra.same ? ix.byId.get(e.extra.same) : undefined;
  return same ?? e;
}

/** The entries that every lexicon mention of the entity could be (the tagger's alternatives, intersected). */
function candidatesOf(doc: Doc, own: LexEntry): LexEntry[] {
  let set: LexEntry[] | null = null;
  for (const t of doc.layers.entity ?? []) {
    if (t.entry !== own) continue;
    const alts = (t.alts.length ? t.alts : [t.entry]).filter((e) => e === own || articleFits(doc, t, e));
    set = set ? set.filter((e) => alts.includes(e)) : alts;
  }
  const out = set && set.length ? set : [own];
  if (!out.includes(own)) out.unshift(own);
  return out;
}

interface Cluster { members: LexEntry[]; rep: LexEntry }

const lat = (e: LexEntry) => Number(e.extra.lat);
const lon = (e: LexEntry) => Number(e.extra.lon);
const hasPoint = (e: LexEntry) => !!e.extra.lat && !!e.extra.lon && Number.isFinite(lat(e)) && Number.isFinite(lon(e));

/** Group candidates that are one place; each group's representative is the core entry, else the larger place. */
function clusters(cands: LexEntry[]): Cluster[] {
  const uniq = [...new Set(cands)];
  const parent = uniq.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < uniq.length; i++) {
    for (let j = i + 1; j < uniq.length; j++) {
      const a = uniq[i], b = uniq[j];
      if (!hasPoint(a) || !hasPoint(b)) continue;
      // two core entries are two places by the core's own choice
      if (!isImported(a) && !isImported(b)) continue;
      const lim = Math.max(SAME_PLACE_KM[a.type] ?? SAME_PLACE_KM_DEFAULT, SAME_PLACE_KM[b.type] ?? SAME_PLACE_KM_DEFAULT);
      if (a.extra.country === b.extra.country && distanceKm(lat(a), lon(a), lat(b), lon(b)) <= lim) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, LexEntry[]>();
  uniq.forEach((e, i) => { const r = find(i); const g = groups.get(r); if (g) g.push(e); else groups.set(r, [e]); });
  return [...groups.values()].map((members) => ({ members, rep: representative(members) }));
}

const TYPE_RANK: Record<string, number> = { city: 6, governorate: 5, district: 4, village: 3, region: 2, site: 1, country: 0, route: 0 };

function representative(members: LexEntry[], want?: string): LexEntry {
  const core = members.filter((e) => !isImported(e));
  if (core.length) return want ? core.find((e) => e.type === want) ?? core[0] : core[0];
  return members.slice().sort((a, b) =>
    Number(b.type === want) - Number(a.type === want) || (TYPE_RANK[b.type] ?? 0) - (TYPE_RANK[a.type] ?? 0) ||
    Number(b.extra.population ?? 0) - Number(a.extra.population ?? 0))[0];
}

// ---------- context ----------

interface Context {
  countries: Map<string, number>;
  /** governorate id → 2 where the report names the governorate, 1 where it names a town in it; and the sentences */
  govs: Map<string, { w: number; sents: Set<number> }>;
  points: Array<{ lat: number; lon: number; rec: EntityRec }>;
  focus: string | null;
}

function contextOf(doc: Doc, settled: Set<EntityRec>): Context {
  const countries = new Map<string, number>();
  const govs = new Map<string, { w: number; sents: Set<number> }>();
  const addGov = (g: string, w: number, rec: EntityRec) => {
    const v = govs.get(g) ?? { w: 0, sents: new Set<number>() };
    v.w = Math.max(v.w, w);
    for (const m of rec.mentions) v.sents.add(doc.sentOf[m.first]);
    govs.set(g, v);
  };
  const points: Context["points"] = [];
  const add = <K>(m: Map<K, number>, k: K | undefined, w: number) => { if (k) m.set(k, (m.get(k) ?? 0) + w); };
  for (const rec of doc.entities.values()) {
    if (rec.kind !== "place" || !rec.mentions.length || !rec.geo) continue;
    if (!settled.has(rec) && !rec.key.startsWith("place/~")) {
      // an entity still in doubt gives no context, except where all its readings agree on the country
      continue;
    }
    const n = Math.min(3, rec.mentions.length);
    if (rec.type === "country") { add(countries, rec.country, 2 * n); continue; }
    add(countries, rec.country, n);
    if (rec.type === "governorate") addGov(governorateId(rec), 2, rec);
    else if (rec.admin1) addGov(rec.admin1, 1, rec);
    if (rec.type !== "region" && rec.type !== "route") points.push({ lat: rec.geo.lat, lon: rec.geo.lon, rec });
  }
  let focus: string | null = null;
  const total = [...countries.values()].reduce((a, b) => a + b, 0);
  for (const [c, w] of countries) if (w >= 2 && w >= (2 * total) / 3) focus = c;
  return { countries, govs, points, focus };
}

function governorateId(rec: EntityRec): string {
  return rec.admin1 || rec.key.replace(/^place\//, "");
}

/** The type the head noun of the entity's mentions asks for («قرية X» a village, «محافظة X» a governorate). */
function headType(doc: Doc, rec: EntityRec): string | undefined {
  for (const m of rec.mentions) {
    const list = LIST_HEAD.get(m);
    if (list) return list.type;
    const h = headOf(doc, m);
    if (h && h.entry.extra.value && h.entry.extra.value !== "region") return h.entry.extra.value;
  }
  return undefined;
}

/** The types a head noun accepts: «مدينة X» is also the capital a governorate row stands for, or a district seat. */
const FITS: Record<string, string[]> = {
  village: ["village", "city"], city: ["city", "governorate", "district"], district: ["district", "city", "governorate"],
  governorate: ["governorate"], site: ["site", "village"], country: ["country"], route: ["route"],
};

function score(doc: Doc, rec: EntityRec, c: Cluster, ctx: Context, want: string | undefined): number {
  let s = 0;
  if (c.members.some((e) => !isImported(e))) s += 2;
  const t = c.rep.type;
  // a bare name of a country or a big town is that, before it is a village of the same name
  s += t === "country" ? 3 : t === "city" || t === "governorate" ? 1 : t === "district" ? 0.5 : 0;
  // the governorate: named in the report (3), or home to a town it names (2); one more in the same sentence
  // («قرية السخنة في ريف حلب»)
  const sents = new Set(rec.mentions.map((m) => doc.sentOf[m.first]));
  let gov = 0;
  for (const e of c.members) {
    const g = e.type === "governorate" && !isImported(e) ? e.id : e.extra.admin1;
    const v = g ? ctx.govs.get(g) : undefined;
    if (!v) continue;
    const here = [...v.sents].some((x) => sents.has(x)) ? 1 : 0;
    gov = Math.max(gov, (v.w >= 2 ? 3 : 2) + here);
  }
  s += gov;
  // the country the report is about (a report on Syria names other countries freely: no penalty for those)
  const cc = c.rep.extra.country;
  if (ctx.focus && cc && t !== "country") s += cc === ctx.focus ? 1 : -2;
  if (t !== "country") {
    let dmin = Infinity;
    for (const p of ctx.points) {
      if (p.rec === rec) continue;
      for (const e of c.members) if (hasPoint(e)) dmin = Math.min(dmin, distanceKm(lat(e), lon(e), p.lat, p.lon));
    }
    s += dmin <= 25 ? 2 : dmin <= 60 ? 1 : 0;
  }
  if (want) s += c.members.some((e) => (FITS[want] ?? [want]).includes(e.type)) ? 1.5 : -2;
  // an imported village beats a better-known place of the same name only when a head noun asks for a village
  if (c.members.every((e) => isImported(e) && SMALL.has(e.type)) && !(want && (FITS[want] ?? []).some((x) => SMALL.has(x)))) s -= 3;
  const pop = Math.max(0, ...c.members.map((e) => Number(e.extra.population ?? 0) || 0));
  s += Math.min(1, Math.log10(pop + 1) / 6);
  return s;
}

/** The entry to use, or null when the evidence does not settle it. */
function decide(doc: Doc, rec: EntityRec, cl: Cluster[], ctx: Context): LexEntry | null {
  const want = headType(doc, rec);
  if (cl.length === 1) {
    const c = cl[0];
    // the only village of that name lies in another country than the one the report is about: not that one
    // and a village nothing else in the report is near (no place of its country named) may be anywhere: «ولاية
    // المهدية» in a Tunisian report is not the Syrian village «المهدية»
    const small = c.members.every((e) => isImported(e) && SMALL.has(e.type));
    const cc = c.rep.extra.country;
    if (small && cc && ((ctx.focus && cc !== ctx.focus) || !ctx.countries.get(cc))) return null;
    return representative(c.members, want);
  }
  const scored = cl.map((c) => ({ c, s: score(doc, rec, c, ctx, want) })).sort((a, b) => b.s - a.s);
  if (scored[0].s - scored[1].s < MARGIN) return null;
  return representative(scored[0].c.members, want);
}

/** Point the entity at the chosen entry (merging it into that entry's entity when the report has one). */
function choose(doc: Doc, rec: EntityRec, e: LexEntry): EntityRec {
  const key = `${e.kind}/${e.id}`;
  if (key === rec.key) { setGeo(rec, e); return rec; }
  doc.entities.delete(rec.key);
  const other = doc.entities.get(key);
  const to = other ?? entityFor(doc, e);
  for (const m of rec.mentions) { m.entity = to; to.mentions.push(m); }
  to.mentions.sort((a, b) => a.first - b.first);
  if (!other) to.candidates = rec.candidates;
  rec.mentions = [];
  return to;
}

function setGeo(rec: EntityRec, e: LexEntry): void {
  if (hasPoint(e)) rec.geo = { lat: lat(e), lon: lon(e), precision: precisionOf(e.type) };
  else delete rec.geo;
  rec.admin1 = e.extra.admin1;
  rec.country = e.extra.country;
}

/**
 * No coordinates for a name the evidence cannot place, and no gazetteer id either (it would claim one of the
 * places): the entity becomes an unknown place named by its words, as a name caught by a head noun is.
 */
function unresolve(doc: Doc, rec: EntityRec): void {
  delete rec.geo;
  const own = entryIndex(doc).byKey.get(rec.key);
  if (!own) return;
  const tag = rec.mentions.map((m) => tagOf(doc, m, own)).find((t): t is Tag => t !== null);
  const key = `place/~${tag ? keyOf(doc, tag) : formKeys(own.forms[0]).join(" ")}`;
  const other = doc.entities.get(key);
  doc.entities.delete(rec.key);
  if (other) {
    for (const x of rec.mentions) { x.entity = other; other.mentions.push(x); }
    other.mentions.sort((a, b) => a.first - b.first);
    rec.mentions = [];
    return;
  }
  rec.key = key;
  rec.ar = tag ? doc.norm.source.slice(doc.norm.start[tag.start], doc.norm.end[tag.end - 1]) : own.forms[0];
  rec.en = "";
  rec.type = headType(doc, rec) ?? rec.type;
  delete rec.admin1;
  delete rec.country;
  doc.entities.set(key, rec);
}

// ---------- names caught by a head noun ----------

function unknownCandidates(doc: Doc, rec: EntityRec): LexEntry[] {
  const out: LexEntry[] = [];
  for (const m of rec.mentions) {
    if (m.via !== "pattern") continue;
    let a = nameStart(doc, m), b = m.last;
    while (a < b && isQuote(doc, a)) a++;
    while (b > a && isQuote(doc, b - 1)) b--;
    if (b <= a) continue;
    // doc.matches is in token order: the matches at token a, found by binary search (a scan of all of them per
    // mention was quadratic in a long report)
    for (const x of inRange(doc.matches, a, a + 1)) {
      if (x.last !== b && x.last !== m.last) continue;
      for (const i of x.entries) {
        const e = doc.lex.entries[i];
        if (e.kind !== "place" || out.includes(e) || !articleAgrees(doc, x, e)) continue;
        if (!headNames(doc, m, x) || !nameAllowed(doc, m, x, e)) continue;
        out.push(e);
      }
    }
  }
  return out;
}

/** A checkpoint, field or station at a known village takes the village's point, and stays a place of its own. */
function placeUnknown(doc: Doc, rec: EntityRec, cl: Cluster[], ctx: Context): void {
  const pick = decide(doc, rec, cl, ctx);
  if (!pick || !hasPoint(pick)) return;
  const head = headOf(doc, rec.mentions[0]);
  const value = head?.entry.extra.value ?? "";
  if (value === "site" || value === "route" || rec.type === "site" || rec.type === "route") {
    // «حاجز المسمية» is the checkpoint at al-Masmiyah: the village's point, at the village's precision
    rec.geo = { lat: lat(pick), lon: lon(pick), precision: "town" };
    rec.admin1 = pick.extra.admin1;
    rec.country = pick.extra.country;
    return;
  }
  choose(doc, rec, canonicalOf(doc, pick));
}

function canonicalOf(doc: Doc, e: LexEntry): LexEntry { return canonical(e, entryIndex(doc)); }

/**
 * A crossing or checkpoint named by the place it stands at («معبر مدينة الطبقة» the Tabqa crossing) takes that
 * place's point; so does a site named by the town it serves («سوق البلدة» the town's market). A quarter the
 * gazetteer does not know («حي هرابش», «أحياء “الشيخ يس والعرضي”») takes the point of the one town its sentence,
 * else its paragraph, else the whole report names as a town («مدينة دير الزور»), at town precision: it lies in
 * that town.
 */
function placeSites(doc: Doc): void {
  for (const rec of doc.entities.values()) {
    if (rec.kind !== "place" || rec.geo || !rec.key.startsWith("place/~") || rec.type !== "site") continue;
    const at = SITE_AT.get(rec)?.entity;
    if (at?.geo && isTownLike(at)) { placeAt(rec, at); continue; }
    for (const m of rec.mentions) {
      const i = m.last < doc.tokens.count ? doc.mentionAt[m.last] : -1;
      const next = i >= 0 ? doc.mentions[i] : null;
      if (next && next.first === m.last && next.entity.kind === "place" && next.entity.geo && isTownLike(next.entity)) {
        placeAt(rec, next.entity);
        break;
      }
    }
    if (rec.geo) continue;
    const quarter = rec.mentions.some((m) => QUARTER_HEAD.test(word(doc, m.first)) || LIST_HEAD.get(m)?.quarter);
    if (!quarter) continue;
    const m = rec.mentions[0];
    let seen = false;
    for (const within of [doc.sentOf, doc.paraOf]) {
      const towns = new Set<EntityRec>();
      for (const o of doc.mentions) if (o.entity !== rec && o.entity.kind === "place" && o.entity.geo && isTownLike(o.entity) && within[o.first] === within[m.first]) towns.add(o.entity);
      if (towns.size === 1) placeAt(rec, [...towns][0]);
      if ((seen = towns.size > 0)) break;
    }
    // two towns around it and nothing to choose: unplaced
    if (rec.geo || seen) continue;
    // the report's one town: a place it calls «مدينة X», or its only town
    const cities = new Set<EntityRec>();
    for (const o of doc.mentions) {
      const h = headOf(doc, o);
      if (o.entity !== rec && o.entity.kind === "place" && o.entity.geo && isTownLike(o.entity) && (o.entity.type === "city" || h?.entry.extra.value === "city")) cities.add(o.entity);
    }
    if (cities.size === 1) placeAt(rec, [...cities][0]);
  }
}

function placeAt(rec: EntityRec, town: EntityRec): void {
  rec.geo = { lat: town.geo!.lat, lon: town.geo!.lon, precision: "town" };
  rec.country = town.country;
  rec.admin1 = town.admin1;
}

/**
 * A road named by its ends («طريق دمشق السويداء») lies between them: the midpoint of its two ends where both are
 * placed and less than 300 km apart, else its one placed end, at region precision (a road is a line, not a point).
 */
function placeRoutes(doc: Doc): void {
  for (const rec of doc.entities.values()) {
    const ends = rec.kind === "place" && !rec.geo ? ROUTE_ENDS.get(rec) : undefined;
    if (!ends) continue;
    const pts = ends.filter((e) => e.geo && e.type !== "country" && e.type !== "region").map((e) => e.geo!);
    if (!pts.length) continue;
    const [a, b] = pts;
    const mid = b && distanceKm(a.lat, a.lon, b.lat, b.lon) < 300 ? { lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2 } : a;
    rec.geo = { lat: Math.round(mid.lat * 1e5) / 1e5, lon: Math.round(mid.lon * 1e5) / 1e5, precision: "region" };
    const e0 = ends.find((e) => e.geo === a);
    rec.country = e0?.country;
    if (!b || e0?.admin1 === ends.find((e) => e.geo === b)?.admin1) rec.admin1 = e0?.admin1;
  }
}

/** A town, or a governorate whose point is its capital town. */
function isTownLike(rec: EntityRec): boolean {
  return rec.type === "city" || rec.type === "village" || rec.type === "governorate";
}

// ---------- imported villages: a head noun, or context ----------

/**
 * Imported names the tagger let through that are not names here: a word without the article for a place always
 * written with it («قاسم» is a man, «القاسم» the town), and an imported village or quarter whose head noun does
 * not name it (see headNames, nameAllowed).
 */
function checkImported(doc: Doc): void {
  const ix = entryIndex(doc);
  for (const rec of [...doc.entities.values()]) {
    if (rec.kind !== "place" || rec.key.startsWith("place/~")) continue;
    const own = ix.byKey.get(rec.key);
    if (!own || !isImported(own)) continue;
    const keep: Mention[] = [];
    for (const m of rec.mentions) {
      const tag = tagOf(doc, m, own);
      const ok = !tag || m.via !== "lexicon" || (articleFits(doc, tag, own) && (!SMALL.has(own.type) || smallTagAllowed(doc, m, tag, own)));
      if (ok) keep.push(m);
      else dropMention(doc, m);
    }
    rec.mentions = keep;
    if (!keep.length) doc.entities.delete(rec.key);
  }
  rebuildMentionIndex(doc);
}

function smallTagAllowed(doc: Doc, m: Mention, tag: Tag, e: LexEntry): boolean {
  const fake: Match = { first: tag.first, last: tag.last, entries: [], start: tag.start, end: tag.end, stripped: tag.stripped, pre: tag.pre, suffix: "", ambiguous: null };
  return nameAllowed(doc, m, fake, e);
}

/** The rules for an imported village's name after a head noun. */
function nameAllowed(doc: Doc, m: Mention, x: Match, e: LexEntry): boolean {
  if (!isImported(e) || !SMALL.has(e.type)) return true;
  const key = keyOf(doc, x);
  if (isShort(doc, x, key)) return false;
  if (!headNames(doc, m, x)) return false;
  // «حاجز الرابعة» is the Fourth Division's checkpoint: after a checkpoint head a common word names its crew
  if (commonKeys(e).has(key) && CHECKPOINT_HEAD.test(word(doc, m.first))) return false;
  return !commonKeys(e).has(key) || isDefinite(doc, x.first);
}

/**
 * The head before a name names it («قرية الخير», «بلدته إبطع» "his town, Ibta") unless it has the article
 * («المنطقة الحمراء» "the red zone", «المحافظات السورية» "the Syrian governorates") or the name is an indefinite
 * nisba agreeing with a feminine head («منطقة ريفية» "a rural area", «قاعدة جوية» "an air base").
 */
function headNames(doc: Doc, m: Mention, x: Match): boolean {
  if (LIST_HEAD.has(m)) return true; // «قرى ذيبان والطيانة والراغب»: the plural head names every name of its list
  let h = x.first - 1;
  while (h >= m.first && isQuote(doc, h)) h--;
  const head = h >= 0 ? word(doc, h).replace(/^(و|ف)/, "") : "";
  if (!head || /^(ال|لل|بال|كال)/.test(head)) return false;
  const words = keyOf(doc, x).split(" ");
  return isDefinite(doc, x.first) || words.length > 1 || !/يه$/.test(words[0]) || !/[هت]$/.test(head);
}

function isDefinite(doc: Doc, k: number): boolean {
  return /^(ال|لل|بال|كال)/.test(word(doc, k).replace(/^(و|ف)/, ""));
}

/** Bare mentions of imported villages, accepted where the report has placed them already. */
function addContextMentions(doc: Doc, ix: EntryIndex): void {
  const placed = new Map<LexEntry, EntityRec>();
  for (const rec of doc.entities.values()) {
    if (rec.kind !== "place" || !rec.mentions.length || !rec.geo) continue;
    const e = ix.byKey.get(rec.key);
    if (e) placed.set(e, rec);
  }
  let added = false;
  for (const x of doc.matches) {
    // the entries first (no array made): without an imported gazetteer no match gets past this
    if (!onlyImportedPlaces(doc, x)) continue;
    if (!free(doc, x)) continue;
    const all = x.entries.map((i) => doc.lex.entries[i]);
    // where a core entry or another kind of word shares the name, the tagger's reading stands
    if (all.some((e) => e.kind !== "place" || !isImported(e))) continue;
    const small = all.filter((e) => SMALL.has(e.type) && articleAgrees(doc, x, e));
    if (!small.length) continue;
    const key = keyOf(doc, x);
    if (isShort(doc, x, key) || small.some((e) => commonKeys(e).has(key))) continue;
    // 1. the same village again («بلدة الكبر» … «الكبر»)
    let rec: EntityRec | undefined;
    for (const e of small) { rec = placed.get(canonical(e, ix)); if (rec) break; }
    // 2. beside a placed town: coordinated («بلدتي الشحيل وذيبان») or placed by a direction («الصبحة شرقي دير الزور»)
    if (!rec) {
      const near = neighbourOf(doc, x);
      if (!near?.geo) continue;
      const close = small.filter((e) => hasPoint(e) && distanceKm(lat(e), lon(e), near.geo!.lat, near.geo!.lon) <= CONTEXT_KM);
      const cl = clusters(close);
      if (cl.length !== 1) continue;
      const e = canonical(representative(cl[0].members), ix);
      rec = placed.get(e) ?? entityFor(doc, e);
      setGeo(rec, e);
      placed.set(e, rec);
    }
    const m: Mention = { first: x.first, last: x.last, start: x.start, end: x.end, entity: rec, prep: prepAt(doc, x.first, x.pre), via: "lexicon" };
    rec.mentions.push(m);
    doc.mentions.push(m);
    added = true;
    // the index points at this mention, so that the next name of a list finds it: «ذيبان والطيانة والراغب»
    for (let k = x.first; k < x.last; k++) doc.mentionAt[k] = doc.mentions.length - 1;
  }
  if (added) rebuildMentionIndex(doc);
}

/** The placed town a bare name stands beside: «X وY» after it, or «Y شرقي X» before it. */
function neighbourOf(doc: Doc, x: Match): EntityRec | null {
  const placeAt = (k: number): Mention | null => {
    const i = k >= 0 && k < doc.tokens.count ? doc.mentionAt[k] : -1;
    const m = i >= 0 ? doc.mentions[i] : null;
    return m && m.entity.kind === "place" && m.entity.geo && m.entity.type !== "country" && m.entity.type !== "region" ? m : null;
  };
  // «بلدتي الشحيل وذيبان»: a conjunction on this name, a placed village or town right before it
  if (x.pre.startsWith("و")) {
    const prev = placeAt(x.first - 1);
    if (prev && prev.last === x.first && (SMALL.has(prev.entity.type) || prev.entity.type === "city")) return prev.entity;
  }
  // «الصبحة شرقي دير الزور», «الصبحة بريف دير الزور»
  const dir = doc.at.function?.[x.last] ?? -1;
  if (dir >= 0) {
    const t = doc.layers.function[dir];
    if (t.first === x.last && t.entry.type === "direction") { const next = placeAt(t.last); if (next) return next.entity; }
  }
  const nxt = placeAt(x.last);
  if (nxt && nxt.first === x.last) {
    const w = word(doc, nxt.first);
    if (/^(ب|في)?ريف$|^بريف/.test(w)) return nxt.entity;
  }
  return null;
}

// ---------- precision ----------


/**
 * «ريف X», «بادية X», «أرياف X» name the country round X: region precision when every mention says so. «مدينة X»
 * for a governorate whose point is its capital (not a centroid) is the town.
 */
function precisionFor(doc: Doc, rec: EntityRec): GeoPrecision {
  const base = rec.geo?.precision ?? precisionOf(rec.type);
  if (base === "country" || base === "region" || !rec.mentions.length) return base;
  const heads = rec.mentions.map((m) => { const h = headOf(doc, m); return h && h.first === m.first ? h : null; });
  if (heads.every((h) => h !== null && REGION_HEAD.test(word(doc, h.first)))) return "region";
  if (base === "governorate" && heads.every((h) => h?.entry.extra.value === "city")) {
    const e = entryIndex(doc).byKey.get(rec.key);
    if (e && !/centroid/.test(e.extra.note ?? "")) return "town";
  }
  return base;
}

// ---------- small helpers ----------

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function headOf(doc: Doc, m: Mention): Tag | null {
  const at = doc.at.function;
  if (!at) return null;
  for (const k of [m.first, m.first - 1]) {
    const i = k >= 0 && k < at.length ? at[k] : -1;
    if (i < 0) continue;
    const t = doc.layers.function[i];
    if (t.entry.type === "place_head" && (k === m.first ? t.first === m.first : t.last === m.first)) return t;
  }
  return null;
}

/** «ريف X», «بادية X», «أرياف X», «ضواحي X», «أطراف X» (with clitics: «بريف», «وبادية»): the country round X. */
const REGION_HEAD = /^(و|ف)?(ب|ل|ك)?(ال)?(ريف|ارياف|باديه|صحراء|ضواحي|اطراف)$/;
/** «بادية X», «ريف X» without the article: a head in construct with X (with it, «البادية» is the Syrian Desert). */
const BARE_REGION_HEAD = /^(و|ف)?(ب|ل|ك)?(ريف|ارياف|باديه)$/;
/** «حي X», «أحياء X», «حارة X»: a quarter of a town. */
const QUARTER_HEAD = /^(و|ف)?(ب|ل|ك)?(ال)?(حي|احياء|حاره)$/;
/** «حاجز», «نقاط», «معبر», «منفذ» (with clitics and the article). */
const CHECKPOINT_HEAD = /^(و|ف)?(ب|ل|ك)?(ال)?(حاجز|حواجز|نقطه|نقاط|معبر|معابر|منفذ|منافذ)$/;

/** The first token of the name in a mention (after its head noun, when the mention includes one). */
function nameStart(doc: Doc, m: Mention): number {
  const h = headOf(doc, m);
  let k = h && h.first === m.first ? h.last : m.first;
  while (k < m.last - 1 && isQuote(doc, k)) k++;
  return k;
}

function tagOf(doc: Doc, m: Mention, e: LexEntry): Tag | null {
  for (let k = m.first; k < m.last; k++) {
    const i = doc.at.entity?.[k] ?? -1;
    if (i >= 0 && doc.layers.entity[i].entry === e) return doc.layers.entity[i];
  }
  return null;
}

function isQuote(doc: Doc, k: number): boolean {
  if (doc.tokens.kind[k] !== TOKEN_PUNCT) return false;
  const w = word(doc, k);
  return w === '"' || w === "(" || w === ")" || w === "'";
}

/** «تل», «عين», «بير» alone are head nouns or particles, not names; «الكبر» with its article may be a name. */
function isShort(doc: Doc, x: Match, key: string): boolean {
  if (key.includes(" ")) return false;
  return key.length <= 2 || (key.length === 3 && !isDefinite(doc, x.first));
}

/** The matcher key of the words of a match (clitics and articles off). */
function keyOf(doc: Doc, x: { start: number; end: number }): string {
  return formKeys(doc.norm.text.slice(x.start, x.end)).join(" ");
}

const commonCache = new WeakMap<LexEntry, Set<string>>();
function commonKeys(e: LexEntry): Set<string> {
  let s = commonCache.get(e);
  if (!s) { s = new Set((e.extra.common ?? "").split("|").filter(Boolean).map((f) => formKeys(f).join(" "))); commonCache.set(e, s); }
  return s;
}

const articleCache = new WeakMap<LexEntry, Map<string, { with: boolean; without: boolean }>>();
/** Whether the entry's forms with this key are written with the article, without it, or both. */
function articleUse(e: LexEntry, key: string): { with: boolean; without: boolean } {
  let byKey = articleCache.get(e);
  if (!byKey) {
    byKey = new Map();
    for (const f of e.forms) {
      const k = formKeys(f).join(" ");
      const v = byKey.get(k) ?? { with: false, without: false };
      if (normalizeForMatch(f).startsWith("ال")) v.with = true;
      else v.without = true;
      byKey.set(k, v);
    }
    articleCache.set(e, byKey);
  }
  return byKey.get(key) ?? { with: true, without: true };
}

type Span = { first: number; last: number; start: number; end: number; pre: string };

/** «السورية» is not «سورية»: a place whose names never take the article is not read from a word that has one. */
function articleAgrees(doc: Doc, x: Span, e: LexEntry): boolean {
  return articleFits(doc, x, e);
}

/**
 * The article as written (the proclitics `pre` of the first word) fits the entry's forms of these words; for
 * imported names both ways: «قاسم» (a man's name) is not the town «القاسم».
 */
function articleFits(doc: Doc, x: Span, e: LexEntry): boolean {
  const has = /(^|[وفبلك])(ال|لل)$/.test(x.pre);
  const use = articleUse(e, keyOf(doc, x));
  return has ? use.with : use.without || !isImported(e);
}

/** Whether every entry of a match is an imported place (`all.some(...)` below, tested before anything is made). */
function onlyImportedPlaces(doc: Doc, x: Match): boolean {
  for (const i of x.entries) { const e = doc.lex.entries[i]; if (e.kind !== "place" || !isImported(e)) return false; }
  return true;
}

/** No mention and no other layer's tag on these words. */
function free(doc: Doc, x: Match): boolean {
  for (let k = x.first; k < x.last; k++) {
    if (doc.tokens.kind[k] !== TOKEN_WORD) return false;
    if (doc.mentionAt[k] >= 0) return false;
    for (const layer in doc.at) if (doc.at[layer][k] >= 0) return false;
  }
  return true;
}

function dropMention(doc: Doc, m: Mention): void {
  const i = doc.mentions.indexOf(m);
  if (i >= 0) doc.mentions.splice(i, 1);
}

function rebuildMentionIndex(doc: Doc): void {
  doc.mentions.sort((a, b) => a.first - b.first || b.last - a.last);
  // refill the index in place: no new array per rebuild
  if (doc.mentionAt.length === doc.tokens.count) doc.mentionAt.fill(-1);
  else doc.mentionAt = new Int32Array(doc.tokens.count).fill(-1);
  const at = doc.mentionAt;
  for (let i = 0; i < doc.mentions.length; i++) { const m = doc.mentions[i]; for (let k = m.first; k < m.last; k++) if (at[k] < 0) at[k] = i; }
}

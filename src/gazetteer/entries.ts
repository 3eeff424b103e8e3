// Stored gazetteer places → lexicon entries that the extractor compiles beside the shipped ones.
//
// Each entry keeps what the geocoder weighs: its point, country, population, its source, and its governorate as
// the id of the core gazetteer's governorate row (sy-deir-ez-zor) so that imported villages and core places share
// one key. An imported place that is the core gazetteer's own place (same name, a few km apart) says so in
// `extra.same`, and the geocoder counts them as one. Villages and quarters, and any name that is an ordinary word
// too (`extra.common`), are marked ambiguous: the tagger then wants a head noun before them («قرية الخير» yes,
// bare «الخير» "the good" no). A name that is a word of another shipped lexicon («مدينة», «الجيش») is left out.
import type { LexEntry } from "../lexicon/index.js";
import { formKeys } from "../lexicon/index.js";
import { PointIndex, distanceKm } from "./rows.js";
import type { StoredPlace } from "./db.js";
import { riskOf, type RiskContext } from "./risk.js";

/** An imported place this close to a same-named core place is that place. */
const SAME_KM: Record<string, number> = { governorate: 80, district: 40, region: 60 };
const SAME_KM_DEFAULT = 20;
/** A place without a governorate takes its nearest core neighbour's within this distance. */
const NEIGHBOUR_KM = 30;

export interface EntryStats {
  places: number;
  entries: number;
  forms: number;
  risky: number;
  /** names left out because they are words of another lexicon */
  dropped: number;
  /** imported places that duplicate a core place */
  same: number;
  /** source governorate keys mapped onto core governorates */
  mappedAdmin1: number;
}

/** Places that need a head noun or context to be read bare. */
export const SMALL = new Set(["village", "site"]);

const HEAD_WORDS = /^(محافظه|منطقه|قضاء|ناحيه|مدينه|لواء)\s+/;

function key(form: string): string { return formKeys(form).join(" "); }

/** Convert stored places; `core` is the shipped lexicon (every kind: its keys tell which names are words too). */
export function toLexEntries(places: StoredPlace[], core: LexEntry[], risk: RiskContext, stats?: EntryStats): LexEntry[] {
  const corePlaces = core.filter((e) => e.kind === "place");
  const coreByKey = new Map<string, LexEntry[]>();
  for (const e of corePlaces) for (const f of e.forms) push(coreByKey, key(f), e);

  // 1. source governorates → core governorates: by name, then by what the core knows about their places
  const keyMap = new Map<string, string>();
  const coreGov = new Map<string, LexEntry>();
  for (const e of corePlaces) if (e.type === "governorate" && e.extra.country) for (const f of e.forms) coreGov.set(`${e.extra.country}|${key(f).replace(HEAD_WORDS, "")}`, e);
  const byName = new Set<string>();
  for (const p of places) {
    if (p.type !== "governorate" || !p.admin1) continue;
    for (const k of p.keys) {
      const g = coreGov.get(`${p.country}|${k.replace(HEAD_WORDS, "")}`);
      if (g) { keyMap.set(p.admin1, g.id); byName.add(p.id); break; }
    }
  }
  const labels = new PointIndex<string>();
  for (const e of corePlaces) {
    const lat = Number(e.extra.lat), lon = Number(e.extra.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !e.extra.lat) continue;
    if (e.type === "governorate") labels.add(lat, lon, e.id);
    else if (e.extra.admin1 && (e.type === "city" || e.type === "village" || e.type === "district")) labels.add(lat, lon, e.extra.admin1);
  }
  const votes = new Map<string, Map<string, number>>();
  const nearestLabel = new Map<StoredPlace, string>();
  for (const p of places) {
    const near = labels.nearest(p.lat, p.lon, NEIGHBOUR_KM);
    if (!near) continue;
    nearestLabel.set(p, near.value);
    if (p.admin1 && !keyMap.has(p.admin1)) {
      let v = votes.get(p.admin1);
      if (!v) { v = new Map(); votes.set(p.admin1, v); }
      v.set(near.value, (v.get(near.value) ?? 0) + 1);
    }
  }
  for (const [k, v] of votes) {
    const total = [...v.values()].reduce((a, b) => a + b, 0);
    const [best, n] = [...v.entries()].sort((a, b) => b[1] - a[1])[0];
    if (n >= 3 && n / total >= 0.6) keyMap.set(k, best);
  }
  if (stats) stats.mappedAdmin1 = keyMap.size;

  // 2. the entries
  const out: LexEntry[] = [];
  for (const p of places) {
    const admin1 = (p.admin1 && keyMap.get(p.admin1)) || nearestLabel.get(p) || p.admin1;
    // a name that is a word of another lexicon («مدينة» the head noun, «الجيش» the army) is left out: matched, it
    // would take the words from the grammar («معبر مدينة الطبقة» is the crossing of al-Tabqa, not a village «مدينة»)
    const forms: string[] = [];
    const keys: string[] = [];
    p.ar.forEach((f, i) => {
      const k = p.keys[i];
      if (!k || forms.includes(f.trim())) return;
      if (risk.lexicon.has(k)) { if (stats) stats.dropped++; return; }
      // spellings that share a key stay: whether a name is written with the article is evidence («القاسم»)
      forms.push(f.trim());
      keys.push(k);
    });
    // «ابو كمال» is also written «ابوكمال», «دير حافر» «ديرحافر»: the glued spelling of a compound name
    for (const f of forms.slice()) {
      const g = gluedForm(f);
      if (!g || forms.includes(g)) continue;
      const k = key(g);
      if (!k || keys.includes(k) || risk.lexicon.has(k)) continue;
      forms.push(g);
      keys.push(k);
    }
    if (!forms.length) continue;
    const extra: Record<string, string> = {
      lat: String(p.lat), lon: String(p.lon), country: p.country, source: p.source, placetype: p.placetype,
    };
    if (admin1) extra.admin1 = admin1;
    if (p.population > 0) extra.population = String(p.population);
    // the core place this one is
    const limit = SAME_KM[p.type] ?? SAME_KM_DEFAULT;
    let same: LexEntry | null = null;
    for (const k of keys) {
      for (const c of coreByKey.get(k) ?? []) {
        const d = distanceKm(p.lat, p.lon, Number(c.extra.lat), Number(c.extra.lon));
        if (c.extra.lat && Number.isFinite(d) && d <= limit) { same = c; break; }
      }
      if (same) break;
    }
    // a governorate is the core's governorate of the same name, wherever each puts its point
    if (!same && byName.has(p.id) && admin1) same = corePlaces.find((c) => c.id === admin1) ?? null;
    if (same) { extra.same = same.id; if (stats) stats.same++; }
    // a village or a quarter is named bare in the news only where the report has already placed it: the tagger
    // wants a head noun («قرية X», «بلدة X», «حي X»); the geocoder adds bare mentions in context. Towns, districts
    // and governorates stand bare unless the name is an ordinary word.
    const risky = forms.filter((f, i) => riskOf(keys[i], risk, f) !== null);
    if (risky.length) extra.common = risky.join("|");
    if (SMALL.has(p.type)) extra.note = "ambiguous (a small place: a head noun or context is needed)";
    else if (risky.length) extra.note = `ambiguous: ${risky.map((f) => `«${f}»`).join(", ")}`;
    if (extra.note && stats) stats.risky++;
    out.push({ kind: "place", id: p.id, type: p.type, forms, en: p.name, extra });
    if (stats) stats.forms += forms.length;
  }
  if (stats) { stats.places = places.length; stats.entries = out.length; }
  // entries that stand bare first: the tagger tries the first entry of a node, and a town must not be refused
  // because a village of the same name needs a head noun
  return [...out.filter((e) => !SMALL.has(e.type)), ...out.filter((e) => SMALL.has(e.type))];
}

/**
 * First words of compound place names that end in a letter that does not join the next one («أبو», «دير», «بئر»,
 * «جسر», «معرة», «دار», «البو»): a missing space after them is invisible on the page, so the press often writes the
 * name glued («ديرالزور», «ابوكمال», «جسرالشغور»).
 */
const GLUE_FIRST = /^(أبو|ابو|إبو|دير|بئر|بير|جسر|معرة|معره|دار|البو)$/;

/** The glued spelling of a compound name («دير حافر» → «ديرحافر»), or null. */
export function gluedForm(form: string): string | null {
  const words = form.trim().split(/\s+/);
  if (words.length < 2 || !GLUE_FIRST.test(words[0])) return null;
  return [words[0] + words[1], ...words.slice(2)].join(" ");
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

// Tagging: from every lexicon match (overlapping) to one non-overlapping layer per kind, longest match first.
import type { Doc, Tag } from "./doc.js";
import type { Match, LexEntry } from "../lexicon/index.js";
import { normalizeForMatch } from "../text/index.js";

/** Layers: actors and places compete for the same words; every other kind has its own layer. */
const LAYER_OF: Record<string, string> = {
  actor: "entity", place: "entity", item: "item", flow: "flow", event: "event", source: "source", time: "time", function: "function",
};
export const LAYERS = ["entity", "item", "flow", "event", "source", "time", "function"] as const;

export function tagDoc(doc: Doc): void {
  const byLayer: Record<string, Array<{ m: Match; idx: number }>> = {};
  for (const m of doc.matches) {
    // one candidate per layer per match: the first entry of that layer that ends at this node
    const seen = new Set<string>();
    for (const idx of m.entries) {
      const e = doc.lex.entries[idx];
      const layer = LAYER_OF[e.kind];
      if (seen.has(layer)) continue;
      seen.add(layer);
      (byLayer[layer] ??= []).push({ m, idx });
    }
  }
  const n = doc.tokens.count;
  for (const layer of LAYERS) {
    const cands = byLayer[layer] ?? [];
    // an empty layer needs no index: readers treat a missing one as «no tag here»
    if (!cands.length) { doc.layers[layer] = []; delete doc.at[layer]; continue; }
    // longest first; then the word as written before a clitic-stripped reading; then earlier
    cands.sort((a, b) => (b.m.last - b.m.first) - (a.m.last - a.m.first) || a.m.stripped - b.m.stripped || a.m.first - b.m.first);
    const taken = new Int32Array(n).fill(-1);
    const chosen: Tag[] = [];
    for (const { m, idx } of cands) {
      let free = true;
      for (let k = m.first; k < m.last; k++) if (taken[k] >= 0) { free = false; break; }
      if (!free) continue;
      if (!acceptable(doc, m, idx)) continue;
      const entry = doc.lex.entries[idx];
      const alts = m.entries.map((k) => doc.lex.entries[k]).filter((x) => LAYER_OF[x.kind] === layer && x.kind === entry.kind);
      chosen.push({ first: m.first, last: m.last, start: m.start, end: m.end, entry, pre: m.pre, alts,
        stripped: m.stripped, suffixed: m.suffix !== "" });
      for (let k = m.first; k < m.last; k++) taken[k] = 1;
    }
    chosen.sort((a, b) => a.first - b.first);
    doc.layers[layer] = chosen;
    const at = new Int32Array(n).fill(-1);
    chosen.forEach((t, i) => { for (let k = t.first; k < t.last; k++) at[k] = i; });
    doc.at[layer] = at;
  }
}

/**
 * Reject readings that clitic stripping makes up: a stem of two letters found only by stripping («يع» from «بيع»);
 * a pronoun «ه» that was a taa marbuta in the text («تجارة» is trade, not «تجار» + «ه»); an accusative alef taken
 * off a word written without tanween («نويا»); and ambiguous forms («الباب», «حديثة») unless a head noun
 * («قرية», «بلدة», «حقل»…) stands right before them.
 */
function acceptable(doc: Doc, m: Match, idx: number): boolean {
  const t = doc.tokens;
  const stemLen = t.end[m.first] - t.start[m.first] - m.stripped;
  if (m.stripped > 0 && m.last - m.first === 1 && stemLen <= 2) return false;
  if (m.suffix) {
    const endOrig = doc.norm.end[t.end[m.first] - 1];
    const lastChar = doc.norm.source.charCodeAt(doc.norm.start[t.end[m.first] - 1]);
    if (m.suffix.endsWith("ه") && lastChar === 0x0629) return false;
    if (m.suffix === "ا") {
      const orig = doc.norm.source.slice(doc.norm.start[t.start[m.first]], endOrig);
      if (!orig.includes("\u064b")) return false;
    }
  }
  // «السورية» is the adjective "Syrian", not «سورية» (Syria): a place whose names never take the article is not
  // read from a word that has one («الحمص» is chickpeas)
  const e = doc.lex.entries[idx];
  if (e.kind === "place" && /(^|[وفبلك])(ال|لل)$/.test(m.pre) && !takesArticle(e)) return false;
  if (m.ambiguous?.includes(idx)) {
    const prev = m.first - 1;
    if (prev < 0) return false;
    const word = t.text.slice(t.start[prev], t.end[prev]);
    return PLACE_HEAD_HINT.test(word);
  }
  return true;
}

const articleCache = new WeakMap<object, boolean>();
function takesArticle(e: LexEntry): boolean {
  let v = articleCache.get(e);
  if (v === undefined) {
    v = e.forms.some((f) => normalizeForMatch(f).startsWith("ال"));
    articleCache.set(e, v);
  }
  return v;
}

const PLACE_HEAD_HINT = /^(و|ف)?(ب|ل|ك)?(ال)?(قري[هت]|قرى|بلد[هت]|بلدات|مدين[هت]|ناحي[هت]|منطق[هت]|حقل|حقول|معبر|حاجز|مخيم|سد|مطار|قاعد[هت]|جبل|وادي|حي|بادي[هت]|ريف|محافظ[هت])$/;

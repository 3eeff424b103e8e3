// Tagging: from every lexicon match (overlapping) to one non-overlapping layer per kind, longest match first.
import type { Doc, Tag } from "./doc.js";
import type { Match, LexEntry } from "../lexicon/index.js";
import { normalizeForMatch, int32Column } from "../text/index.js";

/** Layers: actors and places compete for the same words; every other kind has its own layer. */
const LAYER_OF: Record<string, string> = {
  actor: "entity", place: "entity", item: "item", flow: "flow", event: "event", source: "source", time: "time", function: "function",
};
export const LAYERS = ["entity", "item", "flow", "event", "source", "time", "function"] as const;

const NO_LAYER = 255;
/** The layer (index into LAYERS) of every entry of a lexicon (NO_LAYER for none), computed once per lexicon. */
const layerIndexCache = new WeakMap<readonly LexEntry[], Uint8Array>();
function layerIndex(entries: readonly LexEntry[]): Uint8Array {
  let idx = layerIndexCache.get(entries);
  if (!idx) {
    idx = new Uint8Array(entries.length);
    entries.forEach((e, i) => {
      const layer = (LAYERS as readonly string[]).indexOf(LAYER_OF[e.kind]);
      idx![i] = layer < 0 ? NO_LAYER : layer;
    });
    layerIndexCache.set(entries, idx);
  }
  return idx;
}

// Scratch columns for the candidates of one document (tagging is synchronous): the match and the entry of each
// candidate, grouped by layer, and a per-token mark of the words a layer has already taken.
const SCRATCH_SIZE = 8192, SCRATCH_KEEP = 1 << 20;
let candMatch = new Int32Array(SCRATCH_SIZE);
let candEntry = new Int32Array(SCRATCH_SIZE);
let candLayer = new Uint8Array(SCRATCH_SIZE);
let order = new Int32Array(SCRATCH_SIZE);
let taken = new Int32Array(SCRATCH_SIZE);
let takenStamp = 0;

/** After a huge document (hostile input), the scratch goes back to its usual size. */
function shrinkScratch(): void {
  if (candMatch.length > SCRATCH_KEEP) { candMatch = new Int32Array(SCRATCH_SIZE); candEntry = new Int32Array(SCRATCH_SIZE); candLayer = new Uint8Array(SCRATCH_SIZE); }
  if (order.length > SCRATCH_KEEP) order = new Int32Array(SCRATCH_SIZE);
  if (taken.length > SCRATCH_KEEP) { taken = new Int32Array(SCRATCH_SIZE); takenStamp = 0; }
}

export function tagDoc(doc: Doc): void {
  const entries = doc.lex.entries;
  const layerOf = layerIndex(entries);
  const matches = doc.matches;
  // one candidate per layer per match: the first entry of that layer that ends at this node
  let nc = 0;
  const perLayer = [0, 0, 0, 0, 0, 0, 0];
  for (let mi = 0; mi < matches.length; mi++) {
    const ids = matches[mi].entries;
    let seen = 0;
    for (let q = 0; q < ids.length; q++) {
      const idx = ids[q];
      const layer = layerOf[idx];
      if (layer === NO_LAYER || seen & (1 << layer)) continue;
      seen |= 1 << layer;
      if (nc === candMatch.length) growCandidates();
      candMatch[nc] = mi; candEntry[nc] = idx; candLayer[nc] = layer; nc++;
      perLayer[layer]++;
    }
  }
  const n = doc.tokens.count;
  if (taken.length < n) { taken = new Int32Array(Math.max(n, taken.length * 2)); takenStamp = 0; }
  if (order.length < nc) order = new Int32Array(Math.max(nc, order.length * 2));
  for (let layer = 0; layer < LAYERS.length; layer++) {
    const name = LAYERS[layer];
    // an empty layer needs no index: readers treat a missing one as «no tag here»
    if (!perLayer[layer]) { doc.layers[name] = []; delete doc.at[name]; continue; }
    let k = 0;
    for (let c = 0; c < nc; c++) if (candLayer[c] === layer) order[k++] = c;
    rankCandidates(matches, k);
    const cands = order;
    if (++takenStamp === 0x7fffffff) { taken.fill(0); takenStamp = 1; }
    const chosen: Tag[] = [];
    for (let q = 0; q < k; q++) {
      const m = matches[candMatch[cands[q]]];
      const idx = candEntry[cands[q]];
      let free = true;
      for (let w = m.first; w < m.last; w++) if (taken[w] === takenStamp) { free = false; break; }
      if (!free) continue;
      if (!acceptable(doc, m, idx)) continue;
      const entry = entries[idx];
      const alts: LexEntry[] = [];
      for (const a of m.entries) { const x = entries[a]; if (layerOf[a] === layer && x.kind === entry.kind) alts.push(x); }
      chosen.push({ first: m.first, last: m.last, start: m.start, end: m.end, entry, pre: m.pre, alts,
        stripped: m.stripped, suffixed: m.suffix !== "" });
      for (let w = m.first; w < m.last; w++) taken[w] = takenStamp;
    }
    sortByFirst(chosen);
    doc.layers[name] = chosen;
    const at = int32Column(n).fill(-1);
    for (let i = 0; i < chosen.length; i++) { const t = chosen[i]; for (let w = t.first; w < t.last; w++) at[w] = i; }
    doc.at[name] = at;
  }
  shrinkScratch();
}

/** Longest first; then the word as written before a clitic-stripped reading; then earlier; then as found. */
function ranked(matches: readonly Match[], a: number, b: number): number {
  const ma = matches[candMatch[a]], mb = matches[candMatch[b]];
  return (mb.last - mb.first) - (ma.last - ma.first) || ma.stripped - mb.stripped || ma.first - mb.first || a - b;
}

/**
 * Sort order[0, k) by `ranked`, a total order: insertion sort for the few candidates of a layer in a report
 * (no array copied, no closure), the built-in sort for many.
 */
function rankCandidates(matches: readonly Match[], k: number): void {
  if (k > SMALL_SORT) {
    const all = Array.from(order.subarray(0, k)).sort((a, b) => ranked(matches, a, b));
    order.set(all);
    return;
  }
  for (let x = 1; x < k; x++) {
    const v = order[x];
    let y = x - 1;
    while (y >= 0 && ranked(matches, order[y], v) > 0) { order[y + 1] = order[y]; y--; }
    order[y + 1] = v;
  }
}

/** Tags by first token (tags of one layer never share one, so the order is total). */
function sortByFirst(tags: Tag[]): void {
  if (tags.length > SMALL_SORT) { tags.sort(byFirst); return; }
  for (let x = 1; x < tags.length; x++) {
    const v = tags[x];
    let y = x - 1;
    while (y >= 0 && tags[y].first > v.first) { tags[y + 1] = tags[y]; y--; }
    tags[y + 1] = v;
  }
}
function byFirst(a: Tag, b: Tag): number { return a.first - b.first; }
const SMALL_SORT = 40;

function growCandidates(): void {
  const cap = candMatch.length * 2;
  const m = new Int32Array(cap); m.set(candMatch); candMatch = m;
  const e = new Int32Array(cap); e.set(candEntry); candEntry = e;
  const l = new Uint8Array(cap); l.set(candLayer); candLayer = l;
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

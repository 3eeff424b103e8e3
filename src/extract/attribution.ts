// Attribution: on whose word each claim rests, and how surely it is said.
//
// A reporting phrase covers the sentence it stands in: «ونقلاً عن مصادر محلية، سمحت …», «… حسب مصادر»,
// «قال X إن …»; a quotation it opens («ذكر X أن “…”») is covered to its closing mark even across sentences.
// A reporting verb with no subject of its own («وذكرت أن», «وأضاف») continues the last source named.
import { inRange, type Doc, type Mention, type Tag } from "./doc.js";
import type { Source, Modality, SourceKind } from "../contract/index.js";
import { toOriginal, normalizeForMatch, TOKEN_PUNCT } from "../text/index.js";
import { word, bareConj, isMediaOutlet } from "./entities.js";


interface Found { kind: SourceKind; start: number; end: number }

function spanOf(doc: Doc, start: number, end: number): [number, number] {
  return toOriginal(doc.norm, start, end);
}

/** The source noun phrase at token i, if any: an anonymous source, a person, a body, an outlet. */
function sourceAt(doc: Doc, i: number, j: number): Found | null {
  for (let k = i; k < Math.min(j, i + 3); k++) {
    const si = doc.at.source?.[k] ?? -1;
    if (si >= 0) {
      const tag = doc.layers.source[si];
      const kind = HEAD_KIND[tag.entry.type];
      // a media head («موقع», «شبكة») is a source only with the outlet's name after it
      if (tag.entry.type === "media_head" && !isNamed(doc, tag.last)) continue;
      if (kind) {
        // the phrase runs on to the next punctuation or «أن/إن» (at most 8 words); a name in brackets or quotes
        // right after the head is part of it («موقع (داماس بوست)», «شبكة “فرات بوست”»)
        let e = tag.last;
        const open = word(doc, e);
        if (open === "(" || open === '"') {
          const close = open === "(" ? ")" : '"';
          let c = e + 1;
          while (c < j && c - e <= 8 && word(doc, c) !== close) c++;
          if (c < j && word(doc, c) === close && c > e + 1) return { kind, start: doc.tokens.start[tag.first], end: doc.tokens.end[c] };
        }
        while (e < j && e - tag.first < 8 && doc.tokens.kind[e] !== TOKEN_PUNCT && !/^(ان|بان|انه|انها|عن)$/.test(word(doc, e))) e++;
        return { kind, start: doc.tokens.start[tag.first], end: doc.tokens.end[Math.max(tag.last, e) - 1] };
      }
    }
    const mi = doc.mentionAt[k];
    if (mi >= 0) {
      const m = doc.mentions[mi];
      if (m.entity.kind !== "actor") continue;
      return { kind: kindOfActor(doc, m), start: m.start, end: m.end };
    }
    if (doc.tokens.kind[k] === TOKEN_PUNCT && word(doc, k) !== '"' && word(doc, k) !== "(") break;
  }
  return null;
}

function isNamed(doc: Doc, k: number): boolean {
  const w = word(doc, k);
  if (w === '"' || w === "(") return true;
  if (doc.tokens.kind[k] === 2) return true; // Latin: «منصة SY24»
  const mi = doc.mentionAt[k];
  return mi >= 0 && doc.mentions[mi].entity.kind === "actor";
}

const HEAD_KIND: Record<string, SourceKind | undefined> = {
  anonymous: "anonymous", media: "media", person_head: "person", media_head: "media", org_head: "organization",
};

function kindOfActor(doc: Doc, m: Mention): SourceKind {
  const e = m.entity;
  if (e.type === "person") return "person";
  if (e.type === "civilians") return "person";
  if (isMediaOutlet(e)) return "media";
  return "organization";
}

/** Assign every flow, event and fact its source and modality. */
export function attribute(doc: Doc): void {
  const t = doc.tokens;
  const perSentence: Array<Found | null> = doc.sentences.map(() => null);
  let last: Found | null = null;
  let quoteUntil = -1; // sentence index a quotation opened by a reporting verb runs to
  let quoteSource: Found | null = null;
  doc.sentences.forEach((sent, si) => {
    const verbs = inRange(doc.layers.source ?? [], sent.first, sent.last).filter((tag) => tag.entry.type === "report_verb");
    let found: Found | null = null;
    for (const v of verbs) {
      // after the verb (VSO, «حسب مصادر»), else before it (SVO, «أحد السائقين قال»)
      found = sourceAt(doc, v.last, sent.last) ?? sourceBefore(doc, v, sent.first);
      if (!found) {
        // a subject-less reporting verb continues the last source («وذكرت أن»)
        if (last && last.kind !== "outlet") found = last;
      }
      if (found) {
        const q = quoteAfter(doc, v, sent.last);
        if (q) { quoteSource = found; quoteUntil = sentenceOfChar(doc, q, si); }
        break;
      }
    }
    // a source noun with no verb: «مصادر محلية: …» at the start of a sentence
    if (!found) {
      const anon = inRange(doc.layers.source ?? [], sent.first, sent.first + 2).find((tag) => tag.entry.type === "anonymous");
      if (anon && /^[:،]$/.test(word(doc, anon.last))) found = { kind: "anonymous", start: t.start[anon.first], end: t.end[anon.last - 1] };
    }
    if (!found && si <= quoteUntil && quoteSource) found = quoteSource;
    perSentence[si] = found;
    if (found) last = found;
  });

  const sourceFor = (si: number): Source => {
    const f = perSentence[si];
    if (!f || f.kind === "outlet" || isOwnOutlet(doc, f)) return { kind: "outlet" };
    const span = spanOf(doc, f.start, f.end);
    return { kind: f.kind, span, text: doc.norm.source.slice(span[0], span[1]) };
  };
  const modalityFor = (si: number, s: Source): Modality => {
    const sent = doc.sentences[si];
    const tags = inRange(doc.layers.source ?? [], sent.first, sent.last);
    if (tags.some((tag) => tag.entry.type === "denial")) return "denied";
    if (tags.some((tag) => tag.entry.type === "hedge")) return "hedged";
    return s.kind === "outlet" ? "asserted" : "reported";
  };
  for (const f of doc.flows) { f.source = sourceFor(f.sentence); f.modality = modalityFor(f.sentence, f.source); }
  for (const e of doc.events) { e.source = sourceFor(e.sentence); e.modality = modalityFor(e.sentence, e.source); }
  for (const f of doc.facts) f.source = sourceFor(f.sentence);
}

/**
 * «حسب ما تابعت منصة SY24» in a report of sy-24.com is the outlet speaking for itself: a named outlet whose Latin
 * name is in the report's web address, or whose name is the report's outlet, is the outlet.
 */
function isOwnOutlet(doc: Doc, f: Found): boolean {
  if (f.kind !== "media" && f.kind !== "organization") return false;
  const said = doc.tokens.text.slice(f.start, f.end);
  const latin = said.replace(/[^a-z0-9]/g, "");
  if (latin.length >= 3 && doc.input.url) {
    let host = "";
    try { host = new URL(doc.input.url).hostname.replace(/[^a-z0-9]/gi, "").toLowerCase(); } catch { host = ""; }
    if (host.includes(latin)) return true;
  }
  if (doc.input.outlet) {
    const outlet = normalizeForMatch(doc.input.outlet).replace(/^ال/, "");
    if (outlet.length >= 3 && said.includes(outlet)) return true;
  }
  return false;
}

function sourceBefore(doc: Doc, v: Tag, first: number): Found | null {
  // the nearest actor or source phrase ending right before the verb (allowing a comma)
  let k = v.first - 1;
  if (k >= first && doc.tokens.kind[k] === TOKEN_PUNCT) k--;
  if (k < first) return null;
  const si = doc.at.source?.[k] ?? -1;
  if (si >= 0 && HEAD_KIND[doc.layers.source[si].entry.type]) {
    const tag = doc.layers.source[si];
    return { kind: HEAD_KIND[tag.entry.type]!, start: doc.tokens.start[tag.first], end: doc.tokens.end[k] };
  }
  // a person phrase «أحد سائقي سيارات البضائع» that starts a sentence and ends at the verb
  for (let s = first; s <= k; s++) {
    const h = doc.at.source?.[s] ?? -1;
    if (h >= 0 && HEAD_KIND[doc.layers.source[h].entry.type] && k - s < 8) {
      const tag = doc.layers.source[h];
      return { kind: HEAD_KIND[tag.entry.type]!, start: doc.tokens.start[s], end: doc.tokens.end[k] };
    }
  }
  const mi = doc.mentionAt[k];
  if (mi >= 0 && doc.mentions[mi].entity.kind === "actor") {
    const m = doc.mentions[mi];
    if (m.prep === "") return { kind: kindOfActor(doc, m), start: m.start, end: m.end };
  }
  return null;
}

/** The normalized offset of the closing quote of a quotation opened right after a reporting verb, or -1. */
function quoteAfter(doc: Doc, v: Tag, limit: number): number {
  const text = doc.tokens.text;
  // look a few tokens ahead for «أن "» / «: "»
  for (let k = v.last; k < Math.min(limit, v.last + 12); k++) {
    if (doc.tokens.kind[k] === TOKEN_PUNCT && word(doc, k) === '"') {
      const prev = bareConj(word(doc, k - 1));
      if (!/^(ان|بان|انه|انها|ان|:|،)$/.test(prev) && k !== v.last) continue;
      const close = text.indexOf('"', doc.tokens.end[k]);
      return close < 0 ? text.length : close;
    }
  }
  return -1;
}

function sentenceOfChar(doc: Doc, pos: number, from: number): number {
  for (let s = from; s < doc.sentences.length; s++) {
    const r = doc.sentences[s];
    if (doc.tokens.end[r.last - 1] >= pos) return s;
  }
  return doc.sentences.length - 1;
}

// The extraction pipeline: small stages over one Doc, in one declared order, each with an id and a version that
// go into the output's provenance. normalize → tokenize → match → tag → entities → frames → attribution → output.
import type { Extraction, InputDoc, Entity, Flow, Event, Fact, Span } from "../contract/index.js";
import { normalize, tokenize, splitSentences, toOriginal, int32Column, TOKEN_NEWLINE } from "../text/index.js";
import { defaultLexicon, matchLexicon, type Lexicon } from "../lexicon/index.js";
import type { Doc, EntityRec } from "./doc.js";
import { tagDoc } from "./tag.js";
import { findEntities } from "./entities.js";
import { findFlows, findEvents } from "./frames.js";
import { findFacts } from "./facts.js";
import { attribute } from "./attribution.js";
import { resolveTimes } from "./time.js";
import { geocode } from "./geocode.js";

export interface Stage {
  id: string;
  version: string;
  requires: string[];
  assigns: string[];
  run(doc: Doc): void;
}

export const STAGES: Stage[] = [
  { id: "match", version: "1", requires: ["tokens"], assigns: ["matches"], run: (doc) => { doc.matches = matchLexicon(doc.lex, doc.tokens); } },
  { id: "tag", version: "1", requires: ["matches"], assigns: ["layers"], run: tagDoc },
  { id: "entities", version: "1", requires: ["layers"], assigns: ["entities", "mentions"], run: findEntities },
  { id: "geocode", version: "1", requires: ["mentions"], assigns: ["geo"], run: geocode },
  { id: "flows", version: "1", requires: ["mentions"], assigns: ["flows"], run: findFlows },
  { id: "events", version: "1", requires: ["mentions"], assigns: ["events"], run: findEvents },
  { id: "facts", version: "1", requires: ["mentions"], assigns: ["facts"], run: findFacts },
  { id: "time", version: "1", requires: ["layers", "flows", "events"], assigns: ["times"], run: resolveTimes },
  { id: "attribution", version: "1", requires: ["flows", "events", "facts"], assigns: ["sources"], run: attribute },
];

checkOrder(STAGES);

/** Refuse an order in which a stage needs something no earlier stage provides. */
function checkOrder(stages: Stage[]): void {
  const have = new Set(["text", "tokens", "sentences"]);
  for (const s of stages) {
    for (const r of s.requires) if (!have.has(r)) throw new Error(`pipeline: stage ${s.id} requires ${r}, which no earlier stage assigns`);
    for (const a of s.assigns) have.add(a);
  }
}

const STAGE_IDS = STAGES.map((s) => `${s.id}@${s.version}`);
export const PIPELINE_VERSION = STAGE_IDS.join(",");

export interface ExtractOptions {
  /** A lexicon to use instead of the shipped one (e.g. with an imported gazetteer compiled in). */
  lexicon?: Lexicon;
}

export function makeDoc(input: InputDoc, lex: Lexicon): Doc {
  const norm = normalize(input.text);
  const tokens = tokenize(norm.text);
  const sentences = capSentences(splitSentences(tokens));
  const n = tokens.count;
  const sentOf = int32Column(n).fill(-1);
  const paraOf = int32Column(n);
  const mentionAt = int32Column(n).fill(-1);
  for (let i = 0; i < sentences.length; i++) { const s = sentences[i]; for (let k = s.first; k < s.last; k++) sentOf[k] = i; }
  let p = 0;
  for (let k = 0; k < n; k++) { if (tokens.kind[k] === TOKEN_NEWLINE) p++; paraOf[k] = p; }
  return {
    input, norm, tokens, lex, matches: [], sentences, sentOf, paraOf, layers: {}, at: {}, entities: new Map(), mentions: [],
    mentionAt, words: null, sources: [], topic: null, flows: [], events: [], facts: [], times: [],
  };
}

/**
 * A "sentence" of thousands of tokens (a page without punctuation, hostile input) is cut into pieces, so that the
 * frames, which look across a sentence, stay linear in the length of the text.
 */
const MAX_SENTENCE_TOKENS = 400;
function capSentences(sentences: { first: number; last: number }[]): { first: number; last: number }[] {
  let long = false;
  for (const s of sentences) if (s.last - s.first > MAX_SENTENCE_TOKENS) { long = true; break; }
  if (!long) return sentences; // nothing to cut: the ranges as they are
  const out: { first: number; last: number }[] = [];
  for (const s of sentences) {
    for (let f = s.first; f < s.last; f += MAX_SENTENCE_TOKENS) out.push({ first: f, last: Math.min(s.last, f + MAX_SENTENCE_TOKENS) });
  }
  return out;
}

/** Extract the structured reading of one report. Never throws on text; offsets are into `input.text`. */
export function extract(input: InputDoc, opts: ExtractOptions = {}): Extraction {
  const doc = makeDoc(input, opts.lexicon ?? defaultLexicon());
  for (const stage of STAGES) stage.run(doc);
  return toExtraction(doc);
}

function span(doc: Doc, start: number, end: number): Span {
  return toOriginal(doc.norm, start, end);
}

export function toExtraction(doc: Doc): Extraction {
  const ents: Entity[] = [];
  const used = new Set<EntityRec>();
  for (const rec of doc.entities.values()) {
    if (!rec.mentions.length) continue;
    used.add(rec);
    const mentions = dedupeSpans(rec.mentions.map((m) => span(doc, m.start, m.end)));
    const e: Entity = { id: rec.key, kind: rec.kind, type: rec.type as Entity["type"], name: { ar: rec.ar, ...(rec.en ? { en: rec.en } : {}) }, mentions };
    if (rec.geo) e.geo = rec.geo;
    ents.push(e);
  }
  const id = (r: EntityRec | null | undefined) => (r && used.has(r) ? r.key : r ? r.key : null);
  const flowIndex = new Map(doc.flows.map((f, i) => [f, i]));
  const flows: Flow[] = doc.flows.map((f) => {
    const out: Flow = {
      giver: id(f.giver), receiver: id(f.receiver),
      items: f.items.map((it) => (it.start !== undefined && it.end !== undefined ? { category: it.category, span: span(doc, it.start, it.end) } : { category: it.category })),
      source: f.source ?? { kind: "outlet" },
      evidence: span(doc, f.evStart, f.evEnd),
      trigger: span(doc, f.trigger.start, f.trigger.end),
    };
    if (f.mode) out.mode = f.mode;
    if (f.via) out.via = f.via.key;
    if (f.place) out.place = f.place.key;
    const ex = [...f.exchange].map((x) => flowIndex.get(x)).filter((x): x is number => x !== undefined);
    if (ex.length) out.exchange_for = [...new Set(ex)].sort((a, b) => a - b);
    if (f.modality) out.modality = f.modality;
    if (f.time) out.time = timeOut(doc, f.time);
    return out;
  });
  const events: Event[] = doc.events.map((e) => {
    const out: Event = {
      type: e.type, agents: e.agents.map((a) => a.key), targets: e.targets.map((a) => a.key), places: e.places.map((p) => p.key),
      source: e.source ?? { kind: "outlet" }, evidence: span(doc, e.evStart, e.evEnd), trigger: span(doc, e.trigger.start, e.trigger.end),
    };
    if (e.killed !== undefined) out.killed = e.killed;
    if (e.injured !== undefined) out.injured = e.injured;
    if (e.modality) out.modality = e.modality;
    if (e.time) out.time = timeOut(doc, e.time);
    return out;
  });
  const facts: Fact[] = doc.facts.map((f) => {
    const out: Fact = { type: f.type, subject: f.subject.key, evidence: span(doc, f.evStart, f.evEnd), source: f.source ?? { kind: "outlet" } };
    if (f.object) out.object = f.object.key;
    if (f.value !== undefined) out.value = f.value;
    return out;
  });
  const { id: docId, url, published } = doc.input;
  return {
    doc: { id: docId, ...(url ? { url } : {}), ...(published ? { published } : {}) },
    entities: ents, flows, events, facts, pipeline: STAGE_IDS.slice(),
  };
}

function timeOut(doc: Doc, t: NonNullable<Doc["flows"][number]["time"]>): NonNullable<Flow["time"]> {
  return { span: span(doc, t.start, t.end), ...(t.value ?? {}) };
}

/** The non-empty spans, sorted, each once: sorted, a repeat is next to the span it repeats (no key string). */
function dedupeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  let last: Span | null = null;
  for (const s of spans.sort(bySpan)) {
    if (s[1] > s[0] && !(last && last[0] === s[0] && last[1] === s[1])) { out.push(s); last = s; }
  }
  return out;
}
function bySpan(a: Span, b: Span): number { return a[0] - b[0] || a[1] - b[1]; }

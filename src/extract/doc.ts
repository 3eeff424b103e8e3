// The Doc: one report as received, its normalized copy with the offset map, tokens, and every annotation layer.
import type { InputDoc, Source, Modality, FlowMode, ItemCategory, EventType, FactType, GeoPrecision } from "../contract/index.js";
import type { Normalized, Tokens, TokenRange } from "../text/index.js";
import type { Lexicon, LexEntry, Match } from "../lexicon/index.js";

/** A lexicon hit chosen for a layer: tokens [first, last), normalized offsets [start, end). */
export interface Tag {
  first: number;
  last: number;
  start: number;
  end: number;
  entry: LexEntry;
  /** proclitics of the first word as written («و», «بال», «لل») */
  pre: string;
  /** code units of clitics stripped from the first word */
  stripped: number;
  /** true when the first word carried a pronoun suffix («خلاياه») */
  suffixed: boolean;
  /** every entry of this layer the same words match (homonyms: two villages called «الحسينية»); entry is alts[0] */
  alts: LexEntry[];
}

export interface EntityRec {
  key: string;
  kind: "actor" | "place";
  type: string;
  ar: string;
  en: string;
  geo?: { lat: number; lon: number; precision?: GeoPrecision };
  /** governorate id from the gazetteer, for context */
  admin1?: string;
  country?: string;
  mentions: Mention[];
  /** a news outlet or agency (actors.tsv note «media»): a source of claims, never a party to them */
  media?: boolean;
  /** for a checkpoint or crossing: the actor that runs it */
  owner?: EntityRec;
  /** for a place: every gazetteer entry its words match (the geocoder chooses among them) */
  candidates?: LexEntry[];
}

export interface Mention {
  first: number;
  last: number;
  start: number;
  end: number;
  entity: EntityRec;
  /** the preposition that governs the mention: «ل» «ب» «من» «الى» «على» «عن» «مع» «في» «بين» «ضد» «عبر», or "" */
  prep: string;
  /** how the mention was found */
  via: "lexicon" | "member" | "anaphor" | "pattern" | "coordination";
}

export interface SourceRec {
  source: Source;
  /** sentence indexes the source covers */
  from: number;
  to: number;
}

export interface FlowRec {
  giver: EntityRec | null;
  receiver: EntityRec | null;
  items: { category: ItemCategory; start?: number; end?: number }[];
  mode?: FlowMode;
  via?: EntityRec | null;
  place?: EntityRec | null;
  exchange: Set<FlowRec>;
  sentence: number;
  trigger: { start: number; end: number };
  /** normalized offsets of the evidence (clause or sentence) */
  evStart: number;
  evEnd: number;
  source?: Source;
  modality?: Modality;
  time?: TimeRec;
}

export interface EventRec {
  type: EventType;
  agents: EntityRec[];
  targets: EntityRec[];
  places: EntityRec[];
  killed?: number;
  injured?: number;
  sentence: number;
  trigger: { start: number; end: number };
  evStart: number;
  evEnd: number;
  source?: Source;
  modality?: Modality;
  time?: TimeRec;
}

export interface FactRec {
  type: FactType;
  subject: EntityRec;
  object?: EntityRec;
  value?: number;
  sentence: number;
  evStart: number;
  evEnd: number;
  source?: Source;
}

export interface TimeRec { start: number; end: number; entry: LexEntry; value?: { start?: string; end?: string; precision?: "day" | "week" | "month" | "year" } }

export interface Doc {
  input: InputDoc;
  norm: Normalized;
  tokens: Tokens;
  lex: Lexicon;
  matches: Match[];
  sentences: TokenRange[];
  /** token index → sentence index */
  sentOf: Int32Array;
  /** token index → paragraph index */
  paraOf: Int32Array;
  /** layers of chosen lexicon tags, by lexicon kind */
  layers: Record<string, Tag[]>;
  /** the tag of each layer covering a token (index into layers[kind]) or -1 */
  at: Record<string, Int32Array>;
  entities: Map<string, EntityRec>;
  /** actor and place mentions in text order */
  mentions: Mention[];
  /** token index → index into mentions, or -1 */
  mentionAt: Int32Array;
  /** each token's text, cut on first use (entities.ts `word`) */
  words: string[] | null;
  sources: SourceRec[];
  /** the actor the text is about at this point (subject of the last frame): resolves pronoun subjects */
  topic: EntityRec | null;
  flows: FlowRec[];
  events: EventRec[];
  facts: FactRec[];
  times: TimeRec[];
}

/** The elements of an array sorted by `first` whose `first` lies in [first, last): binary search, no scan. */
export function inRange<T extends { first: number }>(sorted: readonly T[], first: number, last: number): T[] {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid].first < first) lo = mid + 1; else hi = mid; }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i].first < last; i++) out.push(sorted[i]);
  return out;
}

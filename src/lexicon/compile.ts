// Compile lexicon entries into one token trie keyed by bare normalized words, and match it over a document.
//
// Entries and documents meet through the same functions: `normalize` (letters, digits, marks), `tokenize`, and
// `bareForm` (article off). A document word is tried as itself and as each of its clitic stems
// («وبالميليشيات» → «ميليشيات»), so the lexicon lists each word shape once. One pass, one Map lookup per
// candidate: no loop over entries.
import { normalize, tokenize, tokenText, stems, bareForm, TOKEN_PUNCT, TOKEN_NEWLINE, CL_ART, type Tokens } from "../text/index.js";
import type { LexEntry } from "./load.js";

export interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** indexes into Lexicon.entries of the entries that end here */
  entries: number[] | null;
  /** the entries for which the form ending here is ambiguous (an ordinary word too): they need context */
  ambiguous: number[] | null;
}

export interface Lexicon {
  entries: LexEntry[];
  root: TrieNode;
  /** per distinct document word: the root hits of its candidate stems (a cache; words repeat across documents) */
  cache: Map<string, FirstHit[]>;
}

export interface FirstHit {
  node: TrieNode;
  /** code units of proclitics before the stem, article excluded */
  lead: number;
  /** the proclitics as written («و», «بال», «لل»), empty when none */
  pre: string;
  /** the enclitic taken off the word («ه», «هم», the accusative «ا»), empty when none */
  suffix: string;
  suffixed: boolean;
  stripped: number;
}

/** A lexicon match over tokens [first, last): every entry that ends there. */
export interface Match {
  first: number;
  last: number;
  entries: number[];
  /** normalized offsets of the matched words, clitics «و ب ل ك ف» excluded */
  start: number;
  end: number;
  /** how many clitic code units were stripped from the first word (0 = the word as written) */
  stripped: number;
  /** the proclitics of the first word as written («و», «بال», «لل»), empty when none */
  pre: string;
  /** the enclitic taken off the first word, empty when none */
  suffix: string;
  /** entries for which these words are an ambiguous form */
  ambiguous: number[] | null;
}

function newNode(): TrieNode { return { next: null, entries: null, ambiguous: null }; }

/**
 * The forms of an entry that are ordinary words too (from its note, by the gazetteer's convention): «ambiguous»
 * alone marks every form; «ambiguous: «X», «Y»» marks only the forms named.
 */
export function ambiguousForms(e: LexEntry): Set<string> | "all" | null {
  const note = e.extra.note ?? "";
  if (!/\bambiguous\b/.test(note)) return null;
  const named = /ambiguous:\s*((?:«[^»]+»[\s,،و]*)+)/.exec(note);
  if (!named) return "all";
  return new Set([...named[1].matchAll(/«([^»]+)»/g)].map((m) => formKeys(m[1]).join(" ")));
}

/** The keys of a lexicon form: its normalized words with the article off. */
export function formKeys(form: string): string[] {
  const n = normalize(form);
  const t = tokenize(n.text);
  const keys: string[] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] === TOKEN_PUNCT && isSkippable(tokenText(t, i))) continue;
    keys.push(bareForm(tokenText(t, i)));
  }
  return keys;
}

export function compileLexicon(entries: LexEntry[]): Lexicon {
  const root = newNode();
  entries.forEach((e, idx) => {
    const amb = ambiguousForms(e);
    for (const form of e.forms) {
      const keys = formKeys(form);
      if (!keys.length) continue;
      let node = root;
      for (const k of keys) {
        node.next ??= new Map();
        let child = node.next.get(k);
        if (!child) { child = newNode(); node.next.set(k, child); }
        node = child;
      }
      node.entries ??= [];
      if (!node.entries.includes(idx)) node.entries.push(idx);
      if (amb === "all" || amb?.has(keys.join(" "))) {
        node.ambiguous ??= [];
        if (!node.ambiguous.includes(idx)) node.ambiguous.push(idx);
      }
    }
  });
  return { entries, root, cache: new Map() };
}

/** Quotes and brackets may sit inside a name: «تنظيم “داعش”», «الهلال الأحمر (السوري)». */
function isSkippable(p: string): boolean {
  return p === '"' || p === "'" || p === "(" || p === ")" || p === "[" || p === "]";
}

const CACHE_LIMIT = 200_000;

function firstHits(lex: Lexicon, word: string): FirstHit[] {
  let hits = lex.cache.get(word);
  if (hits) return hits;
  hits = [];
  const next = lex.root.next;
  if (next) {
    for (const s of stems(word)) {
      const node = next.get(s.stem);
      if (!node) continue;
      // the span keeps the article but not «و ب ل ك ف»
      const lead = Math.max(0, s.prefixLen - ((s.flags & CL_ART) ? 2 : 0));
      hits.push({ node, lead, pre: word.slice(0, s.prefixLen), suffix: s.suffixLen ? word.slice(word.length - s.suffixLen) : "",
        suffixed: s.suffixLen > 0, stripped: s.prefixLen + s.suffixLen });
    }
  }
  if (lex.cache.size > CACHE_LIMIT) lex.cache.clear();
  lex.cache.set(word, hits);
  return hits;
}

/**
 * Every lexicon match in the tokens, overlapping and of every length (the tagger chooses among them).
 * Continuation words are tried as written and without their article.
 */
export function matchLexicon(lex: Lexicon, t: Tokens): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i];
    if (k === TOKEN_PUNCT || k === TOKEN_NEWLINE) continue;
    const word = tokenText(t, i);
    for (const h of firstHits(lex, word)) {
      const start = t.start[i] + h.lead;
      if (h.node.entries) out.push({ first: i, last: i + 1, entries: h.node.entries, start, end: t.end[i], stripped: h.stripped, pre: h.pre, suffix: h.suffix, ambiguous: h.node.ambiguous });
      if (h.suffixed) continue; // a pronoun suffix ends the phrase: «ميليشياته» is not the start of «ميليشيات X»
      let node = h.node;
      let j = i + 1;
      while (node.next && j < t.count) {
        const kj = t.kind[j];
        if (kj === TOKEN_NEWLINE) break;
        const w = tokenText(t, j);
        if (kj === TOKEN_PUNCT) {
          if (isSkippable(w)) { j++; continue; }
          break;
        }
        const child = node.next.get(w) ?? node.next.get(bareForm(w));
        if (!child) break;
        node = child;
        j++;
        if (node.entries) {
          // a closing quote or bracket right after the name belongs to it
          let last = j;
          while (last < t.count && t.kind[last] === TOKEN_PUNCT && isClosing(tokenText(t, last)) && opensBefore(t, i, last)) last++;
          out.push({ first: i, last, entries: node.entries, start, end: t.end[last - 1], stripped: h.stripped, pre: h.pre, suffix: "", ambiguous: node.ambiguous });
        }
      }
    }
  }
  return out;
}

function isClosing(p: string): boolean { return p === '"' || p === ")" || p === "]"; }
function opensBefore(t: Tokens, first: number, at: number): boolean {
  const close = tokenText(t, at);
  const open = close === ")" ? "(" : close === "]" ? "[" : '"';
  let n = 0;
  for (let k = first; k < at; k++) {
    const w = t.kind[k] === TOKEN_PUNCT ? tokenText(t, k) : "";
    if (w === open) n++;
    else if (w === close && open !== close) n--;
  }
  return open === close ? n % 2 === 1 : n > 0;
}

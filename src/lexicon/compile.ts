// Compile lexicon entries into one token trie keyed by bare normalized words, and match it over a document.
//
// Entries and documents meet through the same functions: `normalize` (letters, digits, marks), `tokenize`, and
// `bareForm` (article off). A document word is tried as itself and as each of its clitic stems
// («وبالميليشيات» → «ميليشيات»), so the lexicon lists each word shape once. One pass, one hash probe per
// candidate: no loop over entries.
//
// The matcher makes no string per token: every word of the trie's edges is interned once in a `KeyTable` (an
// open-addressing hash table over UTF-16 code units), and a document word or clitic stem is looked up there by
// its range in the normalized text. Trie edges are keyed by those ids (`TrieNode.kids`); the string-keyed `next`
// stays for readers that walk the trie with words.
import {
  normalize, tokenize, tokenText, bareForm, stemCandidates, candPrefixLen, candSuffixLen, candSuffix, candFlags, candTaa,
  MAX_CANDIDATES, TOKEN_PUNCT, TOKEN_NEWLINE, CL_ART, type Tokens,
} from "../text/index.js";
import type { LexEntry } from "./load.js";

export interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** the same children as `next`, keyed by the id of the word in `Lexicon.keys` */
  kids: Map<number, TrieNode> | null;
  /** indexes into Lexicon.entries of the entries that end here */
  entries: number[] | null;
  /** the entries for which the form ending here is ambiguous (an ordinary word too): they need context */
  ambiguous: number[] | null;
}

export interface Lexicon {
  entries: LexEntry[];
  root: TrieNode;
  /** every word of the trie's edges, interned */
  keys: KeyTable;
  /** the root's children by key id (the first word of every form): an array, the hottest lookup */
  firsts: (TrieNode | undefined)[];
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

function newNode(): TrieNode { return { next: null, kids: null, entries: null, ambiguous: null }; }

/**
 * Interned strings: an open-addressing hash table over UTF-16 code units, so that a range of a document's text
 * can be looked up without cutting it out as a string.
 */
export class KeyTable {
  private pool = new Uint16Array(1024);
  private used = 0;
  private off = new Int32Array(256);
  private len = new Int32Array(256);
  private hash = new Int32Array(256);
  /** per slot two integers: the id + 1 (0 when empty) and the key's hash, side by side (one cache line per probe) */
  private slots = new Int32Array(2 * 512);
  private mask = 511;
  size = 0;

  /** The id of `key`, added if new. */
  intern(key: string): number {
    const found = this.find(key, 0, key.length, -1);
    if (found >= 0) return found;
    const id = this.size++;
    if (id === this.off.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.off = grow(this.off); this.len = grow(this.len); this.hash = grow(this.hash);
    }
    while (this.used + key.length > this.pool.length) { const p = new Uint16Array(this.pool.length * 2); p.set(this.pool); this.pool = p; }
    for (let k = 0; k < key.length; k++) this.pool[this.used + k] = key.charCodeAt(k);
    this.off[id] = this.used; this.len[id] = key.length; this.hash[id] = hashRange(key, 0, key.length, -1);
    this.used += key.length;
    if (this.size * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    else this.place(id);
    return id;
  }

  /**
   * The id of the string text[s, e) — followed by the code unit `tail` when tail ≥ 0 — or -1 when it is not in
   * the table.
   */
  find(text: string, s: number, e: number, tail: number): number {
    const h = hashRange(text, s, e, tail);
    const n = e - s + (tail >= 0 ? 1 : 0);
    const slots = this.slots, mask = this.mask;
    for (let slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      const v = slots[2 * slot];
      if (v === 0) return -1;
      if (slots[2 * slot + 1] !== h) continue;
      const id = v - 1;
      if (this.len[id] !== n) continue;
      const o = this.off[id], pool = this.pool;
      let k = 0;
      while (k < e - s && pool[o + k] === text.charCodeAt(s + k)) k++;
      if (k === e - s && (tail < 0 || pool[o + k] === tail)) return id;
    }
  }

  private place(id: number): void {
    let slot = mix(this.hash[id]) & this.mask;
    while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = id + 1;
    this.slots[2 * slot + 1] = this.hash[id];
  }

  private rehash(cap: number): void {
    this.slots = new Int32Array(2 * cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.size; id++) this.place(id);
  }
}

/** FNV-1a over the code units of text[s, e), then `tail` when tail ≥ 0. */
function hashRange(text: string, s: number, e: number, tail: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  if (tail >= 0) h = Math.imul(h ^ tail, 0x01000193);
  return h;
}

/** Spread the bits before taking the low ones as a slot (FNV's low bits vary little over Arabic letters). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

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
  const keyTable = new KeyTable();
  const firsts: (TrieNode | undefined)[] = [];
  entries.forEach((e, idx) => {
    const amb = ambiguousForms(e);
    for (const form of e.forms) {
      const keys = formKeys(form);
      if (!keys.length) continue;
      let node = root;
      for (const k of keys) {
        node.next ??= new Map();
        node.kids ??= new Map();
        let child = node.next.get(k);
        if (!child) {
          child = newNode();
          node.next.set(k, child);
          const id = keyTable.intern(k);
          node.kids.set(id, child);
          if (node === root) firsts[id] = child;
        }
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
  return { entries, root, keys: keyTable, firsts };
}

/** Quotes and brackets may sit inside a name: «تنظيم “داعش”», «الهلال الأحمر (السوري)». */
function isSkippable(p: string): boolean {
  return p === '"' || p === "'" || p === "(" || p === ")" || p === "[" || p === "]";
}

/** A punctuation token that is one of the given code units. */
function punctCode(t: Tokens, i: number): number {
  return t.kind[i] === TOKEN_PUNCT && t.end[i] - t.start[i] === 1 ? t.text.charCodeAt(t.start[i]) : -1;
}
const QUOTE = 0x22, APOS = 0x27, OPEN_PAREN = 0x28, CLOSE_PAREN = 0x29, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
function isSkippableCode(c: number): boolean {
  return c === QUOTE || c === APOS || c === OPEN_PAREN || c === CLOSE_PAREN || c === OPEN_BRACKET || c === CLOSE_BRACKET;
}
function isClosingCode(c: number): boolean { return c === QUOTE || c === CLOSE_PAREN || c === CLOSE_BRACKET; }

/**
 * The proclitics as written («و», «بال», «لل»), interned: a match carries them, and a few strings serve every
 * document (the letters «و ف ب ك ل س ا», at most four).
 */
function preLetter(c: number): number {
  switch (c) {
    case 0x0648: return 1; case 0x0641: return 2; case 0x0628: return 3; case 0x0643: return 4;
    case 0x0644: return 5; case 0x0633: return 6; case 0x0627: return 7; default: return 0;
  }
}
const preCache = new Map<number, string>();
function proclitic(text: string, s: number, len: number): string {
  if (len === 0) return "";
  let key = len;
  for (let k = 0; k < len; k++) {
    const code = preLetter(text.charCodeAt(s + k));
    if (code === 0) return text.slice(s, s + len);
    key = key * 8 + code;
  }
  let pre = preCache.get(key);
  if (pre === undefined) { pre = text.slice(s, s + len); preCache.set(key, pre); }
  return pre;
}

/** The candidates of the word being matched (reused: matching is synchronous). */
const CANDIDATES = new Int32Array(MAX_CANDIDATES);
/**
 * Per token of the document being matched: the key id of the word as written and of the word without its
 * article (-1: not a key; UNKNOWN: not looked up yet). A word is tried as the continuation of every phrase that
 * reaches it; it is hashed once.
 */
const IDS_SIZE = 8192, IDS_KEEP = 1 << 20;
let wordIds = new Int32Array(IDS_SIZE);
let bareIds = new Int32Array(IDS_SIZE);
const UNKNOWN = -2;

/**
 * Every lexicon match in the tokens, overlapping and of every length (the tagger chooses among them).
 * Continuation words are tried as written and without their article.
 */
export function matchLexicon(lex: Lexicon, t: Tokens): Match[] {
  const out: Match[] = [];
  const text = t.text, keys = lex.keys, firsts = lex.firsts;
  if (wordIds.length < t.count) { wordIds = new Int32Array(t.count * 2); bareIds = new Int32Array(t.count * 2); }
  wordIds.fill(UNKNOWN, 0, t.count);
  bareIds.fill(UNKNOWN, 0, t.count);
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i];
    if (k === TOKEN_PUNCT || k === TOKEN_NEWLINE) continue;
    const ws = t.start[i], we = t.end[i];
    const nc = stemCandidates(text, ws, we, CANDIDATES);
    for (let c = 0; c < nc; c++) {
      const cand = CANDIDATES[c];
      const prefixLen = candPrefixLen(cand), suffixLen = candSuffixLen(cand);
      const taa = candTaa(cand);
      // the first candidate is the word as written
      const id = c === 0 ? wordId(keys, t, i) : keys.find(text, ws + prefixLen, we - suffixLen - (taa ? 1 : 0), taa ? 0x0647 : -1);
      if (id < 0) continue;
      const first = firsts[id];
      if (!first) continue;
      // the span keeps the article but not «و ب ل ك ف»
      const lead = Math.max(0, prefixLen - ((candFlags(cand) & CL_ART) ? 2 : 0));
      const pre = proclitic(text, ws, prefixLen);
      const stripped = prefixLen + suffixLen;
      const start = ws + lead;
      if (first.entries) out.push({ first: i, last: i + 1, entries: first.entries, start, end: we, stripped, pre, suffix: candSuffix(cand), ambiguous: first.ambiguous });
      if (suffixLen > 0) continue; // a pronoun suffix ends the phrase: «ميليشياته» is not the start of «ميليشيات X»
      let node = first;
      let j = i + 1;
      while (node.kids && j < t.count) {
        const kj = t.kind[j];
        if (kj === TOKEN_NEWLINE) break;
        if (kj === TOKEN_PUNCT) {
          if (isSkippableCode(punctCode(t, j))) { j++; continue; }
          break;
        }
        const child = childOf(node.kids, keys, t, j);
        if (!child) break;
        node = child;
        j++;
        if (node.entries) {
          // a closing quote or bracket right after the name belongs to it
          let last = j;
          while (last < t.count && isClosingCode(punctCode(t, last)) && opensBefore(t, i, last)) last++;
          out.push({ first: i, last, entries: node.entries, start, end: t.end[last - 1], stripped, pre, suffix: "", ambiguous: node.ambiguous });
        }
      }
    }
  }
  // a huge document (hostile input) does not keep its scratch for good
  if (wordIds.length > IDS_KEEP) { wordIds = new Int32Array(IDS_SIZE); bareIds = new Int32Array(IDS_SIZE); }
  return out;
}

/** The child for token j: the word as written, else without its article (as `bareForm`). */
function childOf(kids: Map<number, TrieNode>, keys: KeyTable, t: Tokens, j: number): TrieNode | undefined {
  const id = wordId(keys, t, j);
  const child = id >= 0 ? kids.get(id) : undefined;
  if (child) return child;
  let bare = bareIds[j];
  if (bare === UNKNOWN) {
    const s = t.start[j], e = t.end[j], text = t.text;
    bare = e - s > 3 && text.charCodeAt(s) === 0x0627 && text.charCodeAt(s + 1) === 0x0644 ? keys.find(text, s + 2, e, -1) : -1;
    bareIds[j] = bare;
  }
  return bare >= 0 ? kids.get(bare) : undefined;
}

/** The key id of token j as written (-1: not a key), looked up once per document. */
function wordId(keys: KeyTable, t: Tokens, j: number): number {
  let id = wordIds[j];
  if (id === UNKNOWN) { id = keys.find(t.text, t.start[j], t.end[j], -1); wordIds[j] = id; }
  return id;
}

function opensBefore(t: Tokens, first: number, at: number): boolean {
  const close = punctCode(t, at);
  const open = close === CLOSE_PAREN ? OPEN_PAREN : close === CLOSE_BRACKET ? OPEN_BRACKET : QUOTE;
  let n = 0;
  for (let k = first; k < at; k++) {
    const w = punctCode(t, k);
    if (w === open) n++;
    else if (w === close && open !== close) n--;
  }
  return open === close ? n % 2 === 1 : n > 0;
}

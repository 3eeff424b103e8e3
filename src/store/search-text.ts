// The searchable form of Arabic text: normalized, diacritics stripped, clitics segmented; and snippets with highlights.
//
// SQLite's unicode61 tokenizer splits «شُحنة» at the damma and never strips clitics, so the index is fed a copy
// where each word is replaced by the forms it may be looked up by. The same rules turn a query into index terms, so
// «الميليشيات» ("the militias") finds «والميليشيات» ("and the militias"). Changing a rule changes the index:
// bump SEARCH_TEXT_VERSION so that stores can rebuild it.
import { normalize, normalizeForMatch, toOriginal } from "../text/index.js";
import type { Snippet } from "./store.js";

export const SEARCH_TEXT_VERSION = "1";

/** A word of normalized text: letters and digits (harakat are gone after normalization). */
const WORD = /[\p{L}\p{N}]+/gu;
/** (و|ف)? (ب|ك|ل)? ال + stem: «وبالسلاح» ("and with the weapons") → «سلاح». */
const ARTICLE = /^[وف]?[بكل]?ال(.{2,})$/u;
const SPACE = /\s/u;
const CLITIC_START = new Set(["ا", "و", "ف", "ب", "ك", "ل"]);
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** (و|ف)? لل + stem: «للنظام» ("for the regime") → «نظام». */
const LIL = /^[وف]?لل(.{2,})$/u;

/**
 * The index forms of one normalized word. With the article, only the stem («والميليشيات» → «ميليشيات»); a
 * leading conjunction or preposition without the article is ambiguous («وزير» "minister" is not «و + زير»), so
 * both the word and the stripped forms are indexed («وقال» → «وقال», «قال»).
 */
export function indexForms(word: string): string[] {
  // most words start with none of ا و ف ب ك ل: nothing to strip
  if (!CLITIC_START.has(word[0])) return [word];
  const art = ARTICLE.exec(word) ?? LIL.exec(word);
  if (art) return [art[1]];
  const out = [word];
  let w = word;
  if (w.length >= 4 && (w[0] === "و" || w[0] === "ف")) { w = w.slice(1); out.push(w); }
  if (w.length >= 4 && (w[0] === "ب" || w[0] === "ك" || w[0] === "ل")) out.push(w.slice(1));
  return out;
}

/** The single term a query word is looked up by: the stem if it carries the article, else the word itself. */
export function queryForm(word: string): string {
  if (!CLITIC_START.has(word[0])) return word;
  const art = ARTICLE.exec(word) ?? LIL.exec(word);
  return art ? art[1] : word;
}

/** The text to index, from already normalized text. */
export function indexText(normText: string): string {
  const out: string[] = [];
  for (const m of normText.matchAll(WORD)) for (const f of indexForms(m[0])) out.push(f);
  return out.join(" ");
}

export interface ParsedQuery {
  /** An FTS5 MATCH expression (every term quoted: nothing the user typed reaches FTS5 syntax), or "" when empty. */
  fts: string;
  /** Terms to highlight. */
  terms: Set<string>;
}

/** Words are ANDed; "quoted words" stay a phrase. Punctuation and FTS5 operators are dropped. */
export function parseQuery(q: string): ParsedQuery {
  const parts: string[] = [];
  const terms = new Set<string>();
  const chunks = q.split('"');
  chunks.forEach((chunk, i) => {
    const words = [...normalizeForMatch(chunk).matchAll(WORD)].map((m) => queryForm(m[0]));
    for (const w of words) terms.add(w);
    if (words.length === 0) return;
    if (i % 2 === 1 && words.length > 1) parts.push(`"${words.join(" ")}"`);
    else for (const w of words) parts.push(`"${w}"`);
  });
  return { fts: parts.join(" "), terms };
}

/**
 * A window of the original text around the first matched word, with every matched word in it as a highlight.
 * Matching runs on the normalized copy and maps back through its offset map, so «الشُّحنة» is highlighted whole.
 */
export function makeSnippet(text: string, terms: Set<string>, width = 240): Snippet {
  const n = normalize(text);
  const hits: [number, number][] = [];
  for (const m of n.text.matchAll(WORD)) {
    if (indexForms(m[0]).some((f) => terms.has(f))) hits.push(toOriginal(n, m.index!, m.index! + m[0].length));
  }
  const first = hits.length > 0 ? hits[0][0] : 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // widen to word boundaries so that no word is cut in half (at most 40 code units: a 1 MB "word" stays cut)
  for (let k = 0; k < 40 && start > 0 && !SPACE.test(text[start - 1]); k++) start--;
  for (let k = 0; k < 40 && end < text.length && !SPACE.test(text[end]); k++) end++;
  // never split a surrogate pair
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  const highlights = hits.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start, e - start] as [number, number]);
  return { text: text.slice(start, end), start, highlights };
}

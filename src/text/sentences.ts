// Sentence and clause splitting over tokens: boundaries at . ! ? ؟ ؛ … and line breaks; clauses also at ، , ; :
import { type Tokens, TOKEN_NEWLINE, TOKEN_PUNCT } from "./tokenize.js";

/** A run of tokens [first, last) — a sentence or a clause. */
export interface TokenRange { first: number; last: number }

// Every mark is one UTF-16 code unit, compared as a number: no string is cut out per token.
const SENTENCE_END = new Set([".", "!", "?", "؟", "؛", "…"].map((c) => c.charCodeAt(0)));
const CLAUSE_END = new Set(["،", ",", ";", ":", "-", "–", "—"].map((c) => c.charCodeAt(0)));
const QUOTE = 0x22;

/** The code unit of a one-unit punctuation token, or -1. */
function punct(t: Tokens, i: number): number {
  return t.kind[i] === TOKEN_PUNCT && t.end[i] - t.start[i] === 1 ? t.text.charCodeAt(t.start[i]) : -1;
}

/** Sentences as token ranges; the closing punctuation belongs to its sentence; empty ranges are dropped. */
export function splitSentences(t: Tokens): TokenRange[] {
  const out: TokenRange[] = [];
  let first = 0;
  for (let i = 0; i < t.count; i++) {
    const isEnd = t.kind[i] === TOKEN_NEWLINE || SENTENCE_END.has(punct(t, i));
    if (!isEnd) continue;
    // A closing quote right after the full stop stays with the sentence («قال: "انتهى."» ends after the quote);
    // a quote after a space opens the next one («… بذلك. "نعم" قال» starts a new sentence at the quote). Both
    // « and » are " once normalized, so only the space tells them apart.
    let last = i + 1;
    while (last < t.count && punct(t, last) === QUOTE && t.kind[i] !== TOKEN_NEWLINE && t.start[last] === t.end[last - 1]) last++;
    if (hasContent(t, first, last)) out.push({ first, last });
    first = last;
    i = last - 1;
  }
  if (hasContent(t, first, t.count)) out.push({ first, last: t.count });
  return out;
}

/** Clauses of one sentence: split at commas, semicolons, colons and dashes. */
export function splitClauses(t: Tokens, s: TokenRange): TokenRange[] {
  const out: TokenRange[] = [];
  let first = s.first;
  for (let i = s.first; i < s.last; i++) {
    if (CLAUSE_END.has(punct(t, i))) {
      if (hasContent(t, first, i + 1)) out.push({ first, last: i + 1 });
      first = i + 1;
    }
  }
  if (hasContent(t, first, s.last)) out.push({ first, last: s.last });
  return out;
}

/** Whether tokens [first, last) hold a word or number (not only punctuation and line breaks). */
function hasContent(t: Tokens, first: number, last: number): boolean {
  for (let i = first; i < last; i++) if (t.kind[i] !== TOKEN_PUNCT && t.kind[i] !== TOKEN_NEWLINE) return true;
  return false;
}

// Sentence and clause splitting over tokens: boundaries at . ! ? ؟ ؛ … and line breaks; clauses also at ، , ; :
import { type Tokens, TOKEN_NEWLINE, TOKEN_PUNCT } from "./tokenize.js";

/** A run of tokens [first, last) — a sentence or a clause. */
export interface TokenRange { first: number; last: number }

const SENTENCE_END = new Set([".", "!", "?", "؟", "؛", "…"]);
const CLAUSE_END = new Set(["،", ",", ";", ":", "-", "–", "—"]);

function punct(t: Tokens, i: number): string {
  return t.kind[i] === TOKEN_PUNCT ? t.text.slice(t.start[i], t.end[i]) : "";
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
    while (last < t.count && punct(t, last) === '"' && t.kind[i] !== TOKEN_NEWLINE && t.start[last] === t.end[last - 1]) last++;
    if (last > first && !(last - first === 1 && t.kind[first] === TOKEN_NEWLINE)) out.push({ first, last });
    first = last;
    i = last - 1;
  }
  if (first < t.count) out.push({ first, last: t.count });
  return out.filter((r) => hasContent(t, r));
}

/** Clauses of one sentence: split at commas, semicolons, colons and dashes. */
export function splitClauses(t: Tokens, s: TokenRange): TokenRange[] {
  const out: TokenRange[] = [];
  let first = s.first;
  for (let i = s.first; i < s.last; i++) {
    if (CLAUSE_END.has(punct(t, i))) {
      if (i > first) out.push({ first, last: i + 1 });
      first = i + 1;
    }
  }
  if (first < s.last) out.push({ first, last: s.last });
  return out.filter((r) => hasContent(t, r));
}

function hasContent(t: Tokens, r: TokenRange): boolean {
  for (let i = r.first; i < r.last; i++) if (t.kind[i] !== TOKEN_PUNCT && t.kind[i] !== TOKEN_NEWLINE) return true;
  return false;
}

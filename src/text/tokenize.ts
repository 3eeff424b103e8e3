// Tokenization over normalized text: tokens are packed columns (start, end, kind) into the normalized string.
import { isArabicLetter } from "./normalize.js";

export const TOKEN_WORD = 1; // Arabic word
export const TOKEN_LATIN = 2; // Latin letters (with digits)
export const TOKEN_NUMBER = 3; // digits, with inner . or ,
export const TOKEN_PUNCT = 4; // one punctuation character
export const TOKEN_NEWLINE = 5; // a line break (a paragraph boundary in most reports)

export interface Tokens {
  /** The normalized text the offsets point into. */
  readonly text: string;
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly kind: Uint8Array;
}

function isDigit(c: number): boolean { return c >= 0x30 && c <= 0x39; }
// Latin letters, ASCII and accented (U+00C0–U+024F) but not the signs × and ÷ that sit in that block: «3×4» is
// a number, a sign and a number.
function isLatin(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}
function isSpace(c: number): boolean { return c === 0x20 || c === 0x09 || c === 0x0d; }

/** Split normalized text into tokens. Whitespace separates; punctuation is a token of its own. */
export function tokenize(text: string): Tokens {
  const len = text.length;
  let cap = Math.max(16, (len >> 2) + 16);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let kind = new Uint8Array(cap);
  let n = 0;
  const push = (s: number, e: number, k: number) => {
    if (n === cap) {
      cap *= 2;
      const s2 = new Int32Array(cap); s2.set(start); start = s2;
      const e2 = new Int32Array(cap); e2.set(end); end = e2;
      const k2 = new Uint8Array(cap); k2.set(kind); kind = k2;
    }
    start[n] = s; end[n] = e; kind[n] = k; n++;
  };
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 0x0a) { push(i, i + 1, TOKEN_NEWLINE); i++; continue; }
    if (isArabicLetter(c)) {
      let j = i + 1;
      while (j < len && isArabicLetter(text.charCodeAt(j))) j++;
      push(i, j, TOKEN_WORD); i = j; continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < len) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) { j++; continue; }
        if ((d === 0x2e || d === 0x2c) && j + 1 < len && isDigit(text.charCodeAt(j + 1))) { j += 2; continue; }
        break;
      }
      // «SY24»: letters glued to digits stay one Latin token
      if (j < len && isLatin(text.charCodeAt(j))) {
        while (j < len && (isLatin(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
        push(i, j, TOKEN_LATIN); i = j; continue;
      }
      push(i, j, TOKEN_NUMBER); i = j; continue;
    }
    if (isLatin(c)) {
      let j = i + 1;
      while (j < len && (isLatin(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
      push(i, j, TOKEN_LATIN); i = j; continue;
    }
    // one punctuation or symbol character; keep surrogate pairs whole
    const hi = c >= 0xd800 && c <= 0xdbff && i + 1 < len && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    push(i, hi ? i + 2 : i + 1, TOKEN_PUNCT);
    i += hi ? 2 : 1;
  }
  return { text, count: n, start: start.subarray(0, n), end: end.subarray(0, n), kind: kind.subarray(0, n) };
}

/** The normalized form of token i. */
export function tokenText(t: Tokens, i: number): string {
  return t.text.slice(t.start[i], t.end[i]);
}

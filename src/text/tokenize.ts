// Tokenization over normalized text: tokens are packed columns (start, end, kind) into the normalized string.
import { isArabicLetter, int32Column, uint8Column } from "./normalize.js";

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

// Scratch columns shared by every call (tokenizing is synchronous); the result is copied out at the end.
const SCRATCH_SIZE = 8192, SCRATCH_KEEP = 1 << 20;
let scratchStart = new Int32Array(SCRATCH_SIZE);
let scratchEnd = new Int32Array(SCRATCH_SIZE);
let scratchKind = new Uint8Array(SCRATCH_SIZE);

/** Split normalized text into tokens. Whitespace separates; punctuation is a token of its own. */
export function tokenize(text: string): Tokens {
  const len = text.length;
  let start = scratchStart, end = scratchEnd, kind = scratchKind;
  let cap = start.length;
  let n = 0;
  let i = 0;
  while (i < len) {
    if (n === cap) {
      cap *= 2;
      const s2 = new Int32Array(cap); s2.set(start); start = scratchStart = s2;
      const e2 = new Int32Array(cap); e2.set(end); end = scratchEnd = e2;
      const k2 = new Uint8Array(cap); k2.set(kind); kind = scratchKind = k2;
    }
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    let j = i + 1;
    let k = TOKEN_PUNCT;
    if (c === 0x0a) k = TOKEN_NEWLINE;
    else if (isArabicLetter(c)) {
      while (j < len && isArabicLetter(text.charCodeAt(j))) j++;
      k = TOKEN_WORD;
    } else if (isDigit(c)) {
      while (j < len) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) { j++; continue; }
        if ((d === 0x2e || d === 0x2c) && j + 1 < len && isDigit(text.charCodeAt(j + 1))) { j += 2; continue; }
        break;
      }
      k = TOKEN_NUMBER;
      // «SY24»: letters glued to digits stay one Latin token
      if (j < len && isLatin(text.charCodeAt(j))) {
        while (j < len && (isLatin(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
        k = TOKEN_LATIN;
      }
    } else if (isLatin(c)) {
      while (j < len && (isLatin(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
      k = TOKEN_LATIN;
    } else if (c >= 0xd800 && c <= 0xdbff && j < len && text.charCodeAt(j) >= 0xdc00 && text.charCodeAt(j) <= 0xdfff) {
      j++; // one punctuation or symbol character; keep surrogate pairs whole
    }
    start[n] = i; end[n] = j; kind[n] = k; n++;
    i = j;
  }
  // the columns of the result, exactly the size needed
  const outStart = int32Column(n), outEnd = int32Column(n), outKind = uint8Column(n);
  outStart.set(start.subarray(0, n));
  outEnd.set(end.subarray(0, n));
  outKind.set(kind.subarray(0, n));
  // a huge text (hostile input) does not keep its scratch for good
  if (cap > SCRATCH_KEEP) { scratchStart = new Int32Array(SCRATCH_SIZE); scratchEnd = new Int32Array(SCRATCH_SIZE); scratchKind = new Uint8Array(SCRATCH_SIZE); }
  return { text, count: n, start: outStart, end: outEnd, kind: outKind };
}

/** The normalized form of token i. */
export function tokenText(t: Tokens, i: number): string {
  return t.text.slice(t.start[i], t.end[i]);
}

// Clitic segmentation: the stems a normalized Arabic word may stand for once its clitics are taken off.
//
// Proclitics: conjunctions «و» «ف», prepositions «ب» «ك» «ل», the future «س», the article «ال» («لل» = ل + ال).
// Enclitics: the pronoun suffixes «ه ها هم هما هن كم كن نا ني ي». Every split is only a candidate: «بادية»
// starts with «ب» but is not «ب + ادية»; the lexicon decides which candidate is a word.

/** Bit flags describing what was stripped to get a stem. */
export const CL_CONJ = 1; // و / ف
export const CL_PREP = 2; // ب / ك / ل
export const CL_ART = 4; // ال
export const CL_SUFFIX = 8; // a pronoun suffix
export const CL_FUT = 16; // س

export interface Stem { stem: string; flags: number; prefixLen: number; suffixLen: number }

// First- and second-person «ي», «ني», «ك» are left out: rare in news, and «حلبي» ("Aleppine") is not «حلب» + «ي».
const SUFFIXES = ["هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه"];
const MIN_STEM = 2;

const WAW = 0x0648, FA = 0x0641, BA = 0x0628, KAF = 0x0643, LAM = 0x0644, ALEF = 0x0627, SEEN = 0x0633;
const HA = 0x0647, MEEM = 0x0645, NOON = 0x0646; // the last letters of the suffixes

/**
 * Candidate stems of a normalized word, from the least stripped (the word itself) to the most stripped.
 * With `suffixes`, pronoun suffixes are also tried («ميليشياته» → «ميليشيات»; «مصادرها» → «مصادر»), and a stem
 * that then ends in «ت» is also offered with taa marbuta restored as «ه» («قريتها» → «قريه»).
 */
export function stems(word: string, suffixes = true): Stem[] {
  const buf = new Int32Array(MAX_CANDIDATES);
  const n = stemCandidates(word, 0, word.length, buf, suffixes);
  const out: Stem[] = [];
  for (let k = 0; k < n; k++) {
    const c = buf[k];
    const prefixLen = candPrefixLen(c), suffixLen = candSuffixLen(c);
    const stem = candTaa(c) ? word.slice(prefixLen, word.length - suffixLen - 1) + "ه" : word.slice(prefixLen, word.length - suffixLen);
    out.push({ stem, flags: candFlags(c), prefixLen, suffixLen });
  }
  return out;
}

// ---------- the same candidates as packed integers, over a range of a longer string (no substring made) ----------
//
// The lexicon matcher tries every candidate stem of every document word; `stems` would make a string and an
// object for each. `stemCandidates` writes each candidate as one integer instead: the proclitic length, which
// suffix was taken off, the flags, and whether a final «ت» reads as «ه». `stems` is built on it, so the two agree.

/** The most candidates a word can have: 8 bases (the word and ≤ 7 proclitic readings) × (2 suffixes × 2 + 1) + 8. */
export const MAX_CANDIDATES = 64;
const NO_SUFFIX = 15;
const ACCUSATIVE = SUFFIXES.length; // the accusative alef, suffix index 9
const SUFFIX_CODES = SUFFIXES.map((s) => Array.from(s, (ch) => ch.charCodeAt(0)));

/** The code units of proclitics before the stem (0–4). */
export function candPrefixLen(c: number): number { return c & 15; }
/** The code units of the suffix taken off (0 when none). */
export function candSuffixLen(c: number): number {
  const k = (c >> 4) & 15;
  return k === NO_SUFFIX ? 0 : k === ACCUSATIVE ? 1 : SUFFIXES[k].length;
}
/** The suffix taken off as a string («ه», «هم», the accusative «ا»), "" when none: shared constants, no slice. */
export function candSuffix(c: number): string {
  const k = (c >> 4) & 15;
  return k === NO_SUFFIX ? "" : k === ACCUSATIVE ? "ا" : SUFFIXES[k];
}
export function candFlags(c: number): number { return (c >> 8) & 255; }
/** Whether the stem's final «ت» is read as taa marbuta «ه» («قريتها» → «قريه»). */
export function candTaa(c: number): boolean { return (c & (1 << 16)) !== 0; }

function pack(prefixLen: number, suffix: number, flags: number, taa: boolean): number {
  return prefixLen | (suffix << 4) | (flags << 8) | (taa ? 1 << 16 : 0);
}

/**
 * The candidate stems of the word text[s, e), in the order of `stems`, packed (read them with `candPrefixLen`,
 * `candSuffixLen`, `candSuffix`, `candFlags`, `candTaa`) into `out` (at least MAX_CANDIDATES long). Returns how
 * many. The stem of a candidate is text[s + prefixLen, e - suffixLen), its last unit replaced by «ه» when `candTaa`.
 */
export function stemCandidates(text: string, s: number, e: number, out: Int32Array, suffixes = true): number {
  let n = 0;
  out[n++] = pack(0, NO_SUFFIX, 0, false);
  n = procliticsAt(text, s, e, out, n);
  if (!suffixes) return n;
  // the suffixes the word ends with (the same for every base, which all end where the word ends), in SUFFIXES order
  const last = e - s >= 1 ? text.charCodeAt(e - 1) : -1;
  let ends = 0, endsCount = 0;
  if (last === HA || last === ALEF || last === MEEM || last === NOON) {
    for (let k = 0; k < SUFFIXES.length; k++) {
      const suf = SUFFIX_CODES[k];
      if (suf.length <= e - s && endsWithCodes(text, e, suf)) { ends |= 1 << k; endsCount++; }
    }
  }
  if (endsCount === 0 && last !== ALEF) return n;
  const bases = n;
  for (let b = 0; b < bases; b++) {
    const base = out[b];
    const p = candPrefixLen(base), flags = candFlags(base) | CL_SUFFIX;
    const stemLen = e - s - p;
    if (ends) {
      for (let k = 0; k < SUFFIXES.length; k++) {
        if (!(ends & (1 << k))) continue;
        const sufLen = SUFFIX_CODES[k].length;
        if (stemLen - sufLen < MIN_STEM + 1) continue;
        out[n++] = pack(p, k, flags, false);
        if (text.charCodeAt(e - sufLen - 1) === 0x062a) out[n++] = pack(p, k, flags, true);
      }
    }
    // the accusative of an indefinite noun adds an alef: «مدنياً» → «مدني», «كميناً» → «كمين»
    if (stemLen >= 4 && last === ALEF) out[n++] = pack(p, ACCUSATIVE, flags, false);
  }
  return n;
}

function endsWithCodes(text: string, e: number, codes: readonly number[]): boolean {
  const L = codes.length;
  for (let k = 0; k < L; k++) if (text.charCodeAt(e - L + k) !== codes[k]) return false;
  return true;
}

interface Pre { len: number; flags: number }

/** The proclitic sequences a word may begin with: (و|ف)? (ب|ك|ل|س)? (ال)?, «لل» as ل + ال. */
export function proclitics(word: string): Pre[] {
  const buf = new Int32Array(MAX_CANDIDATES);
  const n = procliticsAt(word, 0, word.length, buf, 0);
  const out: Pre[] = [];
  for (let k = 0; k < n; k++) out.push({ len: candPrefixLen(buf[k]), flags: candFlags(buf[k]) });
  return out;
}

/** `proclitics` of text[s, e), packed into out from index n; returns the new count. */
function procliticsAt(text: string, s: number, e: number, out: Int32Array, n: number): number {
  const L = e - s;
  const c0 = unitAt(text, s, e, 0);
  const conj = c0 === WAW || c0 === FA;
  // positions to try after the conjunction: 0, then 1 when the word starts with «و» / «ف»
  const last = conj && L - 1 >= MIN_STEM ? 1 : 0;
  for (let i = 0; i <= last; i++) {
    const flags = i > 0 ? CL_CONJ : 0;
    if (i > 0) out[n++] = pack(i, NO_SUFFIX, flags, false);
    const c = unitAt(text, s, e, i);
    const c1 = unitAt(text, s, e, i + 1);
    // «لل»: ل + ال with the alef dropped
    if (c === LAM && c1 === LAM && L - (i + 2) >= MIN_STEM) out[n++] = pack(i + 2, NO_SUFFIX, flags | CL_PREP | CL_ART, false);
    if ((c === BA || c === KAF || c === LAM) && L - (i + 1) >= MIN_STEM) {
      out[n++] = pack(i + 1, NO_SUFFIX, flags | CL_PREP, false);
      if (c1 === ALEF && unitAt(text, s, e, i + 2) === LAM && L - (i + 3) >= MIN_STEM) out[n++] = pack(i + 3, NO_SUFFIX, flags | CL_PREP | CL_ART, false);
    }
    if (c === SEEN && L - (i + 1) >= 3) {
      if (c1 === 0x064a || c1 === 0x062a || c1 === 0x0646 || c1 === ALEF) out[n++] = pack(i + 1, NO_SUFFIX, flags | CL_FUT, false);
    }
    if (c === ALEF && c1 === LAM && L - (i + 2) >= MIN_STEM) out[n++] = pack(i + 2, NO_SUFFIX, flags | CL_ART, false);
  }
  return n;
}

/** The code unit at k of the word text[s, e), -1 past its end (the string goes on after it). */
function unitAt(text: string, s: number, e: number, k: number): number {
  return s + k < e ? text.charCodeAt(s + k) : -1;
}

/**
 * The word without its article, as the lexicon stores it: «الميليشيات» → «ميليشيات». Only the article: a
 * conjunction or preposition before it («والميليشيات») is for `stems` to take off.
 */
export function bareForm(word: string): string {
  // The lexicon compiles entries with this same function, so entry and document words meet in one key.
  if (word.length > 3 && word.charCodeAt(0) === ALEF && word.charCodeAt(1) === LAM) return word.slice(2);
  return word;
}

// Normalization of Arabic text for matching, with an offset map back to the text as received.
//
// The normalized copy is only ever used to find things; every span that leaves the text layer is mapped back
// through `toOriginal` into UTF-16 offsets of the original string. Each normalization is a small named rule over
// a character table; `normalize` composes them in one pass.

/** A normalized string and, for each of its code units, where it came from in the original. */
export interface Normalized {
  /** The original text, exactly as received. */
  readonly source: string;
  /** The normalized text. */
  readonly text: string;
  /** start[i]: offset in `source` of the first code unit that produced text[i]; start[text.length] = source.length. */
  readonly start: Int32Array;
  /** end[i]: offset in `source` just past the code units that produced text[i]. */
  readonly end: Int32Array;
}

// ---------- character tables (named constants, as data) ----------

/** Harakat, Quranic marks, superscript alef, hamza marks: removed for matching («شُحنة» → «شحنة»). */
export function isDiacritic(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || (c >= 0x0610 && c <= 0x061a) || (c >= 0x06d6 && c <= 0x06ed) ||
    (c >= 0x08d3 && c <= 0x08ff);
}
export const TATWEEL = 0x0640;

/** Zero-width, bidi control, soft hyphen, BOM and the Arabic letter mark: removed. */
export function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff ||
    c === 0x061c || c === 0x00ad || c === 0x2060 || c === 0x180e;
}

/** Letter unification: alef and hamza carriers, alef maqsura, taa marbuta, Persian and Urdu letters. */
const LETTER_MAP: ReadonlyMap<number, number> = new Map([
  // alef forms → ا
  [0x0623, 0x0627], [0x0625, 0x0627], [0x0622, 0x0627], [0x0671, 0x0627], [0x0672, 0x0627], [0x0673, 0x0627], [0x0675, 0x0627],
  // hamza on waw / yaa → waw / yaa (misspellings vary: مسؤول / مسئول)
  [0x0624, 0x0648], [0x0626, 0x064a], [0x0676, 0x0648], [0x0678, 0x064a],
  // alef maqsura → yaa; taa marbuta → haa
  [0x0649, 0x064a], [0x0629, 0x0647],
  // Persian / Urdu / Kurdish letters
  [0x06cc, 0x064a], [0x06d0, 0x064a], [0x06d2, 0x064a], [0x06d3, 0x064a], [0x06ce, 0x064a],
  [0x06a9, 0x0643], [0x06af, 0x0643], [0x06aa, 0x0643],
  [0x06a4, 0x0641], [0x06a5, 0x0641], [0x067e, 0x0628], [0x0686, 0x062c], [0x0758, 0x062c], [0x0698, 0x0632],
  [0x06d5, 0x0647], [0x06c0, 0x0647], [0x06be, 0x0647], [0x06c1, 0x0647], [0x06c3, 0x0647],
  [0x06c6, 0x0648], [0x06c7, 0x0648], [0x06c8, 0x0648], [0x06cb, 0x0648], [0x06c9, 0x0648],
  [0x0695, 0x0631], [0x06b5, 0x0644], [0x06ad, 0x0643], [0x06ba, 0x0646], [0x06bb, 0x0646],
  // Arabic punctuation that has a plain counterpart
  [0x066b, 0x2e], [0x066c, 0x2c], [0x066a, 0x25], [0x06d4, 0x2e],
]);

/** Typographic quotes → plain ones (Arabic text uses « » and “ ” for quotation). */
const QUOTE_MAP: ReadonlyMap<number, number> = new Map([
  [0x201c, 0x22], [0x201d, 0x22], [0x201e, 0x22], [0x201f, 0x22], [0x00ab, 0x22], [0x00bb, 0x22], [0x2039, 0x22], [0x203a, 0x22],
  [0x2033, 0x22], [0x301d, 0x22], [0x301e, 0x22], [0xff02, 0x22],
  [0x2018, 0x27], [0x2019, 0x27], [0x201a, 0x27], [0x201b, 0x27], [0x2032, 0x27], [0x0060, 0x27], [0x00b4, 0x27],
]);

/** Space-like characters → a plain space; line and paragraph separators → newline. */
function spaceClass(c: number): number {
  if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0x1680) return 0x20;
  if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x85) return 0x0a;
  return -1;
}

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits → ASCII. */
export function foldDigit(c: number): number {
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660 + 0x30;
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06f0 + 0x30;
  return c;
}

/** Presentation forms (U+FB50–FDFF, U+FE70–FEFF) decompose by NFKC: «ﻻ» → «لا», «ﷺ» → 18 letters. */
export function isPresentationForm(c: number): boolean {
  return (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefe);
}

/** Map one code unit (after presentation-form decomposition) to its normalized code unit, or -1 to drop it. */
export function foldChar(c: number): number {
  if (isDiacritic(c) || c === TATWEEL || isInvisible(c)) return -1;
  const s = spaceClass(c);
  if (s >= 0) return s;
  const l = LETTER_MAP.get(c);
  if (l !== undefined) return l;
  const q = QUOTE_MAP.get(c);
  if (q !== undefined) return q;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20; // ASCII lower case
  if (c === 0) return 0x20;
  return foldDigit(c);
}

/**
 * The folded expansion of every presentation form, computed once: «ﻻ» → «لا», «ﷺ» → «صلي الله عليه وسلم».
 * A form that stands for harakat alone («ﹶ», the isolated fatha, NFKC " َ") is a mark, not a word break: it
 * folds to nothing and, like a haraka, extends the span before it («بﹶت» → «بت», not «ب ت»).
 */
const PRESENTATION_FIRST = 0xfb50;
const PRESENTATION_FOLDED: readonly string[] = (() => {
  const out: string[] = [];
  for (let c = PRESENTATION_FIRST; c <= 0xfefe; c++) {
    const d = isPresentationForm(c) ? String.fromCharCode(c).normalize("NFKC") : "";
    let marksOnly = d.length > 0;
    for (let k = 0; k < d.length; k++) {
      const u = d.charCodeAt(k);
      if (!(isDiacritic(u) || u === TATWEEL || (u === 0x20 && k === 0 && d.length > 1))) marksOnly = false;
    }
    let folded = "";
    if (!marksOnly) {
      for (let k = 0; k < d.length; k++) {
        const f = foldChar(d.charCodeAt(k));
        if (f >= 0) folded += String.fromCharCode(f);
      }
    }
    out.push(folded);
  }
  return out;
})();

/**
 * `foldChar` for every UTF-16 code unit, computed once: the normalizer's hot loop reads a typed array instead of
 * running the range tests and two map lookups on each character.
 */
const FOLD: Int32Array = (() => {
  const t = new Int32Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = foldChar(c);
  return t;
})();

export function isArabicLetter(c: number): boolean {
  return (c >= 0x0621 && c <= 0x063a) || (c >= 0x0641 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3) || c === 0x06d5 ||
    (c >= 0x06fa && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0x08a0 && c <= 0x08c9);
}

// ---------- per-document columns ----------

/**
 * Typed columns for one document (offset maps, token columns, per-token indexes) are cut from shared 256 KiB
 * buffers instead of each getting its own: allocating a typed array's own buffer costs microseconds and GC work,
 * a view into a shared one a fraction of that. A buffer is never reused (a new one is taken when it is full), so
 * a column starts zeroed like a new array, and one kept by a caller stays valid; a buffer lives as long as any
 * column cut from it. A column larger than a sixteenth of a buffer gets a buffer of its own.
 */
const ARENA_BYTES = 1 << 18;
let arena = new ArrayBuffer(ARENA_BYTES);
let arenaUsed = 0;

function arenaBytes(bytes: number): number {
  const at = (arenaUsed + 3) & ~3; // keep 32-bit columns aligned
  if (at + bytes <= ARENA_BYTES) { arenaUsed = at + bytes; return at; }
  arena = new ArrayBuffer(ARENA_BYTES);
  arenaUsed = bytes;
  return 0;
}

/** A zeroed Int32Array of n elements for one document's data. */
export function int32Column(n: number): Int32Array {
  if (n * 4 > ARENA_BYTES >> 4) return new Int32Array(n);
  const at = arenaBytes(n * 4);
  return new Int32Array(arena, at, n);
}

/** A zeroed Uint8Array of n elements for one document's data. */
export function uint8Column(n: number): Uint8Array {
  if (n > ARENA_BYTES >> 4) return new Uint8Array(n);
  const at = arenaBytes(n);
  return new Uint8Array(arena, at, n);
}

// ---------- the composed normalizer ----------

/**
 * The normalized text being built: code units and, for each, its span in the source. The columns are scratch
 * buffers shared by every call (normalization is synchronous and `finish` copies them out), so a document costs
 * one allocation for its offset maps, not three oversized ones.
 */
const SCRATCH_SIZE = 16384, SCRATCH_KEEP = 1 << 20;
let scratchCodes = new Uint16Array(SCRATCH_SIZE);
let scratchStart = new Int32Array(SCRATCH_SIZE + 1);
let scratchEnd = new Int32Array(SCRATCH_SIZE + 1);

class Builder {
  codes: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  n = 0;
  constructor(cap: number) {
    if (scratchCodes.length < cap) growScratch(cap);
    this.codes = scratchCodes;
    this.start = scratchStart;
    this.end = scratchEnd;
  }
  push(c: number, s: number, e: number): void {
    if (this.n >= this.codes.length) this.grow();
    this.codes[this.n] = c;
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.n++;
  }
  pop(): void { this.n--; }
  last(): number { return this.n > 0 ? this.codes[this.n - 1] : -1; }
  private grow(): void {
    growScratch(this.codes.length * 2 + 16);
    this.codes = scratchCodes; this.start = scratchStart; this.end = scratchEnd;
  }
  finish(source: string): Normalized {
    const n = this.n;
    const start = int32Column(n + 1), end = int32Column(n + 1);
    start.set(this.start.subarray(0, n));
    end.set(this.end.subarray(0, n));
    start[n] = source.length;
    end[n] = source.length;
    const text = codesToString(this.codes, n);
    // a huge text (hostile input) does not keep its scratch for good
    if (scratchCodes.length > SCRATCH_KEEP) { scratchCodes = new Uint16Array(SCRATCH_SIZE); scratchStart = new Int32Array(SCRATCH_SIZE + 1); scratchEnd = new Int32Array(SCRATCH_SIZE + 1); }
    return { source, text, start, end };
  }
}

/** Grow the scratch columns to hold at least `cap` code units, keeping what they hold. */
function growScratch(cap: number): void {
  const codes = new Uint16Array(cap); codes.set(scratchCodes); scratchCodes = codes;
  const st = new Int32Array(cap + 1); st.set(scratchStart); scratchStart = st;
  const en = new Int32Array(cap + 1); en.set(scratchEnd); scratchEnd = en;
}

/** Node's Buffer where there is one: it decodes UTF-16 code units into a string in one copy. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The string of codes[0, n). A report's worth goes through Buffer's UTF-16 decoder (a copy: every code unit is
 * kept as is, lone surrogates included), an order of magnitude faster than String.fromCharCode.apply.
 */
function codesToString(codes: Uint16Array, n: number): string {
  if (NodeBuffer && LITTLE_ENDIAN && n > 64) return NodeBuffer.from(codes.buffer, codes.byteOffset, n * 2).toString("utf16le");
  const CHUNK = 8192;
  if (n <= CHUNK) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  let text = "";
  for (let i = 0; i < n; i += CHUNK) text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  return text;
}

/**
 * Normalize for matching: removes diacritics, tatweel, invisible and bidi characters; unifies alef/hamza forms,
 * alef maqsura, taa marbuta, Persian letters, digits, quotes, spaces; decomposes presentation forms; and undoes the
 * evasive spellings of `deobfuscate` rules that can be decided from the characters alone (letters split by tatweel
 * and spaces, letters separated by dots). Idempotent: normalize(normalize(x).text).text === normalize(x).text.
 */
export function normalize(source: string): Normalized {
  const b = new Builder(source.length + 8);
  const len = source.length;
  // Where in the normalized text a tatweel-split word was joined: lone letters near these are joined too.
  const sites: number[] = [];
  let i = 0;
  while (i < len) {
    const c = source.charCodeAt(i);
    // «خـ ـلايـ ـا»: a tatweel, spaces, then a tatweel joins the two halves of one word.
    if (c === TATWEEL) {
      let j = i + 1;
      while (j < len && source.charCodeAt(j) === TATWEEL) j++;
      let k = j;
      while (k < len && (source.charCodeAt(k) === 0x20 || source.charCodeAt(k) === 0xa0)) k++;
      if (k > j && k < len && source.charCodeAt(k) === TATWEEL) {
        // drop the tatweels and the spaces between them
        let m = k;
        while (m < len && source.charCodeAt(m) === TATWEEL) m++;
        if (sites.length === 0 || sites[sites.length - 1] < b.n) sites.push(b.n); // sorted, once each
        i = m;
        continue;
      }
      i = j;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = source.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // astral code point: kept as is (two code units, both mapped to the pair)
        b.push(c, i, i + 2);
        b.push(d, i, i + 2);
        i += 2;
        continue;
      }
    }
    if (isPresentationForm(c)) {
      const folded = PRESENTATION_FOLDED[c - PRESENTATION_FIRST];
      for (let k = 0; k < folded.length; k++) pushFolded(b, folded.charCodeAt(k), i, i + 1);
      if (folded.length === 0 && b.n > 0) b.end[b.n - 1] = i + 1; // a mark: the span before extends over it
      i++;
      continue;
    }
    const f = FOLD[c];
    if (f >= 0) pushFolded(b, f, i, i + 1);
    else if (b.n > 0 && isDiacritic(c)) b.end[b.n - 1] = i + 1; // a span's end extends over trailing harakat
    i++;
  }
  return joinDottedLetters(b.finish(source), sites);
}

function pushFolded(b: Builder, f: number, s: number, e: number): void {
  // collapse runs of spaces so that the normalized form is stable
  if (f === 0x20 && (b.last() === 0x20 || b.last() === 0x0a)) { b.end[b.n - 1] = e; return; }
  if (f === 0x0a && b.last() === 0x20) { b.pop(); }
  b.push(f, s, e);
}

/**
 * «د.ا.عش» → «داعش»: dots between single letters are an evasive spelling. A run is joined only when it has at
 * least two dots and every segment but the last is a single letter, so «الموقع.وقال» (a missing space) stays.
 * Then lone letters near an evasive spelling (`sites`, or a joined dot run) are joined to a neighbouring word.
 */
function joinDottedLetters(n: Normalized, sites: readonly number[]): Normalized {
  const t = n.text;
  const L = t.length;
  let drop: Uint8Array | null = null;
  let any = false;
  const dotSites: number[] = []; // the first and last dot of each joined run
  // a run starts at a letter right before a dot: visit the dots, not every code unit
  let from = 0; // a run ends at j; the next may start after it
  for (let d = t.indexOf("."); d >= 0; d = t.indexOf(".", d + 1)) {
    const i = d - 1;
    if (i < from || !letterAt(t, i) || letterAt(t, i - 1) || !letterAt(t, i + 2)) continue;
    let j = i;
    let dots = 0; // the run's dots are at i + 1, i + 3, …
    while (t.charCodeAt(j + 1) === 0x2e && letterAt(t, j + 2)) {
      dots++;
      j += 2;
      if (letterAt(t, j + 1)) break; // the last segment may be longer: «د.ا.عش»
    }
    if (dots >= 2) {
      drop ??= new Uint8Array(L);
      for (let k = i + 1; k < j; k += 2) drop[k] = 1;
      dotSites.push(i + 1, j - 1);
      any = true;
    }
    from = j + 1;
  }
  if (sites.length > 0 || dotSites.length > 0) {
    drop ??= new Uint8Array(L);
    if (joinLoneLetters(t, drop, mergeSorted(sites, dotSites))) any = true;
  }
  if (!any || !drop) return n;
  const b = new Builder(L);
  for (let i = 0; i < L; i++) if (!drop[i]) b.push(t.charCodeAt(i), n.start[i], n.end[i]);
  return b.finish(n.source);
}

/** Whether t[k] is an Arabic letter (false outside the string). */
function letterAt(t: string, k: number): boolean {
  return k >= 0 && k < t.length && isArabicLetter(t.charCodeAt(k));
}

/** How far (in normalized code units) from an evasive spelling a lone letter is still taken as part of it. */
const LONE_LETTER_REACH = 8;

/**
 * «حز ب الله» → «حزب الله»: near an evasive spelling, a lone letter other than «و» ("and") after a space belongs
 * to a neighbouring word on its line: to a short word (1–3 letters) before it, else to the word after it. Only
 * near one: elsewhere in the same report «عام 2011 م في دمشق» ("in the year 2011 AD in Damascus") keeps its «م».
 * Marks the spaces to drop; returns whether it marked any. `sites` is sorted.
 */
function joinLoneLetters(t: string, drop: Uint8Array, sites: readonly number[]): boolean {
  const L = t.length;
  const letter = (k: number) => k >= 0 && k < L && isArabicLetter(t.charCodeAt(k));
  // a dot being dropped is inside a word: «د» in «د.ا.عش» is not a lone letter
  const inWord = (k: number) => letter(k) || (k >= 0 && k < L && drop[k] === 1);
  let any = false;
  let p = 0; // sites[p] is the first site not yet left behind
  for (let i = 0; i < L; i++) {
    if (!letter(i) || inWord(i - 1) || inWord(i + 1) || t.charCodeAt(i) === 0x0648) continue;
    while (p < sites.length && sites[p] < i - LONE_LETTER_REACH) p++;
    if (p >= sites.length || sites[p] > i + LONE_LETTER_REACH) continue;
    if (i === 0 || t.charCodeAt(i - 1) !== 0x20) continue;
    let prevLen = 0; // letters in the word before, dropped dots not counted: «د.ا.ع ش» → 3
    for (let k = i - 2; inWord(k) && prevLen <= 3; k--) if (letter(k)) prevLen++;
    if (prevLen >= 1 && prevLen <= 3 && !drop[i - 1]) { drop[i - 1] = 1; any = true; }
    else if (t.charCodeAt(i + 1) === 0x20 && letter(i + 2)) { drop[i + 1] = 1; any = true; }
  }
  return any;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++]);
  return out;
}

/** The original span [start, end) for the normalized span [s, e). Never splits a surrogate pair. */
export function toOriginal(n: Normalized, s: number, e: number): [number, number] {
  const L = n.text.length;
  s = Math.max(0, Math.min(s, L));
  e = Math.max(0, Math.min(e, L));
  if (e <= s) {
    const p = n.start[s];
    return [p, p];
  }
  const os = n.start[s];
  const oe = n.end[e - 1];
  return [os, Math.max(os, oe)];
}

/** The normalized form of a short string (a lexicon entry or a query). */
export function normalizeForMatch(s: string): string {
  return normalize(s).text.trim();
}

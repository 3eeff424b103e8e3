// Hostile text through the text layer: arbitrary Unicode must not throw or produce a span outside the text, and
// time must grow linearly with the input on inputs built to trigger quadratic paths.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalize, toOriginal, type Normalized } from "./normalize.js";
import { tokenize, type Tokens } from "./tokenize.js";
import { splitClauses, splitSentences } from "./sentences.js";
import { stems } from "./clitics.js";

// ---------- generators ----------

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));

/**
 * Arabic-heavy text: letters, harakat, tatweel, presentation forms, Persian letters, three kinds of digits, spaces,
 * dots, bidi controls, zero-width characters, lone surrogates and pairs, NUL, and the pieces that evasive
 * spellings are made of («ـ ـ», «.ا», a lone letter between spaces).
 */
const arabicPiece = fc.oneof(
  { weight: 12, arbitrary: char(0x0621, 0x064a) },
  { weight: 4, arbitrary: char(0x064b, 0x065f) },
  { weight: 3, arbitrary: fc.constantFrom("ـ", "ـ ـ", "ـــ  ـ", ".ا", "ا.", ".", ". ", " ب ", " م ", " و ") },
  { weight: 4, arbitrary: fc.constantFrom(" ", " ", " ", "  ", "\u00A0", "\n", "\r\n", "\t", "\u2029") },
  { weight: 2, arbitrary: char(0xfb50, 0xfdff) },
  { weight: 2, arbitrary: char(0xfe70, 0xfeff) },
  { weight: 2, arbitrary: fc.constantFrom("ی", "ک", "ڤ", "گ", "چ", "پ", "ݘ", "ژ", "ە", "ۀ", "ھ", "ٱ", "ٰ") },
  { weight: 2, arbitrary: fc.oneof(char(0x30, 0x39), char(0x0660, 0x0669), char(0x06f0, 0x06f9), fc.constantFrom("٫", "٬", ",", "٪")) },
  { weight: 1, arbitrary: fc.oneof(char(0x202a, 0x202e), char(0x2066, 0x2069), char(0x200b, 0x200f), fc.constantFrom("\uFEFF", "\u061C", "\u00AD")) },
  { weight: 1, arbitrary: fc.oneof(char(0xd800, 0xdfff), fc.constantFrom("😀", "𝕏", "\uD83D\uDE00\u064E")) },
  { weight: 1, arbitrary: fc.constantFrom("\0", "«", "»", "“", "”", "‘", "؟", "،", "؛", "!", "…", "\"", "A", "z", "SY", "×") },
);
// `size: "medium"`: without it fast-check keeps arrays and strings to about ten units, too short for a run of
// evasive spellings or a sentence with its quotes.
const arabicText = fc.array(arabicPiece, { maxLength: 80, size: "medium" }).map((a) => a.join(""));
const binaryText = fc.string({ unit: "binary", maxLength: 120, size: "medium" });
const graphemeText = fc.string({ unit: "grapheme", maxLength: 60, size: "medium" });

const GENERATORS: ReadonlyArray<[string, fc.Arbitrary<string>, number]> = [
  // name, generator, runs per property
  ["Arabic-heavy", arabicText, 20_000],
  ["binary", binaryText, 12_000],
  ["grapheme", graphemeText, 8_000],
];

// ---------- invariants (plain throws: they run hundreds of thousands of times) ----------

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Whether offset p falls between the two halves of a surrogate pair of s. */
const splitsPair = (s: string, p: number) => p > 0 && p < s.length && isHigh(s.charCodeAt(p - 1)) && isLow(s.charCodeAt(p));

function fail(what: string, src: string): never {
  throw new Error(`${what} for ${JSON.stringify(src)}`);
}

function checkMaps(src: string, n: Normalized): void {
  const L = n.text.length;
  if (n.source !== src) fail("source changed", src);
  if (n.start.length !== L + 1 || n.end.length !== L + 1) fail("map length", src);
  if (n.start[L] !== src.length || n.end[L] !== src.length) fail("map end", src);
  for (let i = 0; i < L; i++) {
    const s = n.start[i], e = n.end[i];
    if (s < 0 || e > src.length || s >= e) fail(`map range at ${i}`, src);
    if (i > 0 && (s < n.start[i - 1] || e < n.end[i - 1])) fail(`map not monotone at ${i}`, src);
    if (splitsPair(src, s) || splitsPair(src, e)) fail(`map splits a pair at ${i}`, src);
  }
}

function checkTokens(src: string, n: Normalized, t: Tokens): void {
  const text = n.text;
  let at = 0;
  let prevOs = 0, prevOe = 0;
  for (let i = 0; i < t.count; i++) {
    const s = t.start[i], e = t.end[i];
    if (s < at || e <= s || e > text.length) fail(`token ${i} out of order`, src);
    for (let k = at; k < s; k++) {
      const c = text.charCodeAt(k);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) fail(`non-space between tokens at ${k}`, src);
    }
    if (t.kind[i] < 1 || t.kind[i] > 5) fail(`token ${i} kind`, src);
    if (splitsPair(text, s) || splitsPair(text, e)) fail(`token ${i} splits a pair`, src);
    const [os, oe] = toOriginal(n, s, e);
    if (!(os >= 0 && os <= oe && oe <= src.length)) fail(`token ${i} original span [${os}, ${oe})`, src);
    if (splitsPair(src, os) || splitsPair(src, oe)) fail(`token ${i} original span splits a pair`, src);
    if (os < prevOs || oe < prevOe) fail(`token ${i} original span out of order`, src);
    prevOs = os; prevOe = oe;
    at = e;
  }
  for (let k = at; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) fail(`non-space after the last token at ${k}`, src);
  }
}

function checkSentences(src: string, t: Tokens): void {
  let prev = 0;
  for (const s of splitSentences(t)) {
    if (s.first < prev || s.last <= s.first || s.last > t.count) fail("sentence range", src);
    let c = s.first;
    for (const cl of splitClauses(t, s)) {
      if (cl.first < c || cl.last <= cl.first || cl.last > s.last) fail("clause range", src);
      c = cl.last;
    }
    prev = s.last;
  }
}

function checkAll(src: string): void {
  const n = normalize(src);
  checkMaps(src, n);
  const t = tokenize(n.text);
  checkTokens(src, n, t);
  checkSentences(src, t);
}

describe("arbitrary text", () => {
  for (const [name, gen, runs] of GENERATORS) {
    it(`${name}: nothing throws; maps, tokens and sentences keep their invariants`, () => {
      fc.assert(fc.property(gen, (src) => { checkAll(src); }), { numRuns: runs });
    });
    it(`${name}: normalization is idempotent`, () => {
      fc.assert(
        fc.property(gen, (src) => {
          const once = normalize(src).text;
          const twice = normalize(once).text;
          if (twice !== once) fail(`not idempotent: ${JSON.stringify(once)} → ${JSON.stringify(twice)}`, src);
        }),
        { numRuns: runs },
      );
    });
  }
  it("Arabic-heavy: any normalized span maps to a span inside the source that splits no pair", () => {
    fc.assert(
      fc.property(arabicText, fc.nat(), fc.nat(), (src, a, b) => {
        const n = normalize(src);
        const L = n.text.length;
        const s = Math.min(a, b) % (L + 1), e = Math.max(a, b) % (L + 1);
        const [os, oe] = toOriginal(n, Math.min(s, e), Math.max(s, e));
        if (!(os >= 0 && os <= oe && oe <= src.length)) fail(`span [${os}, ${oe})`, src);
        if (splitsPair(src, os) || splitsPair(src, oe)) fail("span splits a pair", src);
      }),
      { numRuns: 5_000 },
    );
  });
  it("Arabic-heavy: stems of every word never throw and stay inside the word", () => {
    fc.assert(
      fc.property(arabicText, (src) => {
        const n = normalize(src);
        const t = tokenize(n.text);
        for (let i = 0; i < t.count; i++) {
          const w = n.text.slice(t.start[i], t.end[i]);
          for (const s of stems(w)) if (s.prefixLen + s.suffixLen > w.length) fail("stem longer than its word", src);
        }
      }),
      { numRuns: 5_000 },
    );
  });
});

// ---------- scale and linearity ----------

/** The whole text layer, as the extractor runs it, mapping every token back. */
function pipeline(src: string): number {
  const n = normalize(src);
  const t = tokenize(n.text);
  const ss = splitSentences(t);
  for (const s of ss) splitClauses(t, s);
  let sum = 0;
  for (let i = 0; i < t.count; i++) {
    const [os, oe] = toOriginal(n, t.start[i], t.end[i]);
    if (os < 0 || oe > src.length || os > oe) throw new Error(`token ${i} out of the source`);
    sum += oe - os;
  }
  return sum + ss.length;
}

/** Best of `reps` runs, in milliseconds: the least disturbed by the garbage collector and the neighbours. */
function bestTime(f: () => void, reps = 3): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Time at n and at 4n. Linear code takes ~4 times as long; quadratic code 16 times. The bound of 8 leaves room
 * for a noisy, shared machine and still fails a quadratic path. A fast input is run several times per measurement
 * (the same number at both sizes) so that the smaller measurement lasts at least ~20 ms: timer resolution and a
 * stray pause cannot make a ratio.
 */
function growth(build: (n: number) => string, n: number, run: (s: string) => unknown = pipeline): number {
  const small = build(n), big = build(4 * n);
  run(small); // warm up the JIT on both shapes
  run(big);
  const once = bestTime(() => run(small), 1);
  const loops = Math.min(64, Math.max(1, Math.ceil(20 / Math.max(once, 0.05))));
  const a = bestTime(() => { for (let k = 0; k < loops; k++) run(small); });
  const b = bestTime(() => { for (let k = 0; k < loops; k++) run(big); });
  const ratio = b / a;
  if (process.env.RASAD_SHOW_GROWTH) console.log(`growth ×${loops}: ${a.toFixed(1)} ms → ${b.toFixed(1)} ms: ${ratio.toFixed(2)}`);
  return ratio;
}

/**
 * The smallest growth ratio over up to three measurements. A collection or a neighbour's burst can spoil one
 * measurement; a quadratic path gives ~16 every time.
 */
function settledGrowth(build: (n: number) => string, n: number, run?: (s: string) => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 3 && best >= 8; k++) best = Math.min(best, growth(build, n, run));
  return best;
}

const PARAGRAPH =
  "قال مصدر محلي لـ«رصد» إنّ عناصر من خـ ـلايـ ـا التنظيم فرضوا إتاوة قدرها ١٬٥٠٠ دولار على كل شاحنة خردة تمر عبر حاجز " +
  "الجسر في ريف دير الزور الشرقي، مقابل السماح لها بالعبور.\nوأضاف المصدر أن د.ا.عـ ـش يبيع الخردة لتجار من مناطق " +
  "سيطرة «قسد»، وأن ميليشيات حـ ـز ب الله تتقاضى 20% من قيمة الحمولة عند معبر البوكمال ﷺ ﻻ.\n";

describe("hostile scale", () => {
  it("a 1 MB single token", () => {
    const word = "ب".repeat(1 << 20);
    const n = normalize(word);
    const t = tokenize(n.text);
    expect(t.count).toBe(1);
    expect(toOriginal(n, t.start[0], t.end[0])).toEqual([0, word.length]);
    expect(splitSentences(t)).toEqual([{ first: 0, last: 1 }]);
    expect(stems(n.text)[0].stem.length).toBe(1 << 20);
    // the same length with harakat and tatweel inside: still one token, mapped onto all of it
    const dressed = "بَـ".repeat(1 << 18);
    const nd = normalize(dressed);
    const td = tokenize(nd.text);
    expect(td.count).toBe(1);
    expect(toOriginal(nd, td.start[0], td.end[0])).toEqual([0, dressed.length - 1]); // the last tatweel is not its letter's
  });
  it("a 10 MB document through normalize, tokenize and splitSentences", () => {
    const doc = PARAGRAPH.repeat(Math.ceil((10 << 20) / PARAGRAPH.length));
    expect(doc.length).toBeGreaterThanOrEqual(10 << 20);
    const n = normalize(doc);
    const t = tokenize(n.text);
    const ss = splitSentences(t);
    expect(ss.length).toBeGreaterThan(50_000);
    checkMaps(doc, n); // every position of the map
    checkTokens(doc, n, t); // every token, mapped back
    // the de-obfuscation held all the way through
    expect(n.text.slice(0, 400)).toContain("خلايا التنظيم");
    expect(n.text.slice(-400)).toContain("حزب الله");
  });
  it("a 1 MB document takes about 4 times as long as a 256 kB one", () => {
    const build = (n: number) => PARAGRAPH.repeat(Math.ceil(n / PARAGRAPH.length));
    expect(settledGrowth(build, 1 << 18)).toBeLessThan(8);
  });

  // Inputs built against each loop in the text layer; each at n and 4n characters (or repetitions).
  const CASES: ReadonlyArray<[string, (n: number) => string, number]> = [
    ["100k repetitions of one letter", (n) => "ب".repeat(n), 100_000],
    ["100k tatweel-space-tatweel pairs", (n) => "ـ ـ".repeat(n), 100_000],
    ["100k letters split by tatweel and space", (n) => "بـ ـ".repeat(n), 100_000],
    ["100k «.ا» pairs", (n) => ".ا".repeat(n), 100_000],
    ["100k «ا.» pairs then a long word", (n) => "ا.".repeat(n) + "ب".repeat(n), 100_000],
    ["dotted runs that stop and restart", (n) => "ا.ب.جد.".repeat(n / 4), 100_000],
    ["100k lone letters beside evasive spellings", (n) => "حـ ـز ب ".repeat(n / 4), 100_000],
    ["lone letters after one long word", (n) => "حـ ـ" + "ز".repeat(n) + " ب ج د".repeat(n / 8), 100_000],
    ["a tatweel before long runs of spaces", (n) => ("ـ" + " ".repeat(64)).repeat(n / 64), 400_000],
    ["one tatweel then only spaces", (n) => "ـ" + " ".repeat(n), 400_000],
    ["spaces and line breaks that fold", (n) => " \u00A0\n \r\n".repeat(n / 5), 200_000],
    ["harakat with no letter", (n) => "َ".repeat(n), 200_000],
    ["invisible characters", (n) => "\u200B\u202E\u2066".repeat(n / 3), 200_000],
    ["lone surrogates", (n) => "\uD800".repeat(n), 200_000],
    ["presentation forms that expand 18 times", (n) => "ﷺ".repeat(n), 20_000],
    ["numbers with separators", (n) => "1,2.".repeat(n / 4), 200_000],
    ["full stops and quotes", (n) => '."'.repeat(n / 2), 200_000],
    ["closing quotes after one full stop", (n) => "قال." + '"'.repeat(n), 200_000],
    ["punctuation only", (n) => "،؛:؟!…".repeat(n / 6), 200_000],
  ];
  for (const [name, build, n] of CASES) {
    it(`${name}: nothing throws, time grows linearly`, () => {
      expect(() => pipeline(build(n))).not.toThrow();
      expect(settledGrowth(build, n)).toBeLessThan(8);
    });
  }

  it("the timing check itself rejects a quadratic algorithm", () => {
    // A deliberately quadratic scan: for each character, look back to the start of the string.
    const quadratic = (s: string) => {
      let k = 0;
      for (let i = 0; i < s.length; i++) for (let j = i; j >= 0 && s.charCodeAt(j) === 0x0628; j--) k++;
      return k;
    };
    expect(settledGrowth((n) => "ب".repeat(n), 4_000, quadratic)).toBeGreaterThan(8);
  });
});

// Sentence and clause splitting over tokens.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalize } from "./normalize.js";
import { tokenize, tokenText, TOKEN_NEWLINE, TOKEN_PUNCT, type Tokens } from "./tokenize.js";
import { splitClauses, splitSentences, type TokenRange } from "./sentences.js";

/** The normalized text of each range, tokens joined by one space. */
const show = (t: Tokens, rs: TokenRange[]) =>
  rs.map((r) => Array.from({ length: r.last - r.first }, (_, k) => tokenText(t, r.first + k)).join(" "));
const sentences = (s: string) => {
  const t = tokenize(normalize(s).text);
  return show(t, splitSentences(t));
};
const clauses = (s: string) => {
  const t = tokenize(normalize(s).text);
  return splitSentences(t).map((r) => show(t, splitClauses(t, r)));
};

describe("splitSentences", () => {
  it("ends a sentence at . ! ? ؟ and keeps the mark with it", () => {
    expect(sentences("هاجم التنظيم القرية. قتل ثلاثة! من المسؤول؟ لا احد")).toEqual([
      "هاجم التنظيم القريه .",
      "قتل ثلاثه !",
      "من المسوول ؟",
      "لا احد",
    ]);
  });
  it("ends a sentence at the Arabic semicolon and the ellipsis character", () => {
    expect(sentences("انسحبت القوات؛ ودخل التنظيم… ثم عاد")).toEqual(["انسحبت القوات ؛", "ودخل التنظيم …", "ثم عاد"]);
  });
  it("ends a sentence at a line break (a paragraph in most reports), with the break in it", () => {
    expect(sentences("العنوان\nالنص الاول")).toEqual(["العنوان \n", "النص الاول"]);
  });
  it("drops ranges with no word in them: blank lines, runs of dots", () => {
    expect(sentences("اول...\n\n\nثان")).toEqual(["اول .", "ثان"]);
    expect(sentences("...")).toEqual([]);
    expect(sentences("")).toEqual([]);
  });
  it("does not end a sentence inside a number", () => {
    expect(sentences("دفع 2.5 مليون ليرة. ثم غادر")).toEqual(["دفع 2.5 مليون ليره .", "ثم غادر"]);
  });
  it("keeps a closing quote right after the full stop with its sentence", () => {
    expect(sentences("قال: «انسحبنا.» ثم صمت")).toEqual(['قال : " انسحبنا . "', "ثم صمت"]);
  });
  it("starts the next sentence at an opening quote after a space", () => {
    // "He denied it. «We did not withdraw», the commander said."
    expect(sentences("نفى ذلك. «لم ننسحب» قال القائد.")).toEqual(["نفي ذلك .", '" لم ننسحب " قال القايد .']);
  });
  it("does not split at a de-obfuscated dotted name", () => {
    expect(sentences("هاجمت خلايا د.ا.عش نقطة للجيش.")).toEqual(["هاجمت خلايا داعش نقطه للجيش ."]);
  });
});

describe("splitClauses", () => {
  it("splits at the Arabic comma, comma, semicolon, colon and dashes", () => {
    expect(clauses("قال المصدر، إن التنظيم فرض اتاوة: الف دولار - على كل شاحنة")).toEqual([
      ["قال المصدر ،", "ان التنظيم فرض اتاوه :", "الف دولار -", "علي كل شاحنه"],
    ]);
  });
  it("returns the whole sentence when nothing splits it", () => {
    expect(clauses("هاجم التنظيم القرية.")).toEqual([["هاجم التنظيم القريه ."]]);
  });
  it("drops clauses made only of punctuation", () => {
    expect(clauses("اولا،، ثانيا")).toEqual([["اولا ،", "ثانيا"]]);
  });
});

// Reports in miniature: words, numbers, punctuation of every kind, quotes and line breaks.
const piece = fc.constantFrom(
  "قال", "التنظيم", "مصدر", "2,500", "3.5", "sy24", ".", "،", ",", "؛", ":", "!", "؟", "?", "…", "-", "«", "»", '"',
  "\n", "\n\n", "(", ")", " ",
);
const report = fc.array(piece, { maxLength: 40 }).map((a) => a.join(" "));

describe("properties", () => {
  it("sentences are ordered, disjoint, non-empty, hold a word, and clauses lie inside them", () => {
    fc.assert(
      fc.property(report, (src) => {
        const t = tokenize(normalize(src).text);
        const ss = splitSentences(t);
        let prev = 0;
        for (const s of ss) {
          expect(s.first).toBeGreaterThanOrEqual(prev);
          expect(s.last).toBeGreaterThan(s.first);
          expect(s.last).toBeLessThanOrEqual(t.count);
          let words = 0;
          for (let i = s.first; i < s.last; i++) if (t.kind[i] !== TOKEN_PUNCT && t.kind[i] !== TOKEN_NEWLINE) words++;
          expect(words).toBeGreaterThan(0);
          // a sentence break only ever comes after an end mark or a line break (or a quote closing one)
          if (s.last < t.count) {
            const end = tokenText(t, s.last - 1);
            expect([".", "!", "?", "؟", "؛", "…", "\n", '"']).toContain(end);
          }
          let cprev = s.first;
          for (const c of splitClauses(t, s)) {
            expect(c.first).toBeGreaterThanOrEqual(cprev);
            expect(c.last).toBeGreaterThan(c.first);
            expect(c.last).toBeLessThanOrEqual(s.last);
            cprev = c.last;
          }
          prev = s.last;
        }
        // every word token belongs to some sentence
        let covered = 0;
        for (const s of ss) for (let i = s.first; i < s.last; i++) if (t.kind[i] !== TOKEN_PUNCT && t.kind[i] !== TOKEN_NEWLINE) covered++;
        let all = 0;
        for (let i = 0; i < t.count; i++) if (t.kind[i] !== TOKEN_PUNCT && t.kind[i] !== TOKEN_NEWLINE) all++;
        expect(covered).toBe(all);
      }),
      { numRuns: 6_000 },
    );
  });
});

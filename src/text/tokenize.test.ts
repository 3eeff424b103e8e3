// Tokenization over normalized text: kinds, boundaries, and spans mapped back to the original.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalize, toOriginal } from "./normalize.js";
import { TOKEN_LATIN, TOKEN_NEWLINE, TOKEN_NUMBER, TOKEN_PUNCT, TOKEN_WORD, tokenize, tokenText, type Tokens } from "./tokenize.js";

const list = (t: Tokens) => Array.from({ length: t.count }, (_, i) => tokenText(t, i));
const kinds = (t: Tokens) => Array.from(t.kind);
const tok = (s: string) => tokenize(normalize(s).text);

describe("tokenize", () => {
  it("splits Arabic words at spaces and punctuation", () => {
    const t = tok("قال مصدر محلي، إن التنظيم انسحب.");
    expect(list(t)).toEqual(["قال", "مصدر", "محلي", "،", "ان", "التنظيم", "انسحب", "."]);
    expect(kinds(t)).toEqual([1, 1, 1, 4, 1, 1, 1, 4]);
  });
  it("keeps clitics on the word (they are segmented by stems, not here)", () => {
    expect(list(tok("والميليشيات بالبادية"))).toEqual(["والميليشيات", "بالباديه"]);
  });
  it("reads numbers with thousands and decimal separators as one token", () => {
    const t = tok("دفع 1,500 دولار و٢٫٥ مليون و١٬٠٠٠ ليرة");
    expect(list(t)).toEqual(["دفع", "1,500", "دولار", "و", "2.5", "مليون", "و", "1,000", "ليره"]);
    expect(t.kind[1]).toBe(TOKEN_NUMBER);
    expect(t.kind[4]).toBe(TOKEN_NUMBER);
  });
  it("leaves a separator that does not sit between digits outside the number", () => {
    expect(list(tok("عام 2011."))).toEqual(["عام", "2011", "."]);
    expect(list(tok("1,000,"))).toEqual(["1,000", ","]);
    expect(list(tok("3..5"))).toEqual(["3", ".", ".", "5"]);
  });
  it("keeps letters glued to digits as one Latin token: «SY24», «24SY»", () => {
    const t = tok("موقع SY24 و24SY و A-10");
    expect(list(t)).toEqual(["موقع", "sy24", "و", "24sy", "و", "a", "-", "10"]);
    expect(t.kind[1]).toBe(TOKEN_LATIN);
    expect(t.kind[3]).toBe(TOKEN_LATIN);
  });
  it("does not take × and ÷ for Latin letters", () => {
    const t = tok("3×4");
    expect(list(t)).toEqual(["3", "×", "4"]);
    expect(kinds(t)).toEqual([TOKEN_NUMBER, TOKEN_PUNCT, TOKEN_NUMBER]);
    expect(list(tok("café"))).toEqual(["café"]);
  });
  it("makes each punctuation character its own token", () => {
    expect(list(tok("«قال»: (نعم)!؟"))).toEqual(['"', "قال", '"', ":", "(", "نعم", ")", "!", "؟"]);
  });
  it("turns line breaks into tokens", () => {
    const t = tok("سطر اول\nسطر ثان\r\nثالث");
    expect(list(t)).toEqual(["سطر", "اول", "\n", "سطر", "ثان", "\n", "\n", "ثالث"]);
    expect(t.kind[2]).toBe(TOKEN_NEWLINE);
  });
  it("keeps a surrogate pair in one token", () => {
    const t = tok("قال 😀 ثم");
    expect(list(t)).toEqual(["قال", "😀", "ثم"]);
    expect(t.end[1] - t.start[1]).toBe(2);
    expect(list(tok("😀😀"))).toEqual(["😀", "😀"]);
  });
  it("makes a lone surrogate a token of its own", () => {
    expect(list(tok("a\uD800b"))).toEqual(["a", "\uD800", "b"]);
  });
  it("returns no tokens for empty or blank text", () => {
    expect(tok("").count).toBe(0);
    expect(tok("  \t ").count).toBe(0);
  });
  it("maps words back to the original spelling", () => {
    const src = "قال مُصدرٌ إنّ خـ ـلايـ ـا «داعـش»";
    const n = normalize(src);
    const t = tokenize(n.text);
    const orig = Array.from({ length: t.count }, (_, i) => src.slice(...toOriginal(n, t.start[i], t.end[i])));
    expect(orig).toEqual(["قال", "مُصدرٌ", "إنّ", "خـ ـلايـ ـا", "«", "داعـش", "»"]);
  });
  it("names the kinds with distinct numbers", () => {
    expect(new Set([TOKEN_WORD, TOKEN_LATIN, TOKEN_NUMBER, TOKEN_PUNCT, TOKEN_NEWLINE]).size).toBe(5);
  });
});

// Arabic words in the original spelling — letters of every form, harakat, zero-width characters between
// letters — separated by spaces: each token mapped back must normalize to the token itself.
const letter = fc.oneof(
  fc.integer({ min: 0x0621, max: 0x063a }),
  fc.integer({ min: 0x0641, max: 0x064a }),
  fc.constantFrom(0x06cc, 0x06a9, 0x06a4, 0x06af, 0x0686, 0x067e, 0x0758),
).map((c) => String.fromCharCode(c));
const mark = fc.oneof(fc.integer({ min: 0x064b, max: 0x065f }), fc.constantFrom(0x0670, 0x200c, 0x200d, 0x200f)).map((c) => String.fromCharCode(c));
const word = fc.array(fc.tuple(letter, fc.array(mark, { maxLength: 2 })), { minLength: 1, maxLength: 9 })
  .map((a) => a.map(([l, m]) => l + m.join("")).join(""));
const sep = fc.constantFrom(" ", "  ", "\u00A0", " \u200B", "\n", "، ", ". ");
const sentence = fc.array(fc.tuple(word, sep), { maxLength: 10 }).map((a) => a.map(([w, s]) => w + s).join(""));

describe("properties", () => {
  it("a word token maps back to an original span that normalizes to the token", () => {
    fc.assert(
      fc.property(sentence, (src) => {
        const n = normalize(src);
        const t = tokenize(n.text);
        for (let i = 0; i < t.count; i++) {
          if (t.kind[i] !== TOKEN_WORD) continue;
          const [s, e] = toOriginal(n, t.start[i], t.end[i]);
          expect(normalize(src.slice(s, e)).text).toBe(tokenText(t, i));
        }
      }),
      { numRuns: 8_000 },
    );
  });
  it("tokens and the spaces between them rebuild the normalized text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (src) => {
        const { text } = normalize(src);
        const t = tokenize(text);
        let rebuilt = "";
        let at = 0;
        for (let i = 0; i < t.count; i++) {
          const gap = text.slice(at, t.start[i]);
          expect(/^[ \t\r]*$/.test(gap)).toBe(true);
          rebuilt += gap + tokenText(t, i);
          at = t.end[i];
        }
        expect(/^[ \t\r]*$/.test(text.slice(at))).toBe(true);
        expect(rebuilt + text.slice(at)).toBe(text);
      }),
      { numRuns: 8_000 },
    );
  });
});

// Unit tests for normalization: one block per rule, each with Arabic examples, and the offset map checked where a
// rule changes the length of the text.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { foldChar, foldDigit, isDiacritic, isInvisible, isPresentationForm, normalize, normalizeForMatch, toOriginal } from "./normalize.js";

/** The normalized text only. */
const norm = (s: string) => normalize(s).text;

/** The original text behind the normalized span [s, e). */
function original(src: string, s: number, e: number): string {
  const n = normalize(src);
  const [a, b] = toOriginal(n, s, e);
  return src.slice(a, b);
}

describe("diacritics", () => {
  it("removes harakat, tanween, shadda and sukun", () => {
    expect(norm("شُحنةٌ")).toBe("شحنه"); // "a shipment"
    expect(norm("مُقَاتِلٌ")).toBe("مقاتل"); // "a fighter"
    expect(norm("مدفعيّة")).toBe("مدفعيه"); // "artillery", shadda
    expect(norm("قُتِلْنَ")).toBe("قتلن"); // sukun
    expect(norm("كتاباً")).toBe("كتابا"); // tanween fath on the alef
  });
  it("removes the superscript alef and Quranic marks", () => {
    expect(norm("هٰذا")).toBe("هذا"); // "this", U+0670
    expect(norm("الرحمٰن")).toBe("الرحمن");
    expect(norm("قلۖ")).toBe("قل"); // U+06D6, a Quranic pause mark
    expect(norm("ب\u0610ت")).toBe("بت"); // U+0610, an honorific sign
  });
  it("extends a span's end over the harakat after it", () => {
    const src = "شُحنةٌ";
    const n = normalize(src);
    expect(Array.from(n.start)).toEqual([0, 2, 3, 4, 6]);
    expect(Array.from(n.end)).toEqual([2, 3, 4, 6, 6]);
    expect(toOriginal(n, 0, 4)).toEqual([0, 6]); // the whole word with its tanween
    expect(original(src, 0, 1)).toBe("شُ");
  });
  it("classifies the marks", () => {
    for (let c = 0x064b; c <= 0x065f; c++) expect(isDiacritic(c)).toBe(true);
    expect(isDiacritic(0x0670)).toBe(true);
    expect(isDiacritic(0x0627)).toBe(false); // alef
    expect(isDiacritic(0x0640)).toBe(false); // tatweel is its own rule
  });
});

describe("tatweel", () => {
  it("removes kashida inside a word and maps around it", () => {
    const src = "داعـــش"; // "ISIS" stretched
    const n = normalize(src);
    expect(n.text).toBe("داعش");
    expect(n.start[3]).toBe(6); // «ش» is after the three tatweels
    expect(original(src, 0, 4)).toBe(src);
  });
  it("keeps the words apart around a dash-like tatweel: «دمشق ـ سانا»", () => {
    expect(norm("دمشق ـ سانا")).toBe("دمشق سانا"); // dateline "Damascus – SANA"
  });
  it("drops a trailing tatweel: «1445 هـ» (the Hijri year)", () => {
    expect(norm("1445 هـ")).toBe("1445 ه");
  });
});

describe("alef and hamza forms", () => {
  it("unifies أ إ آ ٱ into ا", () => {
    expect(norm("أحمد")).toBe("احمد");
    expect(norm("إدلب")).toBe("ادلب"); // Idlib
    expect(norm("آبار")).toBe("ابار"); // "wells"
    expect(norm("ٱلله")).toBe("الله"); // alef wasla
  });
  it("treats alef + combining hamza (U+0654) like «أ»", () => {
    expect(norm("ا\u0654حمد")).toBe(norm("أحمد"));
    expect(norm("ا\u0653بار")).toBe(norm("آبار")); // alef + combining madda
  });
  it("puts hamza on waw and yaa onto the bare letter, so spelling variants of one word may meet", () => {
    expect(norm("مسؤول")).toBe("مسوول"); // "official"
    expect(norm("مسئول")).toBe("مسيول");
    expect(norm("رئيس")).toBe("رييس"); // "president"
    expect(norm("ء")).toBe("ء"); // a lone hamza stays
  });
});

describe("alef maqsura and taa marbuta", () => {
  it("writes alef maqsura as yaa", () => {
    expect(norm("مستشفى")).toBe("مستشفي"); // "hospital"
    expect(norm("على")).toBe("علي"); // "on"
    expect(norm("مستشفى")).toBe(norm("مستشفي")); // the misspelling meets the word
  });
  it("writes taa marbuta as haa", () => {
    expect(norm("قرية")).toBe("قريه"); // "village"
    expect(norm("الرقة")).toBe("الرقه"); // Raqqa
    expect(norm("الرقة")).toBe(norm("الرقه"));
  });
});

describe("Persian, Urdu and Kurdish letters", () => {
  it("maps each onto its Arabic counterpart", () => {
    expect(norm("ی ک ڤ گ چ پ ݘ")).toBe("ي ك ف ك ج ب ج");
    expect(norm("ژ ھ ە ۀ ۆ")).toBe("ز ه ه ه و");
  });
  it("makes a Persian-keyboard spelling meet the Arabic one", () => {
    expect(norm("کتیبة")).toBe(norm("كتيبة")); // "battalion" with Persian kaf and yeh
    expect(norm("ڤاغنر")).toBe("فاغنر"); // Wagner with veh
    expect(norm("پاسداران")).toBe("باسداران"); // Pasdaran
  });
});

describe("presentation forms", () => {
  it("decomposes lam-alef ligatures", () => {
    expect(norm("ﻻ")).toBe("لا");
    expect(norm("ﻷ")).toBe("لا"); // lam-alef with hamza
    expect(norm("ﻹ")).toBe("لا");
  });
  it("expands «ﷺ» into 18 letters that all point at the one character", () => {
    const n = normalize("ﷺ");
    expect(n.text).toBe("صلي الله عليه وسلم");
    expect(n.text.length).toBe(18);
    for (let i = 0; i < 18; i++) expect([n.start[i], n.end[i]]).toEqual([0, 1]);
    expect(toOriginal(n, 4, 8)).toEqual([0, 1]); // «الله» inside it maps to the whole ligature
    expect(norm("محمد ﷺ قال")).toBe("محمد صلي الله عليه وسلم قال");
  });
  it("reads a word typed in contextual forms like the plain one", () => {
    expect(norm("\uFEA9\uFE8D\uFECB\uFEB6")).toBe("داعش"); // ﺩﺍﻋﺶ
    expect(norm("ﷲ")).toBe("الله");
    expect(norm("ﺓ")).toBe("ه"); // taa marbuta isolated form, then folded
  });
  it("treats a harakat form as a mark, not a space: «بﹶت» → «بت»", () => {
    expect(norm("بﹶت")).toBe("بت"); // U+FE76, isolated fatha (NFKC gives space + fatha)
    expect(norm("بﹷت")).toBe("بت"); // U+FE77, medial fatha
    expect(norm("ب\uFC60ت")).toBe("بت"); // U+FC60, shadda with fatha
    const n = normalize("بﹶت");
    expect(n.end[0]).toBe(2); // «ب» extends over its mark
  });
  it("covers exactly U+FB50–FDFF and U+FE70–FEFE", () => {
    expect(isPresentationForm(0xfb50)).toBe(true);
    expect(isPresentationForm(0xfdff)).toBe(true);
    expect(isPresentationForm(0xfe70)).toBe(true);
    expect(isPresentationForm(0xfeff)).toBe(false); // the BOM is invisible, not a form
    expect(isPresentationForm(0xfb4f)).toBe(false);
  });
});

describe("digits", () => {
  it("folds Arabic-Indic and Persian digits to ASCII", () => {
    expect(norm("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(norm("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(foldDigit(0x0663)).toBe(0x33);
    expect(foldDigit(0x06f4)).toBe(0x34);
    expect(foldDigit(0x41)).toBe(0x41);
  });
  it("folds the Arabic decimal and thousands separators and percent sign", () => {
    expect(norm("١٬٥٠٠")).toBe("1,500"); // 1,500
    expect(norm("٣٫٥")).toBe("3.5");
    expect(norm("٥٠٪")).toBe("50%");
  });
});

describe("invisible characters", () => {
  it("removes zero-width characters inside words", () => {
    expect(norm("دا\u200Cعش")).toBe("داعش"); // ZWNJ
    expect(norm("دا\u200Bعش")).toBe("داعش"); // ZWSP
    expect(norm("دا\u200Dعش")).toBe("داعش"); // ZWJ
    expect(norm("دا\u2060عش")).toBe("داعش"); // word joiner
    expect(norm("\uFEFFحلب")).toBe("حلب"); // BOM
    expect(norm("حل\u00ADب")).toBe("حلب"); // soft hyphen
  });
  it("removes bidi controls and marks", () => {
    expect(norm("\u202Bحلب\u202C")).toBe("حلب");
    expect(norm("\u202Eحلب\u202C")).toBe("حلب"); // an override that would show the word reversed
    expect(norm("\u2067حلب\u2069")).toBe("حلب");
    expect(norm("\u200Fحلب\u200E")).toBe("حلب"); // RLM, LRM
    expect(norm("حلب\u061C")).toBe("حلب"); // Arabic letter mark
  });
  it("maps around what it removed", () => {
    const src = "\u202Bحلب\u202C";
    const n = normalize(src);
    expect(Array.from(n.start)).toEqual([1, 2, 3, 5]);
    expect(toOriginal(n, 0, 3)).toEqual([1, 4]); // the word, without the controls
    for (let c = 0x200b; c <= 0x200f; c++) expect(isInvisible(c)).toBe(true);
    for (let c = 0x202a; c <= 0x202e; c++) expect(isInvisible(c)).toBe(true);
    for (let c = 0x2066; c <= 0x2069; c++) expect(isInvisible(c)).toBe(true);
  });
});

describe("quotes and spaces", () => {
  it("turns typographic quotes into plain ones", () => {
    expect(norm("«قال»")).toBe('"قال"');
    expect(norm("“قال”")).toBe('"قال"');
    expect(norm("„x‟")).toBe('"x"');
    expect(norm("‘قال’")).toBe("'قال'");
    expect(norm("‹x›")).toBe('"x"');
  });
  it("collapses space-like runs into one space", () => {
    expect(norm("قال\u00A0\u00A0 إن")).toBe("قال ان");
    expect(norm("قال\t\u2009إن")).toBe("قال ان");
    expect(norm("قال \u200B إن")).toBe("قال ان"); // a zero-width between two spaces does not keep them apart
  });
  it("keeps line breaks, folding spaces around them", () => {
    expect(norm("سطر \n سطر")).toBe("سطر\nسطر");
    expect(norm("a\r\nb")).toBe("a\n\nb");
    expect(norm("a\u2029b")).toBe("a\nb");
  });
  it("maps a collapsed run back to all of it", () => {
    const n = normalize("a   b");
    expect(n.text).toBe("a b");
    expect(toOriginal(n, 1, 2)).toEqual([1, 4]);
  });
  it("lower-cases ASCII and turns NUL into a space", () => {
    expect(norm("SY24 HTS")).toBe("sy24 hts");
    expect(norm("a\0b")).toBe("a b");
    expect(foldChar(0x5a)).toBe(0x7a);
  });
});

describe("de-obfuscation", () => {
  it("joins letters split by tatweel and spaces", () => {
    expect(norm("خـ ـلايـ ـا")).toBe("خلايا"); // "cells"
    expect(norm("تـ ـنـ ـظـ ـيـ ـم")).toBe("تنظيم"); // "organization", i.e. ISIS
    expect(norm("خـــ   ـــلايا")).toBe("خلايا"); // longer runs
    expect(norm("خـ\u00A0ـلايا")).toBe("خلايا");
  });
  it("joins letters separated by dots", () => {
    expect(norm("د.ا.عـ ـش")).toBe("داعش");
    expect(norm("د.ا.ع.ش")).toBe("داعش");
    expect(norm("قال عناصر د.ا.عش في البادية")).toBe("قال عناصر داعش في الباديه");
  });
  it("joins a split word near an evasive spelling", () => {
    expect(norm("حـ ـز ب الله")).toBe("حزب الله"); // Hezbollah
    expect(norm("عناصر حـ ـز ب الله في القصير")).toBe("عناصر حزب الله في القصير");
    expect(norm("د.ا.ع ش في البادية")).toBe("داعش في الباديه");
    expect(norm("عناصر حـ ـز ب.")).toBe("عناصر حزب."); // the lone letter ends the sentence
    expect(norm("حـ ـز\nب الله")).toBe("حز\nب الله"); // never across a line break
  });
  it("maps a joined word back onto all of its pieces", () => {
    const src = "خـ ـلايـ ـا";
    const n = normalize(src);
    expect(toOriginal(n, 0, 5)).toEqual([0, src.length]);
    expect(original("قال د.ا.عـ ـش", 4, 8)).toBe("د.ا.عـ ـش");
  });
  it("leaves a missing space after a full stop alone", () => {
    expect(norm("الموقع.وقال")).toBe("الموقع.وقال"); // "the site. And he said"
    expect(norm("ا.ب")).toBe("ا.ب"); // one dot is not enough
    expect(norm("أ.د. محمد")).toBe("ا.د. محمد"); // "Prof. Dr. Muhammad"
  });
  it("leaves ordinary text alone", () => {
    const src = "وقال مصدر محلي إن عناصر التنظيم فرضوا إتاوات على تجار الخردة في ريف دير الزور الشرقي.";
    const n = normalize(src);
    expect(n.text).toBe("وقال مصدر محلي ان عناصر التنظيم فرضوا اتاوات علي تجار الخرده في ريف دير الزور الشرقي.");
    expect(n.text.length).toBe(src.length); // one-for-one
    expect(norm("في عام 2011 م في دمشق")).toBe("في عام 2011 م في دمشق"); // a lone «م» ("AD") stays
    expect(norm("و ب ج")).toBe("و ب ج"); // lone letters with no evasive spelling near them stay
  });
  it("joins lone letters only near the evasive spelling, not across the report", () => {
    // «حـ ـزب الله» at the start must not glue «م» to «في» forty letters later.
    expect(norm("حـ ـزب الله قاتل في القصير عام 2013 م في ريف حمص")).toBe("حزب الله قاتل في القصير عام 2013 م في ريف حمص");
  });
});

describe("the composed normalizer", () => {
  it("is idempotent on mixed examples", () => {
    for (const s of ["شُحنةٌ", "خـ ـلايـ ـا", "د.ا.عـ ـش", "حـ ـز ب الله", "ﷺ", "بﹶت", "١٬٥٠٠", "a \n b", "ا ب.ج.د ه", "«قال»"]) {
      const once = norm(s);
      expect(norm(once)).toBe(once);
    }
  });
  it("returns maps one longer than the text, ending at the source length", () => {
    const n = normalize("قال");
    expect(n.start.length).toBe(4);
    expect(n.end.length).toBe(4);
    expect(n.start[3]).toBe(3);
    expect(n.source).toBe("قال");
  });
  it("handles the empty string", () => {
    const n = normalize("");
    expect(n.text).toBe("");
    expect(Array.from(n.start)).toEqual([0]);
    expect(toOriginal(n, 0, 0)).toEqual([0, 0]);
  });
  it("keeps surrogate pairs whole and maps both halves to the pair", () => {
    const n = normalize("ب😀ت");
    expect(n.text).toBe("ب😀ت");
    expect([n.start[1], n.end[1], n.start[2], n.end[2]]).toEqual([1, 3, 1, 3]);
    expect(toOriginal(n, 2, 3)).toEqual([1, 3]); // a span starting on the low half takes the whole pair
    expect(toOriginal(n, 1, 2)).toEqual([1, 3]);
  });
  it("keeps lone surrogates as they are", () => {
    expect(norm("a\uD800b")).toBe("a\uD800b");
    expect(norm("a\uDC00b")).toBe("a\uDC00b");
  });
  it("builds a long text the same way as a short one (a report's worth goes through a faster decoder)", () => {
    // «قالت مصادر» ("sources said"), a lone surrogate, an emoji, a NUL: every code unit comes back as folded
    const piece = "قالت مصادر \uD800 😀 ي\u0000 ";
    const long = piece.repeat(40);
    expect(piece.length).toBeLessThan(64); // the short path
    expect(long.length).toBeGreaterThan(64); // the fast one
    expect(norm(long)).toBe(norm(piece).repeat(40).replace(/ {2,}/g, " "));
  });
});

describe("toOriginal", () => {
  const n = normalize("قال المصدر");
  it("gives an empty span for an empty one", () => {
    expect(toOriginal(n, 3, 3)).toEqual([3, 3]);
    expect(toOriginal(n, 5, 2)).toEqual([5, 5]);
  });
  it("clamps spans outside the text instead of returning NaN", () => {
    expect(toOriginal(n, -4, 3)).toEqual([0, 3]);
    expect(toOriginal(n, 4, 99)).toEqual([4, 10]);
    expect(toOriginal(n, 50, 60)).toEqual([10, 10]);
  });
});

describe("normalizeForMatch", () => {
  it("normalizes and trims a lexicon form", () => {
    expect(normalizeForMatch("  الفرقة الرابعة ")).toBe("الفرقه الرابعه"); // the Fourth Division
    expect(normalizeForMatch("«الحشد الشعبي»")).toBe('"الحشد الشعبي"');
  });
});

// Text that no rule touches: lower-case ASCII, digits, Arabic letters that are their own normal form, plain
// punctuation (no dots: «ب.ت.ث» would be joined), single spaces between words.
const PLAIN_ARABIC = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي";
const plainWord = fc.array(
  fc.oneof(
    fc.constantFrom(...PLAIN_ARABIC),
    fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
    fc.constantFrom(..."،؟!?,;:()-/'"),
  ),
  { minLength: 1, maxLength: 12 },
).map((a) => a.join(""));
const plainText = fc.array(plainWord, { maxLength: 12 }).map((w) => w.join(" "));

describe("properties", () => {
  it("is the identity, with the identity map, on text no rule touches", () => {
    fc.assert(
      fc.property(plainText, (src) => {
        const n = normalize(src);
        expect(n.text).toBe(src);
        for (let i = 0; i < src.length; i++) {
          if (n.start[i] !== i || n.end[i] !== i + 1) throw new Error(`map at ${i}`);
        }
        expect(n.start[src.length]).toBe(src.length);
      }),
      { numRuns: 10_000 },
    );
  });
});

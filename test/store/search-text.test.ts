// The searchable form of Arabic text: clitics segmented, the same rules for the index and the query.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { normalizeForMatch } from "../../src/text/index.js";
import { indexForms, queryForm, indexText, parseQuery, makeSnippet } from "../../src/store/search-text.js";

describe("index and query forms", () => {
  it("strips the article with its conjunction and preposition, and keeps ambiguous words whole too", () => {
    expect(indexForms("والميليشيات")).toEqual(["ميليشيات"]); // "and the militias"
    expect(indexForms("بالسلاح")).toEqual(["سلاح"]); // "with the weapon"
    expect(indexForms("للنظام")).toEqual(["نظام"]); // "for the regime"
    expect(indexForms("وقال")).toEqual(["وقال", "قال"]); // "and he said"
    expect(indexForms("وزير")).toEqual(["وزير", "زير"]); // "minister": kept whole as well
    expect(indexForms("بدمشق")).toEqual(["بدمشق", "دمشق"]); // "in Damascus"
    expect(indexForms("دير")).toEqual(["دير"]);
    expect(queryForm("الميليشيات")).toBe("ميليشيات");
    expect(queryForm("وزير")).toBe("وزير");
  });

  it("every query form of a word is among the index forms of the same word with any proclitic", () => {
    const stems = ["ميليشيات", "سلاح", "نظام", "قافله", "معبر", "تجار"];
    const pre = ["", "ال", "وال", "بال", "فال", "لل", "ولل", "كال"];
    fc.assert(fc.property(fc.constantFrom(...stems), fc.constantFrom(...pre), fc.constantFrom(...pre), (stem, p1, p2) => {
      const doc = indexForms(normalizeForMatch(p1 + stem));
      const q = queryForm(normalizeForMatch(p2 + stem));
      expect(doc).toContain(q);
    }));
  });

  it("builds FTS5 expressions of quoted terms only", () => {
    expect(parseQuery('الأسلحة "دير الزور" OR x*').fts).toBe('"اسلحه" "دير زور" "or" "x"');
    expect(parseQuery("  ،؛ ").fts).toBe("");
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (q) => {
      const { fts } = parseQuery(q);
      expect(fts === "" || /^("[\p{L}\p{N} ]+")( "[\p{L}\p{N} ]+")*$/u.test(fts)).toBe(true);
    }), { numRuns: 1000 });
    expect(indexText(normalizeForMatch("قالت المصادرُ إنّ الشحنة"))).toBe("قالت مصادر ان شحنه");
  });

  it("snippets point into the original text and never split a surrogate pair", () => {
    const text = "😀".repeat(200) + " خبر عن الشُّحنة المصادرة " + "😀".repeat(200);
    const s = makeSnippet(text, parseQuery("شحنة").terms, 80);
    expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(["الشُّحنة"]);
    expect(/^[\udc00-\udfff]/.test(s.text) || /[\ud800-\udbff]$/.test(s.text)).toBe(false);
  });
});

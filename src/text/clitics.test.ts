// Clitic segmentation: the candidate stems of normalized words, and what was taken off to get each.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bareForm, CL_ART, CL_CONJ, CL_FUT, CL_PREP, CL_SUFFIX, proclitics, stems } from "./clitics.js";
import { normalizeForMatch } from "./normalize.js";

/** The stems of a word as the text layer sees it (normalized first, as documents and lexicons are). */
const stemsOf = (w: string) => stems(normalizeForMatch(w));
const stemList = (w: string) => stemsOf(w).map((s) => s.stem);
const find = (w: string, stem: string) => stemsOf(w).find((s) => s.stem === stem);

describe("proclitics", () => {
  it("takes off «و» + «ال»: «والميليشيات» → «ميليشيات» (and the militias)", () => {
    const s = find("والميليشيات", "ميليشيات");
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_CONJ | CL_ART);
    expect(s!.prefixLen).toBe(3);
    expect(stemList("والميليشيات")).toContain("الميليشيات"); // the conjunction alone
  });
  it("takes off «ب» + «ال»: «بالبادية» → «باديه» (in the Badia)", () => {
    const s = find("بالبادية", "باديه");
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_PREP | CL_ART);
    expect(s!.prefixLen).toBe(3);
  });
  it("reads «لل» as ل + ال: «للمدنيين» → «مدنيين» (to the civilians)", () => {
    const s = find("للمدنيين", "مدنيين");
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_PREP | CL_ART);
    expect(s!.prefixLen).toBe(2);
  });
  it("takes off the future «س»: «سيقاتلون» → «يقاتلون» (they will fight)", () => {
    const s = find("سيقاتلون", "يقاتلون");
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_FUT);
    expect(stemList("وسيقاتلون")).toContain("يقاتلون"); // "and they will fight"
    expect(find("وسيقاتلون", "يقاتلون")!.flags).toBe(CL_CONJ | CL_FUT);
  });
  it("does not read «س» as the future before a letter that cannot start an imperfect verb", () => {
    expect(stemList("سلاح")).not.toContain("لاح"); // «سلاح» "weapon"
    expect(stemList("سوق")).not.toContain("وق"); // «سوق» "market", too short anyway
  });
  it("takes off «ف» and «ك»", () => {
    expect(find("فالتنظيم", "تنظيم")!.flags).toBe(CL_CONJ | CL_ART); // "so the organization"
    expect(find("كالعاده", "عاده")!.flags).toBe(CL_PREP | CL_ART); // "as usual"
  });
  it("offers every split as a candidate, the word itself first: «بادية» is not «ب + ادية»", () => {
    const list = stemsOf("بادية");
    expect(list[0]).toEqual({ stem: "باديه", flags: 0, prefixLen: 0, suffixLen: 0 });
    expect(list.map((s) => s.stem)).toContain("اديه"); // a candidate only; the lexicon decides
  });
  it("keeps at least two letters: «ول» and «بل» are not split", () => {
    expect(proclitics("ول")).toEqual([]);
    expect(proclitics("بل")).toEqual([]);
    expect(stemList("بال")).toEqual(["بال", "ال"]); // «ب» + a two-letter rest, but never «بال» − «بال»
  });
});

describe("pronoun suffixes", () => {
  it("takes off «ها» and restores the taa marbuta: «قريتها» → «قريه» (her village)", () => {
    const list = stemsOf("قريتها");
    const s = list.find((x) => x.stem === "قريه");
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_SUFFIX);
    expect(s!.suffixLen).toBe(2);
    expect(list.map((x) => x.stem)).toContain("قريت");
  });
  it("takes off «ه» and «هم»: «ميليشياته» → «ميليشيات», «مقاتليهم» → «مقاتلي»", () => {
    expect(stemList("ميليشياته")).toContain("ميليشيات"); // "its militias"
    expect(stemList("مقاتليهم")).toContain("مقاتلي"); // "their fighters"
  });
  it("combines prefixes and suffixes: «وبمصادرها» → «مصادر»", () => {
    const s = find("وبمصادرها", "مصادر"); // "and by its sources"
    expect(s).toBeDefined();
    expect(s!.flags).toBe(CL_CONJ | CL_PREP | CL_SUFFIX);
    expect([s!.prefixLen, s!.suffixLen]).toEqual([2, 2]);
  });
  it("takes off the accusative alef: «كميناً» → «كمين» (an ambush)", () => {
    expect(stemList("كميناً")).toContain("كمين");
  });
  it("can be turned off", () => {
    expect(stems(normalizeForMatch("قريتها"), false).map((s) => s.stem)).toEqual(["قريتها"]);
  });
  it("leaves a stem of at least three letters", () => {
    expect(stemList("ابنه")).toContain("ابن"); // "his son": «ابن» has three letters
    expect(stemList("اخي")).toEqual(["اخي"]); // "my brother": «اخ» would be too short
  });
});

describe("bareForm", () => {
  it("takes off the article only", () => {
    expect(bareForm("الميليشيات")).toBe("ميليشيات");
    expect(bareForm("والميليشيات")).toBe("والميليشيات"); // the conjunction is for stems()
    expect(bareForm("الف")).toBe("الف"); // "thousand": too short to carry an article
    expect(bareForm("ميليشيات")).toBe("ميليشيات");
  });
});

// Normalized Arabic letters weighted toward the clitic letters so that prefixes and suffixes occur often.
const cliticWord = fc
  .array(fc.constantFrom(..."وفبكلسالهمنيتكاءجحدرعقش"), { maxLength: 14 })
  .map((a) => a.join(""));
const PREFIX = /^[وف]?(?:[بكلس]|ال|[بكل]ال|لل)?$/;

/** The flags a proclitic sequence should carry: «وبال» → CONJ|PREP|ART, «لل» → PREP|ART, «س» → FUT. */
function prefixFlags(prefix: string): number {
  const m = /^([وف]?)([بكلس]?)(ال)?$/.exec(prefix) ?? /^([وف]?)(ل)(ل)$/.exec(prefix);
  if (!m) throw new Error(`not a proclitic sequence: ${prefix}`);
  return (m[1] ? CL_CONJ : 0) | (m[2] && m[2] !== "س" ? CL_PREP : 0) | (m[2] === "س" ? CL_FUT : 0) | (m[3] ? CL_ART : 0);
}
const SUFFIX = new Set(["", "هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ني", "ه", "ي", "ك", "ا"]);

describe("properties", () => {
  it("every stem is the word less a proclitic sequence and a suffix, with flags that say which", () => {
    fc.assert(
      fc.property(cliticWord, (w) => {
        const list = stems(w);
        expect(list[0]).toEqual({ stem: w, flags: 0, prefixLen: 0, suffixLen: 0 });
        for (const s of list) {
          const prefix = w.slice(0, s.prefixLen);
          const suffix = w.slice(w.length - s.suffixLen);
          expect(PREFIX.test(prefix)).toBe(true);
          expect(SUFFIX.has(suffix)).toBe(true);
          const middle = w.slice(s.prefixLen, w.length - s.suffixLen);
          // the stem is the middle, or the middle with its final «ت» read as taa marbuta («قريت» → «قريه»)
          const restored = middle.endsWith("ت") ? middle.slice(0, -1) + "ه" : middle;
          expect(s.stem === middle || s.stem === restored).toBe(true);
          expect((s.flags & CL_SUFFIX) !== 0).toBe(s.suffixLen > 0);
          expect(s.flags & ~CL_SUFFIX).toBe(prefixFlags(prefix));
          if (s !== list[0]) expect(s.stem.length).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 5_000 },
    );
  });
});

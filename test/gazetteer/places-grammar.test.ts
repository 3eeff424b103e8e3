// The place grammar over imported names: an imported village that is a short or common word, or the first word of a
// longer name, leaves the head noun to the grammar; glued spellings of compound names («ديرحافر»); lists of names
// whose members the gazetteer knows. Imported places are written here, in memory (no store needed).
import { describe, it, expect } from "vitest";
import { loadLexicons, lexiconWith, formKeys } from "../../src/lexicon/index.js";
import { toLexEntries, riskContext } from "../../src/gazetteer/index.js";
import { gluedForm } from "../../src/gazetteer/entries.js";
import type { StoredPlace } from "../../src/gazetteer/db.js";
import { extract } from "../../src/extract/index.js";
import { normalizeForMatch } from "../../src/text/index.js";
import type { Entity } from "../../src/contract/index.js";

function village(id: string, ar: string, lat: number, lon: number): StoredPlace {
  return { id, source: "wof", placetype: "locality", type: "village", name: id, lat, lon, country: "SY", admin1: "", population: 0, ar: [ar], keys: [formKeys(ar).join(" ")] };
}

const IMPORTED = [
  village("wof-9100000001", "قصر", 33.40, 36.30), // «palace»: a short word
  village("wof-9100000002", "الرابعة", 34.20, 37.10), // «the fourth»: a common word (common-words.tsv)
  village("wof-9100000003", "دير بعلبة", 34.75, 36.73), // a compound name, glued in the press
  village("wof-9100000004", "الزعيبة", 35.10, 40.45), // a village of the Deir ez-Zor countryside
];
const shipped = loadLexicons();
const entries = toLexEntries(IMPORTED, shipped, riskContext(shipped));
const lexicon = lexiconWith(entries);

function places(text: string): Array<Entity & { said: string[] }> {
  const x = extract({ id: "t", text }, { lexicon });
  return x.entities.filter((e) => e.kind === "place").map((e) => ({ ...e, said: e.mentions.map(([a, b]) => text.slice(a, b)) }));
}

describe("imported names the grammar reads better", () => {
  it("«حاجز قصر المؤتمرات» is the conference-palace checkpoint, not a village «قصر»", () => {
    const ps = places("تدفع الشاحنات عند حاجز قصر المؤتمرات مبالغ كبيرة.");
    expect(ps.map((p) => p.id)).not.toContain("place/wof-9100000001");
    expect(ps.find((p) => p.said.includes("حاجز قصر المؤتمرات"))?.type).toBe("site");
  });

  it("«حاجز الرابعة» is the Fourth Division's checkpoint, not a village «الرابعة»", () => {
    const ps = places("أوقف عناصر حاجز الرابعة الشاحنات.");
    expect(ps.map((p) => p.id)).not.toContain("place/wof-9100000002");
    expect(ps.find((p) => p.said.includes("حاجز الرابعة"))?.type).toBe("site");
    // after a head that names villages, the article-bearing common word is still the village
    expect(places("قصفت المدفعية قرية الرابعة في ريف حماة.").map((p) => p.id)).toContain("place/wof-9100000002");
  });

  it("a glued compound name is the imported place: «قرية ديربعلبة»", () => {
    expect(entries.find((e) => e.id === "wof-9100000003")?.forms).toContain("ديربعلبة");
    expect(places("داهمت دورية قرية ديربعلبة شمال حمص.").map((p) => p.id)).toContain("place/wof-9100000003");
  });

  it("a listed name the gazetteer knows is placed there: «قرى “الزعيبة والحصين”»", () => {
    const ps = places("سيطر المقاتلون على قرى “الزعيبة والحصين” في ريف دير الزور الشرقي.");
    const z = ps.find((p) => p.said.includes("الزعيبة"));
    expect(z?.id).toBe("place/wof-9100000004");
    expect(z?.geo).toMatchObject({ lat: 35.1, lon: 40.45 });
    expect(ps.find((p) => p.said.includes("والحصين") || p.said.includes("الحصين"))?.type).toBe("village");
  });
});

describe("glued spellings", () => {
  it("only compounds whose first word ends in a letter that does not join the next one", () => {
    expect(gluedForm("دير حافر")).toBe("ديرحافر");
    expect(gluedForm("أبو كمال")).toBe("أبوكمال");
    expect(gluedForm("جسر الشغور")).toBe("جسرالشغور");
    expect(gluedForm("تل أبيض")).toBeNull();
    expect(gluedForm("حلب")).toBeNull();
  });

  it("the core gazetteer carries the glued spelling of each such compound", () => {
    const missing: string[] = [];
    for (const e of shipped) {
      if (e.kind !== "place") continue;
      const have = new Set(e.forms.map((f) => normalizeForMatch(f)));
      for (const f of e.forms) {
        const g = gluedForm(f);
        if (g && !have.has(normalizeForMatch(g))) missing.push(`${e.id}: ${g}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

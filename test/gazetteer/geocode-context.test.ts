// Ambiguous names resolved by context, over a gazetteer imported from fixtures written for these tests
// (test/fixtures/gazetteer: two villages «الخويرة», one in Deir ez-Zor and one in Aleppo; an Aleppo village
// «السخنة» beside the core gazetteer's al-Sukhnah in Homs; a village «الحمراء» ("the red"); «عين الجوز» only in
// Iraq; «تل الورد» whose governorate the import derives; a GeoNames town «الزيتون الكبرى»).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { importGazetteer, gazetteerOptions } from "../../src/gazetteer/index.js";
import { extract, type ExtractOptions } from "../../src/extract/index.js";
import type { Entity } from "../../src/contract/index.js";

const FIX = resolve(__dirname, "../fixtures/gazetteer");
let dir: string;
let opts: ExtractOptions;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rasad-geo-"));
  const db = join(dir, "gaz.db");
  await importGazetteer(db, [join(FIX, "wof-sample.tsv"), join(FIX, "geonames-sample.txt")]);
  opts = await gazetteerOptions(db);
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function places(text: string): Array<Entity & { said: string }> {
  const x = extract({ id: "t", text }, opts);
  return x.entities.filter((e) => e.kind === "place").map((e) => ({ ...e, said: e.mentions.map((m) => text.slice(m[0], m[1])).join(" | ") }));
}
const named = (ps: ReturnType<typeof places>, word: string) => ps.find((p) => p.said.includes(word));

describe("two villages of one name", () => {
  it("the governorate the report names decides", () => {
    expect(named(places("قصفت قوات النظام قرية الخويرة في ريف دير الزور الشرقي."), "الخويرة")?.id).toBe("place/wof-9000000101");
    expect(named(places("اندلعت اشتباكات في قرية الخويرة بريف حلب الشرقي."), "الخويرة")?.id).toBe("place/wof-9000000102");
  });

  it("so does the nearest place already placed", () => {
    const p = named(places("سقطت قذائف على قرية الخويرة قرب مدينة الميادين."), "الخويرة");
    expect(p).toMatchObject({ id: "place/wof-9000000101", type: "village", geo: { lat: 35.05, lon: 40.4, precision: "town" } });
  });

  it("with nothing to go by, the village is a place without coordinates, not a guess", () => {
    const ps = places("وصل وفد إلى قرية الخويرة أمس.");
    expect(ps).toHaveLength(1);
    expect(ps[0].id).toBe("place/~خويره");
    expect(ps[0].geo).toBeUndefined();
    expect(ps[0].said).toBe("قرية الخويرة");
  });
});

describe("the core gazetteer first", () => {
  it("bare «السخنة» is the core's town in Homs; «قرية السخنة في ريف حلب» is the Aleppo village", () => {
    expect(named(places("وصلت التعزيزات إلى السخنة."), "السخنة")?.id).toBe("place/sy-sukhnah");
    expect(named(places("انتشرت الدوريات في قرية السخنة في ريف حلب."), "السخنة")?.id).toBe("place/wof-9000000103");
  });

  it("an imported place that is the core's own place is reported under the core's id", () => {
    const ps = places("وصلت شحنة إلى المنصورة قادمة من محافظة دير الزور.");
    expect(ps.map((p) => p.id).sort()).toEqual(["place/sy-deir-ez-zor", "place/sy-mansoura"]);
  });

  it("a town from the import stands bare", () => {
    expect(named(places("وصلت شحنة إلى الزيتون الكبرى قادمة من حلب."), "الزيتون")).toMatchObject({ id: "place/gn-9900003", type: "city" });
  });
});

describe("imported villages are named, not guessed from ordinary words", () => {
  it("bare names and words after a definite or agreeing head are not places", () => {
    expect(places("وأكد أن الخويرة لن تسقط.")).toEqual([]);
    expect(places("تقع المنطقة الحمراء قرب الحدود.")).toEqual([]); // "the red zone"
    expect(places("انتقل إلى منطقة ريفية هادئة.")).toEqual([]); // "a quiet rural area"
  });

  it("an ordinary word after a head noun, with its article, is the village", () => {
    expect(named(places("دخلت القوات قرية الحمراء في ريف حمص."), "الحمراء")).toMatchObject({ id: "place/wof-9000000105", geo: { lat: 34.9, lon: 37 } });
  });

  it("the same village again later in the report, bare", () => {
    const ps = places("دخلت القوات قرية تل الورد شمال دير الزور. وقال سكان من تل الورد إن القصف مستمر.");
    const p = ps.find((x) => x.id === "place/wof-9000000104");
    expect(p?.mentions).toHaveLength(2);
  });

  it("a bare village coordinated with a placed town, when it lies near it", () => {
    const ps = places("قصفت الطائرات بلدتي الشحيل والخويرة شرقي دير الزور.");
    expect(ps.map((p) => p.id)).toContain("place/wof-9000000101");
  });

  it("a village found only in another country than the report's is left unplaced", () => {
    const p = named(places("أفادت مصادر من قرية عين الجوز في ريف دير الزور أن الوضع متوتر."), "عين الجوز");
    expect(p?.id).toBe("place/~عين جوز");
    expect(p?.geo).toBeUndefined();
  });

  it("a station named by its village takes the village's point and stays a site", () => {
    const p = named(places("توقفت محطة الخويرة عن العمل في ريف دير الزور."), "محطة");
    expect(p).toMatchObject({ type: "site", geo: { lat: 35.05, lon: 40.4, precision: "town" } });
    expect(p?.id.startsWith("place/~")).toBe(true);
  });
});

// The geocoding stage with the shipped core gazetteer only: precision by the words that name a place, homonyms
// of the core gazetteer settled by the report's other places, and kept unresolved where nothing settles them.
// (Homonyms from an imported gazetteer: test/gazetteer/geocode-context.test.ts.)
import { describe, it, expect } from "vitest";
import { extract } from "./pipeline.js";
import type { Entity } from "../contract/index.js";

function places(text: string): Array<Entity & { said: string }> {
  const x = extract({ id: "t", text });
  return x.entities.filter((e) => e.kind === "place").map((e) => ({ ...e, said: e.mentions.map((m) => text.slice(m[0], m[1])).join(" | ") }));
}
const find = (ps: ReturnType<typeof places>, id: string) => ps.find((p) => p.id === id);

describe("precision", () => {
  it("«ريف X الغربي» and «بادية X» are X as a region; «مدينة X» a town; a governorate named alone a governorate", () => {
    const a = places("هاجمت خلايا داعش مواقع في ريف دير الزور الغربي.");
    expect(find(a, "place/sy-deir-ez-zor")?.geo?.precision).toBe("region");
    const b = places("قتل جنديان في كمين ببادية الميادين.");
    expect(find(b, "place/sy-mayadin")?.geo).toMatchObject({ precision: "region" });
    expect(find(b, "place/sy-mayadin")?.said).toBe("بادية الميادين");
    const c = places("دخلت الدوريات مدينة الميادين ثم عادت إلى دير الزور.");
    expect(find(c, "place/sy-mayadin")?.geo?.precision).toBe("town");
    expect(find(c, "place/sy-deir-ez-zor")?.geo?.precision).toBe("governorate");
  });

  it("«بادية مدينة تدمر» is Palmyra as a region, not the Syrian Desert and Palmyra; «البادية» alone is the desert", () => {
    const a = places("تنتشر خلايا التنظيم في بادية مدينة تدمر وفي البادية السورية.");
    expect(find(a, "place/sy-palmyra")).toMatchObject({ said: "بادية مدينة تدمر", geo: { precision: "region" } });
    expect(find(a, "place/sy-syrian-desert")?.said).toBe("البادية السورية");
  });

  it("«مدينة دير الزور» is the town (the governorate row's point is its capital); a centroid row stays a governorate", () => {
    const a = places("تجري عمليات جمع الخردة في مدينة دير الزور.");
    expect(find(a, "place/sy-deir-ez-zor")?.geo?.precision).toBe("town");
    const b = places("وصلت التعزيزات إلى مدينة الأنبار.");
    expect(find(b, "place/iq-anbar")?.geo?.precision).toBe("governorate");
  });

  it("countries are countries", () => {
    expect(find(places("عاد اللاجئون من لبنان إلى سوريا."), "place/sy-syria")?.geo?.precision).toBe("country");
  });

  it("a quarter the gazetteer does not know takes the town its sentence names", () => {
    const a = places("اندلعت اشتباكات في حي هرابش بمدينة دير الزور.");
    const q = a.find((p) => p.said.includes("هرابش"));
    expect(q?.geo).toEqual({ lat: find(a, "place/sy-deir-ez-zor")!.geo!.lat, lon: find(a, "place/sy-deir-ez-zor")!.geo!.lon, precision: "town" });
  });
});

describe("places built from other places", () => {
  it("a quarter with no town in its sentence or paragraph lies in the report's one city", () => {
    const a = places("عادت الحياة إلى مدينة الميادين بعد انسحاب الميليشيات.\n\nوبدأت ورش الترميم في حي الحميدية.");
    const q = a.find((p) => p.said.includes("الحميدية"));
    expect(q?.geo).toEqual({ lat: find(a, "place/sy-mayadin")!.geo!.lat, lon: find(a, "place/sy-mayadin")!.geo!.lon, precision: "town" });
  });

  it("a quarter between two towns of its sentence stays unplaced, whatever the report's city", () => {
    const a = places("عادت الحياة إلى مدينة الميادين.\n\nوصل النازحون من البوكمال إلى حي الحميدية قادمين من هجين.");
    expect(a.find((p) => p.said.includes("الحميدية"))?.geo).toBeUndefined();
  });

  it("a road between two placed ends lies between them, at region precision", () => {
    const a = places("نصب مسلحون كميناً على طريق هجين – الشحيل.");
    const road = a.find((p) => p.type === "route");
    const c = places("وصلت التعزيزات إلى هجين ثم إلى الشحيل.");
    const [h, s] = [find(c, "place/sy-hajin")!.geo!, find(c, "place/sy-shuhayl")!.geo!];
    expect(road?.geo?.precision).toBe("region");
    expect(road!.geo!.lat).toBeCloseTo((h.lat + s.lat) / 2, 4);
    expect(road!.geo!.lon).toBeCloseTo((h.lon + s.lon) / 2, 4);
  });

  it("a road the gazetteer knows is its row, dash or no dash: «طريق الميادين – البوكمال»", () => {
    expect(places("نصب مسلحون كميناً على طريق الميادين – البوكمال.").map((p) => p.id)).toEqual(["place/sy-deir-bukamal-road"]);
  });
});

describe("core homonyms", () => {
  it("«الرياض» is the Saudi capital beside Saudi Arabia, the Iraqi town beside Kirkuk, and nothing alone", () => {
    const sa = places("عاد الوفد من السعودية إلى الرياض بعد زيارة قصيرة.");
    expect(find(sa, "place/sa-riyadh")?.geo).toBeDefined();
    expect(find(sa, "place/iq-riyadh")).toBeUndefined();
    const iq = places("اندلعت اشتباكات في ناحية الرياض جنوب غرب كركوك.");
    expect(find(iq, "place/iq-riyadh")?.geo).toBeDefined();
    const none = places("فاز الرياض على منافسه بهدفين.");
    expect(none.map((p) => p.id)).toEqual(["place/~رياض"]);
    expect(none[0].geo).toBeUndefined();
  });

  it("«الصالحية» is the Deir ez-Zor one beside Deir ez-Zor, unplaced where nothing says which", () => {
    const a = places("ضربت غارة جوية الصالحية شرقي دير الزور.");
    const s = a.find((p) => p.said.startsWith("الصالحية"));
    expect(s?.id).toBe("place/sy-salihiyah-deir");
    const b = places("استهدفت غارة أطراف الصالحية.");
    const t = b.find((p) => p.said.includes("الصالحية"));
    expect(t?.id).toBe("place/~صالحيه");
    expect(t?.geo).toBeUndefined();
  });
});

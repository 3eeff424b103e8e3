// Golden tests for the place grammar, on sentences written for these tests (not from any report): lists of names
// after a plural head, roads, generic routes and crossings, markets, adjectival names, the future particle, place
// heads with a pronoun suffix, and glued spellings. Core gazetteer only (imported names: test/gazetteer).
import { describe, it, expect } from "vitest";
import { extract } from "../../src/extract/index.js";
import type { Entity } from "../../src/contract/index.js";

type Place = Entity & { said: string[] };

function places(text: string): Place[] {
  const x = extract({ id: "golden-places", text });
  return x.entities.filter((e) => e.kind === "place").map((e) => ({ ...e, said: e.mentions.map(([a, b]) => text.slice(a, b)) }));
}
const saying = (ps: Place[], words: string) => ps.find((p) => p.said.some((s) => s.includes(words)));
const ids = (ps: Place[]) => ps.map((p) => p.id);

describe("lists of names after a plural or dual place head", () => {
  it("«أحياء “X وY وZ”»: each name is a quarter, a sheikh's name too, placed in the town the sentence names", () => {
    const ps = places("نزح مئات المدنيين من أحياء “الشيخ نجار والأشرفية وبني زيد” في مدينة حلب بعد القصف.");
    for (const q of ["الشيخ نجار", "الأشرفية", "بني زيد"]) {
      const p = ps.find((x) => x.said.includes(q));
      expect(p, q).toBeDefined();
      expect(p!.type).toBe("site");
      expect(p!.geo).toMatchObject({ precision: "town" });
      expect(p!.geo!.lat).toBeCloseTo(36.2, 0);
    }
  });

  it("«قرى X وY والZ» unquoted: names with the article go on; a gazetteer village in the list keeps its row", () => {
    const ps = places("سيطر مقاتلو العشائر على قرى الزعيبة والحصين والشحيل في ريف دير الزور.");
    expect(saying(ps, "الزعيبة")?.type).toBe("village");
    expect(saying(ps, "الحصين")?.type).toBe("village");
    expect(saying(ps, "الشحيل")?.id).toBe("place/sy-shuhayl");
    // a dual head: «بلدتي X وY»
    const d = places("اندلعت اشتباكات في بلدتي الزعيبة والحصين.");
    expect(d.filter((p) => p.type === "village").map((p) => p.said[0])).toEqual(["الزعيبة", "الحصين"]);
    // a quarter the core gazetteer knows keeps its row
    expect(saying(places("قصفت المدفعية أحياء “الشيخ مقصود والأشرفية” في حلب."), "الشيخ مقصود")?.id).toBe("place/sy-sheikh-maqsoud");
  });

  it("unquoted names with and without the article make a list; indefinite words alone are adjectives", () => {
    const ps = places("داهمت قوات الأمن أحياء الجورة والقصور وهرابش في المدينة.");
    expect(ps.filter((p) => p.type === "site").map((p) => p.said[0])).toEqual(["الجورة", "القصور", "هرابش"]);
    expect(ids(places("يعيش النازحون في أحياء فقيرة ومكتظة."))).toEqual([]);
  });

  it("a definite head refers back, and «أحياء» ('alive') before no list names nothing", () => {
    expect(ids(places("عاد النازحون إلى القرى المحررة وإلى قرى المنطقة الشرقية."))).toEqual([]);
    expect(ids(places("وجدهم المسعفون أحياء وأمواتاً تحت الأنقاض."))).toEqual([]);
  });
});

describe("roads", () => {
  it("«طريق X – Y» is one route between its ends, not the two towns", () => {
    const ps = places("استهدف كمين رتلاً عسكرياً على طريق تدمر – السخنة في البادية.");
    const road = saying(ps, "طريق تدمر");
    expect(road?.type).toBe("route");
    expect(road?.said).toEqual(["طريق تدمر – السخنة"]);
    expect(ids(ps)).not.toContain("place/sy-palmyra");
    expect(ids(ps)).not.toContain("place/sy-sukhnah");
    // between Palmyra (34.55, 38.27) and al-Sukhnah (34.89, 38.87), at region precision
    expect(road?.geo?.precision).toBe("region");
    expect(road!.geo!.lat).toBeGreaterThan(34.55);
    expect(road!.geo!.lat).toBeLessThan(34.95);
  });

  it("«طريق Y» alone is the report's road that ends at Y; the town named without «طريق» stays a town", () => {
    const ps = places("أغلق الأهالي طريق حماة السلمية احتجاجاً. وبعد ساعات أعيد فتح طريق السلمية أمام المدنيين القادمين إلى السلمية.");
    const roads = ps.filter((p) => p.type === "route");
    expect(roads).toHaveLength(1);
    expect(roads[0].said).toEqual(["طريق حماة السلمية", "طريق السلمية"]);
  });

  it("an end the gazetteer does not know after a dash, a road named by a station, a road code", () => {
    expect(saying(places("انفجرت عبوة على طريق الميادين -الحريجي."), "طريق الميادين")).toMatchObject({ type: "route", said: ["طريق الميادين -الحريجي"] });
    expect(saying(places("هاجم مسلحون حافلة على طريق المحطة الثالثة (تي 3) في البادية."), "طريق المحطة")).toMatchObject({ type: "route", said: ["طريق المحطة الثالثة (تي 3)"] });
  });

  it("one indefinite word after «طريق» describes: «طريق مسدود» (a dead end) is no road; «خط» needs two ends", () => {
    expect(ids(places("وصلت المفاوضات إلى طريق مسدود."))).toEqual([]);
    const ps = places("تبادل الطرفان القصف على خط حلب في الريف الغربي.");
    expect(ps.filter((p) => p.type === "route")).toEqual([]);
    expect(ids(ps)).toContain("place/sy-aleppo");
  });

  it("a road's qualifiers belong to it: «طريق القائم الحدودي»", () => {
    const ps = places("استهدفت عبوة دورية على طريق القائم الحدودي.");
    expect(saying(ps, "طريق")).toMatchObject({ type: "route", said: ["طريق القائم الحدودي"] });
    expect(ids(ps)).not.toContain("place/iq-qaim");
  });

  it("«عن طريق X» ('by way of X') names no road", () => {
    const a = places("وصلت الأموال إلى الخلايا عن طريق وسطاء محليين.");
    expect(a.filter((p) => p.type === "route")).toEqual([]);
    const b = places("هُرّبت الشحنة عن طريق تركيا.");
    expect(saying(b, "تركيا")).toMatchObject({ id: "place/tr-turkey", said: ["تركيا"] });
  });

  it("checkpoints on a road are a site of their own beside the road", () => {
    const ps = places("تفرض حواجز طريق دمشق درعا الإتاوات على الشاحنات.");
    expect(saying(ps, "حواجز")).toMatchObject({ type: "site", said: ["حواجز"] });
    expect(ps.find((p) => p.type === "route")?.said[0]).toContain("طريق دمشق درعا");
  });

  it("a place that a direction places by another place does not take the direction into its name", () => {
    const ps = places("داهمت الدوريات بلدة الكبر غرب دير الزور.");
    expect(saying(ps, "الكبر")?.said).toEqual(["بلدة الكبر"]);
  });
});

describe("generic routes and crossings", () => {
  it("«طرق التهريب», «طرقات “التهريب”»: the smuggling routes, one route whatever the plural or the quotes", () => {
    const ps = places("يعبر الشبان الحدود عبر طرق التهريب الجبلية، ويدفعون للمهربين عند طرقات “التهريب” مبالغ كبيرة.");
    const routes = ps.filter((p) => p.type === "route");
    expect(routes).toHaveLength(1);
    expect(routes[0].said).toHaveLength(2);
  });

  it("«عن طريق التهريب» ('by smuggling') is a means, not a route", () => {
    expect(places("يموّل التنظيم نفسه عن طريق التهريب.").filter((p) => p.type === "route")).toEqual([]);
  });

  it("«المعابر غير الشرعية» is a place of its own, not the checkpoints named before", () => {
    const ps = places("تنتشر نقاط التفتيش التابعة للفرقة الرابعة، وتسيطر الفرقة على المعابر غير الشرعية مع لبنان.");
    const cross = saying(ps, "المعابر غير الشرعية");
    const check = saying(ps, "نقاط التفتيش");
    expect(cross?.type).toBe("site");
    expect(check).toBeDefined();
    expect(cross?.id).not.toBe(check?.id);
  });

  it("«المعبر» refers back to a crossing, not to a checkpoint", () => {
    const ps = places("أوقف حاجز الأمن العسكري الشاحنة، ثم أغلق المعبر أمام الشاحنات.");
    const all = ps.filter((p) => p.said.some((s) => s.includes("المعبر")));
    expect(all).toHaveLength(1);
    expect(all[0].said.some((s) => s.includes("حاجز"))).toBe(false);
  });
});

describe("markets", () => {
  it("«سوق البلدة» is a site in the town last named with «بلدة», placed there", () => {
    const ps = places("دخل مسلحون بلدة الكبر غرب دير الزور وتجولوا في سوق البلدة.");
    const market = saying(ps, "سوق البلدة");
    expect(market?.type).toBe("site");
    const kibar = saying(ps, "بلدة الكبر");
    expect(market?.geo).toMatchObject({ lat: kibar!.geo!.lat, lon: kibar!.geo!.lon, precision: "town" });
  });

  it("«سوق غني», «سوق سوداء»: market as trade names no place", () => {
    expect(ids(places("تمثل دول الخليج سوقاً رابحة وسوق غني للمخدرات."))).not.toContainEqual(expect.stringContaining("غني"));
    expect(places("نشأت سوق سوداء للوقود.").filter((p) => p.type === "site")).toEqual([]);
  });
});

describe("words that look like places", () => {
  it("the future particle goes on verbs: «سنويًا» ('annually') is not Nawa", () => {
    expect(ids(places("يحصل كل مزارع سنويًا على دعم محدود."))).toEqual([]);
    expect(ids(places("وصلت التعزيزات إلى نوى."))).toEqual(["place/sy-nawa"]);
  });

  it("«سورية» is Syria after a preposition or a governing noun, the adjective after another noun", () => {
    expect(ids(places("وصلت المساعدات إلى سورية عبر الحدود."))).toContain("place/sy-syria");
    expect(ids(places("تراجع عدد سكان سورية خلال الحرب."))).toContain("place/sy-syria");
    expect(ids(places("فرضت عقوبات على شركات سورية تعمل في الصرافة."))).not.toContain("place/sy-syria");
    expect(ids(places("انتقدت الحكومة السورية القرار."))).not.toContain("place/sy-syria");
  });

  it("a place head with a pronoun suffix names the place after it: «بلدته تسيل»; «قريته الصغيرة» describes", () => {
    const ps = places("اعتقلت دورية الشاب في بلدته تسيل بريف درعا الغربي.");
    expect(saying(ps, "تسيل")?.type).toBe("village");
    expect(places("عاد الرجل إلى قريته الصغيرة.").filter((p) => p.said.some((s) => s.includes("الصغيرة")))).toEqual([]);
  });

  it("an outlet whose name ends in a place: the same words elsewhere are the outlet, not the river", () => {
    const text = "صوت الفرات\n\nونقلت شبكة صوت الفرات عن الأهالي أنهم عبروا نهر الفرات بالقوارب.";
    const x = extract({ id: "golden-places", text });
    const river = x.entities.find((e) => e.id === "place/sy-euphrates");
    expect(river?.mentions.map(([a, b]) => text.slice(a, b))).toEqual(["نهر الفرات"]);
    const outlet = x.entities.find((e) => e.kind === "actor" && e.mentions.some(([a, b]) => text.slice(a, b) === "صوت الفرات"));
    expect(outlet?.mentions.map(([a, b]) => text.slice(a, b))).toEqual(["صوت الفرات", "شبكة صوت الفرات"]);
  });

  it("glued spellings of compound names: «ديرحافر», «جسرالشغور», «ابوالظهور»", () => {
    const ps = places("تقدمت القوات من ديرحافر نحو جسرالشغور ومطار ابوالظهور.");
    expect(ids(ps)).toEqual(expect.arrayContaining(["place/sy-deir-hafer", "place/sy-jisr-al-shughur"]));
    expect(ps.some((p) => p.said.some((s) => s.includes("ابوالظهور")))).toBe(true);
  });
});

// Golden tests for the extraction grammar, on sentences written for these tests (not from any report).
import { describe, it, expect } from "vitest";
import { extract } from "../../src/extract/index.js";
import type { Extraction } from "../../src/contract/index.js";

function run(text: string): Extraction {
  return extract({ id: "golden", text });
}
const triples = (x: Extraction) =>
  x.flows.flatMap((f) => f.items.map((i) => `${f.giver ?? "∅"} -> ${f.receiver ?? "∅"}: ${i.category}`));
const mentionsOf = (x: Extraction, id: string, text: string) =>
  (x.entities.find((e) => e.id === id)?.mentions ?? []).map(([a, b]) => text.slice(a, b));

describe("grammar golden sentences", () => {
  it("a sale with its price: goods one way, money back, linked as an exchange", () => {
    const text = "باعت خلايا داعش النفط الخام للتجار في ريف دير الزور مقابل مبالغ مالية كبيرة.";
    const x = run(text);
    expect(triples(x)).toContain("actor/isis -> actor/traders: fuel");
    expect(triples(x)).toContain("actor/traders -> actor/isis: money");
    const sale = x.flows.findIndex((f) => f.giver === "actor/isis" && f.items.some((i) => i.category === "fuel"));
    const back = x.flows.findIndex((f) => f.giver === "actor/traders" && f.items.some((i) => i.category === "money"));
    expect(x.flows[sale].exchange_for ?? x.flows[back].exchange_for).toBeDefined();
    expect(mentionsOf(x, "actor/isis", text)).toContain("خلايا داعش");
    expect(x.entities.find((e) => e.id === "place/sy-deir-ez-zor")?.geo).toBeDefined();
  });

  it("a levy at a checkpoint: the drivers pay the unit that runs it", () => {
    const text = "يفرض عناصر الفرقة الرابعة إتاوات على سائقي الشاحنات عند حاجز الفرقة الرابعة قرب مدينة حمص.";
    const x = run(text);
    expect(triples(x)).toContain("actor/drivers -> actor/fourth-division: money");
    expect(x.flows.find((f) => f.receiver === "actor/fourth-division")?.mode).toBe("levy");
  });

  it("a permit in exchange for a bribe, on the word of local sources", () => {
    const text = "وقالت مصادر محلية إن الميليشيات الإيرانية سمحت للمهربين بعبور الحدود مقابل رشاوى.";
    const x = run(text);
    expect(triples(x)).toContain("actor/iran-backed-militias -> actor/smugglers: access");
    const permit = x.flows.find((f) => f.items.some((i) => i.category === "access"))!;
    expect(permit.source.kind).toBe("anonymous");
    expect(text.slice(...permit.source.span!)).toContain("مصادر محلية");
    expect(permit.exchange_for?.length).toBeGreaterThan(0);
  });

  it("coordinated adjectives name two actors; coordinated items make one flow", () => {
    const text = "أرسلت الميليشيات الإيرانية والروسية الأرز والعدس والبرغل إلى خلايا التنظيم في البادية السورية.";
    const x = run(text);
    expect(x.entities.map((e) => e.id)).toEqual(expect.arrayContaining(["actor/iran-backed-militias", "actor/russia-backed-militias"]));
    const food = x.flows.filter((f) => f.items.some((i) => i.category === "food"));
    expect(food.length).toBeGreaterThan(0);
    expect(food[0].receiver).toBe("actor/isis");
  });

  it("an explosion with casualties in digits and words", () => {
    const text = "قُتل 4 مدنيين وأصيب سبعة آخرون بانفجار عبوة ناسفة في مدينة الميادين يوم الخميس.";
    const x = run(text);
    const ev = x.events.find((e) => e.type === "explosive");
    expect(ev).toBeDefined();
    expect(ev!.killed).toBe(4);
    expect(ev!.injured).toBe(7);
    expect(ev!.places.some((p) => p.includes("mayadin"))).toBe(true);
  });

  it("evasive spellings are read as the words they hide", () => {
    const text = "هاجمت خـ ـلايـ ـا د.ا.عـ ـش نقطة لقوات النظام في بادية حمص.";
    const x = run(text);
    const isis = x.entities.find((e) => e.id === "actor/isis");
    expect(isis).toBeDefined();
    const [a, b] = isis!.mentions[0];
    expect(text.slice(a, b)).toContain("د.ا.عـ ـش");
    expect(x.events.some((e) => e.type === "attack" && e.agents.includes("actor/isis"))).toBe(true);
  });

  it("a ransom kidnapping: the kidnappers receive money", () => {
    const text = "اختطف مسلحون مجهولون تاجراً من بلدة نوى في ريف درعا، وطالبوا عائلته بفدية قدرها خمسون ألف دولار.";
    const x = run(text);
    expect(x.events.some((e) => e.type === "abduction")).toBe(true);
    expect(x.flows.some((f) => f.mode === "ransom" && f.items.some((i) => i.category === "money"))).toBe(true);
  });

  it("offsets always point into the text as given, with diacritics and tatweel", () => {
    const text = "وَقَالَتْ مَصَادِرُ مَحَلِّيَّةٌ إِنَّ عَنَاصِرَ «حـزب الله» قَامُوا بِتَهْرِيبِ شُحْنَةِ كَبْتَاغُون عَبْرَ مَعْبَرِ جَدِيدَةِ يَابُوس.";
    const x = run(text);
    for (const e of x.entities) for (const [a, b] of e.mentions) expect(0 <= a && a < b && b <= text.length).toBe(true);
    const hez = x.entities.find((e) => e.id === "actor/hezbollah");
    expect(hez).toBeDefined();
    expect(x.flows.some((f) => f.giver === "actor/hezbollah" && f.items.some((i) => i.category === "drugs"))).toBe(true);
  });
});

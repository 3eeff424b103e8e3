// Golden tests for the actor rules (entities.ts, actors.tsv, function-words.tsv), on sentences written for these
// tests (not from any report). Each test names the rule it guards; each has a sentence where the rule must fire and,
// where a wrong reading is likely, one where it must not.
import { describe, it, expect } from "vitest";
import { extract } from "../../src/extract/index.js";
import type { Extraction } from "../../src/contract/index.js";

function run(text: string): Extraction {
  return extract({ id: "golden-actors", text });
}
/** Every actor as «id: mention | mention», for readable failures. */
const actors = (x: Extraction, text: string) =>
  x.entities.filter((e) => e.kind === "actor").map((e) => `${e.id}: ${e.mentions.map(([a, b]) => text.slice(a, b)).join(" | ")}`);
const mentionsOf = (x: Extraction, id: string, text: string) =>
  (x.entities.find((e) => e.id === id)?.mentions ?? []).map(([a, b]) => text.slice(a, b));
/** The entity (any id) one of whose mentions is exactly this text. */
const entityWith = (x: Extraction, text: string, mention: string) =>
  x.entities.find((e) => e.mentions.some(([a, b]) => text.slice(a, b) === mention));

describe("definite heads and anaphors", () => {
  it("a definite head points back to the group named with the same head («الشركة» after «شركة النخيل»)", () => {
    const text = "فرضت شركة النخيل رسوماً على السائقين في المعبر، وقالت الشركة إن الرسوم قانونية.";
    const x = run(text);
    const company = entityWith(x, text, "شركة النخيل");
    expect(company?.kind).toBe("actor");
    expect(company!.mentions.map(([a, b]) => text.slice(a, b))).toContain("الشركة");
  });

  it("«الميليشيات» with the article names no militia called by the next word; it is the militia named before", () => {
    const text = "هاجمت ميليشيا فرسان الحق قرية الحمرا. ولم تكتف الميليشيات بذلك، بل فرضت إتاوات على الأهالي.";
    const x = run(text);
    const militia = entityWith(x, text, "ميليشيا فرسان الحق");
    expect(militia?.type).toBe("militia");
    expect(militia!.mentions.map(([a, b]) => text.slice(a, b))).toContain("الميليشيات");
    expect(actors(x, text).join("\n")).not.toContain("بذلك");
  });

  it("«التنظيم» points back to a group named «تنظيم X», not to the nearest armed group", () => {
    const text = "نفذ تنظيم داعش هجوماً على حاجز في ريف الرقة، ثم دخلت قوات سوريا الديمقراطية القرية، وقال التنظيم إن عناصره انسحبوا.";
    const x = run(text);
    expect(mentionsOf(x, "actor/isis", text)).toContain("التنظيم");
    expect(mentionsOf(x, "actor/sdf", text)).toEqual(["قوات سوريا الديمقراطية"]);
  });

  it("«التنظيم» with no group named before it is the Islamic State; «تنظيم» without the article is no anaphor", () => {
    const text = "وقال التنظيم في بيان إن مقاتليه سيطروا على التلة.";
    expect(mentionsOf(run(text), "actor/isis", text)).toContain("التنظيم");
    const plain = "حكم عليه بالسجن بعد قيادته لتنظيم متشدد في الخارج.";
    expect(run(plain).entities.some((e) => e.id === "actor/isis")).toBe(false);
  });

  it("«ميليشيات أخرى» is a group of its own, and a later «الميليشيات» is the main group, not the others", () => {
    const text = "تجني فصائل الحشد الشعبي وميليشيات أخرى أموالاً طائلة من المعابر. ولم تكتف الميليشيات بذلك.";
    const x = run(text);
    expect(mentionsOf(x, "actor/pmf", text)).toEqual(["فصائل الحشد الشعبي", "الميليشيات"]);
    expect(entityWith(x, text, "ميليشيات أخرى")?.type).toBe("militia");
  });
});

describe("generic groups", () => {
  it("an indefinite plural with adjectives introduces a group; «مدنية» makes it civilians", () => {
    const text = "باشرت مجموعات مدنية محلية بجمع الخردة لصالح الفرقة الرابعة.";
    expect(entityWith(run(text), text, "مجموعات مدنية محلية")?.type).toBe("civilians");
    const armed = "اتهمت وزارة الخزانة الأمريكية الشركة بتمويل جماعات مصنفة إرهابية.";
    const x = run(armed);
    expect(entityWith(x, armed, "جماعات مصنفة إرهابية")?.type).toBe("armed_group");
    // indefinite «جماعات» never points back to the Islamic State
    expect(x.entities.some((e) => e.id === "actor/isis")).toBe(false);
  });

  it("a definite group noun with nisba adjectives names a body of its own («الجيش الليبي»)", () => {
    const text = "قال المتحدث باسم الجيش الليبي إن داعش هاجم المدينة.";
    const x = run(text);
    const army = entityWith(x, text, "الجيش الليبي");
    expect(army?.kind).toBe("actor");
    expect(army?.id).not.toBe("actor/isis");
  });

  it("lexicon rows: the authorities, the World Bank, collaborators, external funders, relatives", () => {
    const text = "كشف تقرير للبنك الدولي أن السلطات لم تسجل العائدات، وأن المال يأتي من المتعاونين معه أو عبر مصادر تمويل خارجية، ويوزع على الأقارب.";
    const ids = run(text).entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(["actor/world-bank", "actor/authorities", "actor/collaborators", "actor/external-funders", "actor/relatives"]));
  });

  it("«بعلم السلطات» (with the authorities' knowledge): a genitive of a compound preposition is not the subject", () => {
    const text = "تجني ميليشيا فرسان الحق أموالاً طائلة بعلم السلطات التي تغض النظر عنها، كالمتاجرة بالمخدرات.";
    const x = run(text);
    const militia = entityWith(x, text, "ميليشيا فرسان الحق")!.id;
    const drugs = x.flows.filter((f) => f.items.some((i) => i.category === "drugs"));
    expect(drugs.map((f) => f.giver)).toEqual([militia]);
    expect(mentionsOf(x, "actor/authorities", text)).toEqual(["السلطات"]);
  });

  it("institutions need the article: «ومعارضة ثلاثة قضاة» is an objection, «المعارضة» the opposition", () => {
    const objection = "صدر الحكم بموافقة عشرة قضاة ومعارضة ثلاثة قضاة.";
    expect(run(objection).entities.some((e) => e.id === "actor/syrian-opposition-factions")).toBe(false);
    const text = "وسيطرت المعارضة على القرية بعد اشتباكات عنيفة.";
    expect(mentionsOf(run(text), "actor/syrian-opposition-factions", text)).toEqual(["المعارضة"]);
  });

  it("a generic group only described in passing and party to nothing is dropped; a party to a flow stays", () => {
    const idle = "عاد شباب القرية إلى منازلهم بعد أشهر من النزوح.";
    expect(run(idle).entities.some((e) => e.id === "actor/young-men")).toBe(false);
    const party = "فرض عناصر التنظيم إتاوات على شباب القرية مقابل السماح لهم بالعمل.";
    const x = run(party);
    expect(mentionsOf(x, "actor/young-men", party)).toEqual(["شباب"]);
    expect(x.flows.some((f) => f.giver === "actor/young-men" && f.receiver === "actor/isis")).toBe(true);
  });

  it("«تقارير صحفية» (press reports) and «مكتب صرافة» (an exchange office) are no actors", () => {
    const text = "كشفت تقارير صحفية أن مكتب صرافة في المدينة أغلق أبوابه.";
    const ids = run(text).entities.map((e) => e.id);
    expect(ids).not.toContain("actor/journalists");
    expect(ids).not.toContain("actor/exchange-companies");
  });
});

describe("persons: titles, kunyas, given names", () => {
  it("a kunya with its nisba is a person; a village named «أبو X» after its head stays a village", () => {
    const text = "وكان أبو عمر الشامي قد نجا من الغارة قرب قرية أبو حمام.";
    const x = run(text);
    expect(entityWith(x, text, "أبو عمر الشامي")?.type).toBe("person");
    expect(entityWith(x, text, "قرية أبو حمام")?.kind).toBe("place");
  });

  it("a given name and a family name with the article are a person; a given name before a verb is not", () => {
    const text = "قال سامر الخطيب، وهو تاجر من المدينة، إن الأسعار ارتفعت. وقال محمد إن الوضع صعب. وهذا هو القاسم المشترك.";
    const people = run(text).entities.filter((e) => e.type === "person").map((e) => e.mentions.map(([a, b]) => text.slice(a, b)).join("|"));
    expect(people).toEqual(["سامر الخطيب"]);
  });

  it("«علي» after a given name is the name Ali only where the text writes it with yaa", () => {
    const name = "قال محمد علي الرفاعي إن الوضع صعب.";
    expect(entityWith(run(name), name, "محمد علي الرفاعي")?.type).toBe("person");
    const prep = "وافق الأمير سلمان على القرار.";
    expect(entityWith(run(prep), prep, "الأمير سلمان")?.type).toBe("person");
  });

  it("a title the lexicon reads as a group is a person when a name follows («الشاب يامن العبدالله»)", () => {
    const text = "اختطف مسلحون الشاب يامن العبدالله قرب درعا.";
    const x = run(text);
    expect(entityWith(x, text, "الشاب يامن العبدالله")?.type).toBe("person");
    expect(x.entities.some((e) => e.id === "actor/young-men")).toBe(false);
  });

  it("titles: «الفريق الأول» is a team, «صحفية عراقية» an unnamed journalist, «وزير الخارجية التركي» the minister", () => {
    const team = "وحقق الفريق الأول لكرة القدم فوزاً كبيراً.";
    expect(run(team).entities.some((e) => e.type === "person")).toBe(false);
    const text = "التقى وزير الخارجية التركي بنظيره، فيما قتلت صحفية عراقية في الموصل.";
    const people = run(text).entities.filter((e) => e.type === "person").map((e) => e.mentions.map(([a, b]) => text.slice(a, b)).join("|"));
    expect(people).toEqual(["وزير الخارجية التركي"]);
  });

  it("a group noun before a person's name is a group named for its leader («مجموعة خالد العلي»)", () => {
    const text = "تنشط مجموعة خالد العلي في ريف درعا الشرقي.";
    expect(entityWith(run(text), text, "مجموعة خالد العلي")?.type).toBe("armed_group");
  });

  it("«X الملقب بأبي Y»: the nickname is another mention of the same person", () => {
    const text = "اعتقلت الشرطة أحمد الخلف الملقب بأبي سامر في حماة.";
    const x = run(text);
    const person = entityWith(x, text, "أحمد الخلف");
    expect(person?.type).toBe("person");
    expect(person!.mentions.map(([a, b]) => text.slice(a, b))).toContain("أبي سامر");
  });
});

describe("states, outlets and clubs", () => {
  it("a country or a capital as the subject of a verb is its government; «في السعودية» stays a place", () => {
    const text = "منعت السعودية دخول الشاحنات اللبنانية. ويعيش آلاف العمال في السعودية. وكانت أنقرة أعلنت مقتل القيادي. وشهدت سوريا موجة نزوح.";
    const x = run(text);
    expect(mentionsOf(x, "actor/saudi-government", text)).toEqual(["السعودية"]);
    expect(mentionsOf(x, "place/sa-saudi-arabia", text)).toEqual(["السعودية"]);
    expect(mentionsOf(x, "actor/turkish-government", text)).toEqual(["أنقرة"]);
    // «شهدت» (saw, witnessed): the country is where it happened, not who acted
    expect(x.entities.some((e) => e.id === "actor/syrian-government")).toBe(false);
  });

  it("an outlet named with its owner is the outlet; «موقعها الرسمي» (its website) names no outlet", () => {
    const text = "وقالت وكالة أنباء النظام \"سانا\" إن انفجاراً وقع. ونشرت الوزارة بياناً عبر موقعها الرسمي.";
    const x = run(text);
    expect(mentionsOf(x, "actor/sana", text)).toEqual(["وكالة أنباء النظام \"سانا\""]);
    expect(x.entities.filter((e) => e.kind === "actor").map((e) => e.id)).toEqual(["actor/sana"]);
  });

  it("an outlet's one-word name in construct with a place takes the place into the name («شبكة نداء الفرات»)", () => {
    const text = "نقلت شبكة نداء الفرات عن مصادر محلية أن الأسعار ارتفعت.";
    const x = run(text);
    expect(entityWith(x, text, "شبكة نداء الفرات")?.type).toBe("organization");
    expect(x.entities.some((e) => e.kind === "place")).toBe(false);
  });

  it("«نادي X» is a club, and X alone later is the same club", () => {
    const text = "فاز نادي الشروق على ضيفه، وتصدر الشروق الترتيب.";
    const club = entityWith(run(text), text, "نادي الشروق");
    expect(club?.type).toBe("organization");
    expect(club!.mentions.map(([a, b]) => text.slice(a, b))).toEqual(["نادي الشروق", "الشروق"]);
  });
});

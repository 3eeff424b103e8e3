// Golden tests for event rules added in session 2, on sentences written for these tests (not from any report).
import { describe, it, expect } from "vitest";
import { extract } from "../../src/extract/index.js";

const run = (text: string) => extract({ id: "golden", text });

describe("event rules", () => {
  it("a coordinated verbal noun with only a pronoun takes it as its object and the doer of the one before", () => {
    // 'The army announced it had driven the organisation out of the towns and besieged it in a narrow area of the desert.'
    const x = run("أعلن الجيش العراقي طرد تنظيم داعش من البلدات ومحاصرته في مساحة ضيقة من الصحراء.");
    const siege = x.events.find((e) => e.type === "siege");
    expect(siege?.targets).toContain("actor/isis");
    expect(siege?.agents).not.toContain("actor/isis");
  });

  it("«فقد حياته» / «لقي حتفه» with the count between them gives the dead; a lost tank counts no one", () => {
    // 'Three women lost their lives and four civilians were wounded when a landmine exploded under their car.'
    const x = run("فقدت 3 سيدات حياتهن وأصيب 4 مدنيين في انفجار لغم أرضي تحت سيارة كانت تقلهم في ريف حمص.");
    const ev = x.events.find((e) => e.type === "explosive");
    expect(ev?.killed).toBe(3);
    expect(ev?.injured).toBe(4);
    // 'Regime forces lost 3 tanks in the attack on the village.'
    const y = run("فقدت قوات النظام 3 دبابات في الهجوم على القرية.");
    expect(y.events.every((e) => e.killed === undefined)).toBe(true);
  });

  it("«القضاء على» kills the ones it names, with their count; «القضاء على الفساد» is no event", () => {
    // 'A security source announced the elimination of two ISIS leaders in the Daraa countryside.'
    const x = run("أعلن مصدر أمني القضاء على اثنين من قادة تنظيم داعش في ريف درعا.");
    const ev = x.events.find((e) => e.type === "killing");
    expect(ev?.killed).toBe(2);
    expect(ev?.targets).toContain("actor/isis");
    // 'The government pledged to eliminate corruption.'
    expect(run("تعهدت الحكومة بالقضاء على الفساد.").events).toEqual([]);
  });
});

describe("things that did not happen, and words that only look like events", () => {
  const types = (text: string) => run(text).events.map((e) => e.type);

  it("an arrest threatened or feared is no arrest; the threat's own attack still is one", () => {
    // 'The security committee threatened anyone who sells scrap with arrest.'
    expect(types("وهددت اللجنة الأمنية كل من يبيع الخردة بالاعتقال.")).not.toContain("arrest");
    // 'Many young men left the town for fear of arrest by the regime's forces.'
    expect(types("غادر كثير من الشبان البلدة خوفاً من الاعتقال على يد قوات النظام.")).not.toContain("arrest");
    // 'Regime forces arrested five young men in the town.' (the same words, reported as done)
    expect(types("اعتقلت قوات النظام خمسة شبان في البلدة.")).toContain("arrest");
  });

  it("«عقوبات» imposed by an armed group are punishments, not sanctions; a state's are sanctions", () => {
    // 'ISIS imposed punishments on shop owners who did not pay zakat.'
    expect(types("فرض تنظيم داعش عقوبات على أصحاب المحال الذين لم يدفعوا الزكاة.")).not.toContain("sanction");
    // 'The US Treasury imposed sanctions on three exchange companies.'
    expect(types("فرضت وزارة الخزانة الأمريكية عقوبات على ثلاث شركات صرافة.")).toContain("sanction");
  });

  it("«الخاضع لسيطرة» describes who holds an area; it changes nothing", () => {
    // 'The company has branches in the north of Syria, which is under the opposition's control.'
    expect(types("وللشركة فروع في الشمال السوري الخاضع لسيطرة المعارضة.")).not.toContain("territory_change");
  });

  it("«وصفت» (described) and «صفته» (his capacity) are no killing", () => {
    // 'The US State Department described the decision as unjust.' / 'Traders paid zakat to ISIS cells or to people
    // impersonating them.'
    expect(types("ووصفت وزارة الخارجية الأمريكية القرار بأنه جائر.")).not.toContain("killing");
    expect(types("ودفع التجار الزكاة لخلايا داعش أو لأشخاص ينتحلون صفتها.")).not.toContain("killing");
  });
});

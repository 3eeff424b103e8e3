// Hand-written documents and extractions for the store tests (our own sentences; spans computed from the text).
import type { Extraction, Span } from "../../src/contract/index.js";
import { normalizeForMatch } from "../../src/text/index.js";
import { documentId, nearKeys, type DocumentInput } from "../../src/store/index.js";

/** The span of the nth occurrence of `needle` in `text`. */
export function at(text: string, needle: string, nth = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`fixture: «${needle}» (#${nth}) not in text`);
  }
  return [i, i + needle.length];
}

export const PIPELINE = "test-1";

// A: local sources say ISIS cells levy traders in eastern Deir ez-Zor, and the NDF sells them weapons for money.
export const TEXT_A =
  "قالت مصادر محلية إن خلايا داعش فرضت إتاوات على التجار في ريف دير الزور الشرقي. " +
  "وأضافت المصادر أن ميليشيا الدفاع الوطني باعت أسلحة لخلايا التنظيم مقابل مبالغ مالية.";

// B: the Syrian Observatory says the NDF sold weapons to ISIS in the Mayadin desert; an ISIS attack killed three.
export const TEXT_B =
  "أفاد المرصد السوري لحقوق الإنسان بأن ميليشيا الدفاع الوطني باعت أسلحة لخلايا داعش في بادية الميادين، " +
  "وصادرت دورية شُحنة أسلحة أخرى. وقُتل ثلاثة عناصر من قوات النظام في هجوم لخلايا داعش على حاجز قرب الميادين أمس.";

// C: a near-duplicate of A from another outlet (one word changed: «الشرقي» → «الغربي»).
export const TEXT_C = TEXT_A.replace("الشرقي", "الغربي");

const GEO_DEZ = { lat: 35.336, lon: 40.14, precision: "governorate" as const };
const GEO_MAYADIN = { lat: 35.02, lon: 40.45, precision: "town" as const };

export function extractionA(text = TEXT_A, id = docIdOf(text)): Extraction {
  return {
    doc: { id },
    entities: [
      { id: "actor/isis", kind: "actor", type: "armed_group", name: { ar: "داعش", en: "ISIS" }, mentions: [at(text, "داعش"), at(text, "التنظيم")] },
      { id: "e-traders", kind: "actor", type: "civilians", name: { ar: "التجار" }, mentions: [at(text, "التجار")] },
      { id: "actor/ndf", kind: "actor", type: "militia", name: { ar: "الدفاع الوطني", en: "National Defence Forces" }, mentions: [at(text, "الدفاع الوطني")] },
      { id: "place/sy-deir-ez-zor", kind: "place", type: "governorate", name: { ar: "دير الزور", en: "Deir ez-Zor" }, mentions: [at(text, "دير الزور")], geo: GEO_DEZ },
    ],
    flows: [
      {
        giver: "e-traders", receiver: "actor/isis", items: [{ category: "money", span: at(text, "إتاوات") }], mode: "levy",
        place: "place/sy-deir-ez-zor", source: { kind: "anonymous", span: at(text, "مصادر محلية") }, modality: "reported",
        evidence: [0, text.indexOf(".") + 1], trigger: at(text, "فرضت"),
      },
      {
        giver: "actor/ndf", receiver: "actor/isis", items: [{ category: "weapons", span: at(text, "أسلحة") }], mode: "sell",
        exchange_for: [2], source: { kind: "anonymous", span: at(text, "المصادر") }, modality: "reported",
        evidence: [text.indexOf(".") + 2, text.length],
      },
      {
        giver: "actor/isis", receiver: "actor/ndf", items: [{ category: "money", span: at(text, "مبالغ مالية") }], mode: "pay",
        exchange_for: [1], source: { kind: "anonymous", span: at(text, "المصادر") }, modality: "reported",
        evidence: [text.indexOf(".") + 2, text.length],
      },
    ],
    events: [],
    facts: [],
  };
}

export function extractionB(text = TEXT_B, id = docIdOf(text)): Extraction {
  const s2 = text.indexOf("وقُتل");
  return {
    doc: { id },
    entities: [
      { id: "actor/sohr", kind: "actor", type: "organization", name: { ar: "المرصد السوري لحقوق الإنسان", en: "SOHR" }, mentions: [at(text, "المرصد السوري لحقوق الإنسان")] },
      { id: "actor/ndf", kind: "actor", type: "militia", name: { ar: "الدفاع الوطني", en: "National Defence Forces" }, mentions: [at(text, "الدفاع الوطني")] },
      { id: "actor/isis", kind: "actor", type: "armed_group", name: { ar: "داعش", en: "ISIS" }, mentions: [at(text, "داعش"), at(text, "داعش", 1)] },
      { id: "actor/saa", kind: "actor", type: "state_force", name: { ar: "قوات النظام", en: "Syrian government forces" }, mentions: [at(text, "قوات النظام")] },
      { id: "place/sy-mayadin", kind: "place", type: "city", name: { ar: "الميادين", en: "al-Mayadin" }, mentions: [at(text, "الميادين"), at(text, "الميادين", 1)], geo: GEO_MAYADIN },
    ],
    flows: [
      {
        giver: "actor/ndf", receiver: "actor/isis", items: [{ category: "weapons", span: at(text, "أسلحة") }], mode: "sell",
        place: "place/sy-mayadin", source: { kind: "organization", span: at(text, "المرصد السوري لحقوق الإنسان") }, modality: "reported",
        evidence: [0, s2 - 1],
      },
    ],
    events: [
      {
        type: "attack", agents: ["actor/isis"], targets: ["actor/saa"], places: ["place/sy-mayadin"], killed: 3,
        source: { kind: "outlet" }, modality: "asserted", evidence: [s2, text.length], trigger: at(text, "هجوم"),
        time: { span: at(text, "أمس"), start: "2024-03-11", precision: "day" },
      },
    ],
    facts: [
      { type: "presence", subject: "actor/isis", object: "place/sy-mayadin", evidence: [s2, text.length], source: { kind: "outlet" } },
    ],
  };
}

export function docIdOf(text: string): string {
  return documentId(normalizeForMatch(text));
}

const keysOf = (text: string) => nearKeys(normalizeForMatch(text));

export function inputA(): DocumentInput {
  return {
    id: docIdOf(TEXT_A), text: TEXT_A, nearKeys: keysOf(TEXT_A), title: "إتاوات داعش", url: "https://eyn.example/a", outlet: "عين الفرات",
    published: "2024-03-10", path: "a.txt", extraction: extractionA(), pipeline: PIPELINE,
  };
}
export function inputB(): DocumentInput {
  return {
    id: docIdOf(TEXT_B), text: TEXT_B, nearKeys: keysOf(TEXT_B), title: "هجوم قرب الميادين", url: "https://sohr.example/b", outlet: "المرصد",
    published: "2024-03-12T09:00:00+03:00", path: "b.txt", extraction: extractionB(), pipeline: PIPELINE,
  };
}
export function inputC(): DocumentInput {
  return {
    id: docIdOf(TEXT_C), text: TEXT_C, nearKeys: keysOf(TEXT_C), url: "https://copy.example/c", outlet: "ناقل الأخبار",
    published: "2024-03-11", path: "c.txt", extraction: extractionA(TEXT_C), pipeline: PIPELINE,
  };
}
/** The exact text of A, syndicated by a third outlet. */
export function inputD(): DocumentInput {
  return { ...inputA(), url: "https://synd.example/d", outlet: "وكالة التوزيع", path: "d.txt" };
}

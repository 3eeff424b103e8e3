// Reports written for the workbench tests (our own sentences) with hand-made extractions: spans come from the text.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Extraction, Span } from "../../src/contract/index.js";
import { normalizeForMatch } from "../../src/text/index.js";
import { documentId, openSqliteStore, type DocumentInput, type Store } from "../../src/store/index.js";

export const PIPELINE = "workbench-test-1";

/** The span of the nth occurrence of `needle` in `text`. */
export function at(text: string, needle: string, nth = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`fixture: «${needle}» (#${nth}) not in text`);
  }
  return [i, i + needle.length];
}
/** The sentence (up to and including its full stop) that contains `needle`. */
function sentence(text: string, needle: string): Span {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture: «${needle}» not in text`);
  const start = text.lastIndexOf(".", i) + 1;
  const end = text.indexOf(".", i);
  const s = start > 0 && text[start] === " " ? start + 1 : start;
  return [s, end < 0 ? text.length : end + 1];
}
const idOf = (text: string) => documentId(normalizeForMatch(text));

const FOURTH = { id: "actor/fourth-division", kind: "actor", type: "state_force", name: { ar: "الفرقة الرابعة", en: "Fourth Division" } } as const;
const ISIS = { id: "actor/isis", kind: "actor", type: "armed_group", name: { ar: "داعش", en: "ISIS" } } as const;
const SAA = { id: "actor/saa", kind: "actor", type: "state_force", name: { ar: "قوات النظام", en: "Syrian government forces" } } as const;
const NDF = { id: "actor/ndf", kind: "actor", type: "militia", name: { ar: "الدفاع الوطني", en: "National Defence Forces" } } as const;
const RUSSIA = { id: "actor/russia-forces", kind: "actor", type: "foreign_force", name: { ar: "القوات الروسية", en: "Russian forces" } } as const;
const SOHR = { id: "actor/sohr", kind: "actor", type: "organization", name: { ar: "المرصد السوري لحقوق الإنسان", en: "Syrian Observatory for Human Rights" } } as const;
const MAAMEL = { id: "place/sy-maamel-checkpoint", kind: "place", type: "site", name: { ar: "حاجز المعامل", en: "al-Maamel checkpoint" }, geo: { lat: 35.31, lon: 40.05, precision: "exact" } } as const;
const BADIA = { id: "place/sy-badia", kind: "place", type: "region", name: { ar: "البادية", en: "the Syrian desert (Badia)" }, geo: { lat: 34.6, lon: 38.9, precision: "region" } } as const;
const SUKHNA = { id: "place/sy-sukhnah", kind: "place", type: "city", name: { ar: "السخنة", en: "al-Sukhnah" }, geo: { lat: 34.887, lon: 38.872, precision: "town" } } as const;
const SHOULA = { id: "place/sy-shoula", kind: "place", type: "village", name: { ar: "الشولا", en: "al-Shoula" }, geo: { lat: 35.05, lon: 39.95, precision: "town" } } as const;
const BISHRI = { id: "place/sy-jabal-bishri", kind: "place", type: "region", name: { ar: "جبل البشري", en: "Jabal al-Bishri" }, geo: { lat: 35.4, lon: 39.3, precision: "region" } } as const;

// 1. Local sources: the Fourth Division takes bribes from truck drivers at al-Maamel checkpoint to let them pass.
export const TEXT_1 =
  "أفادت مصادر محلية بأن عناصر الفرقة الرابعة على حاجز المعامل يتقاضون رشاوى من سائقي الشاحنات مقابل السماح بمرورها نحو البادية. " +
  "وقال أحد السائقين إن المبلغ يصل إلى مئة دولار عن كل شاحنة.";

// 2. SOHR: ISIS cells attacked a government patrol near al-Sukhnah, four killed; the Fourth Division sold ISIS fuel.
export const TEXT_2 =
  "ذكر المرصد السوري لحقوق الإنسان أن خلايا تنظيم داعش هاجمت دورية لقوات النظام قرب مدينة السخنة، ما أدى إلى مقتل أربعة عناصر. " +
  "وأضاف المرصد أن الفرقة الرابعة باعت الوقود لخلايا التنظيم في البادية مقابل السماح لصهاريجها بالعبور.";

// 3. Activists: the NDF abducted three shepherds near al-Shoula for ransom; the checkpoint bribes again (another outlet).
export const TEXT_3 =
  "قال ناشطون إن ميليشيا الدفاع الوطني خطفت ثلاثة رعاة قرب قرية الشولا وطالبت ذويهم بفدية قدرها عشرة آلاف دولار. " +
  "وأكد الناشطون أن الفرقة الرابعة تتقاضى رشاوى على حاجز المعامل من سائقي الشاحنات.";

// 4. Russian airstrikes on ISIS in Jabal al-Bishri; ISIS holds positions there, say military sources.
export const TEXT_4 =
  "شنت طائرات روسية غارات جوية على مواقع لتنظيم داعش في جبل البشري. " +
  "ويسيطر التنظيم على عدة مواقع في المنطقة بحسب مصادر عسكرية.";

function x1(t = TEXT_1): Extraction {
  const ev = sentence(t, "رشاوى");
  return {
    doc: { id: idOf(t) },
    entities: [
      { ...FOURTH, mentions: [at(t, "الفرقة الرابعة")] },
      { id: "drivers", kind: "actor", type: "civilians", name: { ar: "سائقي الشاحنات", en: "truck drivers" }, mentions: [at(t, "سائقي الشاحنات"), at(t, "السائقين")] },
      { ...MAAMEL, mentions: [at(t, "حاجز المعامل")] },
      { ...BADIA, mentions: [at(t, "البادية")] },
    ],
    flows: [
      {
        giver: "drivers", receiver: FOURTH.id, items: [{ category: "money", span: at(t, "رشاوى") }], mode: "bribe", via: MAAMEL.id,
        exchange_for: [1], source: { kind: "anonymous", span: at(t, "مصادر محلية") }, modality: "reported", evidence: ev, trigger: at(t, "يتقاضون"),
      },
      {
        giver: FOURTH.id, receiver: "drivers", items: [{ category: "access", span: at(t, "السماح بمرورها") }], mode: "permit", via: MAAMEL.id,
        exchange_for: [0], source: { kind: "anonymous", span: at(t, "مصادر محلية") }, modality: "reported", evidence: ev,
      },
    ],
    events: [],
    facts: [],
  };
}

function x2(t = TEXT_2): Extraction {
  const s1 = sentence(t, "هاجمت");
  const s2 = sentence(t, "باعت");
  return {
    doc: { id: idOf(t) },
    entities: [
      { ...SOHR, mentions: [at(t, "المرصد السوري لحقوق الإنسان"), at(t, "المرصد", 1)] },
      { ...ISIS, mentions: [at(t, "داعش"), at(t, "التنظيم")] },
      { ...SAA, mentions: [at(t, "قوات النظام")] },
      { ...SUKHNA, mentions: [at(t, "السخنة")] },
      { ...FOURTH, mentions: [at(t, "الفرقة الرابعة")] },
      { ...BADIA, mentions: [at(t, "البادية")] },
    ],
    flows: [
      {
        giver: FOURTH.id, receiver: ISIS.id, items: [{ category: "fuel", span: at(t, "الوقود") }], mode: "sell", place: BADIA.id, exchange_for: [1],
        source: { kind: "organization", span: at(t, "المرصد", 1) }, modality: "reported", evidence: s2, trigger: at(t, "باعت"),
      },
      {
        giver: ISIS.id, receiver: FOURTH.id, items: [{ category: "access", span: at(t, "السماح لصهاريجها بالعبور") }], mode: "permit", place: BADIA.id,
        exchange_for: [0], source: { kind: "organization", span: at(t, "المرصد", 1) }, modality: "reported", evidence: s2,
      },
    ],
    events: [
      {
        type: "attack", agents: [ISIS.id], targets: [SAA.id], places: [SUKHNA.id], killed: 4, source: { kind: "organization", span: at(t, "المرصد السوري لحقوق الإنسان") },
        modality: "reported", evidence: s1, trigger: at(t, "هاجمت"),
      },
    ],
    facts: [],
  };
}

function x3(t = TEXT_3): Extraction {
  const s1 = sentence(t, "خطفت");
  const s2 = sentence(t, "رشاوى");
  return {
    doc: { id: idOf(t) },
    entities: [
      { ...NDF, mentions: [at(t, "الدفاع الوطني")] },
      { id: "shepherds", kind: "actor", type: "civilians", name: { ar: "رعاة", en: "shepherds" }, mentions: [at(t, "رعاة")] },
      { id: "families", kind: "actor", type: "civilians", name: { ar: "ذويهم", en: "their families" }, mentions: [at(t, "ذويهم")] },
      { ...SHOULA, mentions: [at(t, "الشولا")] },
      { ...FOURTH, mentions: [at(t, "الفرقة الرابعة")] },
      { ...MAAMEL, mentions: [at(t, "حاجز المعامل")] },
      { id: "drivers", kind: "actor", type: "civilians", name: { ar: "سائقي الشاحنات", en: "truck drivers" }, mentions: [at(t, "سائقي الشاحنات")] },
    ],
    flows: [
      {
        giver: "families", receiver: NDF.id, items: [{ category: "money", span: at(t, "فدية") }], mode: "ransom", place: SHOULA.id,
        source: { kind: "anonymous", span: at(t, "ناشطون") }, modality: "reported", evidence: s1,
        time: { start: "2024-06-09", precision: "day" },
      },
      {
        giver: "drivers", receiver: FOURTH.id, items: [{ category: "money", span: at(t, "رشاوى") }], mode: "bribe", via: MAAMEL.id,
        source: { kind: "anonymous", span: at(t, "الناشطون") }, modality: "reported", evidence: s2,
      },
    ],
    events: [
      {
        type: "abduction", agents: [NDF.id], targets: ["shepherds"], places: [SHOULA.id], source: { kind: "anonymous", span: at(t, "ناشطون") },
        modality: "reported", evidence: s1, trigger: at(t, "خطفت"), time: { start: "2024-06-09", precision: "day" },
      },
    ],
    facts: [],
  };
}

function x4(t = TEXT_4): Extraction {
  const s1 = sentence(t, "غارات");
  const s2 = sentence(t, "يسيطر");
  return {
    doc: { id: idOf(t) },
    entities: [
      { ...RUSSIA, mentions: [at(t, "طائرات روسية")] },
      { ...ISIS, mentions: [at(t, "داعش"), at(t, "التنظيم")] },
      { ...BISHRI, mentions: [at(t, "جبل البشري")] },
    ],
    flows: [],
    events: [
      { type: "airstrike", agents: [RUSSIA.id], targets: [ISIS.id], places: [BISHRI.id], source: { kind: "outlet" }, modality: "asserted", evidence: s1, trigger: at(t, "غارات جوية") },
    ],
    facts: [
      { type: "control", subject: ISIS.id, object: BISHRI.id, evidence: s2, source: { kind: "anonymous", span: at(t, "مصادر عسكرية") } },
    ],
  };
}

export function sampleDocuments(): DocumentInput[] {
  const mk = (text: string, x: Extraction, meta: Partial<DocumentInput>, simhash: string): DocumentInput =>
    ({ id: idOf(text), text, extraction: x, pipeline: PIPELINE, simhash, ...meta });
  return [
    mk(TEXT_1, x1(), { title: "رشاوى على حاجز المعامل", outlet: "دير الزور 24", url: "https://dz24.example/1", published: "2024-05-02", path: "r1.json" }, "0123456789abcdef"),
    mk(TEXT_2, x2(), { title: "هجوم قرب السخنة", outlet: "صوت البادية", url: "https://badia.example/2", published: "2024-05-20", path: "r2.json" }, "fedcba9876543210"),
    mk(TEXT_3, x3(), { title: "خطف رعاة قرب الشولا", outlet: "شبكة الشرق", url: "https://sharq.example/3", published: "2024-06-11", path: "r3.json" }, "00ff00ff00ff00ff"),
    mk(TEXT_4, x4(), { title: "غارات على جبل البشري", outlet: "دير الزور 24", url: "https://dz24.example/4", published: "2024-06-25", path: "r4.json" }, "ff00ff00ff00ff00"),
  ];
}

export const DOC_IDS = { one: idOf(TEXT_1), two: idOf(TEXT_2), three: idOf(TEXT_3), four: idOf(TEXT_4) };
export const KEYS = {
  fourth: FOURTH.id, isis: ISIS.id, saa: SAA.id, ndf: NDF.id, russia: RUSSIA.id, sohr: SOHR.id,
  maamel: MAAMEL.id, badia: BADIA.id, sukhna: SUKHNA.id, shoula: SHOULA.id, bishri: BISHRI.id,
};

/** A store in a fresh temporary folder, filled with the four reports. */
export async function sampleStore(): Promise<{ store: Store; dir: string; file: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "rasad-server-"));
  const file = join(dir, "workbench.db");
  const store = await openSqliteStore(file);
  const out = await store.putDocuments(sampleDocuments());
  const bad = out.filter((o) => o.status !== "ingested");
  if (bad.length) throw new Error(`fixture: not stored: ${JSON.stringify(bad)}`);
  return {
    store, dir, file,
    cleanup: async () => { await store.close().catch(() => undefined); rmSync(dir, { recursive: true, force: true }); },
  };
}

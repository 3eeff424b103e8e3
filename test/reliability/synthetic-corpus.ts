// A synthetic corpus for the reliability tests: a few hundred short Arabic reports written for these tests,
// built by a seeded generator from sentence frames with slots, as JSON lines and as a folder of .txt files.
// It holds exact copies and a near-copy (so dedupe runs across crashes) and one broken JSON line (a failure).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A small seeded generator (mulberry32): the same seed gives the same corpus and the same crash schedule. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Names the lexicons know, so that each report yields mentions and claims.
const ACTORS = ["الفرقة الرابعة", "خلايا تنظيم داعش", "ميليشيا الدفاع الوطني", "قوات سوريا الديمقراطية", "هيئة تحرير الشام", "الحرس الثوري الإيراني", "لواء الباقر"];
const PLACES = ["دير الزور", "الميادين", "البوكمال", "الرقة", "تدمر", "السخنة", "درعا", "إدلب", "منبج", "حمص", "السلمية", "القامشلي"];
const ITEMS = ["المحروقات", "الخردة", "الأغنام", "الطحين", "الأدوية", "السلاح", "حبوب الكبتاغون", "القمح"];

type Slots = { a: string; b: string; p: string; q: string; i: string; n: number };
// Each frame is one sentence of the kind local outlets print.
const FRAMES: ((s: Slots) => string)[] = [
  (s) => `وقالت مصادر محلية إن عناصر ${s.a} فرضوا إتاوة قدرها ${s.n} ألف ليرة على كل شاحنة تنقل ${s.i} عند حاجز على طريق ${s.p}.`,
  (s) => `وأفاد ناشطون بأن ${s.a} باعت كميات من ${s.i} إلى تجار مقربين من ${s.b} في ${s.p} مقابل مبالغ بالدولار.`,
  (s) => `وذكر مراسل الموقع أن ${s.a} هربت شحنة من ${s.i} من ${s.p} إلى ${s.q} عبر طرق صحراوية.`,
  (s) => `وقتل ${s.n % 7 + 2} عناصر من ${s.b} في هجوم شنته ${s.a} على نقطة عسكرية قرب ${s.p} فجر أمس.`,
  (s) => `واعتقلت ${s.a} عدداً من الشبان في ${s.p} بتهمة التعامل مع ${s.b}، بحسب مصادر أهلية.`,
  (s) => `ويشتكي الأهالي في ${s.p} من غلاء ${s.i} بعد أن احتكرت ${s.a} تجارتها منذ مطلع العام.`,
  (s) => `وصادرت ${s.a} ${s.n} طناً من ${s.i} كانت في طريقها إلى ${s.q}، وفق ما نقلته وسائل إعلام محلية.`,
];

export interface Corpus {
  /** The JSONL file and the folder of .txt files. */
  jsonl: string;
  folder: string;
  /** What to pass to `rasad ingest`. */
  paths: string[];
  /** How many items ingest reads from it (the broken line included). */
  items: number;
}

function report(r: () => number, sentences: number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const parts: string[] = [];
  for (let k = 0; k < sentences; k++) {
    const a = pick(ACTORS);
    let b = pick(ACTORS);
    if (b === a) b = ACTORS[(ACTORS.indexOf(a) + 1) % ACTORS.length];
    const p = pick(PLACES);
    let q = pick(PLACES);
    if (q === p) q = PLACES[(PLACES.indexOf(p) + 3) % PLACES.length];
    parts.push(pick(FRAMES)({ a, b, p, q, i: pick(ITEMS), n: 10 + Math.floor(r() * 490) }));
  }
  return parts.join(" ");
}

/** Writes `jsonDocs` reports as JSON lines and `txtDocs` as .txt files under `dir`. */
export function writeCorpus(dir: string, jsonDocs: number, txtDocs: number, seed = 7): Corpus {
  const r = rng(seed);
  const jsonl = join(dir, "reports.jsonl");
  const folder = join(dir, "txt");
  mkdirSync(folder, { recursive: true });
  const lines: string[] = [];
  const texts: string[] = [];
  for (let d = 0; d < jsonDocs; d++) {
    // every 50th line repeats an earlier report (an exact copy from another outlet)
    const text = d % 50 === 49 ? texts[d - 30] : report(r, 3 + Math.floor(r() * 4));
    texts.push(text);
    const day = String(1 + (d % 28)).padStart(2, "0");
    lines.push(JSON.stringify({ id: `rel-${d}`, title: `تقرير ميداني ${d}`, outlet: `شبكة تجريبية ${d % 5}`, url: `https://reliability.example/${d}`, published: `2024-03-${day}`, text }));
    if (d === 120) lines.push(`{"id": "broken", "text": "سطر لم يكتمل`);
  }
  writeFileSync(jsonl, lines.join("\n") + "\n");
  for (let d = 0; d < txtDocs; d++) {
    // one near-copy: an earlier report with one sentence added at the end
    const text = d === 10 ? texts[5] + " وأكدت المصادر أن الوضع ما زال متوتراً." : report(r, 2 + Math.floor(r() * 4));
    writeFileSync(join(folder, `report-${String(d).padStart(3, "0")}.txt`), text + "\n");
  }
  return { jsonl, folder, paths: [jsonl, folder], items: lines.length + txtDocs };
}

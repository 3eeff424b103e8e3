// Facts: standing facts about actors — affiliation («الميليشيات الموالية لها»), presence («خلايا داعش المتواجدة
// في البادية»), strength («بحوالي 2000 عنصر»). Once flows, events and facts are known, generic groups that are
// party to none of them are dropped (entities.ts dropIdleGroups).
import { inRange, type Doc, type EntityRec, type Mention } from "./doc.js";
import { word, dropIdleGroups } from "./entities.js";
import { numberAt } from "./frames.js";

const AFFILIATED = /^(ال)?(موالي|مواليه|موالين|تابع|تابعه|تابعين|مدعوم|مدعومه|مدعومين|مرتبط|مرتبطه|مرتبطين)$/;
const PRESENT = /^(ال)?(متواجد|متواجده|متواجدين|منتشر|منتشره|منتشرين|متمركز|متمركزه|متمركزين|موجود|موجوده|موجودين)$/;
const STRENGTH_UNIT = /^(عنصر|عنصرا|مقاتل|مقاتلا|مسلح|مسلحا|جندي|جنديا)$/;

export function findFacts(doc: Doc): void {
  const byFirst = new Map<number, Mention>();
  for (const m of doc.mentions) if (!byFirst.has(m.first)) byFirst.set(m.first, m);
  doc.sentences.forEach((sent, si) => {
    const ms = inRange(doc.mentions, sent.first, sent.last);
    const ev = { sentence: si, evStart: doc.tokens.start[sent.first], evEnd: doc.tokens.end[sent.last - 1] };
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i];
      if (m.entity.kind !== "actor") continue;
      // a member of a coordination already read from its head
      if (i > 0 && ms[i - 1].last === m.first && word(doc, m.first).startsWith("و") && ms[i - 1].entity.kind === "actor") continue;
      // skip coordinated actors to reach the adjective: «الميليشيات الإيرانية والروسية الموالية لها»
      const group: EntityRec[] = [m.entity];
      let k = m.last;
      let j = i + 1;
      while (j < ms.length && ms[j].first === k && ms[j].entity.kind === "actor" && word(doc, k).startsWith("و")) { group.push(ms[j].entity); k = ms[j].last; j++; }
      const w = word(doc, k);
      if (AFFILIATED.test(w)) {
        const target = byFirst.get(k + 1);
        // «قوات النظام والميليشيات الإيرانية والروسية الموالية لها»: «لها» is the head of the coordination
        const pronoun = /^(لها|له|لهم)$/.test(word(doc, k + 1));
        const obj = target?.entity ?? (pronoun ? (group.length > 1 ? group[0] : previousActor(ms, i)) : null);
        if (obj && obj.kind === "actor") for (const s of group) if (s !== obj) doc.facts.push({ type: "affiliation", subject: s, object: obj, ...ev });
      } else if (PRESENT.test(w) && word(doc, k + 1) === "في") {
        const place = byFirst.get(k + 2);
        if (place?.entity.kind === "place") for (const s of group) doc.facts.push({ type: "presence", subject: s, object: place.entity, ...ev });
      }
    }
    // «يقدر عدد عناصر التنظيم في المنطقة بحوالي 2000 عنصر»
    for (let k = sent.first; k < sent.last; k++) {
      const v = numberAt(doc, k);
      if (v === undefined || v < 10 || !STRENGTH_UNIT.test(word(doc, k + 1))) continue;
      const subj = ms.find((m) => m.entity.kind === "actor" && m.first < k && m.entity.type !== "civilians");
      if (subj) doc.facts.push({ type: "strength", subject: subj.entity, value: v, ...ev });
    }
  });
  // the last stage that reads the mentions: generic groups that took part in nothing leave the output here
  dropIdleGroups(doc);
}

function previousActor(ms: Mention[], i: number): EntityRec | null {
  for (let k = i - 1; k >= 0; k--) if (ms[k].entity.kind === "actor") return ms[k].entity;
  return null;
}

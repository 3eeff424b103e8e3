// Frames: flows (giver → receiver: items, mode, via, exchange) and events (type, agents, targets, places,
// casualties) over the tagged token stream, one sentence at a time.
import { inRange, type Doc, type EntityRec, type EventRec, type FlowRec, type Mention, type Tag } from "./doc.js";
import { word, bareConj, antecedent, prepAt, entityFor, isMediaOutlet, AFFILIATION } from "./entities.js";
import { bareForm, TOKEN_NUMBER, TOKEN_PUNCT } from "../text/index.js";
import type { EventType, FlowMode, ItemCategory } from "../contract/index.js";

const CONNECTIVE_MODES = new Set(["exchange", "via", "beneficiary"]);
/** Modes whose flow needs no item named in the text to say something: goods are implied. */
const GOODS_BY_DEFAULT = new Set(["sell", "smuggle", "seize"]);
/** Quantifiers between a preposition and its group: «لعدد من المدنيين» is «للمدنيين». */
const QUANTIFIERS = /^(عدد|بعض|العديد|عشرات|مئات|الاف|الكثير|كثير|مجموعه|جميع|كل|معظم|غالبيه)$/;

interface Range { first: number; last: number }

function tagsIn(doc: Doc, layer: string, r: Range): Tag[] {
  return inRange(doc.layers[layer] ?? [], r.first, r.last);
}

function mentionsIn(doc: Doc, r: Range, kind?: "actor" | "place"): Mention[] {
  return inRange(doc.mentions, r.first, r.last).filter((m) => !kind || m.entity.kind === kind);
}

const AREA_WORDS = /^(مناطق|منطقه|سيطره|نفوذ|اراضي|مناطق سيطره)$/;
const AREA_PREPS = new Set(["من", "الي", "نحو", "باتجاه", "عبر"]);

/** The preposition of a mention, seeing through quantifiers: «لعدد من المدنيين» → «ل». */
function effectivePrep(doc: Doc, m: Mention): string {
  // «من مناطق قسد», «إلى مناطق سيطرة النظام»: the areas of a group stand for the group
  if (m.prep === "" && AREA_WORDS.test(bareConj(word(doc, m.first - 1)))) {
    let k = m.first - 1;
    while (k > m.first - 4 && AREA_WORDS.test(bareConj(word(doc, k)))) k--;
    const head = bareConj(word(doc, k + 1));
    if (/^(ل|ب)/.test(head) && AREA_WORDS.test(head.slice(1)) && !AREA_WORDS.test(head)) return head[0];
    const w = bareConj(word(doc, k));
    if (AREA_PREPS.has(w)) return w;
    return "";
  }
  if (m.prep === "من") {
    const q = m.first - 2;
    const w = word(doc, q);
    const bare = w.replace(/^(و|ف)?(ل|ب)?/, "");
    // and counts: «القضاء على اثنين من قادة التنظيم» is «على قادة التنظيم»
    if (word(doc, m.first - 1) === "من" && (QUANTIFIERS.test(bareForm(bare)) || numberAt(doc, q) !== undefined)) {
      const p = w.replace(/^(و|ف)/, "");
      if (p.startsWith("ل") && !QUANTIFIERS.test(p)) return "ل";
      if (p.startsWith("ب") && !QUANTIFIERS.test(p)) return "ب";
      const before = bareConj(word(doc, q - 1));
      if (/^(علي|الي|ضد|بحق|عن|مع)$/.test(before)) return before;
      return "";
    }
  }
  return m.prep;
}

/** The actor a mention stands for as a party: a checkpoint stands for the actor that runs it. */
function party(m: Mention): { actor: EntityRec | null; via: EntityRec | null } {
  if (m.entity.kind === "actor") return { actor: m.entity, via: null };
  if (m.entity.owner) return { actor: m.entity.owner, via: m.entity };
  return { actor: null, via: null };
}

/** «الخاضع لسيطرة», «تحت سيطرة», «الواقعة تحت نفوذ»: the words before a control noun that describe an area. */
const SUBJECT_TO = /^(تحت|خاضع|خاضعه|الخاضع|الخاضعه|الخاضعين|خاضعين)$/;
/** The control nouns («سيطرة», «نفوذ») before the one who holds an area. */
const CONTROL_NOUNS = /^(ل)?(سيطره|نفوذ)$/;

/**
 * «في الشمال السوري الخاضع لسيطرة المعارضة» (in the north, which the opposition holds): the holder describes a
 * place; it is no party to what happens there.
 */
function holderOfArea(doc: Doc, m: Mention): boolean {
  return m.prep === "" && CONTROL_NOUNS.test(bareConj(word(doc, m.first - 1))) && SUBJECT_TO.test(bareConj(word(doc, m.first - 2)));
}

/** Mentions that act as parties: actors, and places run by an actor. */
function parties(doc: Doc, r: Range): Mention[] {
  return inRange(doc.mentions, r.first, r.last).filter((m) => ((m.entity.kind === "actor" && !isMediaOutlet(m.entity)) || !!m.entity.owner) && !holderOfArea(doc, m));
}

/** Coordinated mentions right after m: «إلى المدنيين وجامعي الحديد». */
function withCoordinated(doc: Doc, m: Mention, pool: Mention[]): Mention[] {
  const out = [m];
  let cur = m;
  for (const n of pool) {
    if (n.first < cur.last) continue;
    const gap = n.first - cur.last;
    const w = word(doc, n.first);
    const conj = w.startsWith("و") || (gap === 1 && /^(و|او)$/.test(word(doc, cur.last)));
    if (gap <= 1 && conj && (n.prep === "" || n.prep === cur.prep)) { out.push(n); cur = n; continue; }
    break;
  }
  return out;
}

interface Subject { mentions: Mention[] }

/** Words after which a noun phrase is a subject, not a genitive: particles, auxiliaries, reporting «أن». */
const SUBJECT_OPENERS = /^(و|ف)?(ان|انه|لكن|لان|كما|حيث|اذ|بينما|كان|كانت|كانوا|قد|ثم|بل|ايضا|حين|عندما|بعدما|اما)$/;

/** Nouns that take a verbal noun as their genitive: «عملية دفع الزكاة», «طبيعة التهريب», «ظاهرة بيع». */
const MASDAR_HEADS = /^(ب|ل)?(عمليه|عمليات|طبيعه|ظاهره|اسلوب|اساليب|طريقه|طرق|حجم|حركه|نشاط|انشطه|قضيه|مساله|موضوع|ملف|استمرار|تزايد|ازدياد|انتشار|تصاعد)$/;

/** Prepositions written apart, after which a trigger is a verbal noun: «عبر احتجاز», «بعد استهداف», «من خلال بيع». */
const MASDAR_PREPS = new Set(["عبر", "خلال", "بعد", "قبل", "عن", "الي", "علي", "في", "اثر", "عقب", "جراء", "بسبب", "مقابل", "لقاء", "دون", "بدون"]);

/** A trigger written with a preposition or the article is a verbal noun («لتهريب», «بالبيع», «التهريب»). */
function isMasdarLike(doc: Doc, tr: Tag): boolean {
  const prev = bareConj(word(doc, tr.first - 1));
  if (MASDAR_HEADS.test(prev) || MASDAR_PREPS.has(prev)) return true;
  return /^(و|ف)?(ل|ب|لل|ال|بال)/.test(tr.pre) || /^(و|ف)?(ل|ب|ال)/.test(word(doc, tr.first)) && tr.pre.length > 0;
}

/** A trigger at the start of a clause, or right after a particle, is a verb with its subject after it. */
function isClauseInitial(doc: Doc, tr: Tag, sent: Range): boolean {
  const k = tr.first - 1;
  if (k < sent.first || doc.tokens.kind[k] === TOKEN_PUNCT) return true;
  return SUBJECT_OPENERS.test(word(doc, k)) || /^(و|ف)?(قد|لقد|ثم|حيث|بعدما|عندما|حين)$/.test(word(doc, k));
}

function isSubjectPosition(doc: Doc, m: Mention, sent: Range): boolean {
  const k = m.first - 1;
  if (k < sent.first) return true;
  if (doc.tokens.kind[k] === TOKEN_PUNCT) return true;
  return SUBJECT_OPENERS.test(word(doc, k));
}

/** A mention right after another flow or event trigger written as a verbal noun, as its genitive object. */
function objectOfTrigger(doc: Doc, m: Mention, tr: Tag): boolean {
  for (const layer of ["flow", "event"] as const) {
    const k = doc.at[layer]?.[m.first - 1] ?? -1;
    if (k < 0) continue;
    const t = doc.layers[layer][k];
    // only words that act on their genitive: «احتجاز الرهائن», «ابتزاز التجار»; «موافقة الحواجز» is the checkpoints' doing
    const edir = t.entry.extra.dir || "agent";
    const acts = layer === "event" ? edir === "agent" || (edir === "noun" && m.entity.type === "civilians")
      : t.entry.extra.dir === "receiver" && t.entry.type !== "permit";
    if (acts && t !== tr && t.first < m.first && m.first <= t.last && isMasdarLike(doc, t) && !CONNECTIVE_MODES.has(t.entry.type)) return true;
  }
  return false;
}

/** «أن», «إن», «بأن» (that) opening a clause: the token after the last one before i in the sentence, else its start. */
function complementizerBefore(doc: Doc, i: number, sent: Range): number {
  for (let k = i - 1; k >= sent.first; k--) if (/^(و|ف)?(ب)?ان$/.test(word(doc, k))) return k + 1;
  return sent.first;
}

/**
 * The subject of a trigger: a pronoun suffix on the trigger («إرسالها», «حصولهم») points to the last actor
 * named; a verb followed by a bare actor has it as subject (VSO: «سمحت خلايا داعش»); otherwise the nearest actor
 * before the trigger in the sentence that no preposition governs; otherwise the topic of earlier sentences.
 */
function subjectOf(doc: Doc, tr: Tag, sent: Range, pool: Mention[], objectLike: (m: Mention) => boolean, flow = false): Subject {
  // «قال أحد السائقين إن الحاجز يفرض مبالغ»: the speaker before «إن/أن» is not the subject of what follows it
  const floor = complementizerBefore(doc, tr.first, sent);
  if (floor > sent.first) pool = pool.filter((m) => m.first >= floor || m.first >= tr.last);
  // «عبر احتجاز الرهائن وطلب الفدية»: the object of an earlier verbal noun is not the subject of a later trigger
  pool = pool.filter((m) => m.first >= tr.last || m.prep !== "" || !objectOfTrigger(doc, m, tr));
  if (tr.suffixed) {
    const before = pool.filter((m) => m.last <= tr.first);
    const subjectLike = before.filter((m) => isSubjectPosition(doc, m, sent) && effectivePrep(doc, m) === "");
    const bare = before.filter((m) => effectivePrep(doc, m) === "");
    const m = subjectLike[subjectLike.length - 1] ?? bare[bare.length - 1] ?? before[before.length - 1];
    if (m) return { mentions: withCoordinated(doc, m, pool).filter((x) => x.last <= tr.first) };
    const a = antecedent(doc, tr.first, "!civilians");
    if (a) return { mentions: [{ first: tr.first, last: tr.last, start: tr.start, end: tr.end, entity: a, prep: "", via: "anaphor" }] };
  }
  const after = pool.find((m) => m.first >= tr.last && m.first <= tr.last + 1);
  if (after && effectivePrep(doc, after) === "" && !objectLike(after)) return { mentions: withCoordinated(doc, after, pool) };
  const before = pool.filter((m) => m.last <= tr.first && effectivePrep(doc, m) === "");
  if (before.length) {
    // prefer a mention that stands where a subject stands (after a particle, a comma or the sentence start)
    // over one in a genitive («مصادر تمويل خلايا داعش»)
    const subjectLike = before.filter((m) => isSubjectPosition(doc, m, sent));
    const last = subjectLike.length ? subjectLike[subjectLike.length - 1] : before[before.length - 1];
    // take the whole coordination the last subject belongs to
    let firstOfGroup = last;
    for (let k = before.length - 2; k >= 0; k--) {
      const b = before[k];
      if (withCoordinated(doc, b, pool).includes(firstOfGroup)) firstOfGroup = b; else break;
    }
    return { mentions: withCoordinated(doc, firstOfGroup, pool).filter((m) => m.last <= tr.first) };
  }
  // «الوجهة المفضلة لحزب الله لتهريب المخدرات»: a masdar's agent may stand after a preposition
  const anyBefore = pool.filter((m) => m.last <= tr.first && !objectLike(m));
  if (anyBefore.length && isMasdarLike(doc, tr)) return { mentions: [anyBefore[anyBefore.length - 1]] };
  // (not when the actor in focus stands after the trigger as the other party: «يطلب 500 ليرة من كل سيارة»)
  const topic = doc.topic;
  if (topic && !(flow && isMasdarLike(doc, tr) && !tr.suffixed) && !pool.some((m) => m.entity === topic && m.first >= tr.last)) return { mentions: [{ first: tr.first, last: tr.last, start: tr.start, end: tr.end, entity: topic, prep: "", via: "anaphor" }] };
  return { mentions: [] };
}

/** Items named after the trigger up to the next trigger; if none, before it in the clause. */
function itemsOf(doc: Doc, tr: Tag, stop: number, clauseFirst: number): FlowRec["items"] {
  const items: FlowRec["items"] = [];
  let lastItemEnd = tr.last;
  for (const it of inRange(doc.layers.item ?? [], tr.first, stop)) {
    // words inside a name are not goods: «برنامج الأغذية العالمي», «وحدات حماية الشعب»
    if (doc.mentionAt[it.first] >= 0) continue;
    // a comma ends the list once something is in it
    if (items.length && hasPunctBetween(doc, items.length ? tr.last : tr.last, it.first, "،")) {
      // keep going only when the comma is followed by a coordinated item («، والنحاس»)
      if (!word(doc, it.first).startsWith("و")) break;
    }
    // the recipient ends the object: «بيع الخردوات … إلى المدنيين كـ"مصدر تمويل"»
    if (items.length && inRange(doc.mentions, Math.max(tr.last + 1, lastItemEnd), it.first).some((m) => m.entity.kind === "actor")) break;
    items.push({ category: it.entry.type as ItemCategory, start: it.start, end: it.end });
    lastItemEnd = it.last;
  }
  if (!items.length) {
    const before = inRange(doc.layers.item ?? [], clauseFirst, tr.first).filter((it) => it.last <= tr.first);
    const last = before[before.length - 1];
    if (last) items.push({ category: last.entry.type as ItemCategory, start: last.start, end: last.end });
  }
  return items;
}

function hasPunctBetween(doc: Doc, a: number, b: number, p: string): boolean {
  for (let k = a; k < b; k++) if (doc.tokens.kind[k] === TOKEN_PUNCT && word(doc, k) === p) return true;
  return false;
}

function clauseStart(doc: Doc, i: number, sent: Range): number {
  for (let k = i - 1; k >= sent.first; k--) if (doc.tokens.kind[k] === TOKEN_PUNCT && /^[،,;:]$/.test(word(doc, k))) return k + 1;
  return sent.first;
}

function nextClauseEnd(doc: Doc, from: number, sent: Range): number {
  for (let k = from; k < sent.last; k++) if (doc.tokens.kind[k] === TOKEN_PUNCT && /^[،,;:]$/.test(word(doc, k))) return k;
  return sent.last;
}

/** «طرق التهريب», «عصابات تهريب», «شبكات الاتجار»: a masdar that qualifies a noun names a kind of thing, not a flow. */
const COMPOUND_HEADS = /^(طرق|طريق|طرقات|عصابات|عصابه|شبكات|شبكه|خطوط|خط|معابر|ممرات|ممر|مكاتب|مكتب|تجار|سوق|اسواق|ظاهره|ملف|قضايا|قضيه|تهم|تهمه|مجال|قطاع|مكافحه|ضد)$/;
function isCompound(doc: Doc, t: Tag): boolean {
  if (t.pre.replace(/^[وف]/, "") !== "" && t.pre.replace(/^[وف]/, "") !== "ال") return false;
  return COMPOUND_HEADS.test(bareConj(word(doc, t.first - 1)));
}

/** «نقلاً عن», «نقل عن مصدر»: a word that is both a transfer and a reporting verb reports when «عن» follows. */
function isReporting(doc: Doc, t: Tag): boolean {
  const si = doc.at.source?.[t.first] ?? -1;
  if (si < 0 || doc.layers.source[si].entry.type !== "report_verb") return false;
  return word(doc, t.last) === "عن" || word(doc, doc.layers.source[si].last) === "عن";
}

/** Items naming a movement whose genitive is the one who moves: «دخول المدنيين», «عبور الشاحنات». */
const MOVEMENT_ITEMS = new Set(["access-entry", "access-exit", "access-passage", "access-movement"]);

/** «من أجل», «لأجل», «بهدف», «بغرض» between k and the trigger, or a «لـ» on the trigger: a purpose. */
function purposeBetween(doc: Doc, k: number, tr: Tag): boolean {
  if (tr.pre.replace(/^[وف]/, "").startsWith("ل")) return true;
  for (let j = k; j < tr.first; j++) if (/^(اجل|لاجل|بهدف|بغرض|بقصد)$/.test(bareConj(word(doc, j)))) return true;
  return false;
}

/** Giving verbs whose bare object is the recipient: «زوّد X بـ Y», «منح X Y», «أعطى X Y», «أمدّ X بـ Y». */
const DOUBLE_OBJECT = new Set(["supply-equip", "supply-give", "supply-support"]);

/** Carrying words: the subject carries from a «من» source to a destination («نقل», «شحن»). */
const CARRY = new Set(["transfer-move", "transfer-ship"]);

/** Passive sale forms (the active ones are «يبيع», «باعت») and the periphrastic passive «تم/يتم + masdar». */
const PASSIVE_FORMS = /^(يباع|تباع|بيعت|بيعوا)$/;
const PASSIVE_AUX = /^(تم|يتم|تمت|جري|يجري|جرت)$/;
function isPassive(doc: Doc, tr: Tag): boolean {
  return PASSIVE_FORMS.test(bareConj(word(doc, tr.first)).replace(/^(ان|وان|لان)$/, "")) || PASSIVE_AUX.test(bareConj(word(doc, tr.first - 1)));
}

/** «ما يحتاجه», «ما تحتاج إليه»: the noun after a need verb is who needs (and receives) the items. */
const NEED_VERBS = /^(يحتاج|تحتاج|يحتاجه|تحتاجه|يحتاجها|تحتاجها|يحتاجون|يحتاجونه|احتاج|احتاجه|احتاجت|يلزم|يلزمه|تلزم|ينقص|ينقصه)$/;

function uniq<T>(xs: T[]): T[] { return [...new Set(xs)]; }

/** Vehicles that stand for their drivers when they pay or pass: «فرض الإتاوة على السيارات», «يسمح للشاحنات». */
const VEHICLE_ITEMS = new Set(["goods-trucks", "goods-vehicles", "fuel-tankers", "water-tankers"]);
const TOLL_MODES = new Set(["levy", "bribe", "permit", "pay"]);

/** Mentions of drivers made from vehicle words governed by «على», «من» or «ل» in a sentence about tolls. */
function vehicleParties(doc: Doc, sent: Range, triggers: Tag[]): Mention[] {
  if (!triggers.some((t) => TOLL_MODES.has(t.entry.type))) return [];
  const drivers = doc.lex.entries.find((e) => e.kind === "actor" && e.id === "drivers");
  if (!drivers) return [];
  const out: Mention[] = [];
  for (const it of tagsIn(doc, "item", sent)) {
    if (!VEHICLE_ITEMS.has(it.entry.id)) continue;
    // «على كل شاحنة», «لجميع السيارات»: the preposition stands before the quantifier
    const qw = bareForm(bareConj(word(doc, it.first - 1)));
    const q = !it.pre && (QUANTIFIERS.test(qw) || (/^(ل|ب)/.test(qw) && QUANTIFIERS.test(qw.slice(1))));
    const prep = !q ? prepAt(doc, it.first, it.pre) : QUANTIFIERS.test(qw) ? prepAt(doc, it.first - 1, "") : qw[0];
    if (prep !== "علي" && prep !== "ل" && prep !== "من") continue;
    if (doc.mentionAt[it.first] >= 0) continue;
    const rec = entityFor(doc, drivers);
    const m: Mention = { first: it.first, last: it.last, start: it.start, end: it.end, entity: rec, prep, via: "pattern" };
    rec.mentions.push(m);
    out.push(m);
  }
  return out;
}

/**
 * «ابتزاز أصحاب المصانع بفرض إتاوات» (extorting factory owners by imposing levies): a trigger of the same mode after
 * «بـ», a few words after the one before it in the same clause, says how that flow was done; it is no flow of its own.
 */
function meansOfPrevious(doc: Doc, t: Tag, prev: Tag | null): boolean {
  if (!prev || prev.entry.type !== t.entry.type || CONNECTIVE_MODES.has(t.entry.type)) return false;
  if (prepAt(doc, t.first, t.pre) !== "ب" || t.first - prev.last > 8) return false;
  for (let k = prev.last; k < t.first; k++) if (doc.tokens.kind[k] === TOKEN_PUNCT) return false;
  return true;
}

export function findFlows(doc: Doc): void {
  doc.sentences.forEach((sent, si) => {
    // «بتهريب شحنة كبتاغون»: a transfer noun right after another trigger is its object, not a flow of its own
    const triggers = tagsIn(doc, "flow", sent).filter((t, i, all) => !isReporting(doc, t) && !isCompound(doc, t) &&
      !(t.entry.type === "transfer" && i > 0 && !CONNECTIVE_MODES.has(all[i - 1].entry.type) && t.first - all[i - 1].last <= 1) &&
      !meansOfPrevious(doc, t, i > 0 ? all[i - 1] : null));
    if (!triggers.length) return; // no flow word in the sentence: nothing below can find a flow
    const pool = [...parties(doc, sent), ...vehicleParties(doc, sent, triggers)].sort((a, b) => a.first - b.first);
    const flowsHere: FlowRec[] = [];
    const dirOf = new Map<FlowRec, string>();
    const byTrigger = new Map<Tag, FlowRec[]>();
    const main = triggers.filter((t) => !CONNECTIVE_MODES.has(t.entry.type));
    const inParty = (i: { start?: number }) => i.start !== undefined && pool.some((m) => m.start <= i.start! && i.start! < m.end);
    main.forEach((tr) => {
      const nextTrigger = triggers.find((t) => t.first >= tr.last && !(t.entry.type === "via" || t.entry.type === "beneficiary"));
      const stop = nextTrigger ? nextTrigger.first : sent.last;
      let mode = tr.entry.type as FlowMode;
      const dir = tr.entry.extra.dir || "giver";
      // a vehicle that stands for its drivers is a party, not an item («500 ليرة من كل سيارة»)
      let items = itemsOf(doc, tr, stop, clauseStart(doc, tr.first, sent)).filter((i) => !inParty(i));
      // «سمحت لهم بالدخول وجمع الخردة»: the permission is access; what they may take flows to them as well
      let permitted: FlowRec["items"] = [];
      // («لسيارات البضائع»: goods that only qualify the vehicles standing for the permitted are not permitted items)
      const afterParty = (i: { start?: number }) => i.start !== undefined && pool.some((m) => m.end <= i.start! && i.start! - m.end <= 1);
      if (mode === "permit") { permitted = items.filter((i) => i.category !== "access" && !inParty(i) && !afterParty(i)); items = []; }
      // a levy, bribe or ransom is money: what follows «على» is what is taxed, not what is paid
      if ((mode === "levy" || mode === "bribe" || mode === "ransom") && tr.entry.extra.item === "money") items = [];
      // «فرض رسوم على الشاحنات المحملة بالقمح»: what a levy takes is money, unless the thing taken comes right after
      // the trigger («يأخذون رأس غنم عن كل أربعين»)
      if (mode === "levy" && items.length) {
        const taken = items.filter((i) => i.category === "money" || (i.start !== undefined && i.start - tr.end <= 2));
        items = taken.some((i) => i.category === "money") ? taken.filter((i) => i.category === "money") : taken.length ? taken : [{ category: "money" }];
      }
      // «نقل هذه العائلات من سوريا إلى لبنان»: people moved by smugglers are the item, and they receive passage
      let moved: Mention | undefined;
      if (mode === "transfer" || mode === "smuggle") {
        moved = pool.find((m) => m.first >= tr.last && m.first <= tr.last + 1 && effectivePrep(doc, m) === "" && m.entity.type === "civilians");
        if (moved) { items = [{ category: "people", start: moved.start, end: moved.end }]; mode = "smuggle"; }
      }
      // «بتوزيعها», «يبيعونها»: with no item named, a pronoun on the trigger stands for the last item before it
      let pronounItems = false;
      if (!items.length && (tr.suffixed || isPassive(doc, tr)) && mode !== "permit") {
        pronounItems = true;
        const prevSent = doc.sentences[si - 1];
        const back = inRange(doc.layers.item ?? [], prevSent ? prevSent.first : sent.first, tr.first).filter((it) => it.last <= tr.first && doc.mentionAt[it.first] < 0);
        const last = back[back.length - 1];
        if (last) items = [{ category: last.entry.type as ItemCategory, start: last.start, end: last.end }];
      }
      if (!items.length && tr.entry.extra.item) items = [{ category: tr.entry.extra.item as ItemCategory, start: tr.start, end: tr.end }];
      if (!items.length && GOODS_BY_DEFAULT.has(mode)) items = [{ category: "goods" }];
      if (!items.length) return;
      const window = { first: tr.last, last: stop };
      const isVictim = (m: Mention) => m.entity.type === "civilians";
      // a verbal noun with no subject in its sentence («أمر سرقة كبيرة») is not pinned on the actor of an earlier one
      // «عصابات التهريب تزود العائلات بوثائق»: after a subject, the bare noun after a giving verb is its recipient
      const bareAfter = DOUBLE_OBJECT.has(tr.entry.id) ? pool.filter((m) => m.first >= tr.last && m.first < Math.max(stop, tr.last + 1) && effectivePrep(doc, m) === "") : [];
      const cs = clauseStart(doc, tr.first, sent);
      const svo = bareAfter.length > 0 && pool.some((m) => m.last <= tr.first && m.first >= cs && effectivePrep(doc, m) === "" && isSubjectPosition(doc, m, { first: cs, last: sent.last }));
      let recipient: Mention | undefined = svo ? bareAfter[0] : bareAfter[1];
      let subj = subjectOf(doc, tr, sent, pool, (m) => m === moved || m === recipient || (dir !== "giver" && isVictim(m)), true);
      if (recipient && subj.mentions.includes(recipient)) recipient = undefined;
      // «تباع للتجار», «تم تهريبها»: a passive's subject is what is moved; the doer is the «من قبل» agent, else the
      // actor the text is about
      // «عمليات جباية الزكاة من المزارعين من قبل أشخاص ملثمين»: a «من قبل» agent in the trigger's stretch is its doer
      const byAgent = pool.find((m) => m.first >= tr.last && m.first < Math.max(stop, tr.last + 1) && m.prep === "by");
      if (byAgent && !isPassive(doc, tr)) subj = { mentions: withCoordinated(doc, byAgent, pool) };
      if (isPassive(doc, tr)) {
        const by = pool.find((m) => m.first >= tr.last && m.prep === "by");
        const topic = doc.topic;
        subj = by ? { mentions: withCoordinated(doc, by, pool) }
          : topic && !pool.some((m) => m.entity === topic && m.first >= tr.last)
            ? { mentions: [{ first: tr.first, last: tr.last, start: tr.start, end: tr.end, entity: topic, prep: "", via: "anaphor" }] }
            : { mentions: [] };
      }
      // «… مقابل حصولهم على مبالغ أو السماح للمدنيين بجمع الكمأة»: what is given back after «مقابل» is given by
      // the receiver of what came before, unless the words after the connective name someone else
      const conn = triggers.filter((t) => t.entry.type === "exchange" && t.last <= tr.first).pop();
      const answered = conn ? ([...byTrigger.entries()].filter(([t]) => t.last <= conn.first).pop()?.[1] ?? []).find((f) => f.receiver && f.giver) : undefined;
      if (conn && answered && !subj.mentions.some((m) => m.first >= conn.last)) {
        const e = dir === "giver" ? answered.receiver! : answered.giver!;
        subj = { mentions: [{ first: tr.first, last: tr.last, start: tr.start, end: tr.end, entity: e, prep: "", via: "anaphor" }] };
      }
      // the other party
      // the subject's own group named again («حواجز … التابعة للميليشيات») is not the other party
      const subjActors = subj.mentions.map((m) => party(m).actor);
      const after = pool.filter((m) => m.first >= window.first && m.first < Math.max(window.last, tr.last + 1) && !subj.mentions.includes(m) &&
        !subjActors.includes(party(m).actor) && !AFFILIATION.test(bareConj(word(doc, m.first - 1))));
      // «تحويل الأموال وتصريفها نيابة عن التنظيم»: coordinated triggers share the complement after the last one
      if (nextTrigger && nextTrigger.first - tr.last <= 3 && word(doc, nextTrigger.first).startsWith("و") && nextTrigger.entry.extra.dir === dir) {
        const after2 = triggers.find((t) => t.first >= nextTrigger.last && !(t.entry.type === "via" || t.entry.type === "beneficiary"));
        const stop2 = Math.min(after2 ? after2.first : sent.last, nextClauseEnd(doc, nextTrigger.last, sent));
        after.push(...pool.filter((m) => m.first >= nextTrigger.last && m.first < stop2 && !subj.mentions.includes(m) &&
          !subjActors.includes(party(m).actor) && !AFFILIATION.test(bareConj(word(doc, m.first - 1)))));
      }
      let others: Mention[] = [];
      // «توزيع المساعدات على النازحين»: what is handed out goes to whoever follows «على»
      const wantPreps = dir === "giver" ? (tr.entry.id === "supply-distribute" ? ["ل", "الي", "علي"] : ["ل", "الي"]) : mode === "levy" ? ["علي", "من", "عن"] : ["من", "عن"];
      const o = after.find((m) => wantPreps.includes(effectivePrep(doc, m)));
      if (o) others = withCoordinated(doc, o, pool);
      else if (recipient) others = withCoordinated(doc, recipient, pool);
      else if (dir === "giver") {
        // «إرسال كل ما يحتاجه التنظيم من طعام»: who needs what is given receives it
        const needer = after.find((m) => effectivePrep(doc, m) === "" && NEED_VERBS.test(bareConj(word(doc, m.first - 1))));
        if (needer) others = [needer];
      } else {
        // «ابتزاز أصحاب المصانع»: a victim right after a taking word
        // but «سرقة مساعدات النازحين»: the people aid was meant for are not its provider (the giver of diverted aid)
        const aidOwner = (m: Mention) => {
          const k = doc.at.item?.[m.first - 1] ?? -1;
          return k >= 0 && doc.layers.item[k].last === m.first && /aid/.test(doc.layers.item[k].entry.id);
        };
        const direct = after.find((m) => m.first <= tr.last + 1 && effectivePrep(doc, m) === "" && isVictim(m) && !aidOwner(m));
        if (direct) others = withCoordinated(doc, direct, pool);
      }
      // «دخول المدنيين … بعد موافقة حواجز الميليشيات»: who is let in is the one whose entry or passage the sentence names
      if (mode === "permit" && !others.length) {
        const mover = inRange(doc.layers.item ?? [], sent.first, tr.first).filter((it) => it.last <= tr.first && MOVEMENT_ITEMS.has(it.entry.id))
          .map((it) => pool.find((m) => m.first === it.last && m.prep === "" && !subj.mentions.includes(m))).find(Boolean);
        if (mover) others = [mover];
      }
      // «تقوم بالتعامل مع النظام من أجل تصريف النفط»: the one a seller deals with is the buyer
      // (only where the sale is the purpose of the dealing: «مع X من أجل/بهدف تصريف», «مع X لبيع»)
      if (!others.length && mode === "sell") {
        const partner = pool.find((m) => effectivePrep(doc, m) === "مع" && m.last <= tr.first && tr.first - m.last <= 4 &&
          !subj.mentions.includes(m) && !subjActors.includes(party(m).actor) && purposeBetween(doc, m.last, tr));
        if (partner) others = [partner];
      }
      if (moved && !others.length) others = [moved];
      const subjParties = subj.mentions.map(party);
      const otherParties = others.map(party);
      let via: EntityRec | null = subjParties.find((p) => p.via)?.via ?? otherParties.find((p) => p.via)?.via ?? null;
      via ??= viaIn(doc, sent);
      const subjects = uniq(subjParties.map((p) => p.actor));
      const objects = uniq(otherParties.map((p) => p.actor));
      // the other party of what is given back is the first flow's party, reversed
      if (!objects.length && answered) {
        const e = dir === "giver" ? answered.giver : answered.receiver;
        if (e && !subjects.includes(e)) objects.push(e);
      }
      // «دفع الإتاوة» with no collector named: the one who runs the checkpoint, else the armed actor in view
      if (dir === "giver" && !objects.length && (mode === "levy" || mode === "bribe")) {
        const collector = via?.owner ?? antecedent(doc, tr.first, "!civilians");
        if (collector && !subjects.includes(collector)) objects.push(collector);
      }
      if (!subjects.length) subjects.push(null);
      if (!objects.length) objects.push(null);
      if (mode === "pay" && via && items.some((i) => i.category === "money")) mode = "bribe";
      // «الصهاريج التي تنقل النفط من مناطق قسد إلى حمص»: a carrier takes from the source and hands on to the destination
      const source = CARRY.has(tr.entry.id) ? after.find((m) => effectivePrep(doc, m) === "من" && party(m).actor) : undefined;
      const sourceActor = source ? party(source).actor : null;
      const recs: FlowRec[] = [];
      const evStart = doc.tokens.start[clauseStart(doc, tr.first, sent)], evEnd = doc.tokens.end[Math.max(tr.last, stop) - 1];
      const add = (giver: EntityRec | null, receiver: EntityRec | null) => {
        const f: FlowRec = { giver, receiver, items, mode, via, exchange: new Set(), sentence: si, trigger: { start: tr.start, end: tr.end }, evStart, evEnd };
        recs.push(f);
        dirOf.set(f, dir);
      };
      if (sourceActor) {
        for (const s of subjects) {
          if (s === sourceActor) continue;
          const [giver, receiver] = s ? [sourceActor, s] : [sourceActor, objects[0]];
          if (!receiver || giver === receiver) continue;
          add(giver, receiver);
        }
      }
      for (const s of subjects) for (const ob of objects) {
        const [giver, receiver] = dir === "giver" ? [s, ob] : [ob, s];
        if (giver && giver === receiver) continue;
        // one unnamed party may still be filled from the flow it is exchanged for (linkExchanges); judged after that
        if (!giver && !receiver) continue;
        add(giver, receiver);
      }
      // «بيع … بسعر 150 ألف ليرة»: in a sale, money is the price coming back, not what is sold
      let price = false;
      // («تحويل الأموال وتصريفها»: money named before the trigger, or that its pronoun stands for, is what is sold —
      // currency exchange — not a price)
      const objectBefore = items.length > 0 && items.every((i) => i.start !== undefined && i.start < tr.start);
      if (mode === "sell" && items.some((i) => i.category === "money") && !pronounItems && !objectBefore) {
        price = true;
        items = items.filter((i) => i.category !== "money");
        if (!items.length) items = [{ category: "goods" }];
        for (const f of recs) f.items = items;
      }
      // a sale is two flows: the goods one way, the money back (implied where the text names no price)
      if (mode === "sell" && (price || !items.every((i) => i.category === "money"))) {
        for (const f of recs.slice()) {
          const m: FlowRec = { ...f, giver: f.receiver, receiver: f.giver, items: [{ category: "money" }], mode: "pay", exchange: new Set([f]) };
          if (!m.giver || !m.receiver) continue;
          f.exchange.add(m);
          recs.push(m);
        }
      }
      if (permitted.length) {
        for (const f of recs.slice()) recs.push({ ...f, items: permitted, mode: undefined, exchange: new Set() });
      }
      byTrigger.set(tr, recs);
      flowsHere.push(...recs);
      if (subjects[0]) doc.topic = subjects[0]!;
    });
    linkExchanges(doc, triggers, byTrigger, flowsHere, sent, si);
    // an outlet that «obtained documents» reports; it is no party to the flows it tells of
    const kept = flowsHere.filter((f) => partiesSuffice(f.mode, f.giver, f.receiver, dirOf.get(f) ?? "giver") &&
      !(f.giver && isMediaOutlet(f.giver)) && !(f.receiver && isMediaOutlet(f.receiver)));
    for (const f of kept) for (const x of f.exchange) if (!kept.includes(x)) f.exchange.delete(x);
    linkReciprocal(kept);
    doc.flows.push(...kept);
  });
}

/**
 * A flow with an unnamed party says little: keep it only where the text typically leaves that party open —
 * the buyer of a sale or the destination of smuggling («تهريب المخدرات إلى الخليج»), the victim of a seizure,
 * the payer of a ransom or levy.
 */
function partiesSuffice(mode: FlowMode | undefined, giver: EntityRec | null, receiver: EntityRec | null, dir: string): boolean {
  if (giver && receiver) return true;
  if (!giver && !receiver) return false;
  // «تفرض الإتاوة على سيارات البضائع» with the imposer unnamed: the payers are known, the collector is open
  if (!receiver) return mode === "sell" || mode === "smuggle" || ((mode === "levy" || mode === "bribe" || mode === "pay") && dir === "receiver");
  return mode === "seize" || mode === "ransom" || mode === "levy";
}

/** A crossing or checkpoint reached through «عبر», «من خلال», «عن طريق» in the sentence. */
function viaIn(doc: Doc, sent: Range): EntityRec | null {
  for (const tr of tagsIn(doc, "flow", sent)) {
    if (tr.entry.type !== "via") continue;
    const m = inRange(doc.mentions, tr.last, tr.last + 2).find((x) => x.entity.kind === "place" && (x.entity.type === "site" || x.entity.type === "route"));
    if (m) return m.entity;
  }
  return null;
}

/**
 * «مقابل», «لقاء», «بدلاً عن» link the flow before them with what follows: a flow of its own («مقابل قيام هؤلاء
 * الأشخاص بتقديم المياه»), or bare items («مقابل مبالغ مالية»), which flow back the other way. Parties the second
 * flow leaves unnamed are the first flow's, reversed.
 */
function linkExchanges(doc: Doc, triggers: Tag[], byTrigger: Map<Tag, FlowRec[]>, flowsHere: FlowRec[], sent: Range, si: number): void {
  for (const c of triggers) {
    if (c.entry.type !== "exchange") continue;
    const before = [...byTrigger.entries()].filter(([t]) => t.last <= c.first).map(([, f]) => f);
    const A = (before[before.length - 1] ?? []).filter((f) => f.mode !== "pay" || f.items.some((i) => i.category !== "money") || before[before.length - 1].length === 1);
    const nextMain = triggers.find((t) => t.first >= c.last && !CONNECTIVE_MODES.has(t.entry.type));
    const nextConn = triggers.find((t) => t.first >= c.last && t.entry.type === "exchange");
    let B: FlowRec[] = [];
    if (nextMain && nextMain.first <= c.last + 3 && (!nextConn || nextConn.first > nextMain.first)) B = byTrigger.get(nextMain) ?? [];
    if (!A.length) continue;
    const primary = A.filter((f) => !(f.mode === "pay" && f.exchange.size > 0 && A.length > 1));
    if (!B.length) {
      // «دون», «شرط» link a flow only: «دون أوراق» gives nothing back
      if (c.entry.id === "exchange-condition") continue;
      // bare items after the connective flow back
      const nextAny = triggers.find((t) => t.first >= c.last && !CONNECTIVE_MODES.has(t.entry.type));
      const stop = Math.min(nextConn ? nextConn.first : sent.last, nextAny ? nextAny.first : sent.last);
      const items = inRange(doc.layers.item ?? [], c.last, Math.min(stop, c.last + 7))
        .map((it) => ({ category: it.entry.type as ItemCategory, start: it.start, end: it.end }));
      if (!items.length) {
        // «بدلاً عنها»: the connective points back; link the two flows before it
        const prev = before[before.length - 2];
        if (prev) for (const a of A) for (const p of prev) {
          a.exchange.add(p); p.exchange.add(a);
          // «سحب الخردة … وإحضار الطعام للتنظيم بدلاً عنها»: what was taken came from whom the return goes to
          if (!p.giver && a.receiver && a.receiver !== p.receiver) p.giver = a.receiver;
          if (!p.receiver && a.giver && a.giver !== p.giver) p.receiver = a.giver;
        }
        continue;
      }
      for (const a of primary) {
        const back: FlowRec = { giver: a.receiver, receiver: a.giver, items, mode: items.every((i) => i.category === "money") ? "pay" : "supply",
          via: a.via, exchange: new Set([a]), sentence: si, trigger: { start: c.start, end: c.end }, evStart: c.start, evEnd: items[items.length - 1].end ?? c.end };
        if (!back.giver || !back.receiver) continue;
        // what is paid back answers everything the payee gave in the sentence («تجارة البشر … نقل العائلات … مقابل مبالغ»)
        for (const x of flowsHere) if (x === a || (x.giver === back.receiver && x.mode !== "pay")) { x.exchange.add(back); back.exchange.add(x); }
        flowsHere.push(back);
      }
      continue;
    }
    for (const b of B) {
      const a = primary[0];
      if (!a) break;
      // fill the unnamed parties of the return flow from the first flow, reversed
      if (!b.giver && a.receiver && a.receiver !== b.receiver) b.giver = a.receiver;
      if (!b.receiver && a.giver && a.giver !== b.giver) b.receiver = a.giver;
      for (const x of primary) { x.exchange.add(b); b.exchange.add(x); }
    }
  }
}

/**
 * Two flows of one sentence between the same two parties in opposite directions are one exchange even without a
 * connective: «بعد موافقة حواجز الميليشيات … عقب حصولهم على مبالغ مالية من المدنيين».
 */
function linkReciprocal(flows: FlowRec[]): void {
  const reverse = (a: FlowRec, f: FlowRec) => f.giver === a.receiver && f.receiver === a.giver;
  for (const a of flows) {
    if (!a.giver || !a.receiver || [...a.exchange].some((x) => reverse(a, x))) continue;
    const b = flows.find((f) => f !== a && reverse(a, f) && f.items.some((i) => !a.items.some((j) => j.category === i.category)));
    if (b) { a.exchange.add(b); b.exchange.add(a); }
  }
}

// ---------------- events ----------------

function numberNear(doc: Doc, tag: Tag, sent: Range): number | undefined {
  // «فقدت 3 سيدات حياتهن», «لقي خمسة أشخاص حتفهم»: the count stands between the verb and the life it lost
  if (tag.entry.id === "casualty-killed-lose") {
    let end = -1;
    for (let k = tag.last; k < Math.min(sent.last, tag.last + 5); k++) if (/^(حيات|حتف|مصرع|ارواح)/.test(bareConj(word(doc, k)))) { end = k; break; }
    if (end < 0) return undefined;
    for (let k = tag.last; k < end; k++) { const v = numberAt(doc, k); if (v !== undefined) return v; }
    return undefined;
  }
  // «مقتل 3 عناصر», «قتل ستة أشخاص», «95 قتيلاً», «مقتل وإصابة 10»
  const cands = [tag.last, tag.last + 1, tag.first - 1];
  for (const k of cands) {
    if (k < sent.first || k >= sent.last) continue;
    const v = numberAt(doc, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function numberAt(doc: Doc, k: number): number | undefined {
  const t = doc.tokens;
  if (t.kind[k] === TOKEN_NUMBER) {
    const v = Number(word(doc, k).replace(/,/g, ""));
    if (!Number.isFinite(v) || !Number.isInteger(v)) return undefined;
    // «25 ألف»
    const next = bareConj(word(doc, k + 1));
    if (/^(الف|الاف)$/.test(next)) return v * 1000;
    return v;
  }
  const f = doc.at.function?.[k] ?? -1;
  if (f >= 0) {
    const tag = doc.layers.function[f];
    if (tag.entry.type === "number" && tag.entry.extra.value && /^\d+$/.test(tag.entry.extra.value)) return Number(tag.entry.extra.value);
  }
  return undefined;
}

/** Territory words that name an area, not a change: «مناطق سيطرتها», «تحت سيطرة». */
const CONTROL_CONTEXT = /^(مناطق|منطقه|نفوذ|مواقع|اماكن)$/;
/** A word before a territory trigger that makes it standing control, not a change. */
const controlContext = (w: string): boolean => CONTROL_CONTEXT.test(w) || SUBJECT_TO.test(w);
/**
 * Words that make the event after them a threat or a fear, not a report that it happened: «وهددت كل من يقوم بذلك
 * بالاعتقال» (threatened them with arrest), «خوفاً من الاعتقال» (for fear of arrest).
 */
const THREAT_WORDS = /^(هدد|هددت|هددوا|يهدد|تهدد|يهددون|توعد|توعدت|توعدوا|يتوعد|تتوعد|تهديد|تهديدات|بتهديد|التهديد)$/;
const FEAR_WORDS = /^(خوفا|خشيه|مخافه|تحسبا)$/;
/** Armed groups and militias punish; they do not sanction: «عقوبات» after them are punishments. */
const NON_STATE = new Set(["armed_group", "militia"]);

/**
 * «هدد X بالاعتقال»: the trigger carries «بـ» and a threat word stands before it in the same clause (up to eight
 * words back, not across punctuation); «خوفاً من الاعتقال»: a fear word right before its «من».
 */
function threatened(doc: Doc, tr: Tag, sent: Range): boolean {
  const t = doc.tokens;
  if (FEAR_WORDS.test(bareConj(word(doc, tr.first - 2))) && bareConj(word(doc, tr.first - 1)) === "من") return true;
  if (prepAt(doc, tr.first, tr.pre) !== "ب") return false;
  for (let k = tr.first - 1; k >= Math.max(sent.first, tr.first - 8); k--) {
    if (t.kind[k] === TOKEN_PUNCT) return false;
    if (THREAT_WORDS.test(bareConj(word(doc, k)))) return true;
  }
  return false;
}

export function findEvents(doc: Doc): void {
  doc.sentences.forEach((sent, si) => {
    const triggers = tagsIn(doc, "event", sent).filter((tr) => !(tr.entry.type === "territory_change" && controlContext(bareConj(word(doc, tr.first - 1)))) &&
      !threatened(doc, tr, sent));
    const fn = inRange(doc.layers.function ?? [], sent.first, sent.last);
    const killedTags = fn.filter((t) => t.entry.type === "casualty_killed");
    // no event word and no death word in the sentence: nothing below can find an event
    if (!triggers.length && !killedTags.length) return;
    const pool = mentionsIn(doc, sent, "actor").filter((m) => !isMediaOutlet(m.entity));
    const places = uniq(mentionsIn(doc, sent, "place").filter((m) => !m.entity.owner).map((m) => m.entity));
    const injuredTags = fn.filter((t) => t.entry.type === "casualty_injured");
    const killed = killedTags.map((t) => numberNear(doc, t, sent)).find((v) => v !== undefined);
    const injured = injuredTags.map((t) => numberNear(doc, t, sent)).find((v) => v !== undefined);
    const here = new Map<EventType, EventRec>();
    for (const tr of triggers) {
      const type = tr.entry.type as EventType;
      const dir = tr.entry.extra.dir || "agent";
      let agents: EntityRec[] = [];
      let targets: EntityRec[] = [];
      const after = pool.filter((m) => m.first >= tr.last);
      const byAgent = after.find((m) => m.prep === "by");
      // «طرد التنظيم من المدن ومحاصرته»: a coordinated verbal noun whose pronoun has no object after it takes the
      // pronoun as its object and the doer of the verbal noun before it
      const prevEv = [...here.values()].pop();
      const objectAfter = (doc.mentionAt[tr.last] ?? -1) >= 0;
      if ((dir === "agent" || dir === "noun") && tr.suffixed && !byAgent && prevEv && /^و/.test(word(doc, tr.first)) && !objectAfter) {
        const ante = pool.filter((m) => m.last <= tr.first && !prevEv.agents.includes(m.entity)).pop();
        const ev: EventRec = { type, agents: prevEv.agents.slice(), targets: ante ? [ante.entity] : [], places, sentence: si,
          trigger: { start: tr.start, end: tr.end }, evStart: doc.tokens.start[sent.first], evEnd: doc.tokens.end[sent.last - 1] };
        if (!here.has(type)) { here.set(type, ev); continue; }
      }
      if (dir === "mutual") {
        // «اتفاقيات مع X», «اشتباكات بين X و Y»: the subject and the parties named after the trigger
        const subj = subjectOf(doc, tr, sent, pool, () => false).mentions.map((m) => m.entity);
        const clauseEnd = nextClauseEnd(doc, tr.last, sent);
        const ps = pool.filter((m) => m.first >= tr.last && m.first < clauseEnd && (m.prep === "" || m.prep === "مع" || m.prep === "بين"));
        agents = subj;
        targets = uniq(ps.flatMap((m) => withCoordinated(doc, m, pool)).map((m) => m.entity)).filter((e) => !subj.includes(e));
      } else if (byAgent) {
        // «محاصرة من قبل قوات النظام والميليشيات»: the passive's agent; its subject is the target
        agents = withCoordinated(doc, byAgent, pool).map((m) => m.entity);
        targets = subjectOf(doc, tr, sent, pool.filter((m) => !agents.includes(m.entity)), () => false).mentions.map((m) => m.entity).filter((e) => !agents.includes(e));
      } else if (dir === "target") {
        targets = subjectOf(doc, tr, sent, pool, () => false).mentions.map((m) => m.entity);
        // «خسارتها المدن لصالح قوات النظام»: the winner after «لصالح», the attacker after «ب» or «من»
        const by = after.find((m) => m.prep === "ب" || m.prep === "من" || m.prep === "ل");
        if (by) agents = withCoordinated(doc, by, pool).map((m) => m.entity).filter((e) => !targets.includes(e));
      } else {
        const genitive = after.find((m) => m.first === tr.last && m.prep === "");
        if (dir === "noun" && genitive && genitive.entity.type !== "civilians") agents = [genitive.entity];
        // a verbal noun («طرد التنظيم», «استهداف المدنيين») takes its object after it; only a verb has its subject there
        else if (isMasdarLike(doc, tr) || !isClauseInitial(doc, tr, sent)) {
          const before = pool.filter((m) => m.last <= tr.first && effectivePrep(doc, m) === "" && m.entity.type !== "civilians");
          agents = before.length ? [before[before.length - 1].entity] : subjectOf(doc, tr, sent, pool, () => true).mentions.map((m) => m.entity);
        } else agents = subjectOf(doc, tr, sent, pool, (m) => m.entity.type === "civilians").mentions.map((m) => m.entity);
        const tgt = after.find((m) => { const p = effectivePrep(doc, m); return !agents.includes(m.entity) && (p === "علي" || p === "ضد" || p === "" || p === "ل" || p === "بحق"); });
        if (tgt) targets = withCoordinated(doc, tgt, pool).map((m) => m.entity).filter((e) => !agents.includes(e));
      }
      const prev = here.get(type);
      if (prev) {
        prev.agents = uniq([...prev.agents, ...agents]);
        prev.targets = uniq([...prev.targets, ...targets]).filter((e) => !prev.agents.includes(e));
        continue;
      }
      if (type === "sanction" && agents.length > 0 && agents.every((e) => e && NON_STATE.has(e.type))) continue;
      const ev: EventRec = { type, agents: uniq(agents.filter(Boolean)), targets: uniq(targets.filter(Boolean)), places, sentence: si,
        trigger: { start: tr.start, end: tr.end }, evStart: doc.tokens.start[sent.first], evEnd: doc.tokens.end[sent.last - 1] };
      here.set(type, ev);
    }
    // «القضاء على اثنين من …», «إعدام ثلاثة»: a number right after a killing word counts the dead
    const kill = here.get("killing");
    if (kill && kill.killed === undefined) {
      const tr = triggers.find((t) => t.entry.type === "killing");
      if (tr) {
        const n = numberAt(doc, tr.last) ?? numberAt(doc, tr.last + 1);
        if (n !== undefined) kill.killed = n;
      }
    }
    // a death with no other incident named: a killing («مقتل القرشي في عملية»)
    if (!here.size && killedTags.length) {
      const tr = killedTags[0];
      const victims = pool.filter((m) => m.first >= tr.last).slice(0, 1).map((m) => m.entity);
      if (victims.length && KILLING_WORDS.test(bareForm(bareConj(word(doc, tr.first))))) {
        here.set("killing", { type: "killing", agents: [], targets: victims, places, sentence: si, trigger: { start: tr.start, end: tr.end },
          evStart: doc.tokens.start[sent.first], evEnd: doc.tokens.end[sent.last - 1] });
      }
    }
    const evs = [...here.values()];
    // civilians and organizations (an agency that reports, a charity) do not fight: they are targets or nothing
    for (const ev of evs) {
      if (!VIOLENT.has(ev.type) && ev.type !== "arrest" && ev.type !== "siege" && ev.type !== "territory_change") continue;
      const passive = ev.agents.filter((a) => a.type === "civilians" || a.type === "organization");
      ev.agents = ev.agents.filter((a) => !passive.includes(a));
      ev.targets = uniq([...ev.targets, ...passive.filter((a) => a.type === "civilians")]);
    }
    // casualties go to the incident that caused them: the first violent event of the sentence
    const violent = evs.find((e) => VIOLENT.has(e.type));
    if (violent) { if (killed !== undefined) violent.killed = killed; if (injured !== undefined) violent.injured = injured; }
    // an event with no one, nowhere and no casualties («القضاء على الفساد») says nothing about the war
    for (const ev of evs) if (ev.agents.length || ev.targets.length || ev.places.length || ev.killed !== undefined || ev.injured !== undefined) mergeOrPush(doc, ev);
  });
}

const KILLING_WORDS = /^(مقتل|قتل|اغتيال|تصفيه|اعدام|القضاء)$/;
const VIOLENT = new Set<EventType>(["attack", "airstrike", "shelling", "explosive", "armed_clash", "killing", "abduction"]);

/** The same incident told again in the next sentence («انفجر لغم … ما أدى إلى مقتل 6 مدنيين») is one event. */
/** One sanction regime, one agreement, one siege: told several times in a report, they are one event. */
const STANDING = new Set<EventType>(["sanction", "agreement", "siege"]);

function mergeOrPush(doc: Doc, ev: EventRec): void {
  ev.targets = ev.targets.filter((e) => !ev.agents.includes(e));
  if (STANDING.has(ev.type)) {
    const same = doc.events.find((p) => p.type === ev.type && (!p.agents.length || !ev.agents.length || p.agents.some((a) => ev.agents.includes(a)) ||
      p.targets.some((a) => ev.targets.includes(a) || ev.agents.includes(a))));
    if (same) {
      same.agents = uniq([...same.agents, ...ev.agents]);
      same.targets = uniq([...same.targets, ...ev.targets]).filter((e) => !same.agents.includes(e));
      same.places = uniq([...same.places, ...ev.places]);
      return;
    }
  }
  const prev = doc.events[doc.events.length - 1];
  if (prev && prev.type === ev.type && ev.sentence - prev.sentence <= 1 && ev.sentence !== prev.sentence) {
    const shared = !ev.places.length || !prev.places.length || ev.places.some((p) => prev.places.includes(p));
    const casualtiesAgree = (ev.killed === undefined || prev.killed === undefined || ev.killed === prev.killed);
    if (shared && casualtiesAgree) {
      prev.agents = uniq([...prev.agents, ...ev.agents]);
      prev.targets = uniq([...prev.targets, ...ev.targets]);
      prev.places = uniq([...prev.places, ...ev.places]);
      prev.killed ??= ev.killed;
      prev.injured ??= ev.injured;
      return;
    }
  }
  doc.events.push(ev);
}

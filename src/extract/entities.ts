// Entities: actor and place mentions from the lexicon, extended and completed by the grammar:
// members («خلايا داعش» is ISIS), place heads («ريف دير الزور الشرقي» is Deir ez-Zor), coordinated adjectives
// («الميليشيات الإيرانية والروسية» is two actors), anaphors («التنظيم», «هذه الميليشيات»), unknown names caught
// by a head noun («ميليشيا X», «قرية X», «المدعو X»), and the actor that runs a checkpoint.
import type { Doc, EntityRec, Mention, Tag } from "./doc.js";
import type { LexEntry } from "../lexicon/index.js";
import { formKeys } from "../lexicon/index.js";
import { bareForm, int32Column, normalizeForMatch, TOKEN_WORD, TOKEN_PUNCT, TOKEN_NUMBER, TOKEN_NEWLINE } from "../text/index.js";
import type { GeoPrecision } from "../contract/index.js";

/** Prepositions written as separate words (normalized: «إلى» → «الي», «على» → «علي»). */
const PREP_WORDS = new Set(["من", "الي", "علي", "عن", "مع", "في", "بين", "ضد", "عبر", "لدي", "نحو", "تجاه", "حول", "لصالح", "بحق", "داخل", "قرب",
  // compound prepositions: «بعلم السلطات» (with the authorities' knowledge), «بموافقة», «بإشراف»: a genitive, not a subject
  "بعلم", "بموافقه", "باشراف", "بتنسيق", "بمعرفه"]);
const BENEFICIARY_WORDS = new Set(["لصالح", "لمصلحه", "لحساب", "لفايده"]);
const PEOPLE_NOUNS = new Set(["اشخاص", "رجال", "افراد", "شبان", "مسلحين", "عناصر"]);
const DEMONSTRATIVES = new Set(["هذه", "هذا", "هولاء", "تلك", "ذلك", "اوليك", "هاولاء"]);
/** «التابعة لـ X», «الموالية لـ X»: an affiliation phrase between a unit and its group. */
export const AFFILIATION = /^(ال)?(تابع|تابعه|تابعين|تابعون|تابعيه|موالي|مواليه|موالين|مدعوم|مدعومه|مدعومين)$/;
const CHECKPOINT_HEADS = /^(حاجز|حواجز|نقطه|نقاط|معبر|معابر|منفذ|منافذ)$/;

/** A news outlet or agency (actors.tsv: «media» in the note): it reports claims; it is not a party to them. */
export function isMediaOutlet(e: EntityRec): boolean {
  return e.kind === "actor" && e.media === true;
}

/** The last two UTF-16 units before `end` as one number: a word's ending, tested without cutting a string. */
function endingAt(text: string, end: number): number {
  return end >= 2 ? (text.charCodeAt(end - 2) << 16) | text.charCodeAt(end - 1) : -1;
}
function endingsOf(words: readonly string[]): Set<number> {
  return new Set(words.map((w) => endingAt(w, w.length)));
}

/** A token's text. Each is cut once per document (doc.words): the grammar asks for the same words many times. */
export function word(doc: Doc, i: number): string {
  const t = doc.tokens;
  if (i < 0 || i >= t.count) return "";
  return (doc.words ?? cutWords(doc))[i];
}

function cutWords(doc: Doc): string[] {
  const t = doc.tokens;
  const w = new Array<string>(t.count);
  for (let k = 0; k < t.count; k++) w[k] = t.text.slice(t.start[k], t.end[k]);
  doc.words = w;
  return w;
}

/** The preposition governing the words starting at token i (clitic «ل» «ب» or a preposition word before). */
export function prepAt(doc: Doc, i: number, pre: string): string {
  const p = pre.replace(/^[وف]/, "");
  if (p.startsWith("ل")) return "ل";
  if (p.startsWith("ب")) return "ب";
  if (p.startsWith("ك")) return "ك";
  let k = i - 1;
  // quotes and demonstratives stand between a preposition and its noun: «من هؤلاء المدنيين»
  // and so do plain nouns for people: «من قبل أشخاص ملثمين» ('by masked persons')
  while (k >= 0 && ((doc.tokens.kind[k] === TOKEN_PUNCT && word(doc, k) === '"') || DEMONSTRATIVES.has(bareConj(word(doc, k))) ||
    (k === i - 1 && PEOPLE_NOUNS.has(word(doc, k))))) k--;
  const w = bareConj(word(doc, k));
  // «من قبل X», «من طرف X»: the agent of a passive
  if ((w === "قبل" || w === "طرف") && bareConj(word(doc, k - 1)) === "من") return "by";
  // «لصالح X», «لمصلحة X», «نيابة عن X» (on behalf of): X is who benefits, as with «لـ»
  if (BENEFICIARY_WORDS.has(w) || (w === "عن" && bareConj(word(doc, k - 1)) === "نيابه")) return "ل";
  if (PREP_WORDS.has(w)) return w;
  return "";
}

/** A word without a leading «و» / «ف» when the rest is still a word of three or more letters. */
export function bareConj(w: string): string {
  return (w.startsWith("و") || w.startsWith("ف")) && w.length > 3 ? w.slice(1) : w;
}

/** The precision a place of this type has by default (UCDP/ACLED practice). */
export function precisionOf(type: string): GeoPrecision {
  switch (type) {
    case "country": return "country";
    case "governorate": return "governorate";
    case "district": return "district";
    case "city": case "village": return "town";
    case "site": return "exact";
    default: return "region";
  }
}

export function entityFor(doc: Doc, e: LexEntry): EntityRec {
  const key = `${e.kind}/${e.id}`;
  let rec = doc.entities.get(key);
  if (!rec) {
    rec = { key, kind: e.kind === "place" ? "place" : "actor", type: e.type, ar: e.forms[0], en: e.en, mentions: [] };
    if (e.kind === "actor" && /^media\b/.test(e.extra.note ?? "")) rec.media = true;
    if (e.kind === "place") {
      const lat = Number(e.extra.lat), lon = Number(e.extra.lon);
      if (e.extra.lat && e.extra.lon && Number.isFinite(lat) && Number.isFinite(lon)) rec.geo = { lat, lon, precision: precisionOf(e.type) };
      rec.admin1 = e.extra.admin1;
      rec.country = e.extra.country;
    }
    doc.entities.set(key, rec);
  }
  return rec;
}

function unknownEntity(doc: Doc, kind: "actor" | "place", type: string, name: string, ar: string): EntityRec {
  const key = `${kind}/~${name}`;
  let rec = doc.entities.get(key);
  if (!rec) {
    rec = { key, kind, type, ar, en: "", mentions: [] };
    doc.entities.set(key, rec);
  }
  return rec;
}

function funcTag(doc: Doc, i: number, role?: string): Tag | null {
  const k = doc.at.function?.[i] ?? -1;
  if (k < 0) return null;
  const t = doc.layers.function[k];
  return !role || t.entry.type === role ? t : null;
}

function isTaggedWord(doc: Doc, i: number): boolean {
  for (const layer of ["entity", "item", "flow", "event", "source", "time"]) if ((doc.at[layer]?.[i] ?? -1) >= 0) return true;
  return !!funcTag(doc, i);
}

/** Words that never belong to a name caught by pattern. */
const NAME_STOP = new Set(["في", "من", "الي", "علي", "عن", "مع", "التي", "الذي", "الذين", "اللذين", "ان", "او", "ثم", "قد", "لم", "لا", "ما",
  "كان", "كانت", "بعد", "قبل", "خلال", "منذ", "حيث", "هو", "هي", "هم", "عند", "بين", "اي", "كل", "بعض", "عدد", "نحو", "حوالي", "ذلك", "هذه", "هذا",
  "ايضا", "يوم", "امس", "اليوم", "شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "الشرقي", "الغربي", "الشمالي", "الجنوبي",
  "الشرقيه", "الغربيه", "الشماليه", "الجنوبيه", "الواقعه", "الواقع", "المحاذيه", "القريبه", "المجاوره", "التابعه", "التابع", "اخري", "اخر",
  // «X الملقب بأبي Y», «مهدي بن نصر البالغ من العمر»: an alias or an age follows the name
  "الملقب", "الملقبه", "المكني", "المكناه", "المعروف", "المعروفه", "المدعو", "البالغ", "البالغه"]);
/** Heads too generic to introduce an unknown name on their own. */
const WEAK_ACTOR_HEADS = new Set(["قوات", "جيش", "تنظيم", "حزب", "ال", "ابناء", "جماعه", "مجموعه", "فرقه", "قوه"]);

const MEDIA_TAIL = /^(الاخباريه|الاعلاميه|الاخباري|الاعلامي|نيوز|بوست|تايمز|اليوم|برس|24|الان)$/;
const OWNERS = /^(اصحاب|مالكي|ملاك|عمال|موظفي|سكان|اهالي|ابناء)$/;
const PLURAL_PLACE_HEADS = /^(مناطق|قري|بلدات|مدن|حقول|معابر|مخيمات|احياء|محافظات|مستودعات|طرق|طرقات|اسواق|جبال|مواقع|نواحي|اراضي|نقاط|حواجز|مزارع|قواعد|مطارات)$/;
/** Words that cannot begin a name: pronoun-suffixed words and verbs («لخطورتها», «يسكنها», «لكنها»). */
const NOT_A_NAME = /(ها|هم|هن|هما)$|^(لكن|شبه|غير|بعض|كل)/;

/**
 * `OWNERS.test(bareForm(bareConj(word(doc, i))))` without cutting three strings per token: the conjunction and
 * article are skipped by offset, and only a word of 4–5 letters (the length of every owner word) is tested.
 */
function isOwnerWord(doc: Doc, i: number): boolean {
  const t = doc.tokens;
  let s = t.start[i];
  const e = t.end[i];
  const c0 = t.text.charCodeAt(s);
  if ((c0 === 0x0648 || c0 === 0x0641) && e - s > 3) s++; // bareConj: «و» / «ف»
  if (e - s > 3 && t.text.charCodeAt(s) === 0x0627 && t.text.charCodeAt(s + 1) === 0x0644) s += 2; // bareForm: «ال»
  return (e - s === 4 || e - s === 5) && OWNERS.test(t.text.slice(s, e));
}

function nameAfter(doc: Doc, head: Tag, max: number): [number, number] | null {
  let j = head.last;
  // «ميليشيا “أسود الشرقية”»: a quote may open the name
  if (word(doc, j) === '"' || word(doc, j) === "(") j++;
  const first = j;
  while (j < doc.tokens.count && j - first < max) {
    if (doc.tokens.kind[j] !== TOKEN_WORD) break;
    const w = word(doc, j);
    // «محمد علي الرفاعي»: «علي» after a given name and before a family name is the name Ali, not «على» ('on')
    // (written «علي» with yaa: the preposition is «على» with alef maqsura in the original text)
    const ali = w === "علي" && doc.norm.source.charCodeAt(doc.norm.start[doc.tokens.end[j] - 1]) === 0x064a && (/^(بن|ابن|ابو|ابي)$/.test(word(doc, j - 1)) ||
      (((j === head.last && head.entry.type === "person_head") || nameWordAt(doc, j - 1)) && DEFINITE.test(word(doc, j + 1))));
    if (!ali && (NAME_STOP.has(w) || NAME_STOP.has(bareConj(w)) || w.startsWith("و") && j > first)) break;
    if (j === first && (NOT_A_NAME.test(w) || w.startsWith("و"))) return null;
    // given names chain: «محمد أحمد الراوشدة»
    // given names chain only at the start of a name: «وزير الخارجية محمد» ends before «محمد»
    const nameWord = nameWordAt(doc, j) && (j === first || nameWordAt(doc, j - 1)) && (doc.at.entity?.[j] ?? -1) < 0;
    if (isTaggedWord(doc, j) && !nameWord && !(doc.at.entity?.[j] === -1 && funcTag(doc, j, "direction") === null && j > first)) break;
    // after the first word, only words with the article, given names or «أبو/بن» chains continue the name
    if (j > first && !ali && !nameWord && !w.startsWith("ال") && !/^(ابو|ابي|ابن|بن|بنت|ام)$/.test(word(doc, j - 1)) && !/^(ابو|ابي|ابن|بن|ام)$/.test(w)) break;
    j++;
  }
  // the closing quote only where one opened: «زعيمه «أبي الحسين القرشي»» ends before its quote
  if (first > head.last && (word(doc, j) === '"' || word(doc, j) === ")")) j++;
  return j > first ? [first, j] : null;
}

/** The name of an outlet after its head: up to three words, Latin letters and numbers allowed, quotes kept. */
function mediaName(doc: Doc, j: number, force = false): [number, number] | null {
  const t = doc.tokens;
  let k = j;
  const quoted = word(doc, k) === '"' || word(doc, k) === "(";
  if (quoted) k++;
  const first = k;
  while (k < t.count && k - first < 3) {
    const kind = t.kind[k];
    const w = word(doc, k);
    if (kind === TOKEN_PUNCT || kind === 5) break;
    if (NAME_STOP.has(w) || (k > first && !quoted && w.startsWith("و"))) break;
    if (kind === TOKEN_WORD && isTaggedWord(doc, k) && !quoted && !(force && k === first)) break;
    k++;
    if (!quoted && kind === TOKEN_WORD && k - first >= 2) break;
  }
  if (quoted && (word(doc, k) === '"' || word(doc, k) === ")")) k++;
  return k > first ? [first, k] : null;
}

function addMention(doc: Doc, rec: EntityRec, first: number, last: number, start: number, end: number, pre: string, via: Mention["via"]): Mention {
  const m: Mention = { first, last, start, end, entity: rec, prep: prepAt(doc, first, pre), via };
  rec.mentions.push(m);
  doc.mentions.push(m);
  return m;
}

export function findEntities(doc: Doc): void {
  const t = doc.tokens;
  const covered = int32Column(t.count); // zeroed
  const cover = (a: number, b: number) => { for (let k = a; k < b; k++) covered[k] = 1; };
  revisePlaceTags(doc);

  // 1. lexicon mentions; a place head right before a place joins it («ريف دير الزور», «بادية الميادين»)
  const tags = doc.layers.entity ?? [];
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const next = tags[i + 1];
    if (tag.entry.kind === "actor" && bareInstitution(doc, tag)) continue;
    if (tag.entry.kind === "place" && next && next.entry.kind === "place" && next.first === tag.last && tag.last - tag.first === 1 &&
        funcTag(doc, tag.first, "place_head")) {
      continue; // «بادية» before «الميادين»: the head of the next place, not a place of its own
    }
    let first = tag.first, start = tag.start, pre = tag.pre;
    let last = tag.last, end = tag.end;
    if (tag.entry.kind === "place") {
      // heads before: «مدينة», «ريف», «بادية», «محافظة» (possibly two: «بادية مدينة تدمر»); a road has its own head
      // («طريق دمشق درعا»): «حواجز طريق دمشق درعا» are checkpoints on it, a place of their own
      for (let h = 0; h < 2 && tag.entry.type !== "route"; h++) {
        const head = funcTag(doc, first - 1, "place_head");
        if (!head || covered[head.first]) break;
        first = head.first; start = head.start; pre = head.pre;
      }
      // a compass direction after: «ريف دير الزور الشرقي»; not one that places it by another place: «الكبر غرب دير الزور»
      const dir = funcTag(doc, last, "direction");
      const rel = dir ? (doc.at.entity?.[dir.last] ?? -1) : -1;
      if (dir && !(rel >= 0 && doc.layers.entity[rel].entry.kind === "place" && doc.layers.entity[rel].first === dir.last)) { last = dir.last; end = dir.end; }
    }
    const rec = entityFor(doc, tag.entry);
    if (tag.entry.kind === "place" && tag.alts.length > 1) rec.candidates = tag.alts;
    addMention(doc, rec, first, last, start, end, pre, "lexicon");
    cover(first, last);
  }
  placeGrammar(doc, covered, cover);

  // 3. coordinated adjectives: «الميليشيات الإيرانية والروسية» → Russia-backed militias over «الروسية»
  for (const m of doc.mentions.slice()) {
    if (m.entity.kind !== "actor" || m.via !== "lexicon") continue;
    const j = m.last;
    const w = word(doc, j);
    if (!w.startsWith("و") || covered[j] || w.length < 4) continue;
    const entry = coordinatedEntry(doc, m, bareForm(w.slice(1)));
    if (!entry) continue;
    addMention(doc, entityFor(doc, entry), j, j + 1, t.start[j] + 1, t.end[j], "و", "coordination");
    cover(j, j + 1);
  }

  // 2. members: «خلايا داعش», «عناصر الفرقة الرابعة», «مسلحين تابعين لتنظيم داعش»
  for (const m of doc.mentions.slice()) {
    if (m.entity.kind !== "actor") continue;
    let k = m.first - 1;
    if (word(doc, k) === '"' || word(doc, k) === "(") k--; // «عناصر “حزب الله”»
    if (AFFILIATION.test(word(doc, k))) k--;
    const mem = funcTag(doc, k, "member");
    if (mem && !covered[mem.first]) {
      m.first = mem.first; m.start = mem.start; m.prep = prepAt(doc, mem.first, mem.pre);
      cover(mem.first, mem.last);
    }
  }

  // 3b. «أصحاب المحال والمصانع», «مالكي الشاحنات»: the owners or workers of something are a civilian group
  for (let i = 0; i < t.count; i++) {
    if (covered[i] || !isOwnerWord(doc, i)) continue;
    let j = i + 1;
    if (covered[j] || doc.tokens.kind[j] !== TOKEN_WORD || NAME_STOP.has(word(doc, j))) continue;
    j++;
    // coordinated objects: «المتاجر والمطاعم والمقاهي»
    while (j < t.count && !covered[j] && doc.tokens.kind[j] === TOKEN_WORD && word(doc, j).startsWith("وال") && j - i < 6) j++;
    const name = t.text.slice(t.start[i], t.end[j - 1]);
    const rec = unknownEntity(doc, "actor", "civilians", bareForm(bareConj(name)), doc.norm.source.slice(doc.norm.start[t.start[i]], doc.norm.end[t.end[j - 1] - 1]));
    addMention(doc, rec, i, j, t.start[i] + (word(doc, i).length - bareConj(word(doc, i)).length), t.end[j - 1], "", "pattern");
    cover(i, j);
  }

  sortMentions(doc);
  actingStates(doc);
  genericGroups(doc, covered, cover);

  // 4. unknown names after a head noun, and generic checkpoints
  for (const head of doc.layers.function ?? []) {
    if (head.entry.type === "person_head" && personHeadDone(doc, head, covered, cover)) continue;
    if (covered[head.first]) continue;
    const role = head.entry.type;
    if (role !== "actor_head" && role !== "person_head" && role !== "place_head") continue;
    const hw = bareForm(bareConj(word(doc, head.first)));
    if (role === "place_head" && CHECKPOINT_HEADS.test(placeHeadWord(doc, head))) {
      checkpoint(doc, head, covered, cover);
      continue;
    }
    if (role === "place_head" && MARKET_HEADS.test(placeHeadWord(doc, head)) && placeMarket(doc, head, covered, cover)) continue;
    if (role === "place_head" && head.entry.extra.value === "route" && !covered[head.last] && describingWordAt(doc, head.last)) continue;
    if (role === "actor_head" && WEAK_ACTOR_HEADS.has(hw)) continue;
    if (role === "actor_head" && definiteHead(doc, head, covered, cover)) continue;
    // «ميليشياته» ("its militias") points back; it names nothing. A place head may name in apposition: «بلدته إبطع»
    if (head.suffixed && !(role === "place_head" && appositiveName(doc, head))) continue;
    if (covered[head.last]) continue;
    // «القرية», «المنطقة», «مناطق» refer or describe; only an indefinite singular head names: «قرية X», «منطقة X»
    if (role === "place_head" && (/^(و|ف)?(ب|ل|ك)?(ال|لل)/.test(word(doc, head.first)) || PLURAL_PLACE_HEADS.test(hw))) continue;
    const span = nameAfter(doc, head, role === "person_head" ? 4 : 3);
    if (!span) continue;
    const name = doc.tokens.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/"/g, "").trim();
    if (name.length < 2) continue;
    if (role === "person_head" && (!plausibleName(doc, head, span) || groupOfPerson(doc, head, span, covered, cover) || aliasOf(doc, head, span, cover))) continue;
    if (role === "actor_head" && adjectivalName(doc, span)) continue;
    const kind = role === "place_head" ? "place" : "actor";
    const type = role === "person_head" ? "person" : head.entry.extra.value || (kind === "place" ? "village" : "militia");
    const rec = unknownEntity(doc, kind, type, bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
    addMention(doc, rec, head.first, span[1], head.start, t.end[span[1] - 1], head.pre, "pattern");
    cover(head.first, span[1]);
  }

  // 4b. outlets named by a media head: «موقع (داماس بوست)», «منصة SY24», «صحيفة الوطن»
  for (const head of doc.layers.source ?? []) {
    if (head.entry.type !== "media_head" || covered[head.first]) continue;
    if (head.suffixed) continue; // «موقعها الرسمي» ('its official website') points back to its owner; it names nothing
    if (covered[head.last] && ownedOutlet(doc, head, cover)) continue;
    // «شبكة الفرات الإخبارية»: a place name inside an outlet's name is the outlet's
    let force = false;
    if (covered[head.last]) {
      force = true;
      const mi = doc.mentions.findIndex((m) => m.first === head.last && m.entity.kind === "place");
      if (mi < 0 || !MEDIA_TAIL.test(word(doc, doc.mentions[mi].last))) continue;
      const [m] = doc.mentions.splice(mi, 1);
      m.entity.mentions.splice(m.entity.mentions.indexOf(m), 1);
      for (let q = m.first; q < m.last; q++) covered[q] = 0;
    }
    // «المواقع العسكرية» are positions: a definite head names an outlet only with a quoted name after it
    const definite = /^(و|ف)?(ب|ل|ك)?(ال|لل)/.test(word(doc, head.first));
    if (definite && !/^["(]$/.test(word(doc, head.last))) continue;
    const span = mediaName(doc, head.last, force);
    if (!span) continue;
    span[1] = absorbPlace(doc, span, covered);
    const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/["()]/g, "").trim();
    if (name.length < 2) continue;
    const rec = unknownEntity(doc, "actor", "organization", bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
    if (!rec.en) rec.en = "news outlet";
    rec.media = true;
    addMention(doc, rec, head.first, span[1], head.start, t.end[span[1] - 1], head.pre, "pattern");
    cover(head.first, span[1]);
  }

  sortMentions(doc);
  repeatNames(doc, covered, cover);
  outletNamesOverPlaces(doc, cover);
  sortMentions(doc);

  // 5. anaphors and suffixed member words: «التنظيم», «هذه الميليشيات», «هؤلاء الأشخاص», «خلاياه», «عناصره»
  // (mentions found here are appended in text order; antecedents are looked up among both: recentMentions)
  appendedFrom.set(doc, doc.mentions.length);
  for (const a of doc.layers.function ?? []) {
    if (covered[a.first]) continue;
    const role = a.entry.type;
    if ((role === "actor_head" || role === "anaphor") && adjectiveGroup(doc, a, cover)) continue;
    if (role === "actor_head") { resolveHead(doc, a, covered, cover); continue; }
    let wantType: string | null = null;
    if (role === "anaphor") wantType = a.entry.extra.value || null;
    // «خلاياه» ('its cells') points back; «زعيماً» (accusative «ـاً») carries no pronoun
    else if (role === "member" && a.suffixed && !/[^ه]ا$/.test(word(doc, a.first))) wantType = "!civilians";
    else continue;
    let first = a.first, start = a.start, pre = a.pre;
    const demonstrative = DEMONSTRATIVES.has(bareConj(word(doc, a.first - 1)));
    if (demonstrative) { first = a.first - 1; start = t.start[first]; pre = ""; }
    // «جماعات مصنفة» ('groups designated …'): an indefinite noun introduces a group; it does not point back
    if (role === "anaphor" && !demonstrative && a.last - a.first === 1 && !DEFINITE.test(word(doc, a.first)) &&
        !DEMONSTRATIVES.has(bareConj(word(doc, a.first)))) continue;
    // «خلايا التنظيم», «قادة هذه الميليشيات»: members of the group referred to are the group
    const mem = role === "anaphor" ? funcTag(doc, first - 1, "member") : null;
    if (mem && !covered[mem.first]) { first = mem.first; start = mem.start; pre = mem.pre; }
    if (!wantType) continue;
    const ante = (role === "anaphor" ? sameHead(doc, a, demonstrative) : null) ?? antecedent(doc, a.first, wantType, a);
    if (!ante) continue;
    addMention(doc, ante, first, a.last, start, a.end, pre, "anaphor");
    cover(first, a.last);
  }
  appendedFrom.delete(doc);
  sortMentions(doc);
}

function sortMentions(doc: Doc): void {
  doc.mentions.sort((a, b) => a.first - b.first || b.last - a.last);
  // refill the index in place: no new array per rebuild
  if (doc.mentionAt.length === doc.tokens.count) doc.mentionAt.fill(-1);
  else doc.mentionAt = new Int32Array(doc.tokens.count).fill(-1);
  const at = doc.mentionAt;
  for (let i = 0; i < doc.mentions.length; i++) { const m = doc.mentions[i]; for (let k = m.first; k < m.last; k++) if (at[k] < 0) at[k] = i; }
}

/** The most recent actor before token i of the wanted type («!civilians»: any type but civilians). */
export function antecedent(doc: Doc, i: number, want: string, a?: Tag): EntityRec | null {
  const notCiv = want === "!civilians";
  // look back from token i (binary search), and not further than a few hundred mentions
  let found: EntityRec | null = null;
  eachRecent(doc, i, (m) => {
    if (m.first >= i || m.entity.kind !== "actor") return false;
    // «الميليشيات الإيرانية والروسية … قادة هذه الميليشيات»: the head of a coordination, not its tail
    if (m.via === "coordination" || (!notCiv && isOtherGroup(m.entity))) return false;
    const ty = m.entity.type;
    if (notCiv ? ty !== "civilians" && ty !== "organization" && ty !== "person" : ty === want || (want === "armed_group" && ty === "militia")) found = m.entity;
    return found !== null;
  });
  if (found) return found;
  // «التنظيم» with nothing before it: in this domain the Islamic State
  if (a && want === "armed_group" && /تنظيم/.test(word(doc, a.last - 1))) {
    const isis = doc.lex.entries.find((e) => e.kind === "actor" && e.id === "isis");
    if (isis) return entityFor(doc, isis);
  }
  return null;
}

function coordinatedEntry(doc: Doc, m: Mention, adj: string): LexEntry | null {
  // walk the trie with every word of the mention but the last, then the adjective
  let node = doc.lex.root;
  for (let k = m.first; k < m.last - 1; k++) {
    const w = word(doc, k);
    if (doc.tokens.kind[k] === TOKEN_PUNCT) continue;
    const cand = k === m.first ? [bareForm(w), bareForm(bareConj(w)), bareForm(w.replace(/^(و|ف)?(ب|ل|ك)?/, ""))] : [w, bareForm(w)];
    let child = null;
    for (const c of cand) { child = node.next?.get(c) ?? null; if (child) break; }
    if (!child) {
      // «لل» + word: try after the clitics
      const bare = w.replace(/^(و|ف)?(لل|بال|كال|وال|ال)/, "");
      child = node.next?.get(bare) ?? null;
    }
    if (!child) return null;
    node = child;
  }
  const end = node.next?.get(adj);
  if (!end?.entries) return null;
  for (const idx of end.entries) {
    const e = doc.lex.entries[idx];
    if (e.kind === "actor" && `actor/${e.id}` !== m.entity.key) return e;
  }
  return null;
}

/**
 * Checkpoints and crossings named by a head noun: «حاجز الفرقة الرابعة» is a site run by the Fourth Division;
 * «حواجز ونقاط التفتيش التابعة للميليشيات الإيرانية» is a site run by the Iran-backed militias; «الحاجز» alone
 * refers back to the last checkpoint named.
 */
function checkpoint(doc: Doc, head: Tag, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  let last = head.last, end = head.end;
  // «حواجز ونقاط التفتيش»: a coordinated second head, and the «تفتيش» complement
  const w1 = word(doc, last);
  if (w1.startsWith("و") && CHECKPOINT_HEADS.test(bareForm(w1.slice(1)))) { last++; end = t.end[last - 1]; }
  if (/^(ال)?تفتيش$/.test(word(doc, last))) { last++; end = t.end[last - 1]; }
  // the actor that runs it: a genitive right after, or «التابعة لـ X»
  let k = last;
  if (AFFILIATION.test(word(doc, k)) || /^(المنتشر|المنتشره|المنتشرين)$/.test(word(doc, k))) k++;
  const mi = k < t.count ? doc.mentionAt[k] : -1;
  const ownerMention = mi >= 0 && doc.mentions[mi].first === k && doc.mentions[mi].entity.kind === "actor" ? doc.mentions[mi] : null;
  let rec: EntityRec | null = null;
  const hw = placeHeadWord(doc, head);
  // «نقاط مهمة» are points, not checkpoints: «نقطة/نقاط» need «تفتيش» or the actor that mans them
  if (/^(نقطه|نقاط)$/.test(hw) && last === head.last && !ownerMention) return;
  const isDefinite = /^(و|ف)?(ب|ل|ك)?(ال|لل)/.test(word(doc, head.first)) && !ownerMention;
  const qualified = ownerMention ? last : crossingQualifiersEnd(doc, last);
  const road = ownerMention ? null : placeMentionAt(doc, last);
  if (ownerMention) {
    rec = unknownEntity(doc, "place", "site", `${hw} ${ownerMention.entity.key}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
    rec.owner = ownerMention.entity;
  } else if (qualified > last) {
    // «المنافذ الحدودية الرسمية», «المعابر غير الشرعية»: crossings of a kind are a place of their own, not the last
    // crossing named
    const kind: string[] = [];
    for (let q = last; q < qualified; q++) kind.push(bareForm(word(doc, q)));
    last = qualified; end = t.end[last - 1];
    rec = unknownEntity(doc, "place", "site", `${hw} ${kind.join(" ")}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
  } else if (road && road.first === last && road.entity.type === "route") {
    // «حواجز طريق دمشق السويداء»: the checkpoints on that road, a place of their own beside the road
    rec = unknownEntity(doc, "place", "site", `${hw} ${road.entity.key}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
  } else if (covered[last] === 0 && doc.tokens.kind[last] === TOKEN_WORD && !isTaggedWord(doc, last) && !NAME_STOP.has(word(doc, last)) && !isDefinite) {
    // «حاجز المسمية»: a named checkpoint; the name ends before a word of another layer («حاجز الرابعة الشاحنات»)
    const span = nameAfter(doc, { ...head, last } as Tag, 3);
    if (span) for (let q = span[0] + 1; q < span[1]; q++) if (["item", "flow", "event", "source", "time"].some((l) => (doc.at[l]?.[q] ?? -1) >= 0)) { span[1] = q; break; }
    if (span) {
      const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]);
      rec = unknownEntity(doc, "place", "site", `${hw} ${bareForm(name)}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
      last = span[1]; end = t.end[last - 1];
    }
  } else if (isDefinite) {
    // «الحاجز»: the last checkpoint named («المعبر» the last crossing: a checkpoint is not a crossing)
    for (let q = doc.mentions.length - 1; q >= 0 && q >= doc.mentions.length - 400; q--) {
      const m = doc.mentions[q];
      if (m.first < head.first && m.entity.kind === "place" && m.entity.type === "site" && m.entity.key.startsWith("place/~") &&
        checkpointFamily(m.entity.key.slice(7).split(" ")[0]) === checkpointFamily(hw)) { rec = m.entity; break; }
    }
  }
  rec ??= unknownEntity(doc, "place", "site", hw, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
  addMention(doc, rec, head.first, last, head.start, end, head.pre, "pattern");
  cover(head.first, last);
}

// ---- Actor rules over the lexicon: definite heads that point back, generic groups, titles, kunyas and given
// names, states that act, outlets named with their owner, and generic groups that take part in nothing. ----

/** A word carrying the article after its proclitics: «الميليشيات», «للتنظيم», «والشركة», «بالحزب». */
const DEFINITE = /^(و|ف)?(ب|ل|ك)?(ال|لل)/;
/** Ordinals name a unit after a definite head: «الفرقة الثالثة», «الفوج الأول». */
const ORDINAL = /^(ال)?(اول|اولي|ثاني|ثانيه|ثالث|ثالثه|رابع|رابعه|خامس|خامسه|سادس|سادسه|سابع|سابعه|ثامن|ثامنه|تاسع|تاسعه|عاشر|عاشره)$/;
/** Plural group nouns that, indefinite and with an adjective, introduce a generic group: «ميليشيات أخرى». */
const GROUP_PLURALS = /^(مجموعات|جماعات|فصائل|ميليشيات|مليشيات|ميلشيات|عصابات|كتائب|تشكيلات|قوات)$/;
/** Adjectives of number and kind that stay indefinite: «فصائل أخرى» ('other factions'), «جهات عدة». */
const OTHER_ADJ = /^(اخري|اخر|اخرين|اخرون|مختلفه|عده|متعدده|عديده)$/;
/** Nouns for a group of people that a name may follow: «مجموعة محمد الأحمد» is the group of that man. */
const GROUP_OF_PERSON = /^(مجموعه|عصابه|جماعه|كتيبه|لواء|ميليشيا|مليشيا|ميلشيا|خليه|فصيل)$/;
/** Past-tense verbs in «ـت» (3rd person feminine) that are in fact nouns or particles. */
const NOT_A_VERB = new Set(["بيت", "وقت", "تحت", "صوت", "موت", "سبت", "بنت", "اخت", "زيت", "ست", "ثبت", "توت", "حوت", "فوت", "كبريت", "انت"]);

/** The word without «و/ف», a preposition clitic and the article: «وللتنظيم» → «تنظيم», «بالحزب» → «حزب». */
export function stem(w: string): string {
  const s = bareConj(w);
  if (s.startsWith("لل") && s.length > 4) return s.slice(2);
  if (/^[بلك]ال/.test(s) && s.length > 5) return s.slice(3);
  return bareForm(s);
}

function isDefiniteAt(doc: Doc, i: number): boolean {
  return DEFINITE.test(word(doc, i)) || DEMONSTRATIVES.has(bareConj(word(doc, i - 1)));
}

/** While the anaphor step runs, where the mentions it appends (in text order) begin; the rest is sorted. */
const appendedFrom = new WeakMap<Doc, number>();

/**
 * The mentions before token i, most recent first, at most `max`: the sorted ones merged with those appended.
 * `visit` returns true to stop.
 */
function eachRecent(doc: Doc, i: number, visit: (m: Mention) => boolean, max = 400): void {
  const ms = doc.mentions;
  const sortedEnd = appendedFrom.get(doc) ?? ms.length;
  let lo = 0, hi = sortedEnd;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ms[mid].first < i) lo = mid + 1; else hi = mid; }
  let a = lo - 1, b = ms.length - 1;
  while (b >= sortedEnd && ms[b].first >= i) b--;
  for (let n = 0; n < max && (a >= 0 || b >= sortedEnd); n++) {
    const m = b >= sortedEnd && (a < 0 || ms[b].first >= ms[a].first) ? ms[b--] : ms[a--];
    if (visit(m)) return;
  }
}

/**
 * The actor a definite head noun points back to, within the last 150 mentions: the most recent one named with the
 * same head («التنظيم» after «تنظيم حراس الدين», «الشركة» after «شركة سكسوك», «الميليشيات» after «ميليشيا الدفاع
 * الوطني»: the same noun, singular or plural), else, when a type is given, the most recent actor of that type.
 */
function headAntecedent(doc: Doc, a: Tag, fallbackType: string | null): EntityRec | null {
  const hs = singular(stem(word(doc, a.last - 1)));
  let typed: EntityRec | null = null, same: EntityRec | null = null;
  eachRecent(doc, a.first, (m) => {
    if (m.entity.kind !== "actor" || m.via === "coordination" || m.first >= a.first || isOtherGroup(m.entity)) return false;
    // the head sits at the start of the mention, after a member word at most: «عناصر ميليشيا الدفاع الوطني»
    for (let q = m.first; q < Math.min(m.last, m.first + 2); q++) {
      if (headAt(doc, q) === hs) { same = m.entity; return true; }
    }
    const ty = m.entity.type;
    if (!typed && fallbackType && (ty === fallbackType || (fallbackType === "armed_group" && ty === "militia")) && !isMediaOutlet(m.entity)) typed = m.entity;
    return false;
  }, 150);
  return same ?? typed;
}

/** Plural group nouns and their singular, so that «الميليشيات» finds «ميليشيا الدفاع الوطني». */
const SINGULAR: Record<string, string> = {
  ميليشيات: "ميليشيا", مليشيات: "ميليشيا", ميلشيات: "ميليشيا", مليشيا: "ميليشيا", ميلشيا: "ميليشيا", فصايل: "فصيل",
  جماعات: "جماعه", مجموعات: "مجموعه", شركات: "شركه", كتايب: "كتيبه", الويه: "لواء", عصابات: "عصابه", حركات: "حركه",
  منظمات: "منظمه", جيوش: "جيش", عشاير: "عشيره", قبايل: "قبيله", مجالس: "مجلس", افواج: "فوج", فرق: "فرقه", انديه: "نادي",
};
function singular(s: string): string {
  return SINGULAR[s] ?? s;
}

const headCache = new WeakMap<Doc, (string | undefined)[]>();
/** The singular stem of token q, computed once per document (the anaphor step asks for it many times). */
function headAt(doc: Doc, q: number): string {
  let cache = headCache.get(doc);
  if (!cache) { cache = new Array(doc.tokens.count); headCache.set(doc, cache); }
  return (cache[q] ??= singular(stem(word(doc, q))));
}

/** «ميليشيات أخرى» (other militias) stands beside the group the text is about; «الميليشيات» later is not it. */
function isOtherGroup(rec: EntityRec): boolean {
  return rec.key.startsWith("actor/~") && /^actor\/~\S+ (اخري|اخر|اخرين|اخرون)(\s|$)/.test(rec.key);
}

/**
 * A definite actor head («الميليشيات», «الشركة», «الحشد») names no new group: it points back (see resolveHead).
 * «ولم تكتف الميليشيات بذلك» is the militia named before, not a militia called «بذلك». With the article «اللواء»
 * before a name is the rank: «اللواء ماهر الأسد» (Major General Maher al-Assad). A number, an ordinal or a quoted
 * name after the head still names a unit («الفرقة الثالثة», «الفوج 47»). Returns true when the head was read here.
 */
function definiteHead(doc: Doc, head: Tag, covered: Int32Array, cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  if (!pointingHead(doc, head)) return false;
  if (adjectiveGroup(doc, head, cover)) return true;
  if (stem(word(doc, head.first)) === "لواء") {
    const span = nameAfter(doc, head, 4);
    if (span && !covered[span[0]]) {
      const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/"/g, "").trim();
      const rec = unknownEntity(doc, "actor", "person", bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
      addMention(doc, rec, head.first, span[1], head.start, t.end[span[1] - 1], head.pre, "pattern");
      cover(head.first, span[1]);
    }
  }
  return true;
}

/** A one-word actor head with the article and no number, ordinal or quoted name after it. */
function pointingHead(doc: Doc, head: Tag): boolean {
  if (head.last - head.first !== 1 || head.suffixed || !DEFINITE.test(word(doc, head.first))) return false;
  const next = word(doc, head.last);
  return !(next === '"' || next === "(" || ORDINAL.test(next) || (head.last < doc.tokens.count && doc.tokens.kind[head.last] === TOKEN_NUMBER));
}

/**
 * The group a definite head points back to: «والشركة متهمة» after «شركة سكسوك» is that company; «الميليشيات» after
 * «فصائل الحشد الشعبي» the PMF; heads of armed bodies fall back on the last militia or armed group named.
 */
function resolveHead(doc: Doc, head: Tag, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const hs = stem(word(doc, head.first));
  if (!pointingHead(doc, head) || hs === "لواء") return;
  // only the militia heads and plural group nouns fall back on the last group of their type: «الجيش» alone may
  // be any army, «الميليشيات», «الفصائل» are the groups the report is about
  const type = head.entry.extra.value ?? "";
  const typed = type === "militia" || (type === "armed_group" && GROUP_PLURALS.test(hs));
  const ante = headAntecedent(doc, head, typed ? type : null);
  if (!ante) return;
  let first = head.first, start = head.start, pre = head.pre;
  const mem = funcTag(doc, first - 1, "member");
  if (mem && !covered[mem.first]) { first = mem.first; start = mem.start; pre = mem.pre; }
  addMention(doc, ante, first, head.last, start, head.end, pre, "anaphor");
  cover(first, head.last);
}

/** «التنظيم», «الحزب», «الحركة»: a one-word definite anaphor names its antecedent by the head noun it repeats. */
function sameHead(doc: Doc, a: Tag, demonstrative: boolean): EntityRec | null {
  if (demonstrative || a.last - a.first !== 1 || !DEFINITE.test(word(doc, a.first))) return null;
  const ante = headAntecedent(doc, a, null);
  if (ante || stem(word(doc, a.first)) !== "تنظيم") return ante;
  // «التنظيم» with no «تنظيم X» named before: in this domain the Islamic State
  const isis = doc.lex.entries.find((e) => e.kind === "actor" && e.id === "isis");
  return isis ? entityFor(doc, isis) : null;
}

/** Nisba adjectives («الليبي», «الأمنية», «الشعبية») and the evaluative ones that do not name a group. */
const NISBA = /^ال.{2,}(ي|يه|يين|يون)$/;
const EVALUATIVE = /^ال(ارهابي|ارهابيه|متطرف|متطرفه|جهادي|جهاديه|تكفيري|تكفيريه|اجرامي|اجراميه)$/;

/**
 * A definite group noun with nisba adjectives names a body of its own: «الجيش الليبي» (the Libyan army),
 * «القوات الأمنية» (the security forces), «الجبهة الشعبية» (the Popular Front). Not «التنظيم الإرهابي» (the
 * terrorist organization: ISIS, pointed back to). Returns true when it made the group.
 */
function adjectiveGroup(doc: Doc, head: Tag, cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  if (head.last - head.first !== 1 || head.suffixed || !DEFINITE.test(word(doc, head.first))) return false;
  const hs = stem(word(doc, head.first));
  if (hs === "تنظيم") return false;
  let j = head.last;
  while (j < t.count && j - head.last < 3 && t.kind[j] === TOKEN_WORD) {
    const w = word(doc, j);
    if (!NISBA.test(w) || EVALUATIVE.test(w) || AFFILIATION.test(w) || NAME_STOP.has(w) || isTaggedWord(doc, j) || (doc.mentionAt[j] ?? -1) >= 0) break;
    j++;
  }
  if (j === head.last) return false;
  const adjs: string[] = [];
  for (let k = head.last; k < j; k++) adjs.push(bareForm(word(doc, k)));
  const v = head.entry.extra.value;
  const type = head.entry.type === "anaphor" ? (v === "civilians" ? "civilians" : v || "armed_group") : v || "militia";
  const rec = unknownEntity(doc, "actor", type, [hs, ...adjs].join(" "), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[j - 1] - 1]));
  addMention(doc, rec, head.first, j, head.start, t.end[j - 1], head.pre, "pattern");
  cover(head.first, j);
  return true;
}

/** An indefinite adjective after a group noun: «مسلحة», «مدنية», «محلية», «مصنفة», «أخرى». */
function adjectiveAt(doc: Doc, j: number, covered: Int32Array): boolean {
  if (j >= doc.tokens.count || covered[j] || doc.tokens.kind[j] !== TOKEN_WORD) return false;
  const w = word(doc, j);
  if (OTHER_ADJ.test(w)) return true;
  if (DEFINITE.test(w) || w.startsWith("و") || NAME_STOP.has(w) || NOT_A_NAME.test(w) || AFFILIATION.test(w) || isTaggedWord(doc, j)) return false;
  return /(ه|ين|ون)$/.test(w);
}

/**
 * Generic groups named by an indefinite plural and its adjectives: «ميليشيات أخرى» (other militias), «جماعات مصنفة
 * إرهابية» (groups designated terrorist), «مجموعات مدنية محلية» (local civilian groups). Indefinite, they introduce a
 * group of their own; they never point back. «مدنية» makes the group civilians; otherwise the head says the type.
 */
function genericGroups(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  for (const tag of doc.layers.function ?? []) {
    const role = tag.entry.type;
    if (role !== "actor_head" && role !== "member" && role !== "anaphor") continue;
    if (tag.last - tag.first !== 1 || covered[tag.first] || tag.suffixed || isDefiniteAt(doc, tag.first)) continue;
    const w = word(doc, tag.first);
    const noun = w.replace(/^(و|ف)?(ب|ل|ك)?/, "");
    if (!GROUP_PLURALS.test(noun) && !GROUP_PLURALS.test(bareConj(w))) continue;
    let j = tag.last;
    while (j - tag.last < 3 && adjectiveAt(doc, j, covered)) j++;
    if (j === tag.last) continue;
    // «خلايا نائمة تابعة لداعش», «مجموعات مسلحة لحزب الله»: the group's owner follows; it is that owner's
    if (AFFILIATION.test(word(doc, j)) || (doc.at.entity?.[j] ?? -1) >= 0) continue;
    const adjs: string[] = [];
    for (let k = tag.last; k < j; k++) adjs.push(word(doc, k));
    const type = adjs.some((a) => a.startsWith("مدني")) ? "civilians"
      : role === "member" ? "armed_group" : tag.entry.extra.value || "armed_group";
    const name = [GROUP_PLURALS.test(noun) ? noun : bareConj(w), ...adjs].join(" ");
    const rec = unknownEntity(doc, "actor", type, name, doc.norm.source.slice(doc.norm.start[tag.start], doc.norm.end[t.end[j - 1] - 1]));
    addMention(doc, rec, tag.first, j, tag.start, t.end[j - 1], tag.pre, "pattern");
    cover(tag.first, j);
  }
}

/**
 * Person heads read before the general name rule: a title or given name joined to a person the lexicon knows
 * (joinPerson), a title the lexicon read as a group (releaseTitle), and «أحياء “الشيخ يس”» (a neighbourhood named
 * for a sheikh: after a place head the title is part of a place name). Returns true when nothing is left to do.
 */
function personHeadDone(doc: Doc, head: Tag, covered: Int32Array, cover: (a: number, b: number) => void): boolean {
  let q = word(doc, head.first - 1) === '"' ? head.first - 2 : head.first - 1;
  // «جامعة الملك عبد العزيز», «مطار الشهيد محمد»: a title may stand between the place noun and the name
  if (funcTag(doc, q, "person_head") && q === head.first - 1) q--;
  if (funcTag(doc, q, "place_head") || INSTITUTION_BEFORE_NAME.test(stem(word(doc, q)))) return true;
  if (joinPerson(doc, head, cover)) return true;
  if (covered[head.first]) releaseTitle(doc, head, cover);
  return false;
}

/**
 * «الشيخ إبراهيم الهفل», «التاجر “محمد براء قاطرجي”»: a title, and the given names after it, right before a person
 * the lexicon knows belong to that person. A title the lexicon read as a group («التاجر», traders) becomes a
 * mention of the person; given names and an unread title extend the person's mention. Returns true when joined.
 */
function joinPerson(doc: Doc, head: Tag, cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  let k = head.last;
  if (word(doc, k) === '"' || word(doc, k) === "(") k++;
  const firstName = k;
  while (k < t.count && givenNameAt(doc, k) && doc.mentionAt[k] < 0) k++;
  const p = personMentionAt(doc, k);
  if (!p) return false;
  const titleIdx = doc.mentionAt[head.first];
  const title = titleIdx >= 0 ? doc.mentions[titleIdx] : null;
  let from = head.first;
  if (title && title.first === head.first) {
    // the title's own mention moves to the person: «التاجر» is the trader named next
    if (title.entity !== p.entity && title.via === "lexicon" && title.entity.type === "civilians") {
      title.entity.mentions.splice(title.entity.mentions.indexOf(title), 1);
      title.entity = p.entity;
      p.entity.mentions.push(title);
    }
    from = k > firstName ? firstName : k;
  }
  if (from === head.first) { p.first = head.first; p.start = head.start; p.prep = prepAt(doc, head.first, head.pre); }
  else if (from < p.first) { p.first = from; p.start = t.start[from]; }
  cover(from, p.last);
  return true;
}

/**
 * The lexicon's person mention that begins at token k. The lexicon's mentions were sorted and indexed
 * (sortMentions) before the heads are read: start at the first one that covers k (a scan of every mention per
 * head was quadratic in a long report).
 */
function personMentionAt(doc: Doc, k: number): Mention | undefined {
  if (k >= doc.tokens.count) return undefined;
  for (let j = doc.mentionAt[k]; j >= 0 && j < doc.mentions.length && doc.mentions[j].first <= k; j++) {
    const m = doc.mentions[j];
    if (m.first === k && m.entity.kind === "actor" && m.entity.type === "person" && m.via === "lexicon") return m;
  }
  return undefined;
}

/** «منظمة إرهابية» (a terrorist organization), «جمعية خيرية»: one indefinite feminine adjective names nothing. */
function adjectivalName(doc: Doc, span: [number, number]): boolean {
  if (span[1] - span[0] !== 1) return false;
  const w = word(doc, span[0]);
  return !DEFINITE.test(w) && (w.endsWith("يه") || OTHER_ADJ.test(w));
}

/** A given name or a kunya: words that begin a person's name. */
function nameWordAt(doc: Doc, j: number): boolean {
  const v = funcTag(doc, j, "person_head")?.entry.extra.value;
  return v === "given" || v === "kunya";
}

const articleOnlyCache = new WeakMap<LexEntry, Set<string>>();
/** The keys of an actor row's one-word forms that the row writes only with the article («المعارضة», «السلطات»). */
function articleOnlyKeys(e: LexEntry): Set<string> {
  let keys = articleOnlyCache.get(e);
  if (!keys) {
    const withArticle = new Set<string>(), bare = new Set<string>();
    for (const f of e.forms) {
      const n = normalizeForMatch(f);
      if (n.includes(" ")) continue;
      if (n.startsWith("ال") && n.length > 4) withArticle.add(n.slice(2)); else bare.add(n);
    }
    keys = new Set([...withArticle].filter((k) => !bare.has(k)));
    articleOnlyCache.set(e, keys);
  }
  return keys;
}

/**
 * Institutions are named with the article: «المعارضة» (the opposition), «السلطات» (the authorities). The bare word
 * is a common noun («ومعارضة ثلاثة قضاة», with three judges objecting; «شرطة بلجيكية», a Belgian police) unless a
 * genitive follows («سلطات الاحتلال», «شرطة دبي»). Generic groups of people («6 مدنيين») and persons are not
 * concerned. Returns true when the bare word is to be dropped.
 */
function bareInstitution(doc: Doc, tag: Tag): boolean {
  const e = tag.entry;
  if (tag.last - tag.first !== 1 || tag.suffixed || e.type === "civilians" || e.type === "person") return false;
  const w = word(doc, tag.first);
  if (DEFINITE.test(w) || !articleOnlyKeys(e).has(stem(w))) return false;
  // a genitive follows: «شرطة لندن», «شرطة محافظة الأنبار», «سلطات الاحتلال»
  const n = tag.last;
  if (n >= doc.tokens.count || doc.tokens.kind[n] !== TOKEN_WORD) return true;
  const nw = word(doc, n);
  if (NAME_STOP.has(nw) || funcTag(doc, n, "number")) return true;
  return !DEFINITE.test(nw) && !isTaggedWord(doc, n) && /(ه|ين|ون)$/.test(nw);
}

/**
 * «أحمد الخطيب الملقب بأبي علي» (nicknamed Abu Ali): the name after «الملقب/المكنى/المعروف بـ» is another name of
 * the person just named (or, with none named right before, a person of its own, without the «الملقب ب» words).
 * Returns true when it placed the mention.
 */
function aliasOf(doc: Doc, head: Tag, span: [number, number], cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  // the alias word is the head («الملقب» + «بأبي سمير») or stands right before it («الملقب» + «بأبي» as the head)
  const self = ALIAS_WORD.test(word(doc, head.first));
  const k = self ? head.first : head.first - 1;
  if (!ALIAS_WORD.test(word(doc, k))) return false;
  const m = doc.mentions.find((x) => x.last === k && x.entity.kind === "actor" && x.entity.type === "person");
  // the name itself, after its «بـ»: «بأبي سمير» is «أبي سمير»
  const first = self ? span[0] : head.first;
  const start = self ? (funcTag(doc, first)?.start ?? t.start[first]) : head.start;
  const name = t.text.slice(t.start[first], t.end[span[1] - 1]).replace(/"/g, "").trim();
  const rec = m?.entity ?? unknownEntity(doc, "actor", "person", bareForm(name.replace(/^ب(?=ا)/, "")), doc.norm.source.slice(doc.norm.start[start], doc.norm.end[t.end[span[1] - 1] - 1]));
  addMention(doc, rec, first, span[1], start, t.end[span[1] - 1], "", "pattern");
  cover(head.first, span[1]);
  return true;
}
const ALIAS_WORD = /^(الملقب|الملقبه|المكني|المكناه|المعروف|المعروفه)$/;

/** Nouns a person's name follows inside an institution's or a place's name: «جامعة الملك عبد العزيز». */
const INSTITUTION_BEFORE_NAME = /^(جامعه|جامع|مسجد|شارع|مستشفي|مشفي|مدرسه|مطار|ساحه|مركز|كليه|معهد|ملعب|دوار|ضاحيه|مخيم|حي|جسر|سد|مؤسسه|جايزه|مدينه|قاعده)$/;

function givenNameAt(doc: Doc, j: number): boolean {
  return funcTag(doc, j, "person_head")?.entry.extra.value === "given";
}

/**
 * «الشاب يامن المطلان» (the young man Yamen al-Matlan), «المواطن X»: a title word that the lexicon reads as a group
 * («شاب» young men, «مواطن» citizens) is a person when a name follows it. The group mention becomes the person's.
 */
function releaseTitle(doc: Doc, head: Tag, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  const mi = doc.mentionAt[head.first];
  const m = mi >= 0 ? doc.mentions[mi] : null;
  if (!m || m.first !== head.first || m.last !== head.last || m.via !== "lexicon" || m.entity.type !== "civilians") return;
  const span = nameAfter(doc, head, 4);
  if (!span || !plausibleName(doc, head, span)) return;
  const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/"/g, "").trim();
  if (name.length < 2) return;
  const rec = unknownEntity(doc, "actor", "person", bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
  m.entity.mentions.splice(m.entity.mentions.indexOf(m), 1);
  m.entity = rec;
  m.last = span[1];
  m.end = t.end[span[1] - 1];
  m.via = "pattern";
  rec.mentions.push(m);
  cover(span[0], span[1]);
}

/**
 * A name caught after a given name or a kunya must look like one: a family name with the article («سالم الدوسري»),
 * another given name («محمد أحمد»), or «بن/أبو» («خالد بن علي»). «محمد يقول» is not a name.
 */
function plausibleName(doc: Doc, head: Tag, span: [number, number]): boolean {
  // «الفريق الأول لكرة القدم» is the first team; the rank is «الفريق أول», without the article on «أول»
  if (word(doc, head.last - 1) === "الاول") return false;
  const w = word(doc, span[0]);
  // «أنكر الشاب علاقته» (the young man denied his link): a word with a pronoun suffix is no name
  if (/(ته|ها|هم|هن|هما)$/.test(w)) return false;
  // «الحسين بن»: a name does not end on «بن/أبو»
  if (/^(بن|ابن|ابو|ابي)$/.test(word(doc, span[1] - 1))) return false;
  const v = head.entry.extra.value;
  // a title takes the article: «الصحفية شفاء» is a journalist named Shifa, «صحفية عراقية» an Iraqi journalist
  if (v !== "given" && v !== "kunya") {
    // «وزير الخارجية» (the foreign minister): an indefinite title in construct with a definite word is its holder
    if (head.last - head.first === 1 && !DEFINITE.test(word(doc, head.first))) return DEFINITE.test(w);
    if (span[1] - span[0] > 1) return true;
    // one word after a title: «الطفل الفلسطيني», «الطفل المتقد» (adjectives) and «الطفل جنده» ('recruited him', a
    // verb with its object «ـه») are no names; a lone surname («الشيخ الهفل») is left to the lexicon
    if (DEFINITE.test(w)) return false;
    const last = doc.norm.source.charCodeAt(doc.norm.start[doc.tokens.end[span[0]] - 1]);
    return !(w.length >= 4 && last === 0x0647);
  }
  // «القاسم المشترك» (the common denominator): a given name does not take the article
  if (v === "given" && DEFINITE.test(word(doc, head.first))) return false;
  // «قال أسامة بالإنكليزية» ('in English'): a family name carries the article with no preposition before it
  if (/^(و|ف)?(ب|ل|ك)(ال|لل)/.test(w)) return false;
  if (w === "علي" && span[1] - span[0] === 1) return false; // «محمد على …»: the preposition, not the name Ali
  // «أبو عمر الشامي»: after a kunya any first name will do when a family name with the article follows it
  if (v === "kunya" && span[1] - span[0] > 1 && DEFINITE.test(word(doc, span[0] + 1))) return true;
  return (DEFINITE.test(w) && !NAME_STOP.has(w)) || givenNameAt(doc, span[0]) || /^(بن|ابن|ابو|ابي|علي)$/.test(w);
}

/**
 * «مجموعة محمد علي الرفاعي» (Muhammad Ali al-Rifai's group), «عصابة أبو حسين»: a group noun before a person's name
 * is a group named for its leader. Returns true when it made the group.
 */
function groupOfPerson(doc: Doc, head: Tag, span: [number, number], covered: Int32Array, cover: (a: number, b: number) => void): boolean {
  const g = head.first - 1;
  if (g < 0 || covered[g] || doc.tokens.kind[g] !== TOKEN_WORD) return false;
  const gw = word(doc, g);
  const noun = bareConj(gw);
  if (DEFINITE.test(gw) || !(GROUP_OF_PERSON.test(noun) || GROUP_OF_PERSON.test(noun.replace(/^(ب|ل|ك)/, "")))) return false;
  const t = doc.tokens;
  const gh = funcTag(doc, g);
  const type = gh?.entry.type === "actor_head" && gh.entry.extra.value ? gh.entry.extra.value : "armed_group";
  const name = t.text.slice(t.start[g], t.end[span[1] - 1]).replace(/"/g, "").trim();
  const rec = unknownEntity(doc, "actor", type === "civilians" || type === "organization" ? "armed_group" : type, bareForm(bareConj(name)),
    doc.norm.source.slice(doc.norm.start[t.start[g]], doc.norm.end[t.end[span[1] - 1] - 1]));
  const pre = gw.length - bareConj(gw).length;
  addMention(doc, rec, g, span[1], t.start[g] + pre, t.end[span[1] - 1], gw.slice(0, pre), "pattern");
  cover(g, span[1]);
  return true;
}

/**
 * «نادي الهلال … فاز الهلال»: an organization caught by its head noun is named later by the name alone. Only a
 * definite one-word name or a name of several words is followed, and only where no lexicon entry reads the words.
 */
function repeatNames(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  let byStem: Map<string, number[]> | null = null;
  const done = new Set<EntityRec>();
  for (const m of doc.mentions.slice()) {
    if (m.via !== "pattern" || m.entity.kind !== "actor" || m.entity.type !== "organization" || isMediaOutlet(m.entity) || done.has(m.entity)) continue;
    const head = funcTag(doc, m.first, "actor_head");
    if (!head || head.last >= m.last) continue;
    const name: string[] = [];
    for (let k = head.last; k < m.last; k++) if (t.kind[k] === TOKEN_WORD) name.push(bareForm(word(doc, k)));
    const nw = word(doc, head.last);
    // «المجلس الأمني» is no name to repeat: «أمني» elsewhere is the adjective
    if (!name.length || (name.length === 1 && (!nw.startsWith("ال") || name[0].length < 4 || NISBA.test(nw)))) continue;
    done.add(m.entity);
    if (!byStem) {
      // every word by its stem, once per document: the names are then looked up, not searched for
      byStem = new Map();
      for (let i = 0; i < t.count; i++) {
        if (t.kind[i] !== TOKEN_WORD) continue;
        const k = stem(word(doc, i));
        const list = byStem.get(k);
        if (list) list.push(i); else byStem.set(k, [i]);
      }
    }
    for (const i of byStem.get(name[0]) ?? []) {
      if (covered[i] || i + name.length > t.count || (nw.startsWith("ال") && !DEFINITE.test(word(doc, i)))) continue;
      let ok = true;
      for (let k = 1; k < name.length && ok; k++) ok = !covered[i + k] && bareForm(word(doc, i + k)) === name[k];
      for (let k = 0; k < name.length && ok; k++) if (isTaggedWord(doc, i + k)) ok = false;
      if (!ok) continue;
      const w = word(doc, i);
      const pre = w.length - w.replace(/^(و|ف)?(ب|ل|ك)?(?=ال)/, "").length;
      addMention(doc, m.entity, i, i + name.length, t.start[i] + pre, t.end[i + name.length - 1], w.slice(0, pre), "pattern");
      cover(i, i + name.length);
    }
  }
}

/**
 * Outlets named with their owner: «وكالة أنباء النظام "سانا"» is SANA, the regime's news agency; the regime is not a
 * party here. The owner's mention goes, and the outlet's mention starts at the head noun. Returns true when done.
 */
function ownedOutlet(doc: Doc, head: Tag, cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  const oi = doc.mentions.findIndex((m) => m.first === head.last && m.entity.kind === "actor");
  const owner = oi >= 0 ? doc.mentions[oi] : null;
  if (!owner || isMediaOutlet(owner.entity)) return false;
  let k = owner.last;
  if (word(doc, k) === '"' || word(doc, k) === "(") k++;
  const outlet = doc.mentions.find((m) => m.first === k && isMediaOutlet(m.entity));
  if (!outlet) return false;
  doc.mentions.splice(oi, 1);
  owner.entity.mentions.splice(owner.entity.mentions.indexOf(owner), 1);
  let last = outlet.last;
  if (word(doc, last) === '"' || word(doc, last) === ")") last++;
  outlet.first = head.first; outlet.start = head.start;
  outlet.last = last; outlet.end = t.end[last - 1];
  outlet.prep = prepAt(doc, head.first, head.pre);
  cover(head.first, last);
  return true;
}

/**
 * «شبكة نداء الفرات» (the Nidaa al-Furat network): a one-word outlet name in construct with a place («نداء» +
 * «الفرات») takes the place into the name; the Euphrates is not a place of this report here. Returns the new end.
 */
function absorbPlace(doc: Doc, span: [number, number], covered: Int32Array): number {
  if (span[1] - span[0] !== 1) return span[1];
  const w = word(doc, span[0]);
  if (doc.tokens.kind[span[0]] !== TOKEN_WORD || DEFINITE.test(w) || isTaggedWord(doc, span[0])) return span[1];
  const mi = doc.mentions.findIndex((m) => m.first === span[1] && m.entity.kind === "place");
  const m = mi >= 0 ? doc.mentions[mi] : null;
  if (!m || !DEFINITE.test(word(doc, m.first))) return span[1];
  doc.mentions.splice(mi, 1);
  m.entity.mentions.splice(m.entity.mentions.indexOf(m), 1);
  for (let q = m.first; q < m.last; q++) covered[q] = 0;
  return m.last;
}

const STATE_NOTE = /\bstate ([A-Z]{2})\b/;
const CAPITAL_NOTE = /\bcapital ([a-z0-9-]+)/g;
const stateCache = new WeakMap<object, Map<string, LexEntry>>();

/** Government rows by country code («TR») and by capital place key («place/tr-ankara»), from their notes. */
function stateEntries(doc: Doc): Map<string, LexEntry> {
  let map = stateCache.get(doc.lex);
  if (!map) {
    map = new Map();
    for (const e of doc.lex.entries) {
      if (e.kind !== "actor" || e.type !== "government") continue;
      const note = e.extra.note ?? "";
      const code = STATE_NOTE.exec(note)?.[1];
      if (!code) continue;
      if (!map.has(code)) map.set(code, e);
      for (const c of note.matchAll(CAPITAL_NOTE)) map.set(`place/${c[1]}`, e);
    }
    stateCache.set(doc.lex, map);
  }
  return map;
}

/** A verb in the 3rd person feminine past («منعت», «اعتبرت», «كانت»), by shape: the subject of a state follows. */
function pastFeminine(doc: Doc, j: number): boolean {
  if (j < 0 || j >= doc.tokens.count || doc.tokens.kind[j] !== TOKEN_WORD) return false;
  const w = bareConj(word(doc, j));
  if (w.length < 3 || !w.endsWith("ت") || w.endsWith("ات") || DEFINITE.test(w) || NOT_A_VERB.has(w) || PREP_WORDS.has(w)) return false;
  return (doc.at.entity?.[j] ?? -1) < 0 && (doc.at.item?.[j] ?? -1) < 0;
}

/** A verb in the 3rd person feminine present («تفرض», «تتهم»), by shape. */
function presentFeminine(doc: Doc, j: number): boolean {
  if (j < 0 || j >= doc.tokens.count || doc.tokens.kind[j] !== TOKEN_WORD) return false;
  const w = word(doc, j);
  if (w.length < 4 || !w.startsWith("ت") || w.endsWith("ه") || w.endsWith("ات")) return false;
  return (doc.at.entity?.[j] ?? -1) < 0 && (doc.at.item?.[j] ?? -1) < 0 && !funcTag(doc, j);
}

/** Verbs whose subject is where something happens, not who acts: «شهدت سوريا» (Syria saw), «تعاني», «عاشت». */
const EXPERIENCER = /^(شهدت|تشهد|عاشت|تعيش|عانت|تعاني|استقبلت|تستقبل|احتضنت|تحتضن|استضافت|تستضيف|ضمت|تضم)$/;
/** Auxiliaries before the subject: «وكانت أنقرة أعلنت», «كانت ألمانيا قد شهدت». */
const AUXILIARY = /^(كانت|باتت|اصبحت|ظلت|مازالت|لازالت)$/;

/** The place mention is the subject of a verb: «منعت السعودية», «أعلن العراق», «واشنطن تفرض عقوبات». */
function isSubject(doc: Doc, m: Mention): boolean {
  if (m.prep) return false;
  const prev = m.first - 1;
  const pw = bareConj(word(doc, prev));
  if (pastFeminine(doc, prev) && !EXPERIENCER.test(pw)) {
    if (!AUXILIARY.test(pw)) return true;
    // «كانت ألمانيا قد شهدت»: after an auxiliary the verb that follows says who acts
    const v = word(doc, m.last) === "قد" ? m.last + 1 : m.last;
    return !EXPERIENCER.test(word(doc, v));
  }
  // «أعلن العراق», «أكد الأردن» (masculine names): a reporting verb, not its masdar («إعلان تونس», «بيان»)
  const si = doc.at.source?.[prev] ?? -1;
  if (si >= 0 && doc.layers.source[si].entry.type === "report_verb" && doc.layers.source[si].last === m.first &&
      doc.layers.source[si].last - doc.layers.source[si].first === 1 && !/(ان|ات|يه|ه)$/.test(pw)) return true;
  // subject first, at the start of a clause: «واشنطن تفرض عقوبات»; not inside a list («بالعراق وسوريا تبين»)
  const clauseStart = prev < 0 || doc.tokens.kind[prev] === TOKEN_PUNCT || doc.tokens.kind[prev] === TOKEN_NEWLINE;
  return clauseStart && ((pastFeminine(doc, m.last) || presentFeminine(doc, m.last)) && !EXPERIENCER.test(word(doc, m.last)));
}

/**
 * States that act: a country, or a capital standing for its government, as the subject of a verb is an actor, the
 * government («منعت السعودية دخول المنتجات» Saudi Arabia banned; «وكانت أنقرة أعلنت» Ankara had announced). Only
 * those mentions move; «في السعودية» stays a place. A government row carries «state XX» (and «capital id») in its note.
 */
function actingStates(doc: Doc): void {
  const states = stateEntries(doc);
  for (const m of doc.mentions) {
    const place = m.entity;
    if (place.kind !== "place" || (place.type !== "country" && place.type !== "city")) continue;
    const gov = place.type === "country" ? states.get(place.country ?? "") : states.get(place.key);
    if (!gov && place.type !== "country") continue;
    if (!isSubject(doc, m)) continue;
    const rec = gov ? entityFor(doc, gov) : unknownEntity(doc, "actor", "government", `state ${place.country ?? place.key}`, place.ar);
    if (!rec.en) rec.en = `${place.en} (state)`;
    place.mentions.splice(place.mentions.indexOf(m), 1);
    m.entity = rec;
    rec.mentions.push(m);
  }
}

/** A generic group of people (not a named tribe or community): «المدنيين», «أصحاب المحال», «مجموعات مدنية». */
function isGenericGroup(rec: EntityRec): boolean {
  if (rec.kind !== "actor" || rec.type !== "civilians") return false;
  if (rec.key.startsWith("actor/~")) return OWNERS.test(bareForm(bareConj(rec.ar.split(/\s/)[0] ?? ""))) || GROUP_PLURALS.test(rec.key.slice(7).split(" ")[0]);
  return !/tribe|clan|^[A-Z]/.test(rec.en);
}

/** A mention that only describes: one bare word («لموظف», «شباب وأطفال المدينة») or a pronoun suffix («عائلته»). */
function describesOnly(doc: Doc, m: Mention): boolean {
  if (m.via === "anaphor") return false;
  const ti = doc.at.entity?.[m.first] ?? -1;
  if (ti >= 0 && doc.layers.entity[ti].suffixed && doc.layers.entity[ti].first === m.first) return true;
  // one bare word; a construct («جامعي الكمأة») or a noun with adjectives («مجموعات مدنية») names the group
  return m.last - m.first === 1 && !isDefiniteAt(doc, m.first);
}

/**
 * Generic groups count where they take part in something (README: «generic groups that take part in a flow or
 * event»). One that is no party to any flow, event or fact and is only ever described in passing («شباب»,
 * «لموظف», «عائلته») is dropped from the output. Runs after the frames.
 */
export function dropIdleGroups(doc: Doc): void {
  const used = new Set<EntityRec>();
  for (const f of doc.flows) { if (f.giver) used.add(f.giver); if (f.receiver) used.add(f.receiver); }
  for (const e of doc.events) { for (const a of e.agents) used.add(a); for (const a of e.targets) used.add(a); }
  for (const f of doc.facts) { used.add(f.subject); if (f.object) used.add(f.object); }
  for (const rec of doc.entities.values()) {
    if (used.has(rec) || !rec.mentions.length || !isGenericGroup(rec)) continue;
    if (rec.mentions.every((m) => describesOnly(doc, m))) rec.mentions.length = 0;
  }
}

// ---------- place grammar: place tags revised, lists, roads, generic routes and crossings, markets ----------

/** A place head with its proclitics off: «بسوق» → «سوق», «والمعابر» → «معابر». */
function placeHeadWord(doc: Doc, head: Tag): string {
  return bareForm(word(doc, head.first).slice(head.pre.length));
}

/** The place mention that covers token j, if any. */
function placeMentionAt(doc: Doc, j: number): Mention | null {
  const i = j >= 0 && j < doc.tokens.count ? doc.mentionAt[j] : -1;
  if (i < 0) return null;
  for (let k = i; k < doc.mentions.length && doc.mentions[k].first <= j; k++) {
    const m = doc.mentions[k];
    if (m.entity.kind === "place" && m.last > j) return m;
  }
  return null;
}

/**
 * The tags of the place layer, revised before mentions are made:
 * - the future particle «سـ» goes on verbs only: «سنويًا» ('annually') is not «نوى» (Nawa) with «سـ» and an
 *   accusative alef;
 * - an imported village or site whose name is a short word («قصر» palace), a common word without the article, a
 *   common word after a checkpoint head («حاجز الرابعة» is the Fourth Division's checkpoint, not a village «الرابعة»)
 *   or the first word of a longer construct («حاجز قصر المؤتمرات», the conference-palace checkpoint) is left to the
 *   grammar, which reads the head and the whole name;
 * - a form that is also an adjective («سورية» Syrian (f.), marked `adjective:` in places.tsv) names the place in a
 *   noun position, where no adjective stands: after a preposition («لسورية», «داخل سورية») or a noun that governs a
 *   place («سكان سورية» the population of Syria), but not after another noun («شركات سورية» Syrian companies).
 */
function revisePlaceTags(doc: Doc): void {
  const layer = doc.layers.entity ?? [];
  const kept = layer.filter((tag) => tag.entry.kind !== "place" || (!/س$/.test(tag.pre) && !importedNameRefused(doc, tag)));
  let changed = kept.length !== layer.length;
  const taken = new Uint8Array(doc.tokens.count);
  for (const tag of kept) for (let k = tag.first; k < tag.last; k++) taken[k] = 1;
  for (const x of doc.matches) {
    if (!x.ambiguous || x.last - x.first !== 1 || taken[x.first] || x.suffix) continue;
    // «طريق السلمية», «طريق حماة السلمية», «طريق حمص – السلمية»: a road's head or first end asks for a place
    const roadEnd = roadEndPosition(doc, x.first, taken);
    const key = formKeys(doc.norm.text.slice(x.start, x.end)).join(" ");
    for (const idx of x.ambiguous) {
      const e = doc.lex.entries[idx];
      // (an imported name that is a common or short word stays out: «طريق الخير» is 'the way of good')
      if (roadEnd && e.kind === "place" && ROAD_END_TYPES.has(e.type) && !(e.extra.source && (commonKeysOf(e).has(key) || key.length <= 3))) {
        kept.push({ first: x.first, last: x.last, start: x.start, end: x.end, entry: e, pre: x.pre, alts: [e], stripped: x.stripped, suffixed: false });
        taken[x.first] = 1;
        changed = true;
        break;
      }
      // the article as the form has it: «سورية» is not read from «السورية», «الخالص» not from «خالص»
      const article = e.kind === "place" ? adjectiveKeys(e).get(key) : undefined;
      if (article === undefined || article !== /(ال|لل)$/.test(x.pre)) continue;
      if (!nounPosition(doc, x.first, x.pre)) continue;
      kept.push({ first: x.first, last: x.last, start: x.start, end: x.end, entry: e, pre: x.pre, alts: [e], stripped: x.stripped, suffixed: false });
      taken[x.first] = 1;
      changed = true;
      break;
    }
  }
  if (!changed) return;
  kept.sort((a, b) => a.first - b.first);
  doc.layers.entity = kept;
  // as the tagger leaves it: an empty layer has no index
  if (!kept.length) { delete doc.at.entity; return; }
  const at = new Int32Array(doc.tokens.count).fill(-1);
  kept.forEach((tag, i) => { for (let k = tag.first; k < tag.last; k++) at[k] = i; });
  doc.at.entity = at;
}

/** Token i follows a road's head («طريق X») or its first end («طريق حماة X», «طريق حمص – X»). */
function roadEndPosition(doc: Doc, i: number, taken: Uint8Array): boolean {
  let k = i - 1;
  if (k >= 0 && doc.tokens.kind[k] === TOKEN_PUNCT && DASH.test(word(doc, k))) k--;
  const isRoadHead = (j: number) => { const f = funcTag(doc, j, "place_head"); return !!f && f.last === j + 1 && f.entry.extra.value === "route" && !f.suffixed; };
  if (k === i - 1 && isRoadHead(k) && bareConj(word(doc, k - 1)) !== "عن") return true;
  // the first end: a place tag right after a road head
  if (k < 0 || !taken[k]) return false;
  const ti = doc.at.entity?.[k] ?? -1;
  const first = ti >= 0 ? doc.layers.entity[ti].first : k;
  return isRoadHead(first - 1);
}

/** Nouns that govern a place in construct: «سكان سورية», «أنحاء سورية», «حدود سورية». */
const PLACE_GOVERNORS = /^(سكان|اهالي|ابناء|شعب|حدود|اراضي|انحاء|عموم|داخل|خارج|عاصمه|ارياف|ريف|شمال|جنوب|شرق|غرب|وسط)$/;

/** Token i begins a noun, not an adjective: a preposition (clitic or word) or a governing noun before it. */
function nounPosition(doc: Doc, i: number, pre: string): boolean {
  if (/^(و|ف)?(ب|ل|ك)$/.test(pre)) return true;
  const w = word(doc, i - 1).replace(/^(و|ف)?(ب|ل|ك)?/, "");
  return PREP_WORDS.has(bareConj(word(doc, i - 1))) || PLACE_GOVERNORS.test(w);
}

const adjectiveCache = new WeakMap<LexEntry, Map<string, boolean>>();
/**
 * The keys of the forms a place row marks `adjective: «X»` (also an adjective; a noun position names the place),
 * each with whether the form has the article.
 */
function adjectiveKeys(e: LexEntry): Map<string, boolean> {
  let s = adjectiveCache.get(e);
  if (!s) {
    s = new Map();
    const named = /adjective:\s*((?:«[^»]+»[\s,،و]*)+)/.exec(e.extra.note ?? "");
    for (const f of named?.[1].match(/«([^»]+)»/g) ?? []) s.set(formKeys(f.slice(1, -1)).join(" "), /^\s*[اأإ]ل/.test(f.slice(1)));
    adjectiveCache.set(e, s);
  }
  return s;
}

const commonCache = new WeakMap<LexEntry, Set<string>>();
function commonKeysOf(e: LexEntry): Set<string> {
  let s = commonCache.get(e);
  if (!s) { s = new Set((e.extra.common ?? "").split("|").filter(Boolean).map((f) => formKeys(f).join(" "))); commonCache.set(e, s); }
  return s;
}

/** See revisePlaceTags: an imported small place's name that the grammar reads better. */
function importedNameRefused(doc: Doc, tag: Tag): boolean {
  const e = tag.entry;
  if (!e.extra.source || (e.type !== "village" && e.type !== "site")) return false;
  const key = formKeys(doc.norm.text.slice(tag.start, tag.end)).join(" ");
  const definite = DEFINITE.test(word(doc, tag.first));
  if (!key.includes(" ") && (key.length <= 2 || (key.length === 3 && !definite))) return true;
  const before = tag.first > 0 ? bareForm(bareConj(word(doc, tag.first - 1))) : "";
  if (commonKeysOf(e).has(key) && (!definite || CHECKPOINT_HEADS.test(before))) return true;
  // «قصر المؤتمرات»: an indefinite word in construct with a definite noun is the first word of a longer name
  const next = tag.last;
  return !definite && next < doc.tokens.count && doc.tokens.kind[next] === TOKEN_WORD && /^ال/.test(word(doc, next)) &&
    !/(ي|يه)$/.test(word(doc, next)) && !isTaggedWord(doc, next);
}

/** The mention's list head, for the geocoder: «أحياء “الشيخ يس والعرضي”» are quarters, «قرى X وY» villages. */
export const LIST_HEAD = new WeakMap<Mention, { type: string; quarter: boolean }>();
/** An unknown road's end places («طريق دمشق السويداء»), for the geocoder. */
export const ROUTE_ENDS = new WeakMap<EntityRec, EntityRec[]>();
/** A site named by the place it serves («سوق البلدة» the town's market): the mention of that place. */
export const SITE_AT = new WeakMap<EntityRec, Mention>();

/** Steps after the lexicon mentions: generic routes and crossings, roads, lists of names after a plural head. */
function placeGrammar(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  sortMentions(doc);
  genericRoutes(doc, covered, cover);
  placeRoads(doc, covered, cover);
  sortMentions(doc);
  placeLists(doc, covered, cover);
  sortMentions(doc);
}

/** Purposes that make a generic route or crossing a place: «طرق التهريب» the smuggling routes. */
const ROUTE_PURPOSE = /^(التهريب|الامداد|التجاره)$/;
const GENERIC_ROUTE = /^(طرق|طرقات|طريق|ممرات|ممر|خطوط|خط|معابر|معبر|منافذ|منفذ)$/;
/** Only prefixes are taken off a route word: a word that can be one ends as one does. */
const ROUTE_ENDINGS = endingsOf(GENERIC_ROUTE.source.slice(2, -2).split("|"));
const ROUTE_FAMILY: Record<string, string> = { طرقات: "طرق", طريق: "طرق", ممر: "ممرات", خط: "خطوط", معابر: "معبر", منافذ: "منفذ" };

/**
 * «طرق التهريب», «طرقات “التهريب”», «معابر التهريب», «خطوط الإمداد»: routes and crossings named by what passes
 * along them are places (the smuggling routes of a report are one route, whatever the plural). «عن طريق التهريب»
 * ('by smuggling') is a means, not a route.
 */
function genericRoutes(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  for (let i = 0; i < t.count; i++) {
    if (covered[i] || t.kind[i] !== TOKEN_WORD) continue;
    // a route word has 2–5 letters, with «و/ف», «ب/ل/ك» and «ال» up to 10, and ends as one: no string is made for
    // any other word (this loop sees every word)
    if (t.end[i] - t.start[i] > 10 || !ROUTE_ENDINGS.has(endingAt(t.text, t.end[i]))) continue;
    const w = word(doc, i);
    const hw = bareForm(w.replace(/^(و|ف)?(ب|ل|ك)?(?=..)/, ""));
    if (!GENERIC_ROUTE.test(hw) || bareConj(word(doc, i - 1)) === "عن") continue;
    let p = i + 1;
    if (isQuoteToken(doc, p)) p++;
    if (p >= t.count || covered[p] || !ROUTE_PURPOSE.test(word(doc, p))) continue;
    let j = p + 1;
    if (p > i + 1 && isQuoteToken(doc, j)) j++; // the closing quote of «طرق “التهريب”»
    const family = ROUTE_FAMILY[hw] ?? hw;
    const type = /^(معبر|منفذ)$/.test(family) ? "site" : "route";
    const rec = unknownEntity(doc, "place", type, `${family} ${word(doc, p)}`, doc.norm.source.slice(doc.norm.start[t.start[i]], doc.norm.end[t.end[j - 1] - 1]));
    const pre = w.length - w.replace(/^(و|ف)?(ب|ل|ك)?(?=..)/, "").length;
    addMention(doc, rec, i, j, t.start[i] + pre, t.end[j - 1], w.slice(0, pre), "pattern");
    cover(i, j);
    i = j - 1;
  }
}

function isQuoteToken(doc: Doc, k: number): boolean {
  return k >= 0 && k < doc.tokens.count && doc.tokens.kind[k] === TOKEN_PUNCT && /^["'«»]$/.test(word(doc, k));
}

const DASH = /^[-–—]$/;
/** Words after a road's name that qualify it: «الدولي», «السريع», «القديم». */
const ROUTE_QUALIFIER = /^(الدولي|الدوليه|السريع|الرييسي|العام|القديم|الجديد|الصحراوي|البري|الحدودي|الاوتوستراد)$/;
/** Place types that end a road: towns, governorates (by their capital), sites («طريق مطار دمشق»). */
const ROAD_END_TYPES = new Set(["governorate", "district", "city", "village", "site"]);

interface RoadSpec { head: Tag; nameLast: number; last: number; ends: Mention[]; names: string[] }

const routeCache = new WeakMap<object, Map<string, LexEntry>>();
/** The gazetteer's roads by the key of each form («طريق دير الزور الميادين» → sy-deir-bukamal-road). */
function routesByKey(doc: Doc): Map<string, LexEntry> {
  let m = routeCache.get(doc.lex);
  if (!m) {
    m = new Map();
    for (const e of doc.lex.entries) if (e.kind === "place" && e.type === "route") for (const f of e.forms) { const k = formKeys(f).join(" "); if (!m.has(k)) m.set(k, e); }
    routeCache.set(doc.lex, m);
  }
  return m;
}

/** The road of the gazetteer that these words name, dashes aside: «طريق الميادين – البوكمال». */
function knownRoad(doc: Doc, head: Tag, last: number): LexEntry | null {
  const words: string[] = [];
  for (let k = head.first; k < last; k++) {
    if (doc.tokens.kind[k] !== TOKEN_WORD) continue;
    words.push(bareForm(k === head.first ? word(doc, k).slice(head.pre.length) : word(doc, k).replace(/^[-–—]/, "")));
  }
  return routesByKey(doc).get(words.join(" ")) ?? null;
}

/**
 * Roads named by their ends or by a site on them are routes, not the towns: «طريق دمشق السويداء» and «طريق
 * دير الزور – الميادين» (the Damascus–Suwayda, Deir ez-Zor–al-Mayadin roads), «طريق ذيبان -الإسكان» (an end the
 * gazetteer does not know, after a dash), «طريق المحطة الثانية (تي 2)» (the road of the T2 pumping station),
 * «الطريق الدولي M4». A road named by one town («طريق السويداء») is the report's road that ends there, if it names
 * one, else a road of its own. «عن طريق X» ('by way of X') names no road: X keeps its own mention. «خط» ('line')
 * names a road only between two ends. The ends' own mentions give way to the road (they are part of its name);
 * the geocoder places the road between them.
 */
function placeRoads(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  const specs: RoadSpec[] = [];
  for (const head of doc.layers.function ?? []) {
    if (head.entry.type !== "place_head" || head.entry.extra.value !== "route" || head.suffixed) continue;
    const own = placeMentionAt(doc, head.first);
    if (own && own.entity.type === "route") continue; // a road of the gazetteer («طريق دير الزور الميادين»)
    if (!own && covered[head.first]) continue;
    if (bareConj(word(doc, head.first - 1)) === "عن") {
      // «عن طريق تركيا» ('via Turkey'): Turkey, without the head; «عن طريق رسائل» ('by means of messages'): nothing
      if (own && own.first <= head.first && own.last > head.last) { own.first = head.last; own.start = t.start[head.last]; }
      cover(head.first, head.last);
      continue;
    }
    const ends: Mention[] = [];
    const names: string[] = [];
    let j = head.last, last = head.last, dash = false;
    while (j < t.count && names.length < 3) {
      if (t.kind[j] === TOKEN_PUNCT && DASH.test(word(doc, j)) && names.length && !dash) { dash = true; j++; continue; }
      const m = placeMentionAt(doc, j);
      if (m && ROAD_END_TYPES.has(m.entity.type) && (names.length ? m.first === j : m.first <= j)) {
        ends.push(m); names.push(m.entity.key.replace(/^place\//, ""));
        j = last = m.last; dash = false;
        continue;
      }
      // an end the gazetteer does not know, after a dash: «طريق ذيبان -الإسكان»
      if (dash && t.kind[j] === TOKEN_WORD && !covered[j] && !isTaggedWord(doc, j) && !NAME_STOP.has(word(doc, j))) {
        names.push(bareForm(word(doc, j)));
        j = last = j + 1; dash = false;
        continue;
      }
      break;
    }
    const hw = placeHeadWord(doc, head);
    if (!names.length) {
      if (covered[head.last]) continue;
      // «طريق المحطة الثانية», «طريق المطار»: a site head with the article (and an ordinal or adjective after)
      const site = funcTag(doc, head.last, "place_head");
      if (site && site.entry.extra.value === "site" && DEFINITE.test(word(doc, head.last)) && !site.suffixed) {
        j = site.last;
        while (j < t.count && j - site.last < 2 && t.kind[j] === TOKEN_WORD && /^ال/.test(word(doc, j)) && !isTaggedWord(doc, j) && !covered[j]) j++;
        for (let k = head.last; k < j; k++) names.push(bareForm(word(doc, k)));
        last = j;
      } else if (t.kind[head.last] === 2 && /^[mt]\d{1,2}$/i.test(word(doc, head.last))) {
        names.push(word(doc, head.last).toUpperCase());
        last = head.last + 1;
      } else continue;
    } else if (hw === "خط" && names.length < 2) continue;
    specs.push({ head, nameLast: last, last: qualifiersEnd(doc, last), ends, names });
  }
  // roads with two ends first: «طريق السويداء» is then the Damascus–Suwayda road named before or after it
  const byEnd = new Map<string, EntityRec>();
  const dropped = new Set<Mention>();
  specs.sort((a, b) => b.names.length - a.names.length || a.head.first - b.head.first);
  for (const s of specs) {
    const endRecs = s.ends.map((m) => m.entity);
    for (const m of s.ends) {
      // what the end's mention held before the road's head («حواجز طريق دمشق») is free again
      for (let k = m.first; k < s.head.first; k++) covered[k] = 0;
      dropped.add(m);
    }
    const src = doc.norm.source.slice(doc.norm.start[s.head.start], doc.norm.end[t.end[s.last - 1] - 1]);
    const known = knownRoad(doc, s.head, s.last) ?? knownRoad(doc, s.head, s.nameLast);
    const rec = (known && entityFor(doc, known)) || (s.names.length === 1 && s.ends.length === 1 && byEnd.get(s.names[0])) ||
      unknownEntity(doc, "place", "route", `طريق ${s.names.slice().sort().join(" ")}`, src);
    if (s.names.length > 1) for (const n of s.names) if (!byEnd.has(n)) byEnd.set(n, rec);
    if (!known) ROUTE_ENDS.set(rec, [...(ROUTE_ENDS.get(rec) ?? []), ...endRecs.filter((e) => !(ROUTE_ENDS.get(rec) ?? []).includes(e))]);
    addMention(doc, rec, s.head.first, s.last, s.head.start, t.end[s.last - 1], s.head.pre, "pattern");
    cover(s.head.first, s.last);
  }
  dropMentions(doc, dropped);
}

/** Drop these mentions (one pass over the report's mentions and over each entity's); an entity left without any goes. */
function dropMentions(doc: Doc, dropped: Set<Mention>): void {
  if (!dropped.size) return;
  doc.mentions = doc.mentions.filter((m) => !dropped.has(m));
  for (const rec of new Set([...dropped].map((m) => m.entity))) {
    rec.mentions = rec.mentions.filter((m) => !dropped.has(m));
    if (!rec.mentions.length && doc.entities.get(rec.key) === rec) doc.entities.delete(rec.key);
  }
}

/** The end of a road's qualifiers: «الدولي», «السريع», a code («M4») or a parenthesis («(تي 2)», «(M5)»). */
function qualifiersEnd(doc: Doc, j: number): number {
  const t = doc.tokens;
  for (;;) {
    if (j < t.count && ROUTE_QUALIFIER.test(word(doc, j))) { j++; continue; }
    if (j < t.count && t.kind[j] === 2 && /^[mt]\d{1,2}$/i.test(word(doc, j))) { j++; continue; }
    if (word(doc, j) === "(") {
      let k = j + 1;
      while (k < t.count && k - j <= 3 && (t.kind[k] === TOKEN_WORD || t.kind[k] === TOKEN_NUMBER || t.kind[k] === 2)) k++;
      if (k > j + 1 && word(doc, k) === ")") { j = k + 1; continue; }
    }
    return j;
  }
}

/** Plural and dual heads that introduce a list of names, and the type they give them. */
const LIST_HEADS = new Map(Object.entries({
  قري: "village", بلدات: "village", بلدتي: "village", بلدتا: "village", قريتي: "village", قريتا: "village",
  مدن: "city", مدينتي: "city", مدينتا: "city", نواحي: "district", ناحيتي: "district", احياء: "site", حيي: "site",
}));
const LIST_HEAD_MAX = Math.max(...[...LIST_HEADS.keys()].map((k) => k.length));
/** Only «و/ف» and «ب/ل» are taken off a head: a word that can be one ends as one does. */
const LIST_HEAD_ENDINGS = endingsOf([...LIST_HEADS.keys()]);

/**
 * «قرى “ذيبان والطيانة والراغب”», «أحياء “الشيخ يس والعرضي والحويقة”», «بلدتي الشحيل وذيبان»: a plural or dual
 * place head before a list of names conjoined with «و» makes each name a place of the head's kind, known to the
 * gazetteer or not («الشيخ يس» is a quarter here, not a sheikh). Unquoted, a list needs two names and a name goes
 * on only with the article («قرى الجرذي والبصيرة»); quoted, the words up to the next «و» are one name. A definite
 * head («القرى», «الأحياء») refers back and introduces nothing; any other tagged word ends the list.
 */
function placeLists(doc: Doc, covered: Int32Array, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] !== TOKEN_WORD) continue;
    // most words are not list heads: test the length before making any string (this loop sees every word)
    const len = t.end[i] - t.start[i];
    if (len < 3 || len > LIST_HEAD_MAX + 2 || !LIST_HEAD_ENDINGS.has(endingAt(t.text, t.end[i]))) continue;
    const raw = bareConj(word(doc, i));
    const type = LIST_HEADS.get(raw) ?? (raw.length >= 4 && (raw[0] === "ب" || raw[0] === "ل") ? LIST_HEADS.get(raw.slice(1)) : undefined);
    if (!type || DEFINITE.test(word(doc, i))) continue;
    let j = i + 1;
    const quoted = isQuoteToken(doc, j);
    if (quoted) j++;
    const items: Array<{ first: number; last: number; known: boolean }> = [];
    let closed = false;
    while (j < t.count && items.length < 8) {
      const w = word(doc, j);
      const conj = items.length > 0;
      if (conj && !w.startsWith("و")) break;
      const m = placeMentionAt(doc, j);
      if (m) {
        if (m.first < i || (m.first > j) || !ROAD_END_TYPES.has(m.entity.type)) break;
        items.push({ first: m.first, last: m.last, known: true });
        j = m.last;
      } else {
        if (covered[j] || t.kind[j] !== TOKEN_WORD) break;
        const bare = conj ? w.slice(1) : w;
        if (bare.length < 2 || NAME_STOP.has(bare) || NOT_A_NAME.test(bare) || !nameWordOk(doc, j, quoted)) break;
        let k = j + 1;
        while (k < t.count && k - j < 3 && t.kind[k] === TOKEN_WORD && !covered[k] && !word(doc, k).startsWith("و") &&
          !NAME_STOP.has(word(doc, k)) && nameWordOk(doc, k, quoted) && (quoted || /^ال/.test(word(doc, k)))) k++;
        items.push({ first: j, last: k, known: false });
        j = k;
      }
      if (quoted && isQuoteToken(doc, j)) { closed = true; break; }
    }
    if (!(items.length >= 2 || (quoted && closed && items.length === 1))) continue;
    // unquoted, indefinite words after a plural are its adjectives («أحياء فقيرة ومكتظة» poor, crowded quarters)
    // unless a listed place or a name with the article shows it is a list of names («قرى خشام وحطلة والصالحية»,
    // «أحياء الجورة والقصور وهرابش»)
    if (!quoted && !items.some((it) => it.known || /^و?ال/.test(word(doc, it.first)))) continue;
    const quarter = type === "site";
    for (const it of items) {
      if (it.known) {
        const m = placeMentionAt(doc, it.first);
        if (m) LIST_HEAD.set(m, { type, quarter });
        continue;
      }
      const w = word(doc, it.first);
      const conj = it !== items[0];
      const start = t.start[it.first] + (conj ? 1 : 0);
      const name = t.text.slice(start, t.end[it.last - 1]);
      const rec = unknownEntity(doc, "place", type, bareForm(name), doc.norm.source.slice(doc.norm.start[start], doc.norm.end[t.end[it.last - 1] - 1]));
      const m = addMention(doc, rec, it.first, it.last, start, t.end[it.last - 1], conj ? w[0] : "", "pattern");
      LIST_HEAD.set(m, { type, quarter });
      cover(it.first, it.last);
    }
    i = j;
  }
}

/** A word may stand in a listed name: untagged, or (quoted) a title such as «الشيخ» in «الشيخ يس». */
function nameWordOk(doc: Doc, k: number, quoted: boolean): boolean {
  for (const layer of ["entity", "item", "flow", "event", "source", "time"]) {
    const i = doc.at[layer]?.[k] ?? -1;
    if (i >= 0 && !(quoted && layer === "source" && doc.layers.source[i].entry.type === "person_head")) return false;
  }
  const f = funcTag(doc, k);
  if (!f) return true;
  return quoted && f.entry.type !== "direction" && f.entry.type !== "place_head";
}

/**
 * «بلدته إبطع» ('his town, Ibta'), «قريتها الخير»: a place head with a pronoun suffix names the place after it when
 * that is a name (an untagged word, without the article unless the head is followed by a quote); «قريته الصغيرة»
 * ('his small village') describes.
 */
function appositiveName(doc: Doc, head: Tag): boolean {
  const j = head.last;
  if (j >= doc.tokens.count || doc.tokens.kind[j] !== TOKEN_WORD || isTaggedWord(doc, j)) return false;
  const w = word(doc, j);
  return !DEFINITE.test(w) && !NAME_STOP.has(w) && !NOT_A_NAME.test(w) && !w.startsWith("و");
}

/** The head nouns of markets: a market is a place, and market is also trade («سوق غني» a rich market). */
const MARKET_HEADS = /^(سوق|اسواق)$/;
/** Definite heads that refer back to a town: «البلدة», «المدينة», «القرية». */
const TOWN_ANAPHORS = /^(البلده|المدينه|القريه|الناحيه|المخيم)$/;

/**
 * «سوق البلدة» (the town's market) is a site in the town last named; «سوق غني» ('a rich market'), «سوق سوداء»
 * ('a black market'): one indefinite word after «سوق» describes the market as trade and names no place. Returns
 * whether it handled the head.
 */
function placeMarket(doc: Doc, head: Tag, covered: Int32Array, cover: (a: number, b: number) => void): boolean {
  const t = doc.tokens;
  const j = head.last;
  if (head.suffixed || j >= t.count || covered[j] || t.kind[j] !== TOKEN_WORD) return false;
  const w = word(doc, j);
  if (TOWN_ANAPHORS.test(w)) {
    const town = townReferredTo(doc, head.first, bareForm(w));
    const hw = placeHeadWord(doc, head);
    const rec = unknownEntity(doc, "place", "site", `${hw} ${town ? town.entity.key : bareForm(w)}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[j] - 1]));
    if (town) SITE_AT.set(rec, town);
    addMention(doc, rec, head.first, j + 1, head.start, t.end[j], head.pre, "pattern");
    cover(head.first, j + 1);
    return true;
  }
  return describingWordAt(doc, j);
}

/**
 * One indefinite word after a head, and no more name after it, describes rather than names: «سوق غني» (a rich
 * market), «طريق مسدود» (a dead end), «طريق طويل» (a long road).
 */
function describingWordAt(doc: Doc, j: number): boolean {
  const t = doc.tokens;
  if (j >= t.count || t.kind[j] !== TOKEN_WORD) return false;
  const w = word(doc, j);
  const next = j + 1;
  const nameGoesOn = next < t.count && t.kind[next] === TOKEN_WORD && !NAME_STOP.has(word(doc, next)) && !isTaggedWord(doc, next) && !word(doc, next).startsWith("و");
  return !DEFINITE.test(w) && !isTaggedWord(doc, j) && !isQuoteToken(doc, j) && !nameGoesOn;
}

/**
 * The town that «البلدة», «المدينة», «القرية» before token i refers to: the last place named with that head noun
 * («بلدة الكبر غرب دير الزور … سوق البلدة» is al-Kibar's market, not Deir ez-Zor's), else the last town of a
 * fitting type.
 */
function townReferredTo(doc: Doc, i: number, noun: string): Mention | null {
  const fits = noun === "مدينه" ? /^(city|governorate)$/ : /^(village|city)$/;
  let typed: Mention | null = null;
  let hi = doc.mentions.length;
  { let lo = 0; while (lo < hi) { const mid = (lo + hi) >> 1; if (doc.mentions[mid].first < i) lo = mid + 1; else hi = mid; } }
  for (let q = hi - 1; q >= 0 && q >= hi - 400; q--) {
    const m = doc.mentions[q];
    if (m.first >= i || m.entity.kind !== "place") continue;
    const h = funcTag(doc, m.first, "place_head");
    if (h && h.first === m.first && placeHeadWord(doc, h) === noun) return m;
    if (!typed && fits.test(m.entity.type)) typed = m;
  }
  return typed;
}

/** Adjectives that make a crossing or checkpoint a generic place of its own: «المنافذ الحدودية الرسمية». */
const CROSSING_QUALIFIER = /^(الحدودي|الحدوديه|الرسمي|الرسميه|الشرعي|الشرعيه|النظامي|النظاميه|البري|البريه|الدولي|الدوليه|الجويه|البحريه|الرييسي|الرييسيه|الفرعيه|المشترك|المشتركه)$/;

/** The end of the qualifiers after a crossing head: «الحدودية الرسمية», «غير الشرعية». */
function crossingQualifiersEnd(doc: Doc, j: number): number {
  for (;;) {
    if (CROSSING_QUALIFIER.test(word(doc, j))) { j++; continue; }
    if (word(doc, j) === "غير" && CROSSING_QUALIFIER.test(word(doc, j + 1))) { j += 2; continue; }
    return j;
  }
}

/** Checkpoints and crossings: one family for «حاجز/حواجز/نقطة/نقاط», one for «معبر/معابر», one for «منفذ/منافذ». */
function checkpointFamily(hw: string): string {
  return /^(حاجز|حواجز|نقطه|نقاط)$/.test(hw) ? "checkpoint" : /^(معبر|معابر)$/.test(hw) ? "crossing" : /^(منفذ|منافذ)$/.test(hw) ? "port" : hw;
}

/**
 * An outlet whose name ends in a place («شبكة نداء الفرات», the Euphrates Call network): the same words elsewhere
 * («نداء الفرات» under the headline) are the outlet again, not the river.
 */
function outletNamesOverPlaces(doc: Doc, cover: (a: number, b: number) => void): void {
  const t = doc.tokens;
  const names: Array<{ words: string[]; rec: EntityRec }> = [];
  for (const m of doc.mentions) {
    if (m.entity.kind !== "actor" || m.via !== "pattern" || m.entity.en !== "news outlet") continue;
    const si = doc.at.source?.[m.first] ?? -1;
    const head = si >= 0 ? doc.layers.source[si] : null;
    if (!head || head.entry.type !== "media_head" || head.last >= m.last) continue;
    const words: string[] = [];
    let place = false;
    for (let k = head.last; k < m.last; k++) {
      if (t.kind[k] !== TOKEN_WORD) continue;
      words.push(bareForm(word(doc, k)));
      const ti = doc.at.entity?.[k] ?? -1;
      if (ti >= 0 && doc.layers.entity[ti].entry.kind === "place") place = true;
    }
    if (place && words.length > 1 && !names.some((n) => n.rec === m.entity)) names.push({ words, rec: m.entity });
  }
  if (!names.length) return;
  const dropped = new Set<Mention>();
  for (const pm of doc.mentions.slice()) {
    if (pm.entity.kind !== "place" || pm.via !== "lexicon") continue;
    for (const n of names) {
      const first = pm.last - n.words.length;
      if (first < 0 || (doc.mentionAt[first] >= 0 && first < pm.first)) continue;
      let same = true;
      for (let q = 0; q < n.words.length && same; q++) same = t.kind[first + q] === TOKEN_WORD && bareForm(q === 0 ? bareConj(word(doc, first)) : word(doc, first + q)) === n.words[q];
      if (!same) continue;
      dropped.add(pm);
      const w = word(doc, first);
      const pre = w.length - bareConj(w).length;
      const am: Mention = { first, last: pm.last, start: t.start[first] + pre, end: pm.end, entity: n.rec, prep: prepAt(doc, first, w.slice(0, pre)), via: "pattern" };
      n.rec.mentions.push(am);
      doc.mentions.push(am);
      cover(first, pm.last);
      break;
    }
  }
  if (!dropped.size) return;
  dropMentions(doc, dropped);
  sortMentions(doc);
}

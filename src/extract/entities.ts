// Entities: actor and place mentions from the lexicon, extended and completed by the grammar:
// members («خلايا داعش» is ISIS), place heads («ريف دير الزور الشرقي» is Deir ez-Zor), coordinated adjectives
// («الميليشيات الإيرانية والروسية» is two actors), anaphors («التنظيم», «هذه الميليشيات»), unknown names caught
// by a head noun («ميليشيا X», «قرية X», «المدعو X»), and the actor that runs a checkpoint.
import type { Doc, EntityRec, Mention, Tag } from "./doc.js";
import type { LexEntry } from "../lexicon/index.js";
import { bareForm, int32Column, TOKEN_WORD, TOKEN_PUNCT } from "../text/index.js";
import type { GeoPrecision } from "../contract/index.js";

/** Prepositions written as separate words (normalized: «إلى» → «الي», «على» → «علي»). */
const PREP_WORDS = new Set(["من", "الي", "علي", "عن", "مع", "في", "بين", "ضد", "عبر", "لدي", "نحو", "تجاه", "حول", "لصالح", "بحق", "داخل", "قرب"]);
const DEMONSTRATIVES = new Set(["هذه", "هذا", "هولاء", "تلك", "ذلك", "اوليك", "هاولاء"]);
/** «التابعة لـ X», «الموالية لـ X»: an affiliation phrase between a unit and its group. */
const AFFILIATION = /^(ال)?(تابع|تابعه|تابعين|تابعون|تابعيه|موالي|مواليه|موالين|مدعوم|مدعومه|مدعومين)$/;
const CHECKPOINT_HEADS = /^(حاجز|حواجز|نقطه|نقاط|معبر|معابر|منفذ|منافذ)$/;

/** English glosses that mark an organization as a news outlet or agency. */
const MEDIA_GLOSS = /\b(news|agency|tv|television|channel|newspaper|outlet|radio|post|times|press|magazine|network|platform|reuters|afp|ap|sana|website|daily|media|broadcast|24)\b/i;

/** A news outlet or agency: it reports claims; it is not a party to them. */
export function isMediaOutlet(e: EntityRec): boolean {
  return e.kind === "actor" && e.type === "organization" && MEDIA_GLOSS.test(e.en);
}

export function word(doc: Doc, i: number): string {
  const t = doc.tokens;
  return i >= 0 && i < t.count ? t.text.slice(t.start[i], t.end[i]) : "";
}

/** The preposition governing the words starting at token i (clitic «ل» «ب» or a preposition word before). */
export function prepAt(doc: Doc, i: number, pre: string): string {
  const p = pre.replace(/^[وف]/, "");
  if (p.startsWith("ل")) return "ل";
  if (p.startsWith("ب")) return "ب";
  if (p.startsWith("ك")) return "ك";
  let k = i - 1;
  // quotes and demonstratives stand between a preposition and its noun: «من هؤلاء المدنيين»
  while (k >= 0 && ((doc.tokens.kind[k] === TOKEN_PUNCT && word(doc, k) === '"') || DEMONSTRATIVES.has(bareConj(word(doc, k))))) k--;
  const w = bareConj(word(doc, k));
  // «من قبل X», «من طرف X»: the agent of a passive
  if ((w === "قبل" || w === "طرف") && bareConj(word(doc, k - 1)) === "من") return "by";
  if (PREP_WORDS.has(w)) return w === "لصالح" ? "ل" : w;
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
  "الشرقيه", "الغربيه", "الشماليه", "الجنوبيه", "الواقعه", "الواقع", "المحاذيه", "القريبه", "المجاوره", "التابعه", "التابع", "اخري", "اخر"]);
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
    if (NAME_STOP.has(w) || NAME_STOP.has(bareConj(w)) || w.startsWith("و") && j > first) break;
    if (j === first && (NOT_A_NAME.test(w) || w.startsWith("و"))) return null;
    if (isTaggedWord(doc, j) && !(doc.at.entity?.[j] === -1 && funcTag(doc, j, "direction") === null && j > first)) break;
    // after the first word, only words with the article or «أبو/بن» chains continue the name
    if (j > first && !w.startsWith("ال") && !/^(ابو|ابي|ابن|بن|بنت|ام)$/.test(word(doc, j - 1)) && !/^(ابو|ابي|ابن|بن|ام)$/.test(w)) break;
    j++;
  }
  if (word(doc, j) === '"' || word(doc, j) === ")") j++;
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

  // 1. lexicon mentions; a place head right before a place joins it («ريف دير الزور», «بادية الميادين»)
  const tags = doc.layers.entity ?? [];
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const next = tags[i + 1];
    if (tag.entry.kind === "place" && next && next.entry.kind === "place" && next.first === tag.last && tag.last - tag.first === 1 &&
        funcTag(doc, tag.first, "place_head")) {
      continue; // «بادية» before «الميادين»: the head of the next place, not a place of its own
    }
    let first = tag.first, start = tag.start, pre = tag.pre;
    let last = tag.last, end = tag.end;
    if (tag.entry.kind === "place") {
      // heads before: «مدينة», «ريف», «بادية», «محافظة» (possibly two: «بادية مدينة تدمر»)
      for (let h = 0; h < 2; h++) {
        const head = funcTag(doc, first - 1, "place_head");
        if (!head || covered[head.first]) break;
        first = head.first; start = head.start; pre = head.pre;
      }
      // a compass direction after: «ريف دير الزور الشرقي»
      const dir = funcTag(doc, last, "direction");
      if (dir) { last = dir.last; end = dir.end; }
    }
    const rec = entityFor(doc, tag.entry);
    if (tag.entry.kind === "place" && tag.alts.length > 1) rec.candidates = tag.alts;
    addMention(doc, rec, first, last, start, end, pre, "lexicon");
    cover(first, last);
  }

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

  // 4. unknown names after a head noun, and generic checkpoints
  for (const head of doc.layers.function ?? []) {
    if (covered[head.first]) continue;
    const role = head.entry.type;
    if (role !== "actor_head" && role !== "person_head" && role !== "place_head") continue;
    const hw = bareForm(bareConj(word(doc, head.first)));
    if (role === "place_head" && CHECKPOINT_HEADS.test(hw)) {
      checkpoint(doc, head, covered, cover);
      continue;
    }
    if (role === "actor_head" && WEAK_ACTOR_HEADS.has(hw)) continue;
    if (head.suffixed) continue; // «ميليشياته» ("its militias") points back; it names nothing
    if (covered[head.last]) continue;
    // «القرية», «المنطقة», «مناطق» refer or describe; only an indefinite singular head names: «قرية X», «منطقة X»
    if (role === "place_head" && (/^(و|ف)?(ب|ل|ك)?(ال|لل)/.test(word(doc, head.first)) || PLURAL_PLACE_HEADS.test(hw))) continue;
    const span = nameAfter(doc, head, role === "person_head" ? 4 : 3);
    if (!span) continue;
    const name = doc.tokens.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/"/g, "").trim();
    if (name.length < 2) continue;
    const kind = role === "place_head" ? "place" : "actor";
    const type = role === "person_head" ? "person" : head.entry.extra.value || (kind === "place" ? "village" : "militia");
    const rec = unknownEntity(doc, kind, type, bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
    addMention(doc, rec, head.first, span[1], head.start, t.end[span[1] - 1], head.pre, "pattern");
    cover(head.first, span[1]);
  }

  // 4b. outlets named by a media head: «موقع (داماس بوست)», «منصة SY24», «صحيفة الوطن»
  for (const head of doc.layers.source ?? []) {
    if (head.entry.type !== "media_head" || covered[head.first]) continue;
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
    const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]).replace(/["()]/g, "").trim();
    if (name.length < 2) continue;
    const rec = unknownEntity(doc, "actor", "organization", bareForm(name), doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
    if (!rec.en) rec.en = "news outlet";
    addMention(doc, rec, head.first, span[1], head.start, t.end[span[1] - 1], head.pre, "pattern");
    cover(head.first, span[1]);
  }

  sortMentions(doc);

  // 5. anaphors and suffixed member words: «التنظيم», «هذه الميليشيات», «هؤلاء الأشخاص», «خلاياه», «عناصره»
  for (const a of doc.layers.function ?? []) {
    if (covered[a.first]) continue;
    const role = a.entry.type;
    let wantType: string | null = null;
    if (role === "anaphor") wantType = a.entry.extra.value || null;
    else if (role === "member" && a.suffixed) wantType = "!civilians";
    else continue;
    let first = a.first, start = a.start, pre = a.pre;
    if (DEMONSTRATIVES.has(bareConj(word(doc, a.first - 1)))) { first = a.first - 1; start = t.start[first]; pre = ""; }
    // «خلايا التنظيم», «قادة هذه الميليشيات»: members of the group referred to are the group
    const mem = role === "anaphor" ? funcTag(doc, first - 1, "member") : null;
    if (mem && !covered[mem.first]) { first = mem.first; start = mem.start; pre = mem.pre; }
    if (!wantType) continue;
    const ante = antecedent(doc, a.first, wantType, a);
    if (!ante) continue;
    addMention(doc, ante, first, a.last, start, a.end, pre, "anaphor");
    cover(first, a.last);
  }
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
  let hi = doc.mentions.length;
  { let lo = 0; while (lo < hi) { const mid = (lo + hi) >> 1; if (doc.mentions[mid].first < i) lo = mid + 1; else hi = mid; } }
  for (let k = hi - 1; k >= 0 && k >= hi - 400; k--) {
    const m = doc.mentions[k];
    if (m.first >= i || m.entity.kind !== "actor") continue;
    // «الميليشيات الإيرانية والروسية … قادة هذه الميليشيات»: the head of a coordination, not its tail
    if (m.via === "coordination") continue;
    const ty = m.entity.type;
    if (notCiv ? ty !== "civilians" && ty !== "organization" && ty !== "person" : ty === want || (want === "armed_group" && ty === "armed_group")) return m.entity;
  }
  // «التنظيم» with nothing before it: in this domain the Islamic State
  if (a && want === "armed_group" && /تنظيم/.test(a.entry.forms.join(" "))) {
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
  const hw = bareForm(bareConj(word(doc, head.first)));
  // «نقاط مهمة» are points, not checkpoints: «نقطة/نقاط» need «تفتيش» or the actor that mans them
  if (/^(نقطه|نقاط)$/.test(hw) && last === head.last && !ownerMention) return;
  const isDefinite = /^(و|ف)?(ب|ل|ك)?(ال|لل)/.test(word(doc, head.first)) && !ownerMention;
  if (ownerMention) {
    rec = unknownEntity(doc, "place", "site", `${hw} ${ownerMention.entity.key}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
    rec.owner = ownerMention.entity;
  } else if (covered[last] === 0 && doc.tokens.kind[last] === TOKEN_WORD && !isTaggedWord(doc, last) && !NAME_STOP.has(word(doc, last)) && !isDefinite) {
    // «حاجز المسمية»: a named checkpoint
    const span = nameAfter(doc, { ...head, last } as Tag, 3);
    if (span) {
      const name = t.text.slice(t.start[span[0]], t.end[span[1] - 1]);
      rec = unknownEntity(doc, "place", "site", `${hw} ${bareForm(name)}`, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[t.end[span[1] - 1] - 1]));
      last = span[1]; end = t.end[last - 1];
    }
  } else if (isDefinite) {
    // «الحاجز»: the last checkpoint named
    for (let q = doc.mentions.length - 1; q >= 0 && q >= doc.mentions.length - 400; q--) {
      const m = doc.mentions[q];
      if (m.first < head.first && m.entity.kind === "place" && m.entity.type === "site" && m.entity.key.startsWith("place/~")) { rec = m.entity; break; }
    }
  }
  rec ??= unknownEntity(doc, "place", "site", hw, doc.norm.source.slice(doc.norm.start[head.start], doc.norm.end[end - 1]));
  addMention(doc, rec, head.first, last, head.start, end, head.pre, "pattern");
  cover(head.first, last);
}

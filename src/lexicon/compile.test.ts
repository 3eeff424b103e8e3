// The compiled lexicon: the fast matcher (interned keys, packed clitic candidates, no string per token) against a
// plain reference matcher written the simple way (a string per candidate stem, Map lookups by word).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileLexicon, matchLexicon, KeyTable, type Lexicon, type Match } from "./compile.js";
import { defaultLexicon } from "./index.js";
import type { LexEntry } from "./load.js";
import { normalize, tokenize, tokenText, bareForm, stems, TOKEN_PUNCT, TOKEN_NEWLINE, CL_ART, type Tokens } from "../text/index.js";

// ---------- the reference: clitic stems and matching as plain string code ----------

const SUFFIXES = ["هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه"];
interface RefStem { stem: string; flags: number; prefixLen: number; suffixLen: number }

/** Proclitics («و ف» then «ب ك ل س» then «ال», «لل» = ل + ال), spelled out with string tests. */
function refProclitics(w: string): { len: number; flags: number }[] {
  const out: { len: number; flags: number }[] = [];
  const heads: [number, number][] = [[0, 0]];
  if ((w.startsWith("و") || w.startsWith("ف")) && w.length - 1 >= 2) heads.push([1, 1]);
  for (const [h, f] of heads) {
    if (h > 0) out.push({ len: h, flags: f });
    const rest = w.slice(h);
    if (rest.startsWith("لل") && rest.length - 2 >= 2) out.push({ len: h + 2, flags: f | 2 | 4 });
    if (/^[بكل]/.test(rest) && rest.length - 1 >= 2) {
      out.push({ len: h + 1, flags: f | 2 });
      if (rest.slice(1, 3) === "ال" && rest.length - 3 >= 2) out.push({ len: h + 3, flags: f | 2 | 4 });
    }
    if (/^س[يتنا]/.test(rest) && rest.length - 1 >= 3) out.push({ len: h + 1, flags: f | 16 });
    if (rest.startsWith("ال") && rest.length - 2 >= 2) out.push({ len: h + 2, flags: f | 4 });
  }
  return out;
}

function refStems(w: string): RefStem[] {
  const out: RefStem[] = [{ stem: w, flags: 0, prefixLen: 0, suffixLen: 0 }];
  for (const p of refProclitics(w)) out.push({ stem: w.slice(p.len), flags: p.flags, prefixLen: p.len, suffixLen: 0 });
  for (const b of out.slice()) {
    for (const suf of SUFFIXES) {
      if (b.stem.length - suf.length < 3 || !b.stem.endsWith(suf)) continue;
      const stem = b.stem.slice(0, b.stem.length - suf.length);
      out.push({ stem, flags: b.flags | 8, prefixLen: b.prefixLen, suffixLen: suf.length });
      if (stem.endsWith("ت")) out.push({ stem: stem.slice(0, -1) + "ه", flags: b.flags | 8, prefixLen: b.prefixLen, suffixLen: suf.length });
    }
    if (b.stem.length >= 4 && b.stem.endsWith("ا")) out.push({ stem: b.stem.slice(0, -1), flags: b.flags | 8, prefixLen: b.prefixLen, suffixLen: 1 });
  }
  return out;
}

const SKIPPABLE = new Set(['"', "'", "(", ")", "[", "]"]);
const CLOSING = new Set(['"', ")", "]"]);

function refMatch(lex: Lexicon, t: Tokens): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] === TOKEN_PUNCT || t.kind[i] === TOKEN_NEWLINE) continue;
    const word = tokenText(t, i);
    for (const s of refStems(word)) {
      const node = lex.root.next?.get(s.stem);
      if (!node) continue;
      const start = t.start[i] + Math.max(0, s.prefixLen - (s.flags & CL_ART ? 2 : 0));
      const pre = word.slice(0, s.prefixLen);
      const stripped = s.prefixLen + s.suffixLen;
      if (node.entries) {
        out.push({ first: i, last: i + 1, entries: node.entries, start, end: t.end[i], stripped, pre,
          suffix: s.suffixLen ? word.slice(word.length - s.suffixLen) : "", ambiguous: node.ambiguous });
      }
      if (s.suffixLen) continue;
      let cur = node;
      let j = i + 1;
      while (cur.next && j < t.count) {
        if (t.kind[j] === TOKEN_NEWLINE) break;
        const w = tokenText(t, j);
        if (t.kind[j] === TOKEN_PUNCT) { if (SKIPPABLE.has(w)) { j++; continue; } break; }
        const child = cur.next.get(w) ?? cur.next.get(bareForm(w));
        if (!child) break;
        cur = child;
        j++;
        if (cur.entries) {
          let last = j;
          while (last < t.count && t.kind[last] === TOKEN_PUNCT && CLOSING.has(tokenText(t, last)) && refOpens(t, i, last)) last++;
          out.push({ first: i, last, entries: cur.entries, start, end: t.end[last - 1], stripped, pre, suffix: "", ambiguous: cur.ambiguous });
        }
      }
    }
  }
  return out;
}

function refOpens(t: Tokens, first: number, at: number): boolean {
  const close = tokenText(t, at);
  const open = close === ")" ? "(" : close === "]" ? "[" : '"';
  let n = 0;
  for (let k = first; k < at; k++) {
    const w = t.kind[k] === TOKEN_PUNCT ? tokenText(t, k) : "";
    if (w === open) n++;
    else if (w === close && open !== close) n--;
  }
  return open === close ? n % 2 === 1 : n > 0;
}

// ---------- a small lexicon of our own ----------

const entry = (kind: LexEntry["kind"], id: string, forms: string[], note = ""): LexEntry =>
  ({ kind, id, type: kind === "actor" ? "militia" : kind === "place" ? "village" : "goods", forms, en: id, extra: note ? { note } : {} });

const OWN: LexEntry[] = [
  entry("actor", "militias", ["ميليشيات", "الميليشيات"]),
  entry("actor", "iran-militias", ["الميليشيات الإيرانية", "ميليشيات إيران"]),
  entry("actor", "red-crescent", ["الهلال الأحمر", "الهلال الأحمر (السوري)"]),
  entry("actor", "quoted", ["تنظيم “الدولة”"]),
  entry("actor", "free-army", ["الجيش الحر"]), // a short second word: «الحر» is «حر» with the article
  entry("place", "village", ["قرية", "الحسينية"], "ambiguous: «الحسينية»"),
  entry("item", "fuel", ["محروقات", "المحروقات", "وقود"]),
];

const textOf = (s: string) => tokenize(normalize(s).text);

describe("matchLexicon", () => {
  const lex = compileLexicon(OWN);

  it("finds a word through its clitics: «وبالميليشيات» (and by the militias) starts after «وب»", () => {
    const t = textOf("وبالميليشيات");
    const m = matchLexicon(lex, t).find((x) => x.entries.includes(0))!;
    expect(m).toBeDefined();
    expect(m.pre).toBe("وبال");
    expect(m.stripped).toBe(4);
    expect(t.text.slice(m.start, m.end)).toBe("الميليشيات"); // the span keeps the article, not «و ب»
  });

  it("reads a phrase of two words and a pronoun suffix on one word alone", () => {
    const t = textOf("قال إن الميليشيات الإيرانية ومحروقاتها");
    const ms = matchLexicon(lex, t);
    expect(ms.some((m) => m.last - m.first === 2 && m.entries.includes(1))).toBe(true);
    const fuel = ms.find((m) => m.entries.includes(6))!;
    expect(fuel.suffix).toBe("ها"); // «ومحروقاتها» "and its fuel"
  });

  it("takes a closing bracket or quote into a name that opened it", () => {
    const t = textOf("الهلال الأحمر (السوري) وصل");
    const m = matchLexicon(lex, t).find((x) => x.entries.includes(2) && x.last - x.first > 2)!;
    expect(tokenText(t, m.last - 1)).toBe(")");
  });

  it("reads a following word as written or without its article: «الجيش الحر» (the Free Army)", () => {
    const t = textOf("انشق عن الجيش الحر");
    expect(matchLexicon(lex, t).some((m) => m.entries.includes(4) && m.last - m.first === 2)).toBe(true);
  });

  it("agrees with the reference matcher on sentences of our own", () => {
    for (const s of ["سيطرت ميليشيات إيران على قرية الحسينية", "وللميليشيات الإيرانية وقودها", "تنظيم «الدولة» والهلال الأحمر", "انشق عن الجيش الحر"]) {
      const t = textOf(s);
      expect(matchLexicon(lex, t)).toEqual(refMatch(lex, t));
    }
  });
});

// Documents made of lexicon words with clitics on them, other words, punctuation that may sit inside a name,
// numbers and line breaks.
function docArbitrary(lex: Lexicon): fc.Arbitrary<string> {
  const keys = [...(lex.root.next?.keys() ?? [])].slice(0, 4000);
  const cont = [...new Set([...(lex.root.next?.values() ?? [])].flatMap((n) => [...(n.next?.keys() ?? [])]))].slice(0, 2000);
  const word = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keys) },
    { weight: 3, arbitrary: fc.constantFrom(...(cont.length ? cont : keys)) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(..."وفبكلساهمنيتءجحدرعقشة"), { minLength: 1, maxLength: 9 }).map((a) => a.join("")) },
  );
  const clitic = fc.constantFrom("", "", "", "و", "ب", "ال", "وال", "بال", "لل", "ف", "ك", "س");
  const suffix = fc.constantFrom("", "", "", "ه", "ها", "هم", "ا", "كم");
  const piece = fc.oneof(
    { weight: 10, arbitrary: fc.tuple(clitic, word, suffix).map(([a, b, c]) => a + b + c) },
    { weight: 2, arbitrary: fc.constantFrom('"', "(", ")", "[", "]", "'", "«", "»", "،", ".", "\n", "12", "٣٤", "SY24") },
  );
  return fc.array(piece, { maxLength: 40 }).map((a) => a.join(" "));
}

describe("properties", () => {
  it("the packed clitic candidates are the reference stems, in order", () => {
    const word = fc.array(fc.constantFrom(..."وفبكلسالهمنيتكاءجحدرعقش"), { maxLength: 14 }).map((a) => a.join(""));
    fc.assert(fc.property(word, (w) => { expect(stems(w)).toEqual(refStems(w)); }), { numRuns: 5_000 });
  });

  it("the fast matcher agrees with the reference matcher (our lexicon)", () => {
    const lex = compileLexicon(OWN);
    fc.assert(fc.property(docArbitrary(lex), (s) => { const t = textOf(s); expect(matchLexicon(lex, t)).toEqual(refMatch(lex, t)); }), { numRuns: 2_000 });
  });

  it("the fast matcher agrees with the reference matcher (the shipped lexicons)", () => {
    const lex = defaultLexicon();
    fc.assert(fc.property(docArbitrary(lex), (s) => { const t = textOf(s); expect(matchLexicon(lex, t)).toEqual(refMatch(lex, t)); }), { numRuns: 2_000 });
  });
});

describe("KeyTable", () => {
  it("finds a range of a longer string, and a range with its last unit replaced", () => {
    const keys = new KeyTable();
    const a = keys.intern("قريه");
    const b = keys.intern("قري");
    expect(keys.intern("قريه")).toBe(a); // interned once
    const text = "في قريتها";
    expect(keys.find(text, 3, 6, -1)).toBe(b); // «قري»
    expect(keys.find(text, 3, 6, 0x0647)).toBe(a); // «قري» + «ه»: «قريتها» read with its taa marbuta
    expect(keys.find(text, 3, 7, -1)).toBe(-1); // «قريت» is not a key
    expect(keys.find(text, 0, 2, -1)).toBe(-1);
  });

  it("keeps every key findable as it grows past its first capacity", () => {
    const keys = new KeyTable();
    const words = Array.from({ length: 3000 }, (_, i) => `كلمه${i.toString(36)}`);
    const ids = words.map((w) => keys.intern(w));
    expect(new Set(ids).size).toBe(words.length);
    words.forEach((w, i) => expect(keys.find(` ${w} `, 1, w.length + 1, -1)).toBe(ids[i]));
    expect(keys.size).toBe(words.length);
  });
});

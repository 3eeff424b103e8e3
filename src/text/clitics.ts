// Clitic segmentation: the stems a normalized Arabic word may stand for once its clitics are taken off.
//
// Proclitics: conjunctions «و» «ف», prepositions «ب» «ك» «ل», the future «س», the article «ال» («لل» = ل + ال).
// Enclitics: the pronoun suffixes «ه ها هم هما هن كم كن نا ني ي». Every split is only a candidate: «بادية»
// starts with «ب» but is not «ب + ادية»; the lexicon decides which candidate is a word.

/** Bit flags describing what was stripped to get a stem. */
export const CL_CONJ = 1; // و / ف
export const CL_PREP = 2; // ب / ك / ل
export const CL_ART = 4; // ال
export const CL_SUFFIX = 8; // a pronoun suffix
export const CL_FUT = 16; // س

export interface Stem { stem: string; flags: number; prefixLen: number; suffixLen: number }

// First- and second-person «ي», «ني», «ك» are left out: rare in news, and «حلبي» ("Aleppine") is not «حلب» + «ي».
const SUFFIXES = ["هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه"];
const MIN_STEM = 2;

const WAW = 0x0648, FA = 0x0641, BA = 0x0628, KAF = 0x0643, LAM = 0x0644, ALEF = 0x0627, SEEN = 0x0633;

/**
 * Candidate stems of a normalized word, from the least stripped (the word itself) to the most stripped.
 * With `suffixes`, pronoun suffixes are also tried («ميليشياته» → «ميليشيات»; «مصادرها» → «مصادر»), and a stem
 * that then ends in «ت» is also offered with taa marbuta restored as «ه» («قريتها» → «قريه»).
 */
export function stems(word: string, suffixes = true): Stem[] {
  const out: Stem[] = [{ stem: word, flags: 0, prefixLen: 0, suffixLen: 0 }];
  const prefixes = proclitics(word);
  for (const p of prefixes) out.push({ stem: word.slice(p.len), flags: p.flags, prefixLen: p.len, suffixLen: 0 });
  if (suffixes) {
    const bases = out.slice();
    for (const b of bases) {
      for (const suf of SUFFIXES) {
        if (b.stem.length - suf.length < MIN_STEM + 1 || !b.stem.endsWith(suf)) continue;
        let stem = b.stem.slice(0, b.stem.length - suf.length);
        out.push({ stem, flags: b.flags | CL_SUFFIX, prefixLen: b.prefixLen, suffixLen: suf.length });
        if (stem.charCodeAt(stem.length - 1) === 0x062a) {
          stem = stem.slice(0, -1) + "ه";
          out.push({ stem, flags: b.flags | CL_SUFFIX, prefixLen: b.prefixLen, suffixLen: suf.length });
        }
      }
      // the accusative of an indefinite noun adds an alef: «مدنياً» → «مدني», «كميناً» → «كمين»
      if (b.stem.length >= 4 && b.stem.charCodeAt(b.stem.length - 1) === ALEF) {
        out.push({ stem: b.stem.slice(0, -1), flags: b.flags | CL_SUFFIX, prefixLen: b.prefixLen, suffixLen: 1 });
      }
    }
  }
  return out;
}

interface Pre { len: number; flags: number }

/** The proclitic sequences a word may begin with: (و|ف)? (ب|ك|ل|س)? (ال)?, «لل» as ل + ال. */
export function proclitics(word: string): Pre[] {
  const out: Pre[] = [];
  const L = word.length;
  let i = 0;
  let flags = 0;
  const c0 = word.charCodeAt(0);
  const conj = c0 === WAW || c0 === FA;
  // positions to try after the conjunction
  const heads: Array<[number, number]> = [[0, 0]];
  if (conj && L - 1 >= MIN_STEM) heads.push([1, CL_CONJ]);
  for (const [h, hf] of heads) {
    i = h; flags = hf;
    if (h > 0) out.push({ len: h, flags });
    const c = word.charCodeAt(i);
    // «لل»: ل + ال with the alef dropped
    if (c === LAM && word.charCodeAt(i + 1) === LAM && L - (i + 2) >= MIN_STEM) {
      out.push({ len: i + 2, flags: flags | CL_PREP | CL_ART });
    }
    if ((c === BA || c === KAF || c === LAM) && L - (i + 1) >= MIN_STEM) {
      out.push({ len: i + 1, flags: flags | CL_PREP });
      if (word.charCodeAt(i + 1) === ALEF && word.charCodeAt(i + 2) === LAM && L - (i + 3) >= MIN_STEM) {
        out.push({ len: i + 3, flags: flags | CL_PREP | CL_ART });
      }
    }
    if (c === SEEN && L - (i + 1) >= 3) {
      const n = word.charCodeAt(i + 1);
      if (n === 0x064a || n === 0x062a || n === 0x0646 || n === ALEF) out.push({ len: i + 1, flags: flags | CL_FUT });
    }
    if (c === ALEF && word.charCodeAt(i + 1) === LAM && L - (i + 2) >= MIN_STEM) {
      out.push({ len: i + 2, flags: flags | CL_ART });
    }
  }
  return out;
}

/**
 * The word without its article, as the lexicon stores it: «الميليشيات» → «ميليشيات». Only the article: a
 * conjunction or preposition before it («والميليشيات») is for `stems` to take off.
 */
export function bareForm(word: string): string {
  // The lexicon compiles entries with this same function, so entry and document words meet in one key.
  if (word.length > 3 && word.charCodeAt(0) === ALEF && word.charCodeAt(1) === LAM) return word.slice(2);
  return word;
}

// Which imported place names are ordinary words too. A gazetteer of 33,000 villages names places «الخير» (the
// good), «النصر» (victory), «السلام» (peace), «الحرية» (freedom): read bare, they would put villages into every
// report. Such a name is kept, but the tagger takes it only after a head noun («قرية الخير», «بلدة النصر»).
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LexEntry } from "../lexicon/index.js";
import { formKeys } from "../lexicon/index.js";

export interface RiskContext {
  /** keys of common Arabic words and phrases (data/common-words.tsv) */
  common: Set<string>;
  /** keys of every non-place entry of the shipped lexicons (actors, items, triggers, function words…) */
  lexicon: Set<string>;
}

export const COMMON_WORDS_FILE = fileURLToPath(new URL("../../src/gazetteer/data/common-words.tsv", import.meta.url));

/** The common-words list: one word or phrase a line (then a tab and an English gloss), `#` comments. */
export function loadCommonWords(file = COMMON_WORDS_FILE): Set<string> {
  const out = new Set<string>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const k = formKeys(line.split("\t")[0]).join(" ");
    if (k) out.add(k);
  }
  return out;
}

export function riskContext(shipped: LexEntry[], common = loadCommonWords()): RiskContext {
  const lexicon = new Set<string>();
  for (const e of shipped) {
    if (e.kind === "place") continue;
    for (const f of e.forms) {
      const k = formKeys(f).join(" ");
      if (k) lexicon.add(k);
    }
  }
  return { common, lexicon };
}

/** Why a name (its matcher key; the form as written) is risky read bare, or null. */
export function riskOf(key: string, ctx: RiskContext, form = key): string | null {
  const words = key.split(" ");
  // «تل», «عين», «دير», «بير» alone: a head noun or a two-letter word, never a name by itself («الكبر» may be)
  if (words.length === 1 && (key.length <= 2 || (key.length === 3 && !/^\s*(ال|أل|إل)/.test(form)))) return "short";
  if (ctx.common.has(key)) return "common word";
  if (ctx.lexicon.has(key)) return "a word of another lexicon";
  return null;
}

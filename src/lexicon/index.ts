// Public face of the lexicon layer: load the shipped lexicons once, compile them into one index, match documents.
import { loadLexicons, type LexEntry } from "./load.js";
import { compileLexicon, type Lexicon } from "./compile.js";
export * from "./load.js";
export * from "./compile.js";

let shared: Lexicon | null = null;

/** The compiled shipped lexicons (loaded and compiled on first use). */
export function defaultLexicon(): Lexicon {
  shared ??= compileLexicon(loadLexicons());
  return shared;
}

/** A lexicon of the shipped entries plus extra ones (e.g. an imported gazetteer). */
export function lexiconWith(extra: LexEntry[]): Lexicon {
  return compileLexicon([...loadLexicons(), ...extra]);
}

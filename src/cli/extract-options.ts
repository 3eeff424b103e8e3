// Extraction options from the command line: the shipped lexicons, plus a store's imported gazetteer with --db.
import type { ExtractOptions } from "../extract/index.js";

export type GazetteerLoader = (db: string) => Promise<ExtractOptions>;
let loader: GazetteerLoader | null = null;
/** Override how a store's gazetteer becomes extraction options (tests). */
export function setGazetteerLoader(l: GazetteerLoader): void { loader = l; }

export async function extractOptionsFor(db: string | undefined): Promise<ExtractOptions> {
  if (!db) return {};
  loader ??= (await import("../gazetteer/index.js")).gazetteerOptions;
  return loader(db);
}

// Extraction options from the command line: the shipped lexicons, plus a store's imported gazetteer with --db.
import type { ExtractOptions } from "../extract/index.js";

/** Hook for the store's gazetteer (set by the geocoding module when it is present). */
export type GazetteerLoader = (db: string) => Promise<ExtractOptions>;
let loader: GazetteerLoader | null = null;
export function setGazetteerLoader(l: GazetteerLoader): void { loader = l; }

export async function extractOptionsFor(db: string | undefined): Promise<ExtractOptions> {
  if (!db || !loader) return {};
  return loader(db);
}

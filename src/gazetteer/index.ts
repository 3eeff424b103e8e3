// Public face of the gazetteer: import Who's On First and GeoNames files into the store, and load them back as
// lexicon entries that the extractor compiles beside the shipped core gazetteer.
import { resolve } from "node:path";
import { loadLexicons, lexiconWith, type LexEntry } from "../lexicon/index.js";
import type { ExtractOptions } from "../extract/index.js";
import { openForRead, readPlaces, stampOf } from "./db.js";
import { toLexEntries, type EntryStats } from "./entries.js";
import { riskContext } from "./risk.js";

export { importGazetteer, detectFormat, type ImportSummary, type FileSummary, type ImportProgress, type GazFormat } from "./import.js";
export { toLexEntries, type EntryStats } from "./entries.js";
export { riskOf, riskContext, loadCommonWords, type RiskContext } from "./risk.js";
export { parseWof } from "./wof.js";
export { parseGeonamesLine, featureType } from "./geonames.js";
export { distanceKm, type GazRow } from "./rows.js";

export interface GazetteerLoad {
  entries: LexEntry[];
  stats: EntryStats;
  ms: number;
}

/** The imported places of a store as lexicon entries; null when the store has no gazetteer. */
export function gazetteerEntries(dbPath: string): GazetteerLoad | null {
  const t0 = performance.now();
  const db = openForRead(dbPath);
  if (!db) return null;
  try {
    const places = readPlaces(db);
    if (!places.length) return null;
    const shipped = loadLexicons();
    const stats: EntryStats = { places: 0, entries: 0, forms: 0, risky: 0, dropped: 0, same: 0, mappedAdmin1: 0 };
    const entries = toLexEntries(places, shipped, riskContext(shipped), stats);
    return { entries, stats, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

const cache = new Map<string, { stamp: string; opts: ExtractOptions }>();

/**
 * Extraction options for a store: the shipped lexicons plus its imported gazetteer, compiled once per store (and
 * again only after a new import). `{}` when the store has no gazetteer tables or does not exist.
 */
export async function gazetteerOptions(dbPath: string): Promise<ExtractOptions> {
  const path = resolve(dbPath);
  const db = openForRead(path);
  if (!db) return {};
  let stamp: string;
  try { stamp = stampOf(db); } finally { db.close(); }
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.opts;
  const load = gazetteerEntries(path);
  const opts: ExtractOptions = load ? { lexicon: lexiconWith(load.entries) } : {};
  cache.set(path, { stamp, opts });
  return opts;
}

// The GeoNames dump format (allCountries.txt, SY.txt, cities1000.txt): 19 tab-separated columns
// geonameid, name, asciiname, alternatenames (comma-separated, Arabic among them), latitude, longitude,
// feature class, feature code, country code, cc2, admin1 code, admin2, admin3, admin4, population, elevation,
// dem, timezone, modification date. One line at a time, so a large dump streams.
import type { PlaceType } from "../contract/index.js";
import { addNames, type GazRow } from "./rows.js";
import { CITY_POPULATION, type ParseStats } from "./wof.js";

export const GEONAMES_COLUMNS = 19;

/** A first line that is a GeoNames row (a numeric id and 19 columns) or the header some copies carry. */
export function isGeonamesLine(line: string): boolean {
  const c = line.replace(/^\ufeff/, "").split("\t");
  if (c.length < GEONAMES_COLUMNS - 4) return false;
  return /^\d+$/.test(c[0]) || c[0].trim() === "geonameid";
}

/** PlaceType of a GeoNames feature (class + code); null for what rasad does not keep (undersea features). */
export function featureType(cls: string, code: string, population: number): PlaceType | null {
  switch (cls) {
    case "A":
      if (code === "ADM1" || code === "ADM1H") return "governorate";
      if (/^ADM[2-5]H?$|^ADMD/.test(code)) return "district";
      if (/^PCL/.test(code)) return "country";
      return "region";
    case "P":
      if (code === "PPLX") return "site"; // a section of a town: a quarter
      if (code === "PPLC" || code === "PPLA" || code === "PPLA2" || code === "PPLG") return "city";
      return population >= CITY_POPULATION ? "city" : "village";
    case "S": return "site";
    case "R": return "route";
    case "H": return code === "STM" || code === "STMI" || code === "LK" || code === "WAD" || code === "MRSH" ? "region" : "site";
    case "L": return code === "OILF" || code === "GASF" || code === "MNA" ? "site" : "region";
    case "T": case "V": return "region";
    default: return null;
  }
}

/** One dump line → a row, null for a header or a feature rasad skips; "bad" for a malformed line. */
export function parseGeonamesLine(line: string, stats: ParseStats, lineNo: number): GazRow | null {
  if (!line.trim()) return null;
  const c = line.replace(/^\ufeff/, "").split("\t");
  if (c[0].trim() === "geonameid") return null;
  stats.read++;
  const id = c[0]?.trim() ?? "";
  const lat = Number(c[4]), lon = Number(c[5]);
  if (c.length < GEONAMES_COLUMNS - 4 || !/^\d+$/.test(id) || !c[4]?.trim() || !c[5]?.trim() || !Number.isFinite(lat) || !Number.isFinite(lon) ||
      Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    stats.malformed++;
    if (stats.badLines.length < 5) stats.badLines.push(lineNo);
    return null;
  }
  const cls = (c[6] ?? "").trim(), code = (c[7] ?? "").trim();
  const pop = Number(c[14]);
  const population = Number.isFinite(pop) && pop > 0 ? Math.round(pop) : 0;
  const type = featureType(cls, code, population);
  if (!type) { const k = `${cls}.${code}`; stats.otherTypes[k] = (stats.otherTypes[k] ?? 0) + 1; return null; }
  const country = (c[8] ?? "").trim().toUpperCase();
  const adm = (c[10] ?? "").trim();
  const names: GazRow["names"] = [];
  addNames(names, [c[1] ?? ""], "en");
  addNames(names, [c[2] ?? ""], "und");
  addNames(names, (c[3] ?? "").split(","), "und");
  stats.kept++;
  return {
    id: `gn-${id}`, source: "geonames", placetype: `${cls}.${code}`, type, name: (c[1] ?? "").trim(), lat, lon, country,
    admin1: adm && adm !== "00" && country ? `gn-adm1-${country}.${adm}` : "", admin1Derived: false, population, names,
  };
}

// Who's On First flat TSV (one row per place: wof_id placetype name name_ar name_en lat lon country parent_id
// region_id county_id locality_id is_current deprecated wikidata geonames population) into gazetteer rows.
//
// Superseded rows (deprecated, is_current = 0) are dropped. Villages whose parent is the country itself (the WOF
// hierarchy is unresolved for many) get the governorate of their nearest neighbour that has one, else of the
// nearest region centroid. A locality is a city when it is large or when a county or region of the same name lies
// near it (the seat of «منطقة الميادين» is the town «الميادين»).
import { RasadError } from "../contract/errors.js";
import type { PlaceType } from "../contract/vocab.js";
import { normalizeForMatch } from "../text/index.js";
import { addNames, distanceKm, PointIndex, type GazRow } from "./rows.js";

export const WOF_COLUMNS = ["wof_id", "placetype", "name", "name_ar", "name_en", "lat", "lon", "country", "parent_id", "region_id",
  "county_id", "locality_id", "is_current", "deprecated", "wikidata", "geonames", "population"] as const;
const REQUIRED = ["wof_id", "placetype", "name", "name_ar", "lat", "lon", "country"];

/** WOF placetypes that rasad keeps, and the PlaceType each becomes (localities are decided later). */
const PLACETYPES: Record<string, PlaceType> = {
  country: "country", dependency: "region", macroregion: "region", region: "governorate", macrocounty: "district",
  county: "district", localadmin: "district", locality: "village", borough: "site", macrohood: "site", neighbourhood: "site",
  microhood: "site", campus: "site",
};

/** A locality of at least this many people is a city. */
export const CITY_POPULATION = 10_000;
/** A same-named county or region within this distance makes a locality its seat (a city). */
const SEAT_KM = 60;
/** Villages without a governorate take their nearest labelled neighbour's within this distance. */
const NEIGHBOUR_KM = 40;

export function isWofHeader(line: string): boolean {
  const cells = line.split("\t").map((c) => c.trim());
  return cells[0] === "wof_id" && cells.includes("placetype");
}

export interface ParseStats {
  read: number;
  kept: number;
  superseded: number;
  malformed: number;
  /** placetypes rasad does not keep (e.g. «ocean»), by name */
  otherTypes: Record<string, number>;
  /** the first malformed lines (1-based), for the message */
  badLines: number[];
}

export function newStats(): ParseStats {
  return { read: 0, kept: 0, superseded: 0, malformed: 0, otherTypes: {}, badLines: [] };
}

/** Parse a whole WOF TSV file. Throws a RasadError naming the file when the header is not WOF's. */
export function parseWof(lines: string[], file: string, stats = newStats()): GazRow[] {
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  if (headerAt < 0) throw new RasadError("EMPTY", "no rows", { file });
  const header = lines[headerAt].replace(/^\ufeff/, "").split("\t").map((c) => c.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new RasadError("BAD_INPUT", `not a Who's On First TSV: the header lacks ${missing.join(", ")}`, { file, line: headerAt + 1 });
  const col = Object.fromEntries(header.map((h, i) => [h, i])) as Record<string, number>;
  const rows: GazRow[] = [];
  const regionOf = new Map<GazRow, string>();
  for (let n = headerAt + 1; n < lines.length; n++) {
    const line = lines[n];
    if (!line.trim()) continue;
    stats.read++;
    const c = line.split("\t");
    const get = (k: string) => (col[k] === undefined ? "" : (c[col[k]] ?? "").trim());
    const id = get("wof_id");
    const lat = Number(get("lat")), lon = Number(get("lon"));
    if (!/^\d+$/.test(id) || !get("lat") || !get("lon") || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      stats.malformed++;
      if (stats.badLines.length < 5) stats.badLines.push(n + 1);
      continue;
    }
    if (get("deprecated") !== "" || get("is_current") === "0") { stats.superseded++; continue; }
    const placetype = get("placetype");
    const type = PLACETYPES[placetype];
    if (!type) { stats.otherTypes[placetype] = (stats.otherTypes[placetype] ?? 0) + 1; continue; }
    const names: GazRow["names"] = [];
    addNames(names, [get("name")], "en");
    addNames(names, get("name_ar").split("|"));
    addNames(names, get("name_en").split("|"), "en");
    const pop = Number(get("population"));
    const row: GazRow = {
      id: `wof-${id}`, source: "wof", placetype, type, name: get("name") || get("name_en").split("|")[0] || "", lat, lon,
      country: get("country").toUpperCase(), admin1: "", admin1Derived: false, population: Number.isFinite(pop) && pop > 0 ? Math.round(pop) : 0, names,
    };
    if (placetype === "region") row.admin1 = row.id;
    else if (/^\d+$/.test(get("region_id"))) regionOf.set(row, get("region_id"));
    rows.push(row);
  }
  finishWof(rows, regionOf);
  stats.kept += rows.length;
  return rows;
}

/** Governorates (from region_id, else derived) and locality types, once the whole file is read. */
function finishWof(rows: GazRow[], regionOf: Map<GazRow, string>): void {
  const regions = new Map(rows.filter((r) => r.placetype === "region").map((r) => [r.id, r]));
  const labelled = new PointIndex<string>();
  for (const r of rows) {
    const reg = regionOf.get(r);
    if (reg && regions.has(`wof-${reg}`)) {
      r.admin1 = `wof-${reg}`;
      if (r.placetype === "locality") labelled.add(r.lat, r.lon, r.admin1);
    }
  }
  const regionList = [...regions.values()];
  for (const r of rows) {
    if (r.admin1 || r.type === "country") continue;
    // the nearest village that has a governorate, else the nearest region centroid of the same country
    const near = labelled.nearest(r.lat, r.lon, NEIGHBOUR_KM);
    let admin1 = near?.value ?? "";
    if (!admin1) {
      let best = Infinity;
      for (const g of regionList) {
        if (g.country !== r.country) continue;
        const d = distanceKm(r.lat, r.lon, g.lat, g.lon);
        if (d < best) { best = d; admin1 = g.id; }
      }
    }
    if (admin1) { r.admin1 = admin1; r.admin1Derived = true; }
  }
  // seats: a locality named like a county or region near it
  const areas = new Map<string, GazRow[]>();
  for (const r of rows) {
    if (r.placetype !== "county" && r.placetype !== "region") continue;
    for (const n of r.names) if (n.lang === "ar") pushTo(areas, seatKey(n.name), r);
  }
  for (const r of rows) {
    if (r.placetype !== "locality") continue;
    let seat = r.population >= CITY_POPULATION;
    for (const n of r.names) {
      if (seat || n.lang !== "ar") continue;
      seat = (areas.get(seatKey(n.name)) ?? []).some((a) => a.country === r.country && distanceKm(r.lat, r.lon, a.lat, a.lon) <= SEAT_KM);
    }
    r.type = seat ? "city" : "village";
  }
}

/** «محافظة حمص», «منطقة حمص», «قضاء الموصل» name the area of the town «حمص» / «الموصل». */
function seatKey(name: string): string {
  return normalizeForMatch(name).replace(/^(محافظه|منطقه|قضاء|ناحيه)\s+/, "");
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

// Gazetteer rows: one imported place, whatever file it came from (Who's On First TSV, GeoNames dump).
import type { PlaceType } from "../contract/index.js";

/** A name of an imported place, as written in the source. */
export interface GazName {
  name: string;
  /** "ar" for Arabic script, "en" for an English name, "und" for another Latin-script or unknown one */
  lang: "ar" | "en" | "und";
}

export interface GazRow {
  /** stable id: `wof-<wof_id>` or `gn-<geonameid>` */
  id: string;
  source: "wof" | "geonames";
  /** the source's own feature type: WOF placetype («locality», «region»…) or GeoNames «P.PPLA2» */
  placetype: string;
  /** rasad's PlaceType, from the source type (and population, and district seats) */
  type: PlaceType;
  /** the primary (Latin-script) name */
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** the governorate key in the source: `wof-<region_id>` or `gn-adm1-<CC>.<code>`; "" when unknown */
  admin1: string;
  /** true when admin1 was derived from the nearest neighbour, not read from the source */
  admin1Derived: boolean;
  population: number;
  names: GazName[];
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const LATIN = /[A-Za-z\u00c0-\u024f]/;

/** Arabic-script names only (no Latin letters mixed in: «H'amah» sits in WOF's name_ar column). */
export function isArabicName(s: string): boolean {
  return ARABIC.test(s) && !LATIN.test(s);
}

/** Add names once each, trimmed, in order of first appearance; Latin-script names get `latin`. */
export function addNames(out: GazName[], names: Iterable<string>, latin: "en" | "und" = "und"): void {
  for (const raw of names) {
    const name = raw.trim();
    if (!name || out.some((n) => n.name === name)) continue;
    out.push({ name, lang: isArabicName(name) ? "ar" : latin });
  }
}

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371;
  const dLat = ((lat2 - lat1) * Math.PI) / 180;
  const dLon = ((lon2 - lon1) * Math.PI) / 180;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos((lat1 * Math.PI) / 180) * Math.cos((lat2 * Math.PI) / 180) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Nearest labelled point by a coarse grid (0.5°); `maxKm` bounds the search. */
export class PointIndex<T> {
  private cells = new Map<string, Array<{ lat: number; lon: number; value: T }>>();
  private static key(la: number, lo: number): string { return `${la},${lo}`; }
  add(lat: number, lon: number, value: T): void {
    const k = PointIndex.key(Math.floor(lat * 2), Math.floor(lon * 2));
    let c = this.cells.get(k);
    if (!c) { c = []; this.cells.set(k, c); }
    c.push({ lat, lon, value });
  }
  get size(): number { let n = 0; for (const c of this.cells.values()) n += c.length; return n; }
  nearest(lat: number, lon: number, maxKm: number, accept: (v: T) => boolean = () => true): { value: T; km: number } | null {
    const ring = Math.ceil(maxKm / 55) + 1;
    const la0 = Math.floor(lat * 2), lo0 = Math.floor(lon * 2);
    let best: { value: T; km: number } | null = null;
    for (let a = -ring; a <= ring; a++) {
      for (let b = -ring; b <= ring; b++) {
        const c = this.cells.get(PointIndex.key(la0 + a, lo0 + b));
        if (!c) continue;
        for (const p of c) {
          if (!accept(p.value)) continue;
          const km = distanceKm(lat, lon, p.lat, p.lon);
          if (km <= maxKm && (!best || km < best.km)) best = { value: p.value, km };
        }
      }
    }
    return best;
  }
}

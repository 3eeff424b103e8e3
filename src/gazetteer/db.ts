// The gazetteer tables in the store file (better-sqlite3): places, their names (with the matcher's key), and
// the files imported. Created here with CREATE TABLE IF NOT EXISTS, apart from the store's own migrations.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { RasadError } from "../contract/errors.js";
import { formKeys } from "../lexicon/index.js";
import type { GazRow } from "./rows.js";

export type GazDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS gazetteer_files (
  file TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  path TEXT NOT NULL,
  places INTEGER NOT NULL,
  names INTEGER NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gazetteer_places (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  placetype TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  country TEXT NOT NULL,
  admin1 TEXT NOT NULL DEFAULT '',
  admin1_derived INTEGER NOT NULL DEFAULT 0,
  population INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS gazetteer_places_file ON gazetteer_places(file);
CREATE TABLE IF NOT EXISTS gazetteer_names (
  place_id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- the order of the names in the source: the first Arabic one is the display name
  ord INTEGER NOT NULL,
  lang TEXT NOT NULL,
  -- the matcher's key: normalized words, article off each («الميادين» → «ميادين»)
  norm TEXT NOT NULL,
  PRIMARY KEY (place_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS gazetteer_names_norm ON gazetteer_names(norm);
`;

/** Open (creating if needed) the store file for writing the gazetteer. */
export function openForWrite(file: string): GazDb {
  let db: GazDb;
  try {
    db = new Database(file);
  } catch (err) {
    throw new RasadError("STORE", `cannot open ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    db.pragma("busy_timeout = 10000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(SCHEMA);
  } catch (err) {
    db.close();
    throw new RasadError("STORE", `cannot prepare ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  return db;
}

/** Open an existing store to read its gazetteer; null when the file or the tables are not there. */
export function openForRead(file: string): GazDb | null {
  if (!existsSync(file)) return null;
  let db: GazDb;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RasadError("STORE", `cannot open ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    db.pragma("busy_timeout = 10000");
    const t = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('gazetteer_places', 'gazetteer_names')").get() as { n: number };
    if (t.n < 2) { db.close(); return null; }
    return db;
  } catch (err) {
    db.close();
    throw new RasadError("STORE", `cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}

/** A stamp that changes whenever a file is (re)imported: the in-process cache is keyed on it. */
export function stampOf(db: GazDb): string {
  try {
    const r = db.prepare("SELECT count(*) AS n, coalesce(max(imported_at), '') AS t, coalesce(sum(places), 0) AS p FROM gazetteer_files").get() as { n: number; t: string; p: number };
    return `${r.n}:${r.t}:${r.p}`;
  } catch {
    return "";
  }
}

/** Writes one file's rows; the caller holds the transaction. */
export class FileWriter {
  private delNames: Database.Statement;
  private insPlace: Database.Statement;
  private insName: Database.Statement;
  places = 0;
  names = 0;
  arabicNames = 0;
  constructor(private db: GazDb, readonly file: string, readonly source: string, readonly path: string) {
    // re-importing a file replaces what it brought last time
    db.prepare("DELETE FROM gazetteer_names WHERE place_id IN (SELECT id FROM gazetteer_places WHERE file = ?)").run(file);
    db.prepare("DELETE FROM gazetteer_places WHERE file = ?").run(file);
    this.delNames = db.prepare("DELETE FROM gazetteer_names WHERE place_id = ?");
    this.insPlace = db.prepare(`INSERT OR REPLACE INTO gazetteer_places (id, source, file, placetype, type, name, lat, lon, country, admin1, admin1_derived, population)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insName = db.prepare("INSERT OR IGNORE INTO gazetteer_names (place_id, name, ord, lang, norm) VALUES (?, ?, ?, ?, ?)");
  }
  write(r: GazRow): void {
    // an id another file brought before is taken over by this one
    this.delNames.run(r.id);
    this.insPlace.run(r.id, r.source, this.file, r.placetype, r.type, r.name, r.lat, r.lon, r.country, r.admin1, r.admin1Derived ? 1 : 0, r.population);
    this.places++;
    for (const [ord, n] of r.names.entries()) {
      const norm = n.lang === "ar" ? formKeys(n.name).join(" ") : n.name.toLowerCase();
      if (!norm) continue;
      this.insName.run(r.id, n.name, ord, n.lang, norm);
      this.names++;
      if (n.lang === "ar") this.arabicNames++;
    }
  }
  finish(): void {
    this.db.prepare("INSERT OR REPLACE INTO gazetteer_files (file, source, path, places, names, imported_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(this.file, this.source, this.path, this.places, this.names, new Date().toISOString());
  }
}

export interface StoredPlace {
  id: string;
  source: string;
  placetype: string;
  type: string;
  name: string;
  lat: number;
  lon: number;
  country: string;
  admin1: string;
  population: number;
  /** Arabic names, as written */
  ar: string[];
  /** their matcher keys, as stored at import */
  keys: string[];
}

/** Every place with at least one Arabic name, its names in source order. */
export function readPlaces(db: GazDb): StoredPlace[] {
  const out: StoredPlace[] = [];
  let cur: StoredPlace | null = null;
  const rows = db.prepare(`SELECT p.id, p.source, p.placetype, p.type, p.name, p.lat, p.lon, p.country, p.admin1, p.population, n.name AS ar, n.norm
    FROM gazetteer_names n JOIN gazetteer_places p ON p.id = n.place_id WHERE n.lang = 'ar' ORDER BY n.place_id, n.ord`).raw().iterate() as Iterable<unknown[]>;
  for (const r of rows) {
    if (!cur || cur.id !== r[0]) {
      cur = { id: r[0] as string, source: r[1] as string, placetype: r[2] as string, type: r[3] as string, name: r[4] as string, lat: r[5] as number,
        lon: r[6] as number, country: r[7] as string, admin1: r[8] as string, population: r[9] as number, ar: [], keys: [] };
      out.push(cur);
    }
    cur.ar.push(r[10] as string);
    cur.keys.push(r[11] as string);
  }
  return out;
}

/** Bytes the gazetteer tables and indexes take in the file (dbstat where compiled in, else the whole file). */
export function gazetteerBytes(db: GazDb): number {
  try {
    const r = db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'gazetteer%' OR name LIKE 'sqlite_autoindex_gazetteer%'").get() as { b: number | null };
    if (r.b) return r.b;
  } catch { /* dbstat not compiled in */ }
  const pc = db.pragma("page_count", { simple: true }) as number;
  const ps = db.pragma("page_size", { simple: true }) as number;
  return pc * ps;
}

// Import gazetteer files into the store: the format is recognised from the first line, each file is written in
// one transaction (re-importing a file replaces what it brought), and a bad file is an error naming the file.
import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { RasadError, describeError } from "../contract/errors.js";
import { openForWrite, FileWriter, gazetteerBytes, type GazDb } from "./db.js";
import { parseWof, isWofHeader, newStats, type ParseStats } from "./wof.js";
import { parseGeonamesLine, isGeonamesLine } from "./geonames.js";

export type GazFormat = "wof" | "geonames";

export interface ImportProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface FileSummary {
  file: string;
  path: string;
  format: GazFormat;
  /** data lines read */
  read: number;
  /** places written */
  places: number;
  names: number;
  arabicNames: number;
  /** rows left out as superseded (WOF deprecated or not current) */
  superseded: number;
  malformed: number;
  /** features of kinds rasad does not keep, by source type */
  otherTypes: Record<string, number>;
  /** villages whose governorate was derived from their neighbours */
  derivedAdmin1: number;
  ms: number;
}

export interface ImportSummary {
  files: FileSummary[];
  failures: Array<{ path: string; error: RasadError }>;
  /** all places and names in the store after the import */
  totalPlaces: number;
  totalNames: number;
  totalArabicKeys: number;
  /** bytes of the gazetteer tables and indexes */
  bytes: number;
  ms: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Called when a file is done (or failed), before the next one starts. */
  onFile?: (s: FileSummary | { path: string; error: RasadError }) => void;
}

/** Import every file; a bad file is reported in `failures` and the others still go in. */
export async function importGazetteer(dbPath: string, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const t0 = performance.now();
  const db = openForWrite(dbPath);
  const files: FileSummary[] = [];
  const failures: ImportSummary["failures"] = [];
  try {
    for (const path of paths) {
      try {
        const s = await importFile(db, path, opts.onProgress);
        files.push(s);
        opts.onFile?.(s);
      } catch (err) {
        const error = err instanceof RasadError ? err : new RasadError("BAD_INPUT", describeError(err), { file: path }, { cause: err });
        failures.push({ path, error });
        opts.onFile?.({ path, error });
      }
    }
    const totals = db.prepare("SELECT (SELECT count(*) FROM gazetteer_places) AS p, (SELECT count(*) FROM gazetteer_names) AS n, (SELECT count(DISTINCT norm) FROM gazetteer_names WHERE lang = 'ar') AS k").get() as { p: number; n: number; k: number };
    return { files, failures, totalPlaces: totals.p, totalNames: totals.n, totalArabicKeys: totals.k, bytes: gazetteerBytes(db), ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

/** The format of a file from its first line; throws a RasadError naming the file when it is neither. */
export function detectFormat(path: string): GazFormat {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new RasadError("UNREADABLE", (err as NodeJS.ErrnoException).code ?? describeError(err), { file: path }, { cause: err });
  }
  const buf = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } catch (err) {
    throw new RasadError("UNREADABLE", (err as NodeJS.ErrnoException).code ?? describeError(err), { file: path }, { cause: err });
  } finally {
    closeSync(fd);
  }
  const head = buf.subarray(0, n);
  // allCountries.zip, SY.zip, a .gz: the dumps are downloaded compressed
  if ((head[0] === 0x50 && head[1] === 0x4b) || (head[0] === 0x1f && head[1] === 0x8b)) {
    throw new RasadError("BINARY", "a compressed file: unpack it first (a gazetteer is a tab-separated text file)", { file: path });
  }
  if (head.includes(0)) throw new RasadError("BINARY", "a gazetteer is a tab-separated text file", { file: path });
  const text = head.toString("utf8");
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "");
  if (first === undefined) throw new RasadError("EMPTY", "no rows", { file: path });
  if (isWofHeader(first)) return "wof";
  if (isGeonamesLine(first)) return "geonames";
  throw new RasadError("BAD_INPUT", "neither a Who's On First TSV (header wof_id, placetype, name, name_ar…) nor a GeoNames dump (19 tab-separated columns, geonameid first)", { file: path, line: 1 });
}

async function importFile(db: GazDb, path: string, onProgress?: (p: ImportProgress) => void): Promise<FileSummary> {
  const t0 = performance.now();
  const format = detectFormat(path);
  const file = basename(path);
  const totalBytes = statSync(path).size;
  const stats = newStats();
  db.exec("BEGIN IMMEDIATE");
  let w: FileWriter;
  let derived = 0;
  try {
    w = new FileWriter(db, file, format, path);
    if (format === "wof") {
      const rows = parseWof(readFileSync(path, "utf8").split(/\r?\n/), path, stats);
      rows.forEach((r, i) => {
        w.write(r);
        if (r.admin1Derived) derived++;
        if (onProgress && (i + 1) % 5000 === 0) onProgress({ file, rows: i + 1, bytes: Math.round((totalBytes * (i + 1)) / rows.length), totalBytes });
      });
    } else {
      let lineNo = 0, bytes = 0;
      const rl = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
      for await (const line of rl) {
        lineNo++;
        bytes += Buffer.byteLength(line) + 1;
        const r = parseGeonamesLine(line, stats, lineNo);
        if (r) w.write(r);
        if (onProgress && lineNo % 20000 === 0) onProgress({ file, rows: lineNo, bytes, totalBytes });
      }
    }
    checkStats(stats, path, format);
    w.finish();
    db.exec("COMMIT");
  } catch (err) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (err instanceof RasadError) throw err;
    throw new RasadError("STORE", describeError(err), { file: path }, { cause: err });
  }
  onProgress?.({ file, rows: stats.read, bytes: totalBytes, totalBytes });
  return {
    file, path, format, read: stats.read, places: w.places, names: w.names, arabicNames: w.arabicNames, superseded: stats.superseded,
    malformed: stats.malformed, otherTypes: stats.otherTypes, derivedAdmin1: derived, ms: performance.now() - t0,
  };
}

/** A file with no usable row, or mostly malformed lines, is not what it claims to be. */
function checkStats(stats: ParseStats, path: string, format: GazFormat): void {
  const kept = stats.read - stats.malformed;
  if (stats.read === 0) throw new RasadError("EMPTY", "no data rows", { file: path });
  if (kept === 0 || stats.malformed > stats.read / 2) {
    const where = stats.badLines.length ? `; first at line${stats.badLines.length > 1 ? "s" : ""} ${stats.badLines.join(", ")}` : "";
    throw new RasadError("BAD_INPUT", `${stats.malformed} of ${stats.read} ${format === "wof" ? "WOF" : "GeoNames"} rows are malformed (no id or no coordinates)${where}`, { file: path, line: stats.badLines[0] });
  }
}

// Lexicon files: reviewed TSV data under lexicon/data/, validated at load (every bad row reported at once).
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RasadError } from "../contract/errors.js";
import { ACTOR_TYPES, PLACE_TYPES, ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES } from "../contract/vocab.js";

export type LexKind = "actor" | "place" | "item" | "flow" | "event" | "source" | "time" | "function";

/** One lexicon row: its Arabic forms and what they mean. */
export interface LexEntry {
  kind: LexKind;
  id: string;
  /** actor type, place type, item category, flow mode, event type, source kind, time kind or function role */
  type: string;
  forms: string[];
  en: string;
  /** Further columns of the row, by header name (dir, item, value, lat, lon, country, admin1, note). */
  extra: Record<string, string>;
}

interface FileSpec { file: string; kind: LexKind; columns: string[]; typeColumn: string; allowed?: (v: string) => boolean }

const FLOW_MODES_X = new Set<string>([...FLOW_MODES.values, "exchange", "via", "beneficiary"]);
const SOURCE_KINDS_X = new Set(["anonymous", "media", "person_head", "media_head", "org_head", "report_verb", "hedge", "denial"]);
const TIME_KINDS = new Set(["relative_day", "relative_period", "weekday", "month", "part_of_day", "duration_unit"]);
const FUNCTION_ROLES = new Set(["member", "actor_head", "person_head", "place_head", "direction", "anaphor", "number",
  "casualty_killed", "casualty_injured", "negation"]);

export const LEXICON_FILES: FileSpec[] = [
  { file: "actors.tsv", kind: "actor", columns: ["id", "type", "ar", "en", "note"], typeColumn: "type", allowed: (v) => ACTOR_TYPES.has(v) },
  { file: "places.tsv", kind: "place", columns: ["id", "type", "ar", "en", "lat", "lon", "country", "admin1", "note"], typeColumn: "type", allowed: (v) => PLACE_TYPES.has(v) },
  { file: "items.tsv", kind: "item", columns: ["id", "category", "ar", "en", "note"], typeColumn: "category", allowed: (v) => ITEM_CATEGORIES.has(v) },
  { file: "flow-triggers.tsv", kind: "flow", columns: ["id", "mode", "dir", "item", "ar", "en", "note"], typeColumn: "mode", allowed: (v) => FLOW_MODES_X.has(v) },
  { file: "event-triggers.tsv", kind: "event", columns: ["id", "type", "dir", "ar", "en", "note"], typeColumn: "type", allowed: (v) => EVENT_TYPES.has(v) },
  { file: "sources.tsv", kind: "source", columns: ["id", "kind", "ar", "en", "note"], typeColumn: "kind", allowed: (v) => SOURCE_KINDS_X.has(v) },
  { file: "time.tsv", kind: "time", columns: ["id", "kind", "value", "ar", "en", "note"], typeColumn: "kind", allowed: (v) => TIME_KINDS.has(v) },
  { file: "function-words.tsv", kind: "function", columns: ["id", "role", "value", "ar", "en", "note"], typeColumn: "role", allowed: (v) => FUNCTION_ROLES.has(v) },
];

/** The folder of the shipped lexicons (resolved from src/ or dist/ alike). */
export const DATA_DIR = fileURLToPath(new URL("../../src/lexicon/data/", import.meta.url));

/** Parse one TSV lexicon. Errors are collected, not thrown one at a time. */
export function parseLexicon(text: string, spec: FileSpec, errors: string[], file = spec.file): LexEntry[] {
  const out: LexEntry[] = [];
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  lines.forEach((line, n) => {
    if (!line.trim() || line.startsWith("#")) return;
    const cells = line.split("\t");
    if (!header) {
      header = cells.map((c) => c.trim());
      const missing = spec.columns.filter((c) => c !== "note" && !header!.includes(c));
      if (missing.length) errors.push(`${file}:${n + 1}: header lacks ${missing.join(", ")}`);
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((h, k) => { row[h] = (cells[k] ?? "").trim(); });
    const where = `${file}:${n + 1}`;
    if (!row.id) { errors.push(`${where}: empty id`); return; }
    const type = row[spec.typeColumn] ?? "";
    if (spec.allowed && !spec.allowed(type)) { errors.push(`${where}: ${spec.typeColumn} «${type}» is not allowed`); return; }
    const forms = (row.ar ?? "").split("|").map((f) => f.trim()).filter(Boolean);
    if (!forms.length) { errors.push(`${where}: no Arabic forms`); return; }
    if (spec.kind === "place") {
      const lat = Number(row.lat), lon = Number(row.lon);
      if (row.lat && (!Number.isFinite(lat) || lat < -90 || lat > 90)) errors.push(`${where}: bad lat «${row.lat}»`);
      if (row.lon && (!Number.isFinite(lon) || lon < -180 || lon > 180)) errors.push(`${where}: bad lon «${row.lon}»`);
    }
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (k !== "id" && k !== "ar" && k !== "en" && k !== spec.typeColumn && v) extra[k] = v;
    out.push({ kind: spec.kind, id: row.id, type, forms, en: row.en ?? "", extra });
  });
  return out;
}

/** Load every shipped lexicon file that exists; throws one RasadError listing all bad rows. */
export function loadLexicons(dir = DATA_DIR): LexEntry[] {
  const errors: string[] = [];
  const out: LexEntry[] = [];
  for (const spec of LEXICON_FILES) {
    const path = dir + spec.file;
    if (!existsSync(path)) continue;
    out.push(...parseLexicon(readFileSync(path, "utf8"), spec, errors));
  }
  if (errors.length) throw new RasadError("LEXICON", `${errors.length} bad rows:\n  ${errors.slice(0, 50).join("\n  ")}`, { file: dir });
  return out;
}


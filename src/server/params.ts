// Query-string schemas for the API: every parameter is parsed here, and anything unexpected becomes a 400 BAD_PARAM.
//
// Lists may be given either way: `item=weapons,money` or `item=weapons&item=money`. Unknown parameters are refused
// (a misspelt filter that is silently ignored would show an analyst the wrong picture).
import { z } from "zod";
import {
  RasadError, ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, FACT_TYPES, SOURCE_KINDS, MODALITIES, ENTITY_KINDS,
  ACTOR_TYPES, PLACE_TYPES,
} from "../contract/index.js";
import { CLAIM_STATUSES, REVIEW_VERDICTS, CLAIM_KINDS } from "../store/index.js";

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

/** Splits comma-separated values and flattens repeated parameters. */
function toList(splitCommas: boolean) {
  return (v: unknown): unknown => {
    if (v === undefined) return undefined;
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) =>
      typeof x === "string" ? (splitCommas ? x.split(",") : [x]) : [x]);
    return parts.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== "");
  };
}
/** The last value of a repeated parameter (`?limit=5&limit=6` reads as 6); lists are handled by `list`. */
function single(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

const listOf = <T extends z.ZodType>(item: T, splitCommas = true) =>
  z.preprocess(toList(splitCommas), z.array(item).min(1).max(100)).optional();

export const ENTITY_KEY_PATTERN = /^(actor|place)\/\S/u;
const entityKey = z.string().min(3).max(300).regex(ENTITY_KEY_PATTERN, "an entity key such as actor/isis or place/sy-raqqa");
const keyList = listOf(entityKey);

const text = (max = 500) => z.preprocess(single, z.string().max(max)).optional();
/** A day that exists: Date.parse would roll 2024-02-31 over to March. */
function realDay(s: string): boolean {
  if (s.length < 10) return true;
  const [y, m, d] = s.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
/** YYYY, YYYY-MM or YYYY-MM-DD: claim dates are filed at that precision. */
const datePart = z.preprocess(single, z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/u, "a date: YYYY, YYYY-MM or YYYY-MM-DD")
  .refine(realDay, "no such day")).optional();
/** An ISO 8601 date or timestamp that Date can read. */
const instant = z.preprocess(single, z.string().max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/u, "an ISO date or timestamp such as 2024-03-01T00:00:00Z")
  .refine((s) => realDay(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), "no such date")).optional();
const bool = z.preprocess(single, z.enum(["true", "false", "1", "0"]).transform((s) => s === "true" || s === "1")).optional();
const int = (min: number, max: number) => z.preprocess(single, z.string().regex(/^\d+$/u, "a whole number")
  .transform(Number).pipe(z.number().int().min(min).max(max))).optional();
const docId = z.preprocess(single, z.string().min(1).max(200)).optional();

export const pageShape = {
  limit: int(1, 1000),
  offset: int(0, 1_000_000_000),
};

export const claimFilterShape = {
  giver: keyList,
  receiver: keyList,
  actor: keyList,
  entity: keyList,
  item: listOf(enumOf(ITEM_CATEGORIES.values)),
  mode: listOf(enumOf(FLOW_MODES.values)),
  place: keyList,
  type: listOf(enumOf([...EVENT_TYPES.values, ...FACT_TYPES.values])),
  from: datePart,
  to: datePart,
  doc: docId,
  outlet: listOf(z.string().min(1).max(200), false),
  source: listOf(enumOf(SOURCE_KINDS.values)),
  modality: listOf(enumOf(MODALITIES.values)),
  status: listOf(enumOf(CLAIM_STATUSES)),
  includeRejected: bool,
  originalsOnly: bool,
};
export const edgeFilterShape = { ...claimFilterShape, minOutlets: int(0, 10_000) };

export const Q = {
  none: z.object({}).strict(),
  page: z.object(pageShape).strict(),
  stats: z.object({ since: instant }).strict(),
  documents: z.object({
    q: text(),
    outlet: listOf(z.string().min(1).max(200), false),
    from: datePart,
    to: datePart,
    entity: z.preprocess(single, entityKey).optional(),
    since: instant,
    originalsOnly: bool,
    ...pageShape,
  }).strict(),
  entities: z.object({
    q: text(),
    kind: z.preprocess(single, enumOf(ENTITY_KINDS.values)).optional(),
    type: listOf(enumOf([...ACTOR_TYPES.values, ...PLACE_TYPES.values])),
    since: instant,
    geo: bool,
    ...pageShape,
  }).strict(),
  aliases: z.object({ limit: int(1, 1000) }).strict(),
  claims: z.object({ ...claimFilterShape, ...pageShape }).strict(),
  edges: z.object({ ...edgeFilterShape, ...pageShape }).strict(),
  graph: z.object(edgeFilterShape).strict(),
  neighbourhood: z.object({ ...edgeFilterShape, depth: int(1, 2), maxEdges: int(1, 5000) }).strict(),
  places: z.object({ ...claimFilterShape, geo: bool, ...pageShape }).strict(),
  search: z.object({ q: z.preprocess(single, z.string().trim().min(1, "a search query").max(500)), ...pageShape }).strict(),
  reviews: z.object({
    claimId: docId,
    docId,
    reviewer: text(200),
    verdict: listOf(enumOf(REVIEW_VERDICTS)),
    orphaned: bool,
    ...pageShape,
  }).strict(),
  exportClaims: z.object({ ...claimFilterShape, kind: listOf(enumOf(CLAIM_KINDS)) }).strict(),
  exportGeo: z.object(claimFilterShape).strict(),
};

export const P = {
  id: z.object({ id: z.string().min(1).max(200) }).strict(),
  key: z.object({ key: entityKey }).strict(),
};

/** The review a client sends: the reviewer may be left out (the token's name, or the local analyst, is used). */
export const ReviewBodySchema = z.object({
  claimId: z.string().min(1).max(200),
  verdict: enumOf(REVIEW_VERDICTS),
  corrected: z.record(z.string(), z.unknown()).optional(),
  reviewer: z.string().trim().min(1).max(200).optional(),
  note: z.string().max(10_000).optional(),
}).strict();
export type ReviewBody = z.infer<typeof ReviewBodySchema>;

/** A report to store, as a JSON lines record has it: the text and what is known of where it came from. */
export const DocumentBodySchema = z.object({
  text: z.string().max(10 * 1024 * 1024),
  title: z.string().max(2_000).optional(),
  url: z.string().max(4_000).optional(),
  outlet: z.string().max(500).optional(),
  published: z.string().max(100).optional(),
  id: z.string().max(500).optional(),
}).strict();
export type DocumentBody = z.infer<typeof DocumentBodySchema>;

/** Parses with a schema, or throws BAD_PARAM naming the first offending parameter. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, where: "query" | "path" | "body"): z.infer<T> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  // `item.1` → parameter item, "value 2: …": the parameter is what a caller can fix.
  let param = issue.path.length > 0 ? String(issue.path[0]) : "";
  let message = issue.path.length > 1 && typeof issue.path[1] === "number" ? `value ${issue.path[1] + 1}: ${issue.message}` : issue.message;
  if (issue.code === "unrecognized_keys") {
    param = issue.keys.join(", ");
    message = where === "body" ? `unknown field; expected ${knownKeys(schema)}` : `unknown parameter; expected ${knownKeys(schema)}`;
  }
  throw new RasadError(where === "body" ? "BAD_INPUT" : "BAD_PARAM", where === "body" && param ? `field ${param}: ${message}` : message, param && where !== "body" ? { param } : {});
}

function knownKeys(schema: z.ZodType): string {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const keys = shape ? Object.keys(shape) : [];
  return keys.length ? keys.join(", ") : "none";
}

/** Drops undefined values so that filters reach the store as the caller gave them. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Splits a parsed query into the filter and the page. */
export function splitPage<T extends { limit?: number; offset?: number }>(q: T): { filter: Omit<T, "limit" | "offset">; page: { limit?: number; offset?: number } } {
  const { limit, offset, ...filter } = q;
  return { filter: defined(filter) as Omit<T, "limit" | "offset">, page: defined({ limit, offset }) };
}

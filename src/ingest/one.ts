// One report handed over whole (the HTTP API's POST /api/documents): read as a JSON document, extracted in this
// thread, stored like any ingested document. Also the two steps `ingest` shares with it: the store's input from a
// read document, and the extraction's results put on it.
import { RasadError } from "../contract/errors.js";
import { PIPELINE_VERSION } from "../extract/index.js";
import type { Store, DocumentInput, PutOutcome } from "../store/index.js";
import type { SqliteDocumentInput } from "../store/sqlite.js";
import { fromJson, DEFAULT_MAX_SIZE, type RawDoc } from "./read.js";
import runTask, { type ExtractResult } from "./worker.js";

/** The store's input for a read document (its claims are added by withExtraction). */
export function documentInput(raw: RawDoc, id: string, normText: string, pipeline: string): DocumentInput {
  const input: DocumentInput = {
    id, text: raw.text, normText, pipeline, extraction: null,
    path: raw.item ? `${raw.path}#${raw.item}` : raw.path,
  };
  if (raw.title !== undefined) input.title = raw.title;
  if (raw.url !== undefined) input.url = raw.url;
  if (raw.outlet !== undefined) input.outlet = raw.outlet;
  if (raw.published !== undefined) input.published = raw.published;
  if (raw.sourceId !== undefined) input.sourceId = raw.sourceId;
  return input;
}

/** Puts an extraction's results on the input: the claims, the search text and the near-duplicate keys. */
export function withExtraction(input: DocumentInput, res: ExtractResult): DocumentInput {
  input.extraction = res.extraction ?? null;
  input.indexText = res.indexText;
  if (res.nearKeys) input.nearKeys = res.nearKeys;
  // read by the SQLite store (SqliteDocumentInput), which keeps them for later comparisons; others ignore them
  if (res.shingles) (input as SqliteDocumentInput).shingles = res.shingles;
  return input;
}

export interface IngestOneOptions {
  /** Where the report came from, as stored with its copy (default "api"). */
  path?: string;
  /** Largest text in UTF-8 bytes (default DEFAULT_MAX_SIZE). */
  maxSize?: number;
}

/**
 * Reads `body` as one document ({ text, title?, url?, outlet?, published?, id? }, the fields a JSON lines record
 * has), extracts it with the store's gazetteer (SQLite) and stores it. A bad body throws its RasadError (EMPTY,
 * TOO_LARGE, MISSING_FIELD, BAD_INPUT); a report already stored is recorded as one more copy.
 */
export async function ingestOne(store: Store, body: unknown, opts: IngestOneOptions = {}): Promise<{ outcome: PutOutcome; doc: RawDoc }> {
  const read = fromJson(body, opts.path ?? "api", "", { maxSize: opts.maxSize ?? DEFAULT_MAX_SIZE });
  if (read.failure) throw read.failure.error;
  const raw = read.doc!;
  const res = await runTask({
    doc: { text: raw.text, url: raw.url, published: raw.published, title: raw.title, outlet: raw.outlet },
    gazetteer: store.backend === "sqlite" ? store.location : undefined,
  });
  if (res.error || !res.extraction) throw new RasadError("INTERNAL", res.error?.message ?? "no extraction", { doc: res.id });
  const [outcome] = await store.putDocuments([withExtraction(documentInput(raw, res.id, res.normText, PIPELINE_VERSION), res)]);
  if (outcome.status === "failed") throw outcome.error ?? new RasadError("STORE", "not stored", { doc: res.id });
  return { outcome, doc: raw };
}

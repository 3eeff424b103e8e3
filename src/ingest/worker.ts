// The CPU-bound part of ingest, run in a worker thread (piscina) or in-process: the document id, the stored-copy
// check, extraction, its contract check, SimHash keys and the search text. The main thread only reads and writes.
import Database from "better-sqlite3";
import { ExtractionSchema, type Extraction, type InputDoc } from "../contract/index.js";
import { extract, type ExtractOptions } from "../extract/index.js";
import { gazetteerOptions } from "../gazetteer/index.js";
import { indexText } from "../store/search-text.js";
import { shingles, nearKeysOf } from "../store/near-dup.js";
import { fingerprint } from "./dedupe.js";
import { compileCheck } from "./contract-check.js";

export interface ExtractTask {
  /** The document; without an id, its id is computed here (the hash of its normalized text). */
  doc: Omit<InputDoc, "id"> & { id?: string };
  /** normalizeForMatch(doc.text), when the caller computed it (with the id). */
  normText?: string;
  /** A SQLite store whose imported gazetteer (issue 5's tables) extends the shipped lexicons. */
  gazetteer?: string;
  /**
   * A SQLite store to look the id up in: a document it holds is not extracted again (`known` says so), unless
   * `reextract` is set and it was made by another pipeline version. Only what is committed is seen.
   */
  skipKnown?: { db: string; pipeline: string; reextract: boolean };
}

export interface ExtractResult {
  id: string;
  normText: string;
  /** The pipeline version of the stored copy, when the store holds the document and it is not re-extracted. */
  known?: string;
  extraction?: Extraction;
  nearKeys?: number[];
  /** The word 3-shingles the keys come from (the SQLite store keeps them to compare later documents). */
  shingles?: Uint32Array;
  indexText?: string;
  /** The extractor threw or broke the contract: the document is recorded as a failure. */
  error?: { message: string };
}

/** Extraction options per store file, loaded once per thread (compiling the lexicon with a gazetteer takes a while). */
const optionsFor = new Map<string, Promise<ExtractOptions>>();
function loadOptions(db: string): Promise<ExtractOptions> {
  let p = optionsFor.get(db);
  if (!p) {
    p = gazetteerOptions(db);
    optionsFor.set(db, p);
  }
  return p;
}

/** One read-only connection per store file and thread, for the stored-copy check. */
const readers = new Map<string, Database.Statement>();
function storedPipeline(db: string, id: string): string | undefined {
  let st = readers.get(db);
  // closed by closeReaders() when another in-process run ended: opened again
  if (!st || !st.database.open) {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    conn.pragma("busy_timeout = 10000");
    st = conn.prepare("SELECT pipeline FROM documents WHERE id = ?").pluck();
    readers.set(db, st);
  }
  return st.get(id) as string | undefined;
}

/** Closes this thread's read-only connections (the in-process pool, when the run ends). */
export function closeReaders(): void {
  for (const st of readers.values()) st.database.close();
  readers.clear();
}

/** The contract as a compiled predicate (zod only explains a failure); zod itself if the schema will not compile. */
const fastCheck = compileCheck(ExtractionSchema);

/** Never throws: a failing extractor is data (errors cannot cross a thread boundary as RasadErrors). */
export default async function runTask(task: ExtractTask): Promise<ExtractResult> {
  let id = task.doc.id;
  let normText = task.normText;
  if (id === undefined || normText === undefined) ({ id, normText } = fingerprint(task.doc.text));
  const out: ExtractResult = { id, normText };
  if (task.skipKnown) {
    let known: string | undefined;
    try {
      known = storedPipeline(task.skipKnown.db, id);
    } catch (err) {
      return { ...out, error: { message: `the store cannot be read: ${(err as Error)?.message ?? String(err)}` } };
    }
    if (known !== undefined && !(task.skipKnown.reextract && known !== task.skipKnown.pipeline)) return { ...out, known };
  }
  let opts: ExtractOptions = {};
  if (task.gazetteer) {
    try {
      opts = await loadOptions(task.gazetteer);
    } catch (err) {
      return { ...out, error: { message: `the store's gazetteer cannot be loaded: ${(err as Error)?.message ?? String(err)}` } };
    }
  }
  let raw: unknown;
  try {
    raw = extract({ ...task.doc, id }, opts);
  } catch (err) {
    return { ...out, error: { message: `the extractor failed: ${(err as Error)?.message ?? String(err)}` } };
  }
  let extraction: Extraction;
  if (fastCheck?.(raw)) extraction = raw as Extraction;
  else {
    const parsed = ExtractionSchema.safeParse(raw);
    if (!parsed.success) {
      const what = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return { ...out, error: { message: `the extractor's output breaks the contract: ${what}` } };
    }
    extraction = parsed.data;
  }
  out.extraction = extraction;
  const sh = shingles(normText);
  const keys = sh ? nearKeysOf(sh) : undefined;
  if (sh && keys) { out.nearKeys = keys; out.shingles = sh; }
  out.indexText = indexText(normText);
  return out;
}

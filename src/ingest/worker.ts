// The CPU-bound part of ingest, run in a worker thread (piscina) or in-process: extraction, SimHash, search text.
import { ExtractionSchema, type Extraction, type InputDoc } from "../contract/index.js";
import { extract, type ExtractOptions } from "../extract/index.js";
import { gazetteerOptions } from "../gazetteer/index.js";
import { indexText } from "../store/search-text.js";
import { nearKeys } from "./dedupe.js";

export interface ExtractTask {
  doc: InputDoc;
  /** normalizeForMatch(doc.text), computed once by the caller (it hashes it for the document id). */
  normText: string;
  /** A SQLite store whose imported gazetteer (issue 5's tables) extends the shipped lexicons. */
  gazetteer?: string;
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

export interface ExtractResult {
  extraction?: Extraction;
  nearKeys?: number[];
  indexText?: string;
  /** The extractor threw or broke the contract: the document is recorded as a failure. */
  error?: { message: string };
}

/** Never throws: a failing extractor is data (errors cannot cross a thread boundary as RasadErrors). */
export default async function runTask(task: ExtractTask): Promise<ExtractResult> {
  let opts: ExtractOptions = {};
  if (task.gazetteer) {
    try {
      opts = await loadOptions(task.gazetteer);
    } catch (err) {
      return { error: { message: `the store's gazetteer cannot be loaded: ${(err as Error)?.message ?? String(err)}` } };
    }
  }
  let raw: unknown;
  try {
    raw = extract(task.doc, opts);
  } catch (err) {
    return { error: { message: `the extractor failed: ${(err as Error)?.message ?? String(err)}` } };
  }
  const parsed = ExtractionSchema.safeParse(raw);
  if (!parsed.success) {
    const what = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { error: { message: `the extractor's output breaks the contract: ${what}` } };
  }
  return { extraction: parsed.data, nearKeys: nearKeys(task.normText), indexText: indexText(task.normText) };
}

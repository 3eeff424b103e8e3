// The ingest run: read → hash → (skip what is stored) → extract on every core → write in input order, in batches.
// The main thread reads and writes; hashing, the stored-copy check (SQLite) and extraction run in the workers.
//
// Writes happen in the order documents were read, one transaction per batch, so that which copy is "the first"
// (for near-duplicates) is the same in every run, and a run killed at any point (kill -9) leaves whole batches
// only; rerunning the same command skips what is stored and completes the rest, ending with the same store.
import { availableParallelism } from "node:os";
import { RasadError } from "../contract/index.js";
import { PIPELINE_VERSION } from "../extract/index.js";
import type { Store, DocumentInput } from "../store/index.js";
import { fingerprint } from "./dedupe.js";
import { listSources, readSources, DEFAULT_MAX_SIZE, type RawDoc, type ReadFailure } from "./read.js";
import { createPool, type ExtractPool } from "./pool.js";
import { documentInput, withExtraction } from "./one.js";
import type { ExtractResult } from "./worker.js";

export interface IngestOptions {
  store: Store;
  /** Worker threads for extraction (default: one per core but one, at least one; 0 runs it in this thread). */
  workers?: number;
  /** Largest document in bytes (default 10 MiB). */
  maxSize?: number;
  /** Documents per transaction (default 256; a batch is also written after half a second). */
  batchSize?: number;
  /** Re-extract stored documents whose pipeline version differs from the current one. */
  reextract?: boolean;
  /** Jaccard similarity for near-duplicates (default 0.7; 0 turns the check off). */
  nearThreshold?: number;
  /** Called after each written batch (and once at the end). */
  onProgress?: (p: IngestProgress) => void;
  /** Stops reading; what was read is still written. */
  signal?: AbortSignal;
  /** For tests: what "-" reads. */
  stdin?: () => Promise<Buffer>;
  /** The pipeline version stored with each document (default: the extractor's). */
  pipeline?: string;
  /** Use the store's imported gazetteer, if it has one (default true; SQLite stores only). */
  gazetteer?: boolean;
}

export interface IngestProgress {
  /** Input bytes consumed and in all (0 when unknown, e.g. stdin). */
  bytes: number;
  totalBytes: number;
  read: number;
  ingested: number;
  nearDuplicates: number;
  duplicates: number;
  reextracted: number;
  failed: number;
  seconds: number;
}

export interface FailureReport { path: string; item: string; code: string; message: string }

export interface IngestSummary extends IngestProgress {
  /** Documents written per second (new, near-duplicate and re-extracted). */
  docsPerSecond: number;
  /** The first 100 failures (all are in the store's failures table). */
  failures: FailureReport[];
  /** True when the run was stopped before reading everything. */
  stopped: boolean;
  workers: number;
}

type Pending =
  | { kind: "doc"; input: DocumentInput; raw: RawDoc }
  | { kind: "failure"; failure: ReadFailure };

export async function ingest(paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const { store } = opts;
  const started = performance.now();
  const maxSize = opts.maxSize ?? DEFAULT_MAX_SIZE;
  const batchSize = Math.max(1, opts.batchSize ?? 256);
  // the main thread reads and writes: one core is left to it
  const workers = Math.max(0, opts.workers ?? Math.max(1, availableParallelism() - 1));
  const pipeline = opts.pipeline ?? PIPELINE_VERSION;
  const reextract = opts.reextract ?? false;
  const gazetteer = opts.gazetteer !== false && store.backend === "sqlite" ? store.location : undefined;

  const p: IngestProgress = { bytes: 0, totalBytes: 0, read: 0, ingested: 0, nearDuplicates: 0, duplicates: 0, reextracted: 0, failed: 0, seconds: 0 };
  const failures: FailureReport[] = [];
  const { files, failures: listFailures } = await listSources(paths);
  p.totalBytes = files.reduce((n, f) => n + f.size, 0);

  const pool: ExtractPool = createPool(workers);
  const queue: Promise<Pending>[] = [];
  // documents read ahead of the writer: two batches, and enough for every worker to go on while a batch is written
  const maxInFlight = Math.max(16, 2 * batchSize + 128 * workers);
  // a SQLite store is read by the workers themselves: the id (a hash of the normalized text) and the stored-copy
  // check are made there, off the thread that reads and writes; another backend is asked here, in batches
  const skipKnown = store.backend === "sqlite" ? { db: store.location, pipeline, reextract } : undefined;
  const known = skipKnown ? null : batched((ids: string[]) => store.knownDocuments(ids), batchSize);
  let batch: Pending[] = [];
  let lastFlush = performance.now();
  let stopped = false;

  const fail = async (path: string, item: string, error: RasadError) => {
    p.failed++;
    if (failures.length < 100) failures.push({ path, item, code: error.code, message: error.message });
    await store.recordFailure({ path, item, code: error.code, message: error.message, doc: error.input.doc });
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const docs = batch.filter((b): b is Extract<Pending, { kind: "doc" }> => b.kind === "doc");
    const outcomes = await store.putDocuments(docs.map((d) => d.input), { reextract, nearThreshold: opts.nearThreshold });
    outcomes.forEach((o) => {
      if (o.status === "ingested") p.ingested++;
      else if (o.status === "near_duplicate") { p.ingested++; p.nearDuplicates++; }
      else if (o.status === "duplicate") p.duplicates++;
      else if (o.status === "reextracted") p.reextracted++;
    });
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i];
      if (o.status === "failed") await fail(docs[i].raw.path, docs[i].raw.item, o.error ?? new RasadError("STORE", "not stored", { doc: o.id }));
    }
    for (const b of batch) if (b.kind === "failure") await fail(b.failure.path, b.failure.item, b.failure.error);
    batch = [];
    lastFlush = performance.now();
    p.seconds = (performance.now() - started) / 1000;
    opts.onProgress?.({ ...p });
  };

  const drainOne = async () => {
    batch.push(await queue.shift()!);
    if (batch.length >= batchSize || performance.now() - lastFlush > 500) await flush();
  };

  const inputOf = (raw: RawDoc, id: string, normText: string): DocumentInput => documentInput(raw, id, normText, pipeline);

  const prepare = async (raw: RawDoc): Promise<Pending> => {
    const doc = { text: raw.text, url: raw.url, published: raw.published, title: raw.title, outlet: raw.outlet };
    let res: ExtractResult;
    if (known) {
      const { id, normText } = fingerprint(raw.text);
      const stored = await known(id);
      // stored already: only the copy is recorded (no extraction), unless it is to be re-extracted
      if (stored !== undefined && !(reextract && stored !== pipeline)) return { kind: "doc", input: inputOf(raw, id, normText), raw };
      res = await pool.run({ doc: { ...doc, id }, normText, gazetteer });
    } else {
      res = await pool.run({ doc, gazetteer, skipKnown });
    }
    const input = inputOf(raw, res.id, res.normText);
    if (res.known !== undefined) return { kind: "doc", input, raw };
    if (res.error || !res.extraction) {
      const error = new RasadError("INTERNAL", res.error?.message ?? "no extraction", { file: raw.path, doc: res.id });
      return { kind: "failure", failure: { path: raw.path, item: raw.item, error } };
    }
    return { kind: "doc", input: withExtraction(input, res), raw };
  };

  try {
    for (const f of listFailures) queue.push(Promise.resolve({ kind: "failure", failure: f }));
    for await (const r of readSources(files, { maxSize, stdin: opts.stdin })) {
      if (opts.signal?.aborted) { stopped = true; break; }
      p.read++;
      p.bytes = r.progress;
      if (r.failure) queue.push(Promise.resolve({ kind: "failure", failure: r.failure }));
      else {
        const raw = r.doc;
        // a rejected promise would stop the run: any error in preparing one document is that document's failure
        queue.push(prepare(raw).catch((err) => ({
          kind: "failure" as const,
          failure: { path: raw.path, item: raw.item, error: err instanceof RasadError ? err : new RasadError("INTERNAL", String((err as Error)?.message ?? err), { file: raw.path }) },
        })));
      }
      while (queue.length >= maxInFlight) await drainOne();
    }
    while (queue.length > 0) await drainOne();
    await flush();
  } finally {
    await pool.close();
  }
  p.seconds = (performance.now() - started) / 1000;
  const written = p.ingested + p.reextracted;
  return { ...p, docsPerSecond: p.seconds > 0 ? written / p.seconds : 0, failures, stopped, workers };
}

/**
 * Many single lookups as one call per `size` keys (or per turn of the event loop): what each key maps to, or
 * undefined. One failing call fails the lookups it held.
 */
function batched<V>(lookup: (keys: string[]) => Promise<Map<string, V>>, size: number): (key: string) => Promise<V | undefined> {
  let pending: { key: string; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  const run = () => {
    const these = pending;
    pending = [];
    if (these.length === 0) return;
    lookup([...new Set(these.map((p) => p.key))]).then(
      (m) => { for (const p of these) p.resolve(m.get(p.key)); },
      (err) => { for (const p of these) p.reject(err); },
    );
  };
  return (key) => new Promise<V | undefined>((resolve, reject) => {
    pending.push({ key, resolve, reject });
    if (pending.length === 1) setImmediate(run);
    if (pending.length >= size) run();
  });
}

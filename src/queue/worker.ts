// `rasad worker`: claim queued documents, extract them, store them; as many workers as there are machines.
//
// Exactly-once effect per document: the store keys a document by its content hash (a second attempt finds it and
// records nothing new), and a job is marked completed inside the transaction that stores its document, so a worker
// killed at any point leaves either nothing (the job expires and is retried) or the document and a completed job.
// A failure (the extractor throws, the store refuses) fails the job: pg-boss retries it with exponential backoff,
// and after the last attempt it goes to the dead-letter queue with its error, and to the store's failures.
import { availableParallelism } from "node:os";
import type PgBoss from "pg-boss";
import { RasadError } from "../contract/index.js";
import { PIPELINE_VERSION } from "../extract/index.js";
import { fingerprint } from "../ingest/index.js";
import { createPool, type ExtractPool } from "../ingest/pool.js";
import type { DocumentInput, PutOutcome } from "../store/index.js";
import { openPostgresStore, type PostgresStore, type OrderedDocument } from "../store/postgres.js";
import { openBoss, closeBoss, bossDb, requirePostgres, INGEST_QUEUE, QUEUE_SCHEMA, type IngestJobData } from "./boss.js";

export interface WorkerOptions {
  /** Extraction threads (default: one per core but one; 0 extracts in this thread). */
  threads?: number;
  /** Jobs claimed at once, extracted in parallel and stored in one transaction (default 16). */
  batchSize?: number;
  /** Milliseconds between polls of an empty queue (default 1000). */
  pollMs?: number;
  /** Stop when the queue has nothing left to claim (nothing created, retrying or active elsewhere). */
  untilEmpty?: boolean;
  /** Seconds between pg-boss maintenance runs, which retry the jobs of dead workers (default 30). */
  maintenanceSeconds?: number;
  /** Called once connected and ready to claim. */
  onReady?: () => void;
  /** Stops claiming; the batch in hand is finished first. */
  signal?: AbortSignal;
  onProgress?: (p: WorkerProgress) => void;
  /** For tests: runs before a claimed batch is extracted. */
  onClaim?: (jobs: { id: string; docId: string }[]) => void | Promise<void>;
  /** For tests: runs inside the store's transaction, documents written but not committed (a test kills the worker here). */
  beforeCommit?: (docIds: string[]) => void | Promise<void>;
  /** The pipeline version stored (default: the extractor's). */
  pipeline?: string;
}

export interface WorkerProgress {
  /** Jobs completed: documents stored (new, near-duplicate, re-extracted) or found stored already. */
  done: number;
  ingested: number;
  nearDuplicates: number;
  duplicates: number;
  reextracted: number;
  /** Attempts that failed (each is retried until its last). */
  failed: number;
  /** Jobs that failed their last attempt: dead letters. */
  dead: number;
  seconds: number;
  docsPerSecond: number;
}

type Job = PgBoss.JobWithMetadata<IngestJobData>;

interface Work {
  job: Job;
  input?: DocumentInput;
  seq: number;
  error?: RasadError;
}

function isJobData(d: unknown): d is IngestJobData {
  const x = d as IngestJobData;
  return typeof x === "object" && x !== null && x.v === 1 && typeof x.text === "string" && typeof x.seq === "number"
    && typeof x.path === "string" && typeof x.item === "string";
}

/** Where a job's document came from, as far as its data says (a malformed job has only its id). */
function where(job: Job): { path: string; item: string } {
  const d = (job.data ?? {}) as Partial<IngestJobData>;
  return typeof d.path === "string" ? { path: d.path, item: typeof d.item === "string" ? d.item : "" } : { path: `job:${job.id}`, item: "" };
}

/** Runs a worker until the signal stops it (or, with `untilEmpty`, until the queue is drained). */
export async function runWorker(url: string, opts: WorkerOptions = {}): Promise<WorkerProgress> {
  requirePostgres(url, "worker");
  // as the local ingest: the main thread claims, hashes and writes, one core is left to it
  const threads = Math.max(0, opts.threads ?? Math.max(1, availableParallelism() - 1));
  const batchSize = Math.max(1, opts.batchSize ?? 16);
  const pollMs = Math.max(50, opts.pollMs ?? 1000);
  const pipeline = opts.pipeline ?? PIPELINE_VERSION;
  const started = performance.now();
  const p: WorkerProgress = { done: 0, ingested: 0, nearDuplicates: 0, duplicates: 0, reextracted: 0, failed: 0, dead: 0, seconds: 0, docsPerSecond: 0 };
  const tick = () => {
    p.seconds = (performance.now() - started) / 1000;
    p.docsPerSecond = p.seconds > 0 ? (p.ingested + p.reextracted) / p.seconds : 0;
    opts.onProgress?.({ ...p });
  };

  const store = await openPostgresStore(url, { maxConnections: 3 });
  let boss: PgBoss | undefined;
  let pool: ExtractPool | undefined;
  try {
    boss = await openBoss(url, { supervise: true, maintenanceSeconds: opts.maintenanceSeconds ?? 30 });
    pool = createPool(threads);
    opts.onReady?.();
    for (;;) {
      if (opts.signal?.aborted) break;
      const jobs = await boss.fetch<IngestJobData>(INGEST_QUEUE, { batchSize, includeMetadata: true });
      if (jobs.length === 0) {
        if (opts.untilEmpty && (await queueDrained(store))) break;
        await sleep(pollMs, opts.signal);
        continue;
      }
      await opts.onClaim?.(jobs.map((j) => ({ id: j.id, docId: (j.data as IngestJobData)?.id ?? "" })));
      await processBatch(store, boss, pool, jobs, pipeline, p, opts.beforeCommit);
      tick();
    }
  } finally {
    await pool?.close().catch(() => {});
    if (boss) await closeBoss(boss);
    await store.close();
  }
  tick();
  return { ...p };
}

/** Nothing queued, retrying or active: with `untilEmpty`, the worker may go. */
async function queueDrained(store: PostgresStore): Promise<boolean> {
  const r = await store.pool.query(
    `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'completed'`, [INGEST_QUEUE],
  );
  return r.rows[0].n === 0;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal?.removeEventListener("abort", done); resolve(); }
    signal?.addEventListener("abort", done, { once: true });
  });
}

async function processBatch(
  store: PostgresStore, boss: PgBoss, pool: ExtractPool, jobs: Job[], pipeline: string, p: WorkerProgress,
  beforeCommit?: (docIds: string[]) => void | Promise<void>,
): Promise<void> {
  const work: Work[] = jobs.map((job) => {
    const d = job.data;
    if (!isJobData(d)) return { job, seq: 0, error: new RasadError("BAD_INPUT", "a queued job that is not a rasad document") };
    const { id, normText } = fingerprint(d.text);
    const input: DocumentInput = {
      id, text: d.text, normText, pipeline, extraction: null, path: d.item ? `${d.path}#${d.item}` : d.path,
    };
    if (d.title !== undefined) input.title = d.title;
    if (d.url !== undefined) input.url = d.url;
    if (d.outlet !== undefined) input.outlet = d.outlet;
    if (d.published !== undefined) input.published = d.published;
    if (d.sourceId !== undefined) input.sourceId = d.sourceId;
    return { job, input, seq: d.seq };
  });

  // extract what the store lacks, or holds from a later copy (in input order) or an older pipeline when asked
  const known = await store.knownSeqs(work.flatMap((w) => (w.input ? [w.input.id] : [])));
  await Promise.all(work.map(async (w) => {
    if (!w.input) return;
    const d = w.job.data;
    const k = known.get(w.input.id);
    const needed = !k || w.seq < k.seq || (d.reextract === true && k.pipeline !== pipeline);
    if (!needed) return;
    try {
      const res = await pool.run({
        doc: { id: w.input.id, text: d.text, url: d.url, published: d.published, title: d.title, outlet: d.outlet },
        normText: w.input.normText!,
      });
      if (res.error || !res.extraction) {
        w.error = new RasadError("INTERNAL", res.error?.message ?? "no extraction", { file: d.path, doc: w.input.id });
        return;
      }
      w.input.extraction = res.extraction;
      w.input.indexText = res.indexText;
      if (res.nearKeys) w.input.nearKeys = res.nearKeys;
    } catch (err) {
      w.error = new RasadError("INTERNAL", `extraction failed: ${(err as Error)?.message ?? err}`, { file: d.path, doc: w.input.id });
    }
  }));

  const storable = work.filter((w) => !w.error);
  const items: OrderedDocument[] = storable.map((w) => ({ doc: w.input!, seq: w.seq }));
  const reextract = storable.some((w) => w.job.data.reextract === true);
  const thresholds = new Set(storable.map((w) => w.job.data.nearThreshold));
  const nearThreshold = thresholds.size === 1 ? [...thresholds][0] : undefined;
  let outcomes: PutOutcome[] = [];
  if (items.length > 0) {
    try {
      outcomes = await store.putOrdered(items, { reextract, nearThreshold }, async (c, out) => {
        await beforeCommit?.(out.map((o) => o.id));
        const ok = storable.filter((_, i) => out[i].status !== "failed").map((w) => w.job.id);
        if (ok.length === 0) return;
        // completed in the transaction that stores the documents: a job is done exactly when its document is in
        // (pg-boss's types omit the four-argument form for many ids that its code has: name, ids, output, options)
        const complete = boss.complete as unknown as (name: string, ids: string[], data: null, options: { db: PgBoss.Db }) => Promise<unknown>;
        await complete.call(boss, INGEST_QUEUE, ok, null, { db: bossDb(c) });
        // the text is in the store now: the completed job need not keep a second copy of it
        await c.query(
          `UPDATE ${QUEUE_SCHEMA}.job SET data = data - 'text' WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'completed'`,
          [INGEST_QUEUE, ok],
        );
      });
    } catch (err) {
      // the whole batch failed to store (the database went away): every job is retried
      const error = err instanceof RasadError ? err : new RasadError("STORE", (err as Error).message, {}, { cause: err });
      for (const w of storable) w.error = error;
      outcomes = [];
    }
  }
  outcomes.forEach((o, i) => {
    const w = storable[i];
    if (o.status === "failed") { w.error = o.error ?? new RasadError("STORE", "not stored", { doc: o.id }); return; }
    p.done++;
    if (o.status === "ingested") p.ingested++;
    else if (o.status === "near_duplicate") { p.ingested++; p.nearDuplicates++; }
    else if (o.status === "duplicate") p.duplicates++;
    else if (o.status === "reextracted") p.reextracted++;
  });

  for (const w of work) {
    if (!w.error) continue;
    p.failed++;
    const last = w.job.retryCount >= w.job.retryLimit;
    if (last) {
      p.dead++;
      // the last attempt: the store's failures list it, as a local ingest would
      await store.recordFailure({ ...where(w.job), doc: w.input?.id, code: w.error.code, message: w.error.message }).catch(() => {});
    }
    await boss.fail(INGEST_QUEUE, w.job.id, {
      code: w.error.code, message: w.error.message, doc: w.input?.id ?? null, ...where(w.job), attempt: w.job.retryCount + 1,
    }).catch(() => {});
  }
}

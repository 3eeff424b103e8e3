// `rasad ingest --queue`: read documents here, number them in input order, and queue them for the workers.
//
// Reading (formats, encodings, size limits) is the local ingest's own (ingest/read.ts); what cannot be read is
// recorded in the store's failures at once, as a local ingest does. A text the store already has is recorded as a
// copy here, without a job: ingesting the same folder twice queues nothing the second time.
import { RasadError } from "../contract/index.js";
import { PIPELINE_VERSION } from "../extract/index.js";
import { listSources, readSources, fingerprint, DEFAULT_MAX_SIZE, type RawDoc, type ReadFailure, type FailureReport } from "../ingest/index.js";
import { openPostgresStore, type PostgresStore } from "../store/postgres.js";
import type PgBoss from "pg-boss";
import { openBoss, closeBoss, requirePostgres, INGEST_QUEUE, DEFAULT_POLICY, type IngestJobData, type JobPolicy } from "./boss.js";

export interface EnqueueOptions {
  /** Largest document in bytes (default 10 MiB). */
  maxSize?: number;
  /** Re-extract stored documents made by another pipeline version. */
  reextract?: boolean;
  /** Jaccard similarity for near-duplicates (the store's default when absent; 0 turns it off). */
  nearThreshold?: number;
  policy?: JobPolicy;
  /** Documents per insert (default 200). */
  batchSize?: number;
  signal?: AbortSignal;
  /** For tests: what "-" reads. */
  stdin?: () => Promise<Buffer>;
  onProgress?: (p: EnqueueProgress) => void;
}

export interface EnqueueProgress {
  bytes: number;
  totalBytes: number;
  read: number;
  /** Jobs queued. */
  enqueued: number;
  /** Texts the store already had: recorded as copies, not queued. */
  duplicates: number;
  failed: number;
  seconds: number;
}

export interface EnqueueSummary extends EnqueueProgress {
  /** The first 100 read failures (all are in the store's failures table). */
  failures: FailureReport[];
  stopped: boolean;
}

/** Reads paths (files, folders, `-`) and queues every document for the workers. */
export async function enqueueSources(url: string, paths: string[], opts: EnqueueOptions = {}): Promise<EnqueueSummary> {
  const q = await Enqueuer.open(url, opts);
  try {
    const { files, failures } = await listSources(paths);
    q.p.totalBytes = files.reduce((n, f) => n + f.size, 0);
    for (const f of failures) await q.fail(f);
    for await (const r of readSources(files, { maxSize: opts.maxSize ?? DEFAULT_MAX_SIZE, stdin: opts.stdin })) {
      if (opts.signal?.aborted) { q.stopped = true; break; }
      q.p.bytes = r.progress;
      if (r.failure) await q.fail(r.failure);
      else await q.add(r.doc);
    }
    return await q.finish();
  } finally {
    await q.close();
  }
}

/** Queues documents already read (an API, a feed poller, tests). */
export async function enqueueDocuments(url: string, docs: RawDoc[], opts: EnqueueOptions = {}): Promise<EnqueueSummary> {
  const q = await Enqueuer.open(url, opts);
  try {
    for (const d of docs) {
      if (opts.signal?.aborted) { q.stopped = true; break; }
      await q.add(d);
    }
    return await q.finish();
  } finally {
    await q.close();
  }
}

class Enqueuer {
  readonly p: EnqueueProgress = { bytes: 0, totalBytes: 0, read: 0, enqueued: 0, duplicates: 0, failed: 0, seconds: 0 };
  readonly failures: FailureReport[] = [];
  stopped = false;
  private batch: { raw: RawDoc; id: string }[] = [];
  private readonly started = performance.now();
  private readonly policy: Required<JobPolicy>;

  private constructor(private readonly store: PostgresStore, private readonly boss: PgBoss, private readonly opts: EnqueueOptions) {
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
  }

  static async open(url: string, opts: EnqueueOptions): Promise<Enqueuer> {
    requirePostgres(url, "ingest --queue");
    const store = await openPostgresStore(url, { maxConnections: 2 });
    try {
      return new Enqueuer(store, await openBoss(url, { supervise: false, maxConnections: 2 }), opts);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  async fail(f: ReadFailure): Promise<void> {
    this.p.read++;
    this.p.failed++;
    if (this.failures.length < 100) this.failures.push({ path: f.path, item: f.item, code: f.error.code, message: f.error.message });
    await this.store.recordFailure({ path: f.path, item: f.item, code: f.error.code, message: f.error.message, doc: f.error.input.doc });
  }

  async add(raw: RawDoc): Promise<void> {
    this.p.read++;
    this.batch.push({ raw, id: fingerprint(raw.text).id });
    if (this.batch.length >= (this.opts.batchSize ?? 200)) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    // numbered now, in the order read: the input order that decides which copy is the first
    const seqs = await this.store.nextSeqs(batch.length);
    const known = await this.store.knownSeqs(batch.map((b) => b.id));
    const copies: { raw: RawDoc; id: string; seq: number }[] = [];
    const jobs: PgBoss.JobInsert<IngestJobData>[] = [];
    batch.forEach(({ raw, id }, i) => {
      const k = known.get(id);
      const reextract = Boolean(this.opts.reextract && k && k.pipeline !== PIPELINE_VERSION);
      if (k && !reextract) { copies.push({ raw, id, seq: seqs[i] }); return; }
      const data: IngestJobData = { v: 1, seq: seqs[i], id, text: raw.text, path: raw.path, item: raw.item };
      if (raw.title !== undefined) data.title = raw.title;
      if (raw.url !== undefined) data.url = raw.url;
      if (raw.outlet !== undefined) data.outlet = raw.outlet;
      if (raw.published !== undefined) data.published = raw.published;
      if (raw.sourceId !== undefined) data.sourceId = raw.sourceId;
      if (reextract) data.reextract = true;
      if (this.opts.nearThreshold !== undefined) data.nearThreshold = this.opts.nearThreshold;
      jobs.push({
        name: INGEST_QUEUE, data,
        retryLimit: this.policy.retries, retryDelay: this.policy.retryDelay, retryBackoff: true,
        expireInSeconds: this.policy.timeout,
      });
    });
    if (copies.length > 0) {
      // a text the store has: only this copy (URL, outlet) is recorded, no extraction needed
      const out = await this.store.putOrdered(copies.map(({ raw, id, seq }) => ({
        seq,
        doc: {
          id, text: raw.text, pipeline: PIPELINE_VERSION, extraction: null, path: raw.item ? `${raw.path}#${raw.item}` : raw.path,
          ...(raw.title !== undefined ? { title: raw.title } : {}), ...(raw.url !== undefined ? { url: raw.url } : {}),
          ...(raw.outlet !== undefined ? { outlet: raw.outlet } : {}), ...(raw.published !== undefined ? { published: raw.published } : {}),
          ...(raw.sourceId !== undefined ? { sourceId: raw.sourceId } : {}),
        },
      })));
      for (let i = 0; i < out.length; i++) {
        const c = copies[i];
        if (out[i].status !== "failed") { this.p.duplicates++; continue; }
        this.p.read--; // fail() counts it again
        await this.fail({ path: c.raw.path, item: c.raw.item, error: out[i].error ?? new RasadError("STORE", "not stored", { doc: c.id }) });
      }
    }
    if (jobs.length > 0) {
      try {
        await this.boss.insert(jobs);
      } catch (err) {
        throw new RasadError("STORE", `cannot queue documents: ${(err as Error).message}`, {}, { cause: err });
      }
      this.p.enqueued += jobs.length;
    }
    this.p.seconds = (performance.now() - this.started) / 1000;
    this.opts.onProgress?.({ ...this.p });
  }

  async finish(): Promise<EnqueueSummary> {
    await this.flush();
    this.p.seconds = (performance.now() - this.started) / 1000;
    return { ...this.p, failures: this.failures, stopped: this.stopped };
  }

  async close(): Promise<void> {
    await closeBoss(this.boss);
    await this.store.close();
  }
}

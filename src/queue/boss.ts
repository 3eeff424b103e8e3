// The ingest queue on pg-boss@10, in the same PostgreSQL database as the store (its own schema, rasad_queue).
//
// One job per document read; its data carries the text and the document's place in the input order. A job that
// fails is retried with exponential backoff; one that keeps failing goes to the dead-letter queue with its error.
// A job whose worker died (kill -9, a lost machine) stays active until it expires, then is retried like a failure.
import PgBoss from "pg-boss";
import { RasadError } from "../contract/index.js";
import type { RawDoc } from "../ingest/read.js";
import { isPostgresUrl, redactUrl } from "../store/pg/sql.js";

export const QUEUE_SCHEMA = "rasad_queue";
export const INGEST_QUEUE = "rasad-ingest";
export const DEAD_QUEUE = "rasad-ingest-dead";

/** Per-job retry and expiry, fixed when a document is enqueued. */
export interface JobPolicy {
  /** Attempts after the first (default 4). */
  retries?: number;
  /** Seconds before the first retry; doubled for each next one, with jitter (default 10). */
  retryDelay?: number;
  /** Seconds a worker may hold a job before it counts as lost and is retried (default 300). */
  timeout?: number;
}
export const DEFAULT_POLICY: Required<JobPolicy> = { retries: 4, retryDelay: 10, timeout: 300 };

/** What a job carries: one document as read (the ingest reader's RawDoc), and its place in the input order. */
export interface IngestJobData extends RawDoc {
  v: 1;
  /** The document's place in the input order (the store's doc_order sequence). */
  seq: number;
  /** The content hash the enqueuer computed (the worker checks it). */
  id: string;
  /** Re-extract it if the store has it from another pipeline version. */
  reextract?: boolean;
  nearThreshold?: number;
}

export interface BossOptions {
  /** Run pg-boss maintenance here: expire the jobs of dead workers, archive, purge (workers do; enqueuers do not). */
  supervise?: boolean;
  /** Seconds between maintenance runs (default 30; one instance runs it per interval). */
  maintenanceSeconds?: number;
  /** Connections for pg-boss (default 4). */
  maxConnections?: number;
}

export function requirePostgres(url: string | undefined, what: string): string {
  if (!url || !isPostgresUrl(url)) {
    throw new RasadError("BAD_PARAM", `${what} needs a PostgreSQL store: --db postgres://… or RASAD_DB=postgres://…`, { param: "db" });
  }
  return url;
}

/**
 * Starts pg-boss on the database (installing its schema the first time) and makes sure the queues exist. Workers
 * started together on a new database race to install it: a failed start is tried again.
 */
export async function openBoss(url: string, opts: BossOptions = {}): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBoss(url, opts);
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt + Math.random() * 500));
    }
  }
}

async function startBoss(url: string, opts: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: "rasad-queue",
    max: opts.maxConnections ?? 4,
    supervise: opts.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
    // completed jobs move to the archive after a day and stay countable there for a week (`rasad queue status`)
    archiveCompletedAfterSeconds: 24 * 3600,
    deleteAfterDays: 7,
  });
  // pg-boss reports maintenance errors as events; without a listener they would crash the process
  boss.on("error", () => {});
  try {
    await boss.start();
    // dead letters wait for a person (`rasad queue dead`, `rasad queue retry`): kept 60 days
    await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE, retentionMinutes: 60 * 24 * 60 });
    await boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, deadLetter: DEAD_QUEUE });
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new RasadError("STORE", `cannot open the queue on ${redactUrl(url)}: ${(err as Error).message}`, { param: "db" }, { cause: err });
  }
  return boss;
}

export async function closeBoss(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
}

/** pg-boss's Db over one client of ours: jobs completed inside the store's own transaction. */
export function bossDb(c: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }): PgBoss.Db {
  return { executeSql: async (text: string, values: unknown[]) => ({ rows: (await c.query(text, values)).rows as any[] }) };
}

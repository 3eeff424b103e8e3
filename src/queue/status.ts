// What the queue holds: counts for `rasad queue status`, the dead letters with their errors, and retrying them.
import pg from "pg";
import { RasadError } from "../contract/index.js";
import { createPool, redactUrl, storeError, transaction } from "../store/pg/sql.js";
import { openBoss, closeBoss, bossDb, requirePostgres, INGEST_QUEUE, DEAD_QUEUE, QUEUE_SCHEMA, DEFAULT_POLICY, type IngestJobData } from "./boss.js";

export interface QueueStatus {
  /** Waiting to be claimed: new, or failed and waiting for their retry. */
  pending: number;
  /** Of the pending, those waiting for a retry after a failure. */
  retrying: number;
  /** Claimed by a worker now (or by one that died, until the job expires). */
  active: number;
  /** Completed (kept countable for a week). */
  done: number;
  /** Failed their last attempt. */
  failed: number;
  /** Dead letters waiting for a person: `rasad queue dead`, `rasad queue retry`. */
  dead: number;
  cancelled: number;
  /** When the oldest pending job was queued, if any. */
  oldestPending?: string;
  /** Documents completed in the last minute, per second. */
  docsPerSecond: number;
  queue: string;
  db: string;
}

export interface DeadLetter {
  /** The dead-letter job's id (what `rasad queue retry ID` takes). */
  id: string;
  doc?: string;
  path?: string;
  item?: string;
  code?: string;
  error: string;
  attempts?: number;
  at: string;
}

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  requirePostgres(url, "queue");
  const pool = createPool(url, 2, "rasad-queue-status");
  try {
    return await fn(pool);
  } catch (err) {
    throw storeError(`reading the queue on ${redactUrl(url)}`, err);
  } finally {
    await pool.end().catch(() => {});
  }
}

async function installed(pool: pg.Pool): Promise<boolean> {
  return (await pool.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`${QUEUE_SCHEMA}.job`])).rows[0].ok as boolean;
}

/** Counts by state of the ingest queue (live jobs and the archive of the last week). */
export async function queueStatus(url: string): Promise<QueueStatus> {
  return withPool(url, async (pool) => {
    const s: QueueStatus = { pending: 0, retrying: 0, active: 0, done: 0, failed: 0, dead: 0, cancelled: 0, docsPerSecond: 0, queue: INGEST_QUEUE, db: redactUrl(url) };
    if (!(await installed(pool))) return s;
    const rows = (await pool.query(
      `SELECT name, state::text AS state, count(*)::int AS n, min(created_on) FILTER (WHERE state < 'active') AS oldest,
         (count(*) FILTER (WHERE state = 'completed' AND completed_on > now() - interval '60 seconds'))::int AS recent
       FROM ${QUEUE_SCHEMA}.job WHERE name = ANY($1::text[]) GROUP BY name, state
       UNION ALL
       SELECT name, state::text, count(*)::int, NULL, 0 FROM ${QUEUE_SCHEMA}.archive WHERE name = ANY($1::text[]) GROUP BY name, state`,
      [[INGEST_QUEUE, DEAD_QUEUE]],
    )).rows;
    let recent = 0;
    for (const r of rows) {
      if (r.name === DEAD_QUEUE) {
        // a dead letter is handled once it is retried (completed) or dropped (cancelled)
        if (r.state === "created" || r.state === "retry" || r.state === "active") s.dead += r.n;
        continue;
      }
      if (r.state === "created" || r.state === "retry") {
        s.pending += r.n;
        if (r.state === "retry") s.retrying += r.n;
        if (r.oldest && (!s.oldestPending || new Date(r.oldest).toISOString() < s.oldestPending)) s.oldestPending = new Date(r.oldest).toISOString();
      } else if (r.state === "active") s.active += r.n;
      else if (r.state === "completed") s.done += r.n;
      else if (r.state === "failed") s.failed += r.n;
      else if (r.state === "cancelled") s.cancelled += r.n;
      recent += r.recent ?? 0;
    }
    s.docsPerSecond = recent / 60;
    return s;
  });
}

/** The dead letters, newest first: the documents that kept failing, with the last error. */
export async function deadLetters(url: string, limit = 100): Promise<{ items: DeadLetter[]; total: number }> {
  return withPool(url, async (pool) => {
    if (!(await installed(pool))) return { items: [], total: 0 };
    const where = `name = $1 AND state < 'completed'`;
    const total = (await pool.query(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE ${where}`, [DEAD_QUEUE])).rows[0].n as number;
    const rows = (await pool.query(
      `SELECT id::text AS id, data - 'text' AS data, output, created_on FROM ${QUEUE_SCHEMA}.job WHERE ${where}
       ORDER BY created_on DESC, id LIMIT $2`,
      [DEAD_QUEUE, Math.max(1, Math.min(10_000, limit))],
    )).rows;
    const items = rows.map((r) => {
      const d = (r.data ?? {}) as Partial<IngestJobData>;
      const o = (r.output ?? {}) as { message?: string; code?: string; doc?: string; attempt?: number; value?: { message?: string } };
      const dl: DeadLetter = { id: r.id, error: o.message ?? o.value?.message ?? JSON.stringify(o), at: new Date(r.created_on).toISOString() };
      const doc = o.doc ?? d.id;
      if (doc) dl.doc = doc;
      if (d.path !== undefined) dl.path = d.path;
      if (d.item) dl.item = d.item;
      if (o.code) dl.code = o.code;
      if (o.attempt !== undefined) dl.attempts = o.attempt;
      return dl;
    });
    return { items, total };
  });
}

/**
 * Queues dead letters again (all, or the given dead-letter ids) as fresh jobs with the same policy defaults; the
 * dead letters are marked completed. Returns how many were queued.
 */
export async function retryDead(url: string, ids?: string[]): Promise<number> {
  requirePostgres(url, "queue retry");
  const boss = await openBoss(url, { supervise: false, maxConnections: 1 });
  const pool = createPool(url, 1, "rasad-queue-retry");
  try {
    const some = ids && ids.length > 0;
    // queued again and marked handled in one transaction: a dead letter is never queued twice, nor lost
    return await transaction(pool, async (c) => {
      const rows = (await c.query(
        `SELECT id::text AS id, data FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'active'
         ${some ? "AND id::text = ANY($2::text[])" : ""} ORDER BY created_on, id FOR UPDATE`,
        some ? [DEAD_QUEUE, ids] : [DEAD_QUEUE],
      )).rows as { id: string; data: IngestJobData }[];
      if (some && rows.length < new Set(ids).size) {
        throw new RasadError("NOT_FOUND", `${new Set(ids).size - rows.length} of the ids are not waiting dead letters (see rasad queue dead)`, { param: "ids" });
      }
      if (rows.length === 0) return 0;
      await boss.insert(rows.map((r) => ({
        name: INGEST_QUEUE, data: r.data,
        retryLimit: DEFAULT_POLICY.retries, retryDelay: DEFAULT_POLICY.retryDelay, retryBackoff: true, expireInSeconds: DEFAULT_POLICY.timeout,
      })), { db: bossDb(c) });
      await c.query(
        `UPDATE ${QUEUE_SCHEMA}.job SET state = 'completed', completed_on = now(), output = '{"retried": true}'::jsonb
         WHERE name = $1 AND id::text = ANY($2::text[])`,
        [DEAD_QUEUE, rows.map((r) => r.id)],
      );
      return rows.length;
    });
  } catch (err) {
    throw storeError("retrying dead letters", err);
  } finally {
    await pool.end().catch(() => {});
    await closeBoss(boss);
  }
}

/** Deletes every job of the ingest and dead-letter queues, live and archived (benchmarks, tests, a fresh start). */
export async function resetQueue(url: string): Promise<number> {
  return withPool(url, async (pool) => {
    if (!(await installed(pool))) return 0;
    return transaction(pool, async (c) => {
      const names = [INGEST_QUEUE, DEAD_QUEUE];
      const a = (await c.query(`DELETE FROM ${QUEUE_SCHEMA}.job WHERE name = ANY($1::text[])`, [names])).rowCount ?? 0;
      const b = (await c.query(`DELETE FROM ${QUEUE_SCHEMA}.archive WHERE name = ANY($1::text[])`, [names])).rowCount ?? 0;
      return a + b;
    });
  });
}

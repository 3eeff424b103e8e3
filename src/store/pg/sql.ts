// PostgreSQL plumbing for the store and the queue: a pool whose integers come back as numbers, transactions that
// retry on deadlocks and serialization failures, numbered parameters, and connection strings without passwords.
import pg from "pg";
import { RasadError } from "../../contract/index.js";

export type Row = Record<string, any>;
export type Queryable = Pick<pg.PoolClient, "query">;

const INT8 = 20;
const NUMERIC = 1700;

/**
 * bigint (count(*), sequences) and numeric (sum() of integers) as JavaScript numbers: every count and seq rasad
 * keeps is far below 2^53, and the SQLite backend returns numbers too.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as "text");
  }) as typeof pg.types.getTypeParser,
};

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** The connection string without its password (for messages, `store.location`, logs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, "://$1:***@");
  }
}

export function createPool(url: string, max = 10, applicationName = "rasad"): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, application_name: applicationName, idleTimeoutMillis: 30_000 });
  // an idle client losing its connection (server restart) must not crash the process: the next query reconnects
  pool.on("error", () => {});
  return pool;
}

/** Deadlock, serialization failure, lock timeout: the whole transaction can be run again. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "40P01" || code === "40001" || code === "55P03";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` in a transaction on one client of the pool. A deadlock or serialization failure (several workers
 * writing the same entities) rolls back and runs `fn` again, up to `retries` times, after a random pause.
 */
export async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, retries = 8): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (err) {
      try { await c.query("ROLLBACK"); } catch (e) { broken = e as Error; }
      if (isRetryable(err) && attempt < retries) {
        await sleep(5 + Math.random() * 20 * (attempt + 1));
        continue;
      }
      throw err;
    } finally {
      c.release(broken);
    }
  }
}

/** Numbered parameters for a statement built piece by piece: `p.add(v)` returns "$n". */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  /** An array parameter for `= ANY(...)`. */
  list(vs: readonly unknown[], type = "text"): string {
    return `${this.add([...vs])}::${type}[]`;
  }
}

/** A RasadError STORE for a failed statement, keeping the cause; RasadErrors pass through. */
export function storeError(what: string, err: unknown): RasadError {
  if (err instanceof RasadError) return err;
  const e = err as Error & { code?: string };
  if (e?.code === "ECONNREFUSED" || e?.code === "ENOTFOUND" || e?.code === "28P01" || e?.code === "3D000") {
    return new RasadError("STORE", `${what}: cannot reach PostgreSQL (${e.message})`, {}, { cause: err });
  }
  return new RasadError("STORE", `${what}: ${e?.message ?? String(err)}`, {}, { cause: err });
}

/** Takes transaction-scoped advisory locks in ascending order (one order for everybody: no lock cycles). */
export async function lockKeys(c: Queryable, keys: bigint[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await c.query("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, i) ORDER BY i", [sorted.map(String)]);
}

/**
 * The search text indexed per document, at most (UTF-16 units). A tsvector holds at most 1 MB and positions up to
 * 16,383: the first quarter-million characters of a very long document are searchable, the rest is not.
 */
export const MAX_INDEX_CHARS = 250_000;

/** A document's search text cut, at a word boundary, to what a tsvector holds. */
export function searchBodyOf(t: string): string {
  if (t.length <= MAX_INDEX_CHARS) return t;
  const cut = t.lastIndexOf(" ", MAX_INDEX_CHARS);
  return t.slice(0, cut > 0 ? cut : MAX_INDEX_CHARS);
}

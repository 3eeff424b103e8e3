// Runs the PostgreSQL migrations that a database lacks, each in its own transaction, under an advisory lock so that
// several workers starting at once migrate it exactly once.
import type pg from "pg";
import { RasadError } from "../../contract/index.js";
import { SEARCH_TEXT_VERSION } from "../search-text.js";
import { PG_MIGRATIONS, PG_LATEST_SCHEMA } from "./migrations/index.js";
import { transaction } from "./sql.js";

/** An arbitrary constant: the advisory lock that serializes rasad's migrations in one database. */
const MIGRATION_LOCK = "7206530718125611301";

export async function migrate(pool: pg.Pool): Promise<number> {
  return transaction(pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK]);
    await c.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)");
    const done = new Set((await c.query("SELECT version FROM schema_migrations")).rows.map((r) => r.version as number));
    const newest = Math.max(0, ...done);
    if (newest > PG_LATEST_SCHEMA) {
      throw new RasadError("STORE", `the database has schema ${newest}, newer than this rasad (${PG_LATEST_SCHEMA}); upgrade rasad`);
    }
    for (const m of PG_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, new Date().toISOString()]);
    }
    await c.query("INSERT INTO meta (key, value) VALUES ('search_text_version', $1) ON CONFLICT (key) DO NOTHING", [SEARCH_TEXT_VERSION]);
    return Math.max(newest, PG_LATEST_SCHEMA);
  });
}

/** The schema version of a database, without changing it (0: not a rasad database yet). */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const r = await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok");
  if (!r.rows[0].ok) return 0;
  return (await pool.query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")).rows[0].v as number;
}

// Runs the PostgreSQL migrations that a database lacks, each in its own transaction, under an advisory lock so that
// several workers starting at once migrate it exactly once.
import type pg from "pg";
import { RasadError } from "../../contract/index.js";
import { normalizeForMatch } from "../../text/index.js";
import { SEARCH_TEXT_VERSION, indexText } from "../search-text.js";
import { PG_MIGRATIONS, PG_LATEST_SCHEMA } from "./migrations/index.js";
import { transaction, searchBodyOf } from "./sql.js";

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
    const v = (await c.query("SELECT value FROM meta WHERE key = 'search_text_version'")).rows[0];
    if (v && v.value !== SEARCH_TEXT_VERSION) await reindexSearch(c);
    await c.query(
      "INSERT INTO meta (key, value) VALUES ('search_text_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [SEARCH_TEXT_VERSION],
    );
    return Math.max(newest, PG_LATEST_SCHEMA);
  });
}

/**
 * Rebuilds every document's search vector when the rules of search-text.ts change (SEARCH_TEXT_VERSION): the
 * search text is made by the application (normalized, clitics segmented), so PostgreSQL cannot redo it alone.
 */
async function reindexSearch(c: pg.PoolClient): Promise<void> {
  for (let after = ""; ;) {
    const rows = (await c.query("SELECT id, title, norm_text FROM documents WHERE id > $1 ORDER BY id LIMIT 500", [after])).rows;
    if (rows.length === 0) return;
    await c.query(
      `UPDATE documents d SET tsv = setweight(to_tsvector('simple', v.title), 'A') || setweight(to_tsvector('simple', v.body), 'B')
       FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, title, body) WHERE d.id = v.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => (r.title ? indexText(normalizeForMatch(r.title)) : "")),
        rows.map((r) => searchBodyOf(indexText(r.norm_text))),
      ],
    );
    after = rows[rows.length - 1].id;
  }
}

/** The schema version of a database, without changing it (0: not a rasad database yet). */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const r = await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok");
  if (!r.rows[0].ok) return 0;
  return (await pool.query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")).rows[0].v as number;
}

// PostgreSQL migration 002: nothing to change. SQLite's migration 002 re-keys the rows ingest writes per document
// by the document's seq (its B-trees took every document at random places) and keeps the near-duplicate keys as
// one row per document; PostgreSQL's layout (migration 001) is its own and stays. The version exists so that
// both backends count their schema alike (test/postgres/store.test.ts).
import type { PgMigration } from "./index.js";

export const pg002AppendOrder: PgMigration = { version: 2, name: "append-order", sql: "SELECT 1" };

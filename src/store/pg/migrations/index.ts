// PostgreSQL schema migrations, in order: the counterpart of store/migrations (same versions, same names).
//
// Never edit a migration that has shipped: add the next one. test/postgres/store.test.ts fails when SQLite has a
// migration that PostgreSQL lacks.
import { pg001Initial } from "./001-initial.js";
import { pg002AppendOrder } from "./002-append-order.js";

export interface PgMigration {
  version: number;
  name: string;
  /** Run in one transaction, under an advisory lock (several workers may start at once). */
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [pg001Initial, pg002AppendOrder];

export const PG_LATEST_SCHEMA = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

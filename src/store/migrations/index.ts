// Versioned schema migrations, in order. Each carries its SQL per backend; `schema_migrations` records what ran.
//
// Never edit a migration that has shipped: add the next one.
import { m001Initial } from "./001-initial.js";
import { m002AppendOrder } from "./002-append-order.js";

export interface Migration {
  version: number;
  name: string;
  /** SQL for SQLite, run in one transaction. */
  sqlite: string;
  /** SQL for PostgreSQL (issue 8 adds it). */
  postgres?: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002AppendOrder];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1].version;

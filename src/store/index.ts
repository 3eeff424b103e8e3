// Public face of the store: the Store interface, its types, and `openStore` choosing a backend from a location.
import { RasadError } from "../contract/index.js";
import { openSqliteStore } from "./sqlite.js";
import { openPostgresStore } from "./postgres.js";
import type { Store } from "./store.js";

export * from "./store.js";
export { documentId, claimId } from "./ids.js";
export { canonicalKey, ENTITY_KEY } from "./claims.js";
export { resolveEntities } from "./lookup.js";
export { indexText, parseQuery, makeSnippet } from "./search-text.js";
export { MIGRATIONS, LATEST_SCHEMA } from "./migrations/index.js";
export { SqliteStore, openSqliteStore } from "./sqlite.js";
export { nearKeys, shingles, jaccard, NEAR_THRESHOLD, NEAR_MIN_WORDS } from "./near-dup.js";

/** The store used when none is named: $RASAD_DB, else rasad.db in the current folder. */
export function defaultDbLocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.RASAD_DB && env.RASAD_DB.trim() !== "" ? env.RASAD_DB : "rasad.db";
}

export interface OpenOptions {
  /** Open an existing store for reading only (no migrations are run). */
  readonly?: boolean;
}

/** Opens a store: `postgres://…` / `postgresql://…` for PostgreSQL (issue 8), anything else is a SQLite file. */
export async function openStore(location: string = defaultDbLocation(), opts: OpenOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    return openPostgresStore(location, opts);
  }
  return openSqliteStore(location, opts);
}

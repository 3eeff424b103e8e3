// A PostgreSQL server for the backend tests: $RASAD_TEST_PG when CI started one (scripts/pg-test-server.sh -- …),
// else a throwaway one started by this test file and stopped when it ends. Each store gets its own database.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openPostgresStore } from "../../src/store/postgres.js";
import { SEARCH_TEXT_VERSION } from "../../src/store/search-text.js";

export const PG_BIN = process.env.PGBIN ?? "/usr/lib/postgresql/15/bin";
const SCRIPT = fileURLToPath(new URL("../../scripts/pg-test-server.sh", import.meta.url));

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailable(): string | null {
  if (process.env.RASAD_TEST_PG) return null;
  if (!existsSync(`${PG_BIN}/initdb`)) {
    return `PostgreSQL 15 is not installed (${PG_BIN}/initdb is missing): apt-get install postgresql, or set RASAD_TEST_PG=postgres://…`;
  }
  return null;
}

export interface TestServer {
  /** The server's maintenance database URL. */
  url: string;
  /** A fresh, empty database; its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /**
   * One migrated database per test file, emptied on each call (much faster than a new database per test: creating
   * a database costs ~0.4 s, emptying the tables ~20 ms); its URL. The caller closes what it opened before.
   */
  emptyStore(): Promise<string>;
  stop(): Promise<void>;
}

let child: ChildProcess | null = null;

async function startLocal(): Promise<string> {
  // stdin stays open while this process lives: the server goes away with it, even after a SIGKILL
  child = spawn(SCRIPT, ["--stdin"], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (b) => { err += b; });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`pg-test-server did not start in 60 s: ${err}`)), 60_000);
    child!.stdout!.on("data", (b) => {
      out += b;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line.startsWith("postgres://")) { clearTimeout(timer); resolve(line.trim()); }
    });
    child!.on("exit", (code) => { clearTimeout(timer); reject(new Error(`pg-test-server exited (${code}): ${err}`)); });
  });
}

let counter = 0;
let storeUrl: string | null = null;

export async function startTestServer(): Promise<TestServer> {
  const url = process.env.RASAD_TEST_PG ?? (await startLocal());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const createDatabase = async (prefix = "t"): Promise<string> => {
    const name = `rasad_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    url,
    createDatabase,
    async emptyStore() {
      let db = storeUrl;
      if (!db) {
        db = storeUrl = await createDatabase("store");
        await (await openPostgresStore(db)).close();
      }
      const c = new pg.Client({ connectionString: db });
      await c.connect();
      try {
        const tables = (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'")).rows
          .map((r) => `"${r.tablename}"`);
        // DELETE, not TRUNCATE: on a few rows it is several times faster (no new files)
        await c.query(`${tables.map((t) => `DELETE FROM ${t};`).join(" ")} ALTER SEQUENCE doc_order RESTART`);
        await c.query("INSERT INTO meta (key, value) VALUES ('search_text_version', $1) ON CONFLICT DO NOTHING", [SEARCH_TEXT_VERSION]);
      } finally {
        await c.end();
      }
      return db;
    },
    async stop() {
      await admin.end().catch(() => {});
      if (child) {
        const c = child;
        child = null;
        const gone = new Promise((r) => c.once("exit", r));
        c.stdin!.end();
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      }
    },
  };
}

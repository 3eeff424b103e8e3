// API tokens kept in the store file: created with a role, stored only as a SHA-256 hash, revocable.
import Database from "better-sqlite3";
import { RasadError } from "../contract/index.js";
import { hashToken, newToken, ROLES, type Role, type TokenVerifier } from "./auth.js";

export interface TokenRecord { id: number; name: string; role: Role; createdAt: string; revokedAt: string | null }

const SCHEMA = `CREATE TABLE IF NOT EXISTS api_tokens (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL, revoked_at TEXT)`;

function open(file: string): Database.Database {
  if (/^postgres(ql)?:/.test(file)) throw new RasadError("BAD_PARAM", "tokens are kept in a SQLite store for now; give --db FILE", { param: "db" });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA);
  return db;
}

/** Make a token; the plain token is returned once and never stored. */
export function createToken(file: string, role: string, name: string): { token: string; record: TokenRecord } {
  if (!(ROLES as readonly string[]).includes(role)) throw new RasadError("BAD_PARAM", `role must be one of ${ROLES.join(", ")}`, { param: "role" });
  const db = open(file);
  try {
    const token = newToken();
    const createdAt = new Date().toISOString();
    const r = db.prepare("INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)").run(name, role, hashToken(token), createdAt);
    return { token, record: { id: Number(r.lastInsertRowid), name, role: role as Role, createdAt, revokedAt: null } };
  } finally { db.close(); }
}

export function listTokens(file: string): TokenRecord[] {
  const db = open(file);
  try {
    return (db.prepare("SELECT id, name, role, created_at AS createdAt, revoked_at AS revokedAt FROM api_tokens ORDER BY id").all() as TokenRecord[]);
  } finally { db.close(); }
}

export function revokeToken(file: string, id: number): boolean {
  const db = open(file);
  try {
    return db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(new Date().toISOString(), id).changes > 0;
  } finally { db.close(); }
}

/** A verifier reading the token table at each request (a revoked token stops working at once). */
export function storeTokenVerifier(file: string): TokenVerifier | undefined {
  if (/^postgres(ql)?:/.test(file)) return undefined;
  const db = open(file);
  const find = db.prepare("SELECT name, role FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
  return (token) => {
    const row = find.get(hashToken(token)) as { name: string; role: Role } | undefined;
    return row ? { name: row.name, role: row.role } : null;
  };
}

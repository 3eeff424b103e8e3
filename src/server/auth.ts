// Who is asking: bearer tokens mapped to a principal with a role (viewer < analyst < admin), checked per route.
//
// Tokens travel in the Authorization header, never in cookies, so another web page cannot make the browser send
// them (no CSRF). The store of tokens (issue 7: `rasad token create --role …`, kept hashed, revocable) plugs in as
// a `TokenVerifier`; `hashToken` is the one hash both sides use.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { RasadError } from "../contract/index.js";

export const ROLES = ["viewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export interface Principal {
  /** Who it is: written into reviews as the reviewer. */
  name: string;
  role: Role;
  /** The browser on this machine, given the start-up token: it may name the reviewer itself. */
  local?: boolean;
}

/** Looks a presented token up (by its hash) and says whose it is; null when unknown or revoked. */
export type TokenVerifier = (token: string) => Promise<Principal | null> | Principal | null;

export interface AuthOptions {
  verify?: TokenVerifier;
  /**
   * A token made when the server starts, for the workbench in a browser on this machine: `/api/session` hands it
   * to same-origin pages on loopback only. Role analyst. Absent: reviews need a token from `verify`.
   */
  localToken?: string;
  /** Reads need at least a viewer token (the default when the server listens beyond loopback). */
  readNeedsToken?: boolean;
}

/** SHA-256 in hex: tokens are long random strings, so a plain hash is enough (no salt or stretching needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A fresh token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A verifier over a fixed list of hashed tokens (tests, or a token file). */
export function staticTokens(entries: { hash: string; name: string; role: Role }[]): TokenVerifier {
  const byHash = new Map(entries.map((e) => [e.hash, { name: e.name, role: e.role }]));
  return (token) => byHash.get(hashToken(token)) ?? null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(hashToken(a), "hex");
  const y = Buffer.from(hashToken(b), "hex");
  return timingSafeEqual(x, y);
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{8,512})$/u;

/** The principal behind a request: null without a token; throws UNAUTHORIZED for a token that is not valid. */
export async function authenticate(req: FastifyRequest, auth: AuthOptions): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header === undefined || header === "") return null;
  const m = BEARER.exec(header);
  if (!m) throw new RasadError("UNAUTHORIZED", "send Authorization: Bearer <token>");
  const token = m[1];
  if (auth.localToken && sameToken(token, auth.localToken)) return { name: "local analyst", role: "analyst", local: true };
  const p = auth.verify ? await auth.verify(token) : null;
  if (!p) throw new RasadError("UNAUTHORIZED", "unknown or revoked token");
  return p;
}

/** Throws unless the principal holds at least `role`. */
export function requireRole(p: Principal | null, role: Role): asserts p is Principal {
  if (!p) throw new RasadError("UNAUTHORIZED", `this needs a token with the role ${role} or higher`);
  if (RANK[p.role] < RANK[role]) throw new RasadError("FORBIDDEN", `role ${p.role} may not do this; it needs ${role}`);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/u;
export function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && LOOPBACK.test(ip);
}

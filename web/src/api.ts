// The workbench's only way to the data: the HTTP API. Types are the store's (type-only imports, erased at build).
export type {
  Page, EntityRef, EntityRecord, EntityProfile, DocumentMeta, DocumentFull, MentionRecord, Claim, FlowClaim, EventClaim,
  FactClaim, Edge, Graph, PlaceRecord, SearchHit, Stats, Review, ClaimStatus, ReviewVerdict,
} from "../../src/store/store.js";
import type { Review, Claim } from "../../src/store/store.js";

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly ar?: string) {
    super(message);
  }
}

export interface Session { name: string | null; role: "viewer" | "analyst" | "admin" | null; local: boolean; token?: string; readNeedsToken: boolean }

const TOKEN_KEY = "rasad.token";
const REVIEWER_KEY = "rasad.reviewer";
let token: string | null = null;

export type Params = Record<string, string | number | boolean | string[] | undefined | null>;

/** `?a=1&b=x,y`: lists are sent comma-separated; empty values are left out. */
export function query(params?: Params): string {
  if (!params) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) { if (v.length) q.set(k, v.join(",")); }
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; ar?: string };
    throw new ApiError(res.status, e.code ?? "HTTP", e.message ?? `${res.status} ${res.statusText}`, e.ar);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, params?: Params) => call<T>("GET", path + query(params)),
  post: <T>(path: string, body: unknown) => call<T>("POST", path, body),
};

/** Who we are: a pasted token (kept in this browser), else the start-up token the server gives its own machine. */
export async function startSession(): Promise<Session> {
  token = localStorage.getItem(TOKEN_KEY);
  let s: Session;
  try {
    s = await call<Session>("GET", "/api/session");
  } catch (err) {
    // A stored token that was revoked: forget it and carry on without one.
    if (!(err instanceof ApiError && err.status === 401 && token)) throw err;
    setStoredToken(null);
    token = null;
    s = await call<Session>("GET", "/api/session");
  }
  if (s.token) token = s.token;
  return s;
}

export function setStoredToken(t: string | null): void {
  if (t) localStorage.setItem(TOKEN_KEY, t);
  else localStorage.removeItem(TOKEN_KEY);
}

export function reviewerName(): string {
  return localStorage.getItem(REVIEWER_KEY) ?? "";
}
export function setReviewerName(name: string): void {
  localStorage.setItem(REVIEWER_KEY, name.trim());
}

export function sendReview(claimId: string, verdict: "confirm" | "reject" | "correct", corrected?: Record<string, unknown>, note?: string): Promise<{ review: Review; claim: Claim | null }> {
  const reviewer = reviewerName() || undefined;
  return api.post("/api/reviews", { claimId, verdict, corrected, reviewer, note: note || undefined });
}

export const enc = encodeURIComponent;

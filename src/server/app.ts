// The workbench server: the API routes (routes.ts) over a Store, tokens and roles, security headers, rate limits,
// the OpenAPI description and the built UI as static files. `buildServer` returns the app unstarted, so tests can
// drive it with `inject()`.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { RasadError } from "../contract/index.js";
import type { Store } from "../store/index.js";
import { API_ROUTES, type ApiRoute } from "./routes.js";
import { parseWith } from "./params.js";
import { authenticate, requireRole, isLoopback, type AuthOptions, type Principal } from "./auth.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { ResponseCache } from "./cache.js";

export interface ServerOptions {
  /** Tokens and roles; by default reads are open and writes need a token nobody holds. */
  auth?: AuthOptions;
  /** The built UI (web/dist). Null or missing: the root page says how to build it. */
  staticDir?: string | null;
  /**
   * Host names to accept (the port is not compared), e.g. ["127.0.0.1", "localhost"]: a page on another site that
   * re-points its own name at 127.0.0.1 (DNS rebinding) is then refused. Absent: any Host.
   */
  allowedHosts?: string[];
  /** Requests per minute per client; reads from loopback are not limited. False: no limits. */
  rateLimit?: { read?: number; write?: number } | false;
  /** Fastify's logger: off by default; `{ level: "warn" }` logs failures only (as JSON lines). */
  logger?: boolean | { level: "fatal" | "error" | "warn" | "info" | "debug" };
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  version?: string;
  /**
   * Reuse answers to open reads while the store is unchanged (server/cache.ts). Default on where the store has a
   * change token (SQLite); false: every answer is made afresh.
   */
  cache?: boolean;
}

declare module "fastify" {
  interface FastifyRequest { principal: Principal | null; cacheToken: string | null }
}

/** The Content-Security-Policy: everything from this origin, nothing inline, nothing from the network. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // maplibre and sigma set element styles from script (CSSOM, allowed); the bundled CSS is a file.
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  // maplibre runs its tile worker from a bundled file and may wrap it in a blob.
  workerSrc: ["'self'", "blob:"],
  childSrc: ["'self'", "blob:"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function buildServer(store: Store, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const auth: AuthOptions = opts.auth ?? {};
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // No proxy in front by default: req.ip is the socket's peer, which the loopback rules rely on.
    trustProxy: false,
    routerOptions: { maxParamLength: 400 },
    // URLs Fastify rejects before routing (bad UTF-8, over-long parameters) skip helmet's hooks: answer them with the
    // same headers and error body as every other error
    frameworkErrors: (error, req, reply) => {
      reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
      reply.header("x-content-type-options", "nosniff");
      reply.header("x-frame-options", "SAMEORIGIN");
      reply.header("referrer-policy", "no-referrer");
      return errorHandler(error as Parameters<typeof errorHandler>[0], req, reply);
    },
  });
  app.decorateRequest("principal", null);
  app.decorateRequest("cacheToken", null);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  if (opts.allowedHosts) {
    const allowed = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
    app.addHook("onRequest", async (req) => {
      const host = (req.headers.host ?? "").toLowerCase();
      if (!allowed.has(hostName(host))) throw new RasadError("FORBIDDEN", `this server does not answer to the host name ${host.slice(0, 100) || "(none)"}`);
    });
  }

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
    // Served over plain HTTP on loopback: HSTS would mean nothing there (a TLS proxy in front sets its own).
    strictTransportSecurity: false,
  });

  const limits = opts.rateLimit === false ? null : { read: opts.rateLimit?.read ?? 600, write: opts.rateLimit?.write ?? 120 };
  if (limits) await app.register(rateLimit, { global: false });

  const cache = opts.cache === false || !store.changeToken ? null : new ResponseCache();
  if (cache) {
    // keep a JSON or GeoJSON answer (a string by now) to an open read, under the change token taken before it was made
    app.addHook("onSend", async (req, reply, payload) => {
      const token = req.cacheToken;
      if (token && reply.statusCode === 200 && typeof payload === "string") {
        const disposition = reply.getHeader("content-disposition");
        const bytes = Buffer.from(payload);
        cache.set(req.url, token, bytes, String(reply.getHeader("content-type") ?? "application/json; charset=utf-8"), typeof disposition === "string" ? disposition : undefined);
        return bytes;
      }
      return payload;
    });
  }
  for (const r of API_ROUTES) registerRoute(app, store, auth, r, limits, cache);

  const spec = openApiDocument(opts.version);
  app.get("/api/openapi.json", async () => spec);

  await registerStatic(app, opts.staticDir ?? null);
  return app;
}

/** The name part of a Host header: `localhost:8080` → `localhost`, `[::1]:8080` → `[::1]`. */
function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const i = host.lastIndexOf(":");
  return i >= 0 ? host.slice(0, i) : host;
}

/** Open reads whose answers are the same for everyone: kept by the response cache. */
function cacheable(r: ApiRoute): boolean {
  return r.method === "GET" && !r.role && !r.write && r.url !== "/api/health" && r.url !== "/api/session";
}

function registerRoute(app: FastifyInstance, store: Store, auth: AuthOptions, r: ApiRoute, limits: { read: number; write: number } | null, cache: ResponseCache | null): void {
  const cached = cache !== null && cacheable(r);
  const config: Record<string, unknown> = {};
  if (limits) {
    config.rateLimit = r.write
      ? { max: limits.write, timeWindow: "1 minute" }
      // Reads on loopback are the analyst's own browser and the load test: never limited.
      : { max: limits.read, timeWindow: "1 minute", allowList: (req: FastifyRequest) => isLoopback(req.ip) };
  }
  app.route({
    method: r.method,
    url: r.url,
    config,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const principal = await authenticate(req, auth);
      req.principal = principal;
      if (r.role) requireRole(principal, r.role);
      else if (auth.readNeedsToken && r.url !== "/api/session" && r.url !== "/api/health") requireRole(principal, "viewer");
      const params = r.params ? parseWith(r.params, req.params, "path") : {};
      const query = r.query ? parseWith(r.query, req.query, "query") : {};
      const body = r.body ? parseWith(r.body, req.body, "body") : undefined;
      if (cached) {
        const token = store.changeToken?.() ?? null;
        const hit = token ? cache.get(req.url, token) : undefined;
        if (hit) {
          void reply.type(hit.type);
          if (hit.disposition) void reply.header("content-disposition", hit.disposition);
          return hit.body;
        }
        req.cacheToken = token;
      }
      return r.handler({ store, query, params, body, principal, auth, req, reply });
    },
  });
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rasad</title></head>
<body><h1>rasad workbench</h1><p>The web UI is not built yet. Run <code>npm run build:web</code>
(or <code>npx vite build --config web/vite.config.ts</code>) and reload. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

async function registerStatic(app: FastifyInstance, dir: string | null): Promise<void> {
  const root = dir ? resolve(dir) : null;
  if (!root || !existsSync(resolve(root, "index.html")) || !statSync(root).isDirectory()) {
    app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(NOT_BUILT));
    return;
  }
  // @fastify/static resolves every path inside `root` and refuses `..`, encoded or not, and dot files.
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    index: ["index.html"],
    dotfiles: "deny",
    allowedPath: (pathName: string) => !pathName.startsWith("/api/"),
    cacheControl: false,
    setHeaders(reply, path) {
      // maplibre's worker is an ES module: browsers want a JavaScript type for it.
      if (path.endsWith(".mjs")) void reply.header("content-type", "text/javascript; charset=utf-8");
      // Vite puts a content hash in every asset name: cache them for good; index.html always fresh.
      void reply.header("cache-control", /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
}

// The API as one table of routes: each declares its parameters (zod), the role it needs and its handler. The
// server registers the table and the OpenAPI description is written from it, so the two cannot drift apart.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import {
  RasadError, ACTOR_TYPES, PLACE_TYPES, ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, SOURCE_KINDS, MODALITIES,
  FACT_TYPES, ENTITY_KINDS, GEO_PRECISIONS, ERROR_CODES,
} from "../contract/index.js";
import { CLAIM_STATUSES, REVIEW_VERDICTS, type Store, type ClaimKind } from "../store/index.js";
import { Q, P, ReviewBodySchema, DocumentBodySchema, splitPage, defined } from "./params.js";
import { requireRole, isLoopback, type Principal, type Role, type AuthOptions } from "./auth.js";
import { claimLines, placesGeoJson, eventsGeoJson, attachment } from "./export.js";

export interface RouteContext<Q, P, B> {
  store: Store;
  query: Q;
  params: P;
  body: B;
  principal: Principal | null;
  auth: AuthOptions;
  req: FastifyRequest;
  reply: FastifyReply;
}

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface ApiRoute<QS extends AnyObject = AnyObject, PS extends AnyObject = AnyObject, BS extends z.ZodType = z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  /** Fastify syntax: `/api/documents/:id`. */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  query?: QS;
  params?: PS;
  body?: BS;
  /** The least role it needs; reads without a role are open unless the server makes reads need a token. */
  role?: Role;
  /** Writes get the stricter rate limit. */
  write?: boolean;
  /** The media type of a successful answer (JSON when absent). */
  produces?: string;
  /** The schema name (in openapi components) of a successful JSON answer. */
  returns?: string;
  handler(ctx: RouteContext<z.infer<QS>, z.infer<PS>, z.infer<BS>>): Promise<unknown>;
}

function route<QS extends AnyObject, PS extends AnyObject, BS extends z.ZodType>(r: ApiRoute<QS, PS, BS>): ApiRoute {
  return r as unknown as ApiRoute;
}

function found<T>(x: T | null | undefined, what: string): T {
  if (x === null || x === undefined) throw new RasadError("NOT_FOUND", what);
  return x;
}

const vocab = (v: { values: readonly string[]; labels: Record<string, { en: string; ar: string }> }) =>
  v.values.map((value) => ({ value, ...v.labels[value] }));

/** The whole API. */
export const API_ROUTES: ApiRoute[] = [
  route({
    method: "GET", url: "/api/health", tag: "meta", summary: "Is the server up, and which store does it read",
    query: Q.none, returns: "Health",
    async handler({ store }) {
      const s = await store.stats();
      return { status: "ok", backend: store.backend, schemaVersion: s.schemaVersion, documents: s.documents };
    },
  }),
  route({
    method: "GET", url: "/api/stats", tag: "meta", summary: "Counts of documents, entities, claims and reviews; with `since`, what came in after it",
    query: Q.stats,
    async handler({ store, query }) {
      return store.stats(defined(query));
    },
  }),
  route({
    method: "GET", url: "/api/vocab", tag: "meta", summary: "The closed vocabularies with English and Arabic labels",
    query: Q.none,
    async handler() {
      return {
        actorTypes: vocab(ACTOR_TYPES), placeTypes: vocab(PLACE_TYPES), items: vocab(ITEM_CATEGORIES), modes: vocab(FLOW_MODES),
        eventTypes: vocab(EVENT_TYPES), factTypes: vocab(FACT_TYPES), sourceKinds: vocab(SOURCE_KINDS), modalities: vocab(MODALITIES),
        entityKinds: vocab(ENTITY_KINDS), geoPrecisions: vocab(GEO_PRECISIONS),
        statuses: [...CLAIM_STATUSES], verdicts: [...REVIEW_VERDICTS],
        errors: Object.entries(ERROR_CODES).map(([code, l]) => ({ value: code, ...l })),
      };
    },
  }),
  route({
    method: "GET", url: "/api/session", tag: "meta",
    summary: "Who the caller is and what it may do; the browser on this machine gets the start-up analyst token here",
    description: "The local token is given only to loopback callers that are not a cross-site page (Sec-Fetch-Site).",
    query: Q.none,
    async handler({ principal, auth, req }) {
      const site = req.headers["sec-fetch-site"];
      const sameSite = site === undefined || site === "same-origin" || site === "none";
      if (!principal && auth.localToken && isLoopback(req.ip) && sameSite) {
        return { name: "local analyst", role: "analyst", local: true, token: auth.localToken, readNeedsToken: auth.readNeedsToken === true };
      }
      return principal
        ? { name: principal.name, role: principal.role, local: principal.local === true, readNeedsToken: auth.readNeedsToken === true }
        : { name: null, role: null, local: false, readNeedsToken: auth.readNeedsToken === true };
    },
  }),

  // ---------- documents ----------
  route({
    method: "GET", url: "/api/documents", tag: "documents", summary: "Documents, newest first, by full-text query, outlet, dates, entity",
    query: Q.documents,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listDocuments(filter, page);
    },
  }),
  route({
    method: "GET", url: "/api/documents/:id", tag: "documents",
    summary: "One document: its text, metadata, mentions, entities, claims (reviews applied), copies and near-duplicates",
    params: P.id, query: Q.none,
    async handler({ store, params }) {
      return found(await store.getDocument(params.id), `document ${params.id}`);
    },
  }),
  route({
    method: "GET", url: "/api/search", tag: "documents", summary: "Full-text search over document texts, with snippets",
    description: "Words are normalized and clitic-segmented like the index; \"quoted phrases\" stay phrases. Highlights are offsets into the snippet text.",
    query: Q.search,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.search(filter.q, page);
    },
  }),

  // ---------- entities ----------
  route({
    method: "GET", url: "/api/entities", tag: "entities", summary: "Actors and places, by name or alias, kind, type",
    query: Q.entities,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.findEntities(filter, page);
    },
  }),
  route({
    method: "GET", url: "/api/entities/:key", tag: "entities",
    summary: "An entity's profile: aliases, flows out and in, events, facts, sources, places, documents",
    description: "The key is URL-encoded as one path segment: /api/entities/actor%2Fisis.",
    params: P.key, query: Q.none,
    async handler({ store, params }) {
      return found(await store.entityProfile(params.key), `entity ${params.key}`);
    },
  }),
  route({
    method: "GET", url: "/api/entities/:key/aliases", tag: "entities", summary: "The names an entity is written under, most frequent first",
    params: P.key, query: Q.aliases,
    async handler({ store, params, query }) {
      found(await store.getEntity(params.key), `entity ${params.key}`);
      return { key: params.key, aliases: await store.aliases(params.key, query.limit) };
    },
  }),
  route({
    method: "GET", url: "/api/entities/:key/graph", tag: "graph", summary: "The graph around an entity (1 or 2 hops), under the same filters as /api/graph",
    params: P.key, query: Q.neighbourhood,
    async handler({ store, params, query }) {
      found(await store.getEntity(params.key), `entity ${params.key}`);
      return store.neighbourhood(params.key, defined(query));
    },
  }),

  // ---------- claims ----------
  route({
    method: "GET", url: "/api/claims/:id", tag: "claims", summary: "One claim (flow, event or fact) with its review history",
    params: P.id, query: Q.none,
    async handler({ store, params }) {
      const claim = found(await store.getClaim(params.id), `claim ${params.id}`);
      const reviews = await store.listReviews({ claimId: params.id }, { limit: 1000 });
      return { claim, reviews: reviews.items };
    },
  }),
  route({
    method: "GET", url: "/api/flows", tag: "claims", summary: "Flow claims: giver → receiver, items, mode, via, place, source, evidence",
    query: Q.claims,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listFlows(filter, page);
    },
  }),
  route({
    method: "GET", url: "/api/events", tag: "claims", summary: "Event claims: type, agents, targets, places, casualties, source, evidence",
    query: Q.claims,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listEvents(filter, page);
    },
  }),
  route({
    method: "GET", url: "/api/facts", tag: "claims", summary: "Fact claims: strength, control, affiliation, presence",
    query: Q.claims,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listFacts(filter, page);
    },
  }),

  // ---------- graph and places ----------
  route({
    method: "GET", url: "/api/edges", tag: "graph", summary: "Aggregated edges giver → receiver per item, with corroboration (documents, independent outlets)",
    query: Q.edges,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listEdges(filter, page);
    },
  }),
  route({
    method: "GET", url: "/api/graph", tag: "graph", summary: "Every edge under a filter and the entities at their ends",
    query: Q.graph,
    async handler({ store, query }) {
      return store.graph(defined(query));
    },
  }),
  route({
    method: "GET", url: "/api/places", tag: "graph", summary: "Places with their counts of events, flows through them (via) and flows there",
    query: Q.places,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listPlaces(filter, page);
    },
  }),

  // ---------- reviews ----------
  route({
    method: "GET", url: "/api/reviews", tag: "reviews", summary: "Reviews, newest first",
    query: Q.reviews,
    async handler({ store, query }) {
      const { filter, page } = splitPage(query);
      return store.listReviews(filter, page);
    },
  }),
  route({
    method: "POST", url: "/api/reviews", tag: "reviews", role: "analyst", write: true,
    summary: "Confirm, reject or correct a claim; stored apart from machine output, it survives re-ingest and re-extraction",
    description: "A correction (`corrected`) is checked against the claim's kind: flows take giver, receiver, items, mode, via, place; events take type, agents, targets, places, killed, injured; facts take type, subject, object, value.",
    query: Q.none, body: ReviewBodySchema,
    async handler({ store, body, principal, reply }) {
      requireRole(principal, "analyst");
      // A named token writes under its own name; the local browser may say who is at the keyboard.
      const reviewer = principal.local ? (body.reviewer ?? principal.name) : principal.name;
      const review = await store.addReview({ ...body, reviewer });
      const claim = await store.getClaim(review.claimId);
      void reply.status(201);
      return { review, claim };
    },
  }),

  // ---------- adding a report ----------
  route({
    method: "POST", url: "/api/documents", tag: "documents", role: "analyst", write: true,
    summary: "Add one report: it is extracted and stored like an ingested one (a report already stored adds a copy)",
    description: "The body is one JSON document, as a line of a JSON lines file: `text`, and optionally `title`, `url`, `outlet`, `published`, `id` (the outlet's own id). 201 with the stored document's id when it is new (or a near-duplicate of one stored), 200 when the same text was stored already. An empty text is 400 EMPTY; a body above the server's limit (1 MiB by default) is 413 TOO_LARGE.",
    query: Q.none, body: DocumentBodySchema,
    async handler({ store, body, principal, reply }) {
      requireRole(principal, "analyst");
      // the extractor and its lexicons are loaded on the first report, not when the server starts
      const { ingestOne } = await import("../ingest/one.js");
      const { outcome } = await ingestOne(store, body, { path: "POST /api/documents" });
      void reply.status(outcome.status === "duplicate" ? 200 : 201);
      return { id: outcome.id, status: outcome.status, ...(outcome.duplicateOf ? { duplicateOf: outcome.duplicateOf } : {}) };
    },
  }),

  route({
    method: "DELETE", url: "/api/documents/:id", tag: "documents", role: "admin", write: true,
    summary: "Remove a report: its text, copies, claims and mentions, and the entities only it spoke of",
    description: "For a report stored by mistake. Reviews of its claims are kept (`GET /api/reviews?orphaned=true` lists them); near-duplicates linked to it become originals. Needs an admin token. 404 when no such report is stored.",
    params: P.id, query: Q.none,
    async handler({ store, params, principal }) {
      requireRole(principal, "admin");
      if (!(await store.deleteDocument(params.id))) throw new RasadError("NOT_FOUND", `document ${params.id}`);
      return { id: params.id, deleted: true };
    },
  }),

  // ---------- failures ----------
  route({
    method: "GET", url: "/api/failures", tag: "meta", summary: "Files and documents that could not be read or extracted",
    query: Q.page,
    async handler({ store, query }) {
      return store.listFailures(defined(query));
    },
  }),

  // ---------- exports ----------
  route({
    method: "GET", url: "/api/export/claims.jsonl", tag: "exports", produces: "application/x-ndjson",
    summary: "Download the claims under a filter as JSON lines (reviews applied, each with its source and evidence)",
    query: Q.exportClaims,
    async handler({ store, query, reply }) {
      const { kind, ...filter } = query;
      attachment(reply, "rasad-claims.jsonl", "application/x-ndjson; charset=utf-8");
      return claimLines(store, (kind ?? ["flow", "event", "fact"]) as ClaimKind[], defined(filter));
    },
  }),
  route({
    method: "GET", url: "/api/export/places.geojson", tag: "exports", produces: "application/geo+json",
    summary: "Download the geocoded places under a filter as GeoJSON points with their counts",
    query: Q.exportGeo,
    async handler({ store, query, reply }) {
      const body = await placesGeoJson(store, defined(query));
      attachment(reply, "rasad-places.geojson", "application/geo+json; charset=utf-8");
      return body;
    },
  }),
  route({
    method: "GET", url: "/api/export/events.geojson", tag: "exports", produces: "application/geo+json",
    summary: "Download events under a filter as GeoJSON points at their first geocoded place, with source and evidence",
    query: Q.exportGeo,
    async handler({ store, query, reply }) {
      const body = await eventsGeoJson(store, defined(query));
      attachment(reply, "rasad-events.geojson", "application/geo+json; charset=utf-8");
      return body;
    },
  }),
];

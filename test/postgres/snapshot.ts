// What a store holds, read through the Store interface in a stable order: two backends (or two runs) compare equal
// when they hold the same documents, entities, claims, edges and failures. Times of ingest are left out.
import type { Store, Claim } from "../../src/store/index.js";

async function all<T>(page: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const p = await page(out.length);
    out.push(...p.items);
    if (p.items.length === 0 || out.length >= p.total) return out;
  }
}

const byKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

export interface StoreView {
  stats: Record<string, unknown>;
  documents: unknown[];
  entities: unknown[];
  claims: unknown[];
  edges: unknown[];
  failures: unknown[];
}

export async function storeView(s: Store): Promise<StoreView> {
  const stats = await s.stats();
  const documents = await all((offset) => s.listDocuments({}, { limit: 1000, offset }));
  const entities = await all((offset) => s.findEntities({}, { limit: 1000, offset }));
  const claims: Claim[] = [];
  for (const kind of ["flow", "event", "fact"] as const) for await (const c of s.iterateClaims(kind as "flow", { includeRejected: true })) claims.push(c);
  const edges = (await s.graph()).edges;
  const failures = await all((offset) => s.listFailures({ limit: 1000, offset }));
  return {
    stats: { ...stats, lastIngest: undefined },
    documents: byKey(documents.map((d) => ({ ...d, ingestedAt: undefined })), (d) => d.id),
    entities: byKey(entities.map((e) => ({ ...e, ingestedAt: undefined })), (e) => e.key),
    claims: byKey(claims, (c) => c.id),
    edges: byKey(edges.map((e) => ({ ...e, giver: e.giver?.key ?? null, receiver: e.receiver?.key ?? null })), (e) => `${e.giver} ${e.receiver} ${e.category}`),
    failures: byKey(failures.map((f) => ({ path: f.path, item: f.item, code: f.code, doc: f.doc })), (f) => `${f.path}#${f.item}`),
  };
}

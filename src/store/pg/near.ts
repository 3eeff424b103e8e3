// Near-duplicate links that do not depend on which worker stores a document first.
//
// One process ingesting in input order links each new text to the first earlier text it nearly duplicates (the
// root of that one's cluster). Workers in parallel store documents out of order, so the rule is restated over
// the input order (documents.seq) and recomputed where a document lands before one already stored:
//   for the documents of a near-duplicate component, in seq order: duplicate_of(k) = root(first j < k near k),
//   root(j) = duplicate_of(j) ?? j.
// In the common case (every near-duplicate stored so far comes earlier) only the new document's link is set.
// Near means: sharing an LSH key (near_keys) and a Jaccard similarity of 3-shingles at or above the threshold,
// the same test as the SQLite store (store/near-dup.ts).
import { shingles, jaccard } from "../near-dup.js";
import { lockKeys, type Queryable, type Row } from "./sql.js";

/** Most documents one recomputation looks at: a component larger than this is relinked only around the document. */
const MAX_COMPONENT = 2000;

interface Node {
  id: string;
  seq: number;
  duplicateOf: string | null;
  norm: string;
  sh?: Uint32Array | null;
  keys: number[];
  near: Set<string>;
}

const shOf = (n: Node) => (n.sh === undefined ? (n.sh = shingles(n.norm)) : n.sh);

async function loadNodes(c: Queryable, ids: string[], into: Map<string, Node>): Promise<Node[]> {
  const fresh = ids.filter((id) => !into.has(id));
  if (fresh.length === 0) return [];
  const docs = (await c.query("SELECT id, seq, duplicate_of, norm_text FROM documents WHERE id = ANY($1::text[])", [fresh])).rows as Row[];
  const keys = (await c.query("SELECT doc_id, key FROM near_keys WHERE doc_id = ANY($1::text[])", [fresh])).rows as Row[];
  const byDoc = new Map<string, number[]>();
  for (const k of keys) {
    let l = byDoc.get(k.doc_id);
    if (!l) byDoc.set(k.doc_id, (l = []));
    l.push(k.key);
  }
  const out: Node[] = [];
  for (const d of docs) {
    const n: Node = { id: d.id, seq: d.seq, duplicateOf: d.duplicate_of, norm: d.norm_text, keys: byDoc.get(d.id) ?? [], near: new Set() };
    into.set(n.id, n);
    out.push(n);
  }
  return out;
}

/** Fills `near` for each node of `nodes`, loading the candidates that share a key with them. */
async function expand(c: Queryable, nodes: Node[], all: Map<string, Node>, threshold: number): Promise<Node[]> {
  const keys = [...new Set(nodes.flatMap((n) => n.keys))];
  if (keys.length === 0) return [];
  const rows = (await c.query("SELECT key, doc_id FROM near_keys WHERE key = ANY($1::bigint[])", [keys])).rows as Row[];
  const byKey = new Map<number, string[]>();
  for (const r of rows) {
    let l = byKey.get(r.key);
    if (!l) byKey.set(r.key, (l = []));
    l.push(r.doc_id);
  }
  const candIds = new Set<string>();
  for (const n of nodes) for (const k of n.keys) for (const id of byKey.get(k) ?? []) if (id !== n.id) candIds.add(id);
  const added = await loadNodes(c, [...candIds], all);
  for (const n of nodes) {
    const mine = shOf(n);
    if (!mine) continue;
    const cands = new Set<string>();
    for (const k of n.keys) for (const id of byKey.get(k) ?? []) if (id !== n.id) cands.add(id);
    for (const id of cands) {
      const o = all.get(id);
      if (!o || n.near.has(id)) continue;
      const theirs = shOf(o);
      if (theirs && jaccard(mine, theirs) >= threshold) { n.near.add(id); o.near.add(n.id); }
    }
  }
  return added;
}

/**
 * Sets documents.duplicate_of around `docId` (already inserted with its near_keys) and returns its own link.
 * The caller holds the advisory locks of the document's LSH keys; this takes those of the rest of the component.
 */
export async function relinkNear(c: Queryable, docId: string, threshold: number): Promise<string | null> {
  if (threshold <= 0) return null;
  const all = new Map<string, Node>();
  const [me] = await loadNodes(c, [docId], all);
  if (!me || me.keys.length === 0 || !shOf(me)) return me?.duplicateOf ?? null;
  await expand(c, [me], all, threshold);
  const near = [...me.near].map((id) => all.get(id)!).sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));

  if (near.every((n) => n.seq < me.seq)) {
    // in order: only this document's link changes
    const first = near[0];
    const link = first ? (first.duplicateOf ?? first.id) : null;
    if (link !== me.duplicateOf) await c.query("UPDATE documents SET duplicate_of = $1 WHERE id = $2", [link, me.id]);
    return link;
  }

  // out of order: walk the component, lock all its keys, and run the in-order rule over it
  let frontier = near;
  const expanded = new Set([me.id]);
  while (frontier.length > 0 && all.size < MAX_COMPONENT) {
    for (const n of frontier) expanded.add(n.id);
    await expand(c, frontier, all, threshold);
    frontier = [...all.values()].filter((n) => !expanded.has(n.id) && [...n.near].some((id) => expanded.has(id)));
  }
  const comp = [...all.values()].filter((n) => expanded.has(n.id) || n.near.size > 0);
  await lockKeys(c, comp.flatMap((n) => n.keys.map((k) => BigInt(k))));
  comp.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
  const link = new Map<string, string | null>();
  const done: Node[] = [];
  for (const n of comp) {
    const first = done.find((j) => n.near.has(j.id));
    link.set(n.id, first ? (link.get(first.id) ?? first.id) : null);
    done.push(n);
  }
  const ids: string[] = [];
  const links: (string | null)[] = [];
  for (const n of comp) {
    const l = link.get(n.id) ?? null;
    if (l !== n.duplicateOf) { ids.push(n.id); links.push(l); }
  }
  if (ids.length > 0) {
    await c.query(
      "UPDATE documents d SET duplicate_of = v.link FROM unnest($1::text[], $2::text[]) AS v(id, link) WHERE d.id = v.id",
      [ids, links],
    );
  }
  return link.get(me.id) ?? null;
}

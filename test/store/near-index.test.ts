// The in-memory index of near-duplicate keys against a plain model, and the SQLite store keeping it in step with
// the file: rolled-back batches, other writers, a store reopened.
import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { normalizeForMatch } from "../../src/text/index.js";
import { NearIndex, type NearCandidate } from "../../src/store/near-dup.js";
import { nearKeys, openStore, openSqliteStore, documentId, type DocumentInput } from "../../src/store/index.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { PIPELINE } from "./fixtures.js";

/** What the index must answer: documents by shared keys, most first, then lowest seq. */
function modelCandidates(docs: Map<number, Set<number>>, keys: number[], limit: number): NearCandidate[] {
  const want = new Set(keys);
  const out: NearCandidate[] = [];
  for (const [seq, ks] of docs) {
    let shared = 0;
    for (const k of want) if (ks.has(k)) shared++;
    if (shared > 0) out.push({ seq, shared });
  }
  out.sort((a, b) => b.shared - a.shared || a.seq - b.seq);
  return out.slice(0, limit);
}

// keys like the real ones (band × 2^32 + a hash), from a small pool so that documents share them
const key = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 40 })).map(([b, h]) => b * 4294967296 + h * 2654435761 % 4294967296);
const keys = fc.array(key, { minLength: 1, maxLength: 16 });
const op = fc.oneof(
  keys.map((k) => ({ op: "add" as const, keys: k })),
  fc.array(keys, { minLength: 1, maxLength: 40 }).map((rows) => ({ op: "load" as const, rows })),
  fc.boolean().map((force) => ({ op: "compact" as const, force })),
  fc.integer({ min: 0, max: 5 }).map((back) => ({ op: "truncate" as const, back })),
  fc.tuple(keys, fc.integer({ min: 1, max: 8 })).map(([k, limit]) => ({ op: "query" as const, keys: k, limit })),
);

describe("NearIndex", () => {
  it("answers as a plain model does, through adds, bulk loads, compactions and truncations", () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
      const idx = new NearIndex();
      const model = new Map<number, Set<number>>();
      let seq = 0;
      let committed = 0; // the seq up to which a compaction may have folded entries into the sorted run
      for (const o of ops) {
        if (o.op === "add") {
          idx.add(++seq, o.keys);
          model.set(seq, new Set(o.keys));
        } else if (o.op === "load") {
          idx.load(o.rows.map((k) => { model.set(++seq, new Set(k)); return [seq, k] as [number, number[]]; }));
          committed = seq;
        } else if (o.op === "compact") {
          idx.compact(o.force);
          if (o.force) committed = seq;
        } else if (o.op === "truncate") {
          const to = Math.max(committed, seq - o.back);
          expect(idx.truncate(to)).toBe(true);
          for (let s = to + 1; s <= seq; s++) model.delete(s);
          seq = to;
        } else {
          expect(idx.candidates(o.keys, o.limit)).toEqual(modelCandidates(model, o.keys, o.limit));
        }
        expect(idx.through).toBe(seq);
      }
      const all = [...new Set([...model.values()].flatMap((s) => [...s]))];
      expect(idx.candidates(all, 1000)).toEqual(modelCandidates(model, all, 1000));
    }), { numRuns: 300 });
  });

  it("refuses to truncate into what a compaction folded away, and keeps many keys apart", () => {
    const idx = new NearIndex();
    for (let s = 1; s <= 5000; s++) idx.add(s, [s, s + 0.5e12, (s % 7) + 1e12]);
    idx.compact(true);
    idx.add(5001, [1, 2]);
    expect(idx.truncate(4000)).toBe(false);
    expect(idx.truncate(5000)).toBe(true);
    expect(idx.candidates([1, 2, 3 + 0.5e12], 10)).toEqual([{ seq: 1, shared: 1 }, { seq: 2, shared: 1 }, { seq: 3, shared: 1 }]);
    expect(idx.candidates([1e12 + 3], 5000).length).toBe(Array.from({ length: 5000 }, (_, i) => i + 1).filter((s) => s % 7 === 3).length);
    expect(idx.size).toBe(15000);
  });
});

describe("the SQLite store's near-duplicate index", () => {
  const n = (s: string) => normalizeForMatch(s);
  const doc = (text: string): DocumentInput => ({
    id: documentId(n(text)), text, pipeline: PIPELINE, nearKeys: nearKeys(n(text)),
    extraction: { doc: { id: documentId(n(text)) }, entities: [], flows: [], events: [] },
  });
  const v1 = R.r7, v2 = R.r7.replace("خمسون", "ستون"), v3 = v2.replace("أسبوعين", "ثلاثة أسابيع");

  it("forgets the keys of a rolled-back batch, and sees what another writer stored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rasad-nearidx-"));
    try {
      const file = join(dir, "s.db");
      const a = await openSqliteStore(file);
      // a new document without its extraction fails: the batch is written again, document by document
      const bad: DocumentInput = { ...doc(R.r8), extraction: null };
      const out = await a.putDocuments([doc(R.r1), doc(v1), bad, doc(v2)]);
      expect(out.map((o) => o.status)).toEqual(["ingested", "ingested", "failed", "near_duplicate"]);
      expect(out[3].duplicateOf).toBe(out[1].id);
      // another writer (another process) stores a report; this store finds it when it checks the next batch
      const b = await openSqliteStore(file);
      const [r2] = await b.putDocuments([doc(R.r2)]);
      await b.close();
      const copy = R.r2.replace("الثلاثاء", "الأربعاء");
      const [c2, c3] = await a.putDocuments([doc(copy), doc(v3)]);
      expect(c2).toMatchObject({ status: "near_duplicate", duplicateOf: r2.id });
      expect(c3).toMatchObject({ status: "near_duplicate", duplicateOf: out[1].id });
      await a.close();
      // reopened: the index is loaded from the file
      const again = await openStore(file);
      const [c4] = await again.putDocuments([doc(v1 + " (نقلاً عن مصادر محلية)")]);
      expect(c4).toMatchObject({ status: "near_duplicate", duplicateOf: out[1].id });
      expect((await again.stats()).nearDuplicates).toBe(4);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Near-duplicates: 3-shingle Jaccard, MinHash LSH keys, and the store linking a copy to the first one.
import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { normalizeForMatch } from "../../src/text/index.js";
import { nearKeys, shingles, jaccard, NEAR_MIN_WORDS, openStore, documentId } from "../../src/store/index.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { PIPELINE } from "./fixtures.js";

const n = (s: string) => normalizeForMatch(s);
const shared = (a: string, b: string) => { const x = nearKeys(n(a))!, y = new Set(nearKeys(n(b))!); return x.filter((k) => y.has(k)).length; };

describe("near-duplicate fingerprints", () => {
  it("a copy with one word changed or a sign-off added stays above the threshold and shares keys", () => {
    const oneWord = R.r2.replace("الثلاثاء", "الأربعاء");
    const signed = R.r1 + " (المصدر: وكالة أنباء محلية، جميع الحقوق محفوظة)";
    expect(jaccard(shingles(n(R.r2))!, shingles(n(oneWord))!)).toBeGreaterThan(0.85);
    expect(jaccard(shingles(n(R.r1))!, shingles(n(signed))!)).toBeGreaterThan(0.8);
    expect(shared(R.r2, oneWord)).toBeGreaterThan(0);
    expect(shared(R.r1, signed)).toBeGreaterThan(0);
  });

  it("different reports are far apart and share no key", () => {
    const long = [R.r1, R.r2, R.r3, R.r4, R.r5, R.r6, R.r7, R.r8];
    for (let i = 0; i < long.length; i++) {
      for (let j = i + 1; j < long.length; j++) {
        expect(jaccard(shingles(n(long[i]))!, shingles(n(long[j]))!)).toBeLessThan(0.1);
        expect(shared(long[i], long[j])).toBe(0);
      }
    }
  });

  it("short texts get no fingerprint: two short items about one place are distinct events", () => {
    expect(R.rss3.split(" ").length).toBeLessThan(NEAR_MIN_WORDS);
    expect(nearKeys(n(R.rss3))).toBeUndefined();
    expect(shingles(n(R.rss3))).toBeNull();
  });

  it("keys are 16 safe integers, identical for identical texts; Jaccard is symmetric and 1 on itself", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...R.r3.split(" ")), { minLength: NEAR_MIN_WORDS, maxLength: 80 }), (words) => {
      const t = n(words.join(" "));
      const k = nearKeys(t)!;
      expect(k).toHaveLength(16);
      expect(k.every(Number.isSafeInteger)).toBe(true);
      expect(nearKeys(t)).toEqual(k);
      const a = shingles(t)!, b = shingles(n(R.r3))!;
      expect(jaccard(a, a)).toBe(1);
      expect(jaccard(a, b)).toBe(jaccard(b, a));
    }), { numRuns: 100 });
  });
});

describe("the store's near-duplicate check", () => {
  const doc = (text: string, keys = true) => ({
    id: documentId(n(text)), text, pipeline: PIPELINE, nearKeys: keys ? nearKeys(n(text)) : undefined,
    extraction: { doc: { id: documentId(n(text)) }, entities: [], flows: [], events: [] },
  });

  it("links a copy of a copy to the first document, and can be turned off", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rasad-near-"));
    try {
      const s = await openStore(join(dir, "a.db"));
      const v1 = R.r7, v2 = R.r7.replace("خمسون", "ستون"), v3 = v2.replace("أسبوعين", "ثلاثة أسابيع");
      const out = await s.putDocuments([doc(v1), doc(v2), doc(v3), doc(R.r8)]);
      expect(out.map((o) => o.status)).toEqual(["ingested", "near_duplicate", "near_duplicate", "ingested"]);
      expect(out[1].duplicateOf).toBe(out[0].id);
      expect(out[2].duplicateOf).toBe(out[0].id);
      await s.close();
      const off = await openStore(join(dir, "b.db"));
      const o2 = await off.putDocuments([doc(v1), doc(v2)], { nearThreshold: 0 });
      expect(o2.map((o) => o.status)).toEqual(["ingested", "ingested"]);
      const o3 = await off.putDocuments([doc(v3, false)]);
      expect(o3[0].status).toBe("ingested"); // no keys, no check
      await off.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

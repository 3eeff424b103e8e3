// The compiled contract check says yes exactly when zod does: over real extractions and broken copies of them.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { ExtractionSchema, type Extraction } from "../../src/contract/index.js";
import { extract } from "../../src/extract/index.js";
import { compileCheck } from "../../src/ingest/contract-check.js";
import { R } from "../fixtures/ingest/reports.mjs";

const check = compileCheck(ExtractionSchema)!;
const texts = Object.values(R as Record<string, string>);
const extractions: Extraction[] = texts.map((text, i) => extract({ id: `doc-${i}`, text, published: "2024-05-01" }));

/** Every path to a value inside x (objects and arrays), for breaking one of them. */
function paths(x: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (x === null || typeof x !== "object") return [at];
  const out: (string | number)[][] = [at];
  for (const [k, v] of Object.entries(x)) out.push(...paths(v, [...at, Array.isArray(x) ? Number(k) : k]));
  return out;
}
function setAt(x: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(x) ? [...(x as unknown[])] : { ...(x as object) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}
const BREAKERS: unknown[] = [undefined, null, "", "x", -1, 0.5, 1e300, NaN, Infinity, [], {}, [1], [1, 2, 3], true, "weapons", 7];

describe("the compiled contract check", () => {
  it("the extractor's own output passes, as with zod", () => {
    expect(extractions.some((x) => x.flows.length > 0 && x.entities.length > 0)).toBe(true);
    for (const x of extractions) {
      expect(ExtractionSchema.safeParse(x).success).toBe(true);
      expect(check(x)).toBe(true);
    }
  });

  it("agrees with zod on every value put anywhere in an extraction", () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: extractions.length - 1 }), fc.nat(), fc.constantFrom(...BREAKERS),
      (which, where, value) => {
        const x = extractions[which];
        const ps = paths(x);
        const broken = setAt(x, ps[where % ps.length], value);
        expect(check(broken)).toBe(ExtractionSchema.safeParse(broken).success);
      },
    ), { numRuns: 2000 });
  });

  it("compiles the kinds of node the contract uses, and declines what it does not know", () => {
    const s = z.object({ a: z.number().int().nonnegative(), b: z.tuple([z.string(), z.number()]), c: z.enum(["p", "q"]).nullable().optional() });
    const c = compileCheck(s)!;
    for (const v of [{ a: 1, b: ["x", 2] }, { a: -1, b: ["x", 2] }, { a: 1.5, b: ["x", 2] }, { a: 1, b: ["x"] }, { a: 1, b: ["x", 2, 3] }, { a: 1, b: ["x", 2], c: null }, { a: 1, b: ["x", 2], c: "r" }, null, [], "s"]) {
      expect(c(v)).toBe(s.safeParse(v).success);
    }
    expect(compileCheck(z.string().min(3))).toBeNull();
    expect(compileCheck(z.object({ d: z.date() }))).toBeNull();
  });
});

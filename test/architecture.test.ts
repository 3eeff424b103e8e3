// Imports flow one way: contract ← text ← lexicon ← extract ← gazetteer/store ← ingest/export ← server ← cli.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

const SRC = resolve(__dirname, "../src");
const RANK: Record<string, number> = { contract: 0, text: 1, lexicon: 2, extract: 3, gazetteer: 4, store: 4, ingest: 5, export: 5, queue: 6, server: 6, cli: 7 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("architecture", () => {
  it("every import goes to a folder of the same or a lower layer", () => {
    const bad: string[] = [];
    for (const f of files(SRC)) {
      const from = relative(SRC, f).split("/")[0];
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = relative(SRC, resolve(dirname(f), m[1])).split("/")[0];
        if (RANK[from] === undefined || RANK[target] === undefined) continue;
        if (RANK[target] > RANK[from]) bad.push(`${relative(SRC, f)} imports ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("knows every top-level folder of src", () => {
    const dirs = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
    expect(dirs.filter((d) => RANK[d] === undefined)).toEqual([]);
  });
});

// `rasad query` and `rasad export` as a user runs them, on a store built from the ingest fixtures.
// Each spawn costs a second or more of CPU (the CLI is run from its TypeScript source), so they are few.
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { check as checkGeojson } from "@placemarkio/check-geojson";
import { openStore } from "../../src/store/index.js";
import { ingest } from "../../src/ingest/index.js";
import { CORPUS, TSX, CLI, ROOT, tempDir } from "../ingest/helpers.js";

let db: string;
function rasad(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(TSX).href, CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  db = join(tempDir("rasad-query-"), "q.db");
  const store = await openStore(db);
  await ingest([CORPUS], { store, workers: 0 });
  await store.close();
});

describe("rasad query and export (CLI)", { timeout: 120_000 }, () => {
  it("search prints Arabic snippets with the matched words marked", () => {
    const r = rasad("query", "search", "--db", db, "الفدية");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/الإفراج عن تاجر مواشٍ مقابل فدية — صدى الشرق, 2024-05-02/);
    expect(r.stdout).toMatch(/\*\*فدية\*\*/);
    expect(r.stdout).toMatch(/1–1 of 1 documents\n$/);
  });

  it("stats, flows as JSON pages, failures", () => {
    const s = rasad("query", "stats", "--db", db);
    expect(s.stdout).toMatch(/^documents 19 \(1 near-duplicate\) · exact copies 2 · failures 9 · outlets 7\n/);
    const flows = JSON.parse(rasad("query", "flows", "--db", db, "--json", "--limit", "500").stdout);
    expect(flows).toMatchObject({ limit: 500, offset: 0 });
    expect(flows.items).toHaveLength(flows.total);
    const failures = rasad("query", "failures", "--db", db);
    expect(failures.stdout).toMatch(/BINARY +file .*binary\.png/);
    expect(failures.stdout).toMatch(/1–9 of 9 failures/);
  });

  it("refuses bad filters and a missing store with a clear message and no stack trace", () => {
    const bad = rasad("query", "flows", "--db", db, "--item", "cheese");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/item cheese is not one of money, food/);
    const nostore = rasad("query", "stats", "--db", join(tempDir(), "none.db"));
    expect(nostore.code).toBe(1);
    expect(nostore.stderr).toMatch(/^rasad: parameter db: not found \(no store at .*none\.db; ingest something first/);
  });

  it("export writes a complete file, or none", () => {
    const out = join(tempDir(), "map.geojson");
    const r = rasad("export", "--db", db, "--format", "geojson", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const fc = checkGeojson(readFileSync(out, "utf8")) as { features: unknown[] };
    expect(fc.features.length).toBeGreaterThan(0);
    expect(existsSync(out + ".partial")).toBe(false);
    const missing = join(tempDir(), "x.csv");
    const bad = rasad("export", "--db", db, "--format", "acled", "--giver", "لا أحد", "--out", missing);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("rasad: parameter giver: not found (no entity matches «لا أحد»)\n");
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(missing + ".partial")).toBe(false);
  });
});

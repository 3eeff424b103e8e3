// End-to-end: the built `rasad gazetteer import` and `rasad extract --db` as a user runs them.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin/rasad.js");
const FIX = join(ROOT, "test/fixtures/gazetteer");
const rasad = (args: string[], input?: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 120_000, env });

let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/index.js"))) spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
  dir = mkdtempSync(join(tmpdir(), "rasad-gazcli-"));
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe("rasad gazetteer import", () => {
  it("imports both formats, prints a summary, and extract --db then uses the places", () => {
    const db = join(dir, "store.db");
    const r = rasad(["gazetteer", "import", "--db", db, join(FIX, "wof-sample.tsv"), join(FIX, "geonames-sample.txt")]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wof-sample\.tsv \(Who's On First\): 14 places/);
    expect(r.stderr).toMatch(/geonames-sample\.txt \(GeoNames\): 6 places/);
    expect(r.stdout).toMatch(/gazetteer: 20 places/);
    expect(r.stdout).toMatch(/lexicon: \d+ places with Arabic names/);
    const line = JSON.stringify({ id: "a", text: "قصفت قوات النظام قرية الخويرة في ريف دير الزور الشرقي." }) + "\n";
    const withDb = JSON.parse(rasad(["extract", "--db", db, "--jsonl"], line).stdout);
    expect(withDb.entities.map((e: { id: string }) => e.id)).toContain("place/wof-9000000101");
    const without = JSON.parse(rasad(["extract", "--jsonl"], line).stdout);
    expect(without.entities.map((e: { id: string }) => e.id)).not.toContain("place/wof-9000000101");
  });

  it("takes the store from RASAD_DB; a bad file is named, the others still go in, the exit code says so", () => {
    const db = join(dir, "env.db");
    const bad = join(dir, "notes.txt");
    writeFileSync(bad, "some notes, not a gazetteer\n");
    const r = rasad(["gazetteer", "import", bad, join(FIX, "wof-sample.tsv")], undefined, { ...process.env, RASAD_DB: db });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/neither a Who's On First TSV/);
    expect(r.stdout).toMatch(/gazetteer: 14 places/);
    expect(existsSync(db)).toBe(true);
  });
});

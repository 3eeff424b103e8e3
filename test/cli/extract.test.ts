// End-to-end: the built `bin/rasad.js extract` as a user and a script run it.
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin/rasad.js");
const rasad = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/index.js"))) spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
});

describe("rasad extract", () => {
  it("--jsonl: one extraction per input line; a bad line becomes an error line and the batch goes on", () => {
    const lines = [
      JSON.stringify({ id: "a", text: "فرضت الميليشيات الإيرانية إتاوات على التجار في مدينة البوكمال." }),
      "{not json",
      JSON.stringify({ id: "b" }),
      JSON.stringify({ id: "c", text: "قتل 3 مدنيين بانفجار لغم في بادية حمص.", published: "2024-03-02" }),
    ].join("\n") + "\n";
    const r = rasad(["extract", "--jsonl"], lines);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => o.doc.id)).toEqual(["a", "line-2", "b", "c"]);
    expect(out[1].error).toMatch(/JSON/);
    expect(out[2].error).toMatch(/text/);
    expect(out[0].flows.some((f: { mode: string }) => f.mode === "levy")).toBe(true);
    expect(out[3].events[0]).toMatchObject({ type: "explosive", killed: 3 });
    expect(out[3].doc.published).toBe("2024-03-02");
  });

  it("FILE: a readable summary with Arabic names and English glosses", () => {
    const dir = mkdtempSync(join(tmpdir(), "rasad-cli-"));
    const file = join(dir, "report.txt");
    writeFileSync(file, "ونقلاً عن مصادر محلية، سمحت خلايا داعش للمدنيين بجمع الخردة مقابل تقديم المياه والطحين للتنظيم.");
    const r = rasad(["extract", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Islamic State");
    expect(r.stdout).toContain("«داعش»");
    expect(r.stdout).toMatch(/→ .*civilians.*access \(permit\)/);
    expect(r.stdout).toContain("anonymous source «مصادر محلية»");
    const j = rasad(["extract", file, "--json"]);
    expect(JSON.parse(j.stdout).entities.length).toBeGreaterThan(0);
  });

  it("a missing file is a clear error naming it, without a stack trace", () => {
    const r = rasad(["extract", "/nonexistent/report.txt"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("/nonexistent/report.txt");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

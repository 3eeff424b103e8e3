// The load test (issue 7, part 6) in short: bench/load.mjs, the same script `npm run load` runs for 60 s, for 5 s
// with 50 clients against every read endpoint while an ingest writes to the same store. Every request must
// succeed and the ingest must finish; latency is reported, not asserted (speed is not a test).
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cli-process.js";

interface Row { endpoint: string; requests: number; errors: number; p50: number | null; p99: number | null }
interface LoadResult {
  ok: boolean;
  errors: number;
  errorSamples: string[];
  endpoints: Row[];
  all: Row;
  store: { before: number; after: number };
  ingest: { finished: boolean; ingested: number; runs: { code: number | string }[] };
  server: { exit: number | string };
}

function load(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, "bench", "load.mjs"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => { stdout += c; });
  child.stderr.setEncoding("utf8").on("data", (c: string) => { stderr += c; });
  return new Promise((ok) => child.on("exit", (code) => ok({ code, stdout, stderr })));
}

describe("load (bench/load.mjs, short)", () => {
  it("answers 50 concurrent clients on every read endpoint without an error while an ingest runs", async () => {
    const r = await load(["--clients", "50", "--seconds", "5", "--prepare-docs", "100", "--chunk-docs", "100", "--json"]);
    expect(r.stdout, r.stderr).not.toBe("");
    const res = JSON.parse(r.stdout) as LoadResult;
    process.stderr.write(`load: ${res.all.requests} requests, p50 ${res.all.p50} ms, p99 ${res.all.p99} ms (5 s, 50 clients; not asserted)\n`);
    expect(res.errorSamples).toEqual([]);
    expect(res.errors).toBe(0);
    for (const row of res.endpoints) expect(row.requests, row.endpoint).toBeGreaterThan(0);
    expect(res.ingest.finished).toBe(true);
    expect(res.ingest.runs.every((x) => x.code === 0)).toBe(true);
    expect(res.store.after).toBe(res.store.before + res.ingest.ingested);
    expect(res.ingest.ingested).toBeGreaterThan(0);
    expect(res.server.exit).toBe(0);
    expect(res.ok).toBe(true);
    expect(r.code).toBe(0);
  }, 180_000);

  it("refuses a bad flag before starting anything", async () => {
    const r = await load(["--clients", "lots"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--clients takes a whole number");
  });
});

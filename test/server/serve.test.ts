// `rasad serve` as a user runs it: it listens on loopback, says where, serves the API, refuses a foreign Host
// header, and stops cleanly on SIGTERM; a bad port is refused before anything starts.
import { describe, it, expect, afterAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request } from "node:http";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const CLI = join(ROOT, "src", "cli", "index.ts");
const dir = mkdtempSync(join(tmpdir(), "rasad-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: host ? { host } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => { body += c; });
      res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

/** Starts the server and resolves with its URL once it says where it listens. */
function start(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [TSX, CLI, "serve", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${err}`)), 30_000);
    child.stderr!.on("data", (c) => {
      err += String(c);
      const m = /rasad workbench: (http:\/\/[^\s/]+)\//.exec(err);
      if (m) { clearTimeout(timer); ok({ child, url: m[1], stderr: () => err }); }
    });
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`serve exited ${code}: ${err}`)); });
  });
}

describe("rasad serve", () => {
  it("serves the API on loopback and stops on SIGTERM", async () => {
    const { child, url, stderr } = await start(["--db", join(dir, "s.db"), "--port", "0"]);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await get(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ status: "ok", documents: 0 });
      const session = JSON.parse((await get(`${url}/api/session`)).body);
      expect(session.role).toBe("analyst");
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect((await get(`${url}/api/health`, "rebound.example:80")).status).toBe(403);
      expect((await get(`${url}/`)).status).toBe(200);
      expect(stderr()).toContain("the store is empty");
    } finally {
      const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });

  it("refuses a port that is not one", () => {
    const r = spawnSync(process.execPath, [TSX, CLI, "serve", "--db", join(dir, "t.db"), "--port", "99999"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("not a port: 99999");
  });
});
